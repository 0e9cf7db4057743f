/* reapbench report -o DIR A B [C...]: parse the command line; report_run() does the work. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "argv.h"
#include "common.h"
#include "report.h"
#include "stats_opts.h"

static const char *const report_usage[] = {
	"usage: reapbench report [OPTIONS] -o DIR A B [C ...]",
	"",
	"Compare two run sets like 'reapbench compare', write reviewer evidence to DIR:",
	"evidence.txt (verdict first, <= 60 lines of 72 columns, for the patch mail),",
	"appendix.txt (facts, config, spec, paths, tool counters), compare.txt (all statistics),",
	"plots as PNG and SVG (exit_mmap phases, reaper outcomes, boxes per metric,",
	"sweep curves, 2-D sweep heatmaps of median B/A, ECDFs of exit_mmap_us,",
	"kill_to_reaped_us and flagged metrics;",
	"'reapbench plot' draws the rest), index.html with tables and plots together,",
	"data.json with every value, gnuplot data files in DIR/data.",
	"Where the oom_reaper or process_mrelease had a say, race-designs.txt: per run set",
	"and scenario the runs, those in which the reaper met exit_mmap (reaper_met_exit),",
	"the reaper_outcome classes, exit_flavour, extra OOM kills and relief time (also",
	"in index.html and data.json, and one line each on stdout).",
	"With more than two run sets: each later set against A in DIR/<A>-vs-<X>/ (the",
	"two-set report), and in DIR the race-window figure with every run set, one",
	"race-designs.txt of all, index.html linking the pairs and data.json.",
	"Exit 2 if anything regressed.",
	"",
	"  -o/--output DIR: where to write (created if missing)",
	SELECT_USAGE,
	STATS_USAGE_ALL,
	"     --plots-dir DIR: gnuplot templates (default: plots/ in the data directory,",
	"        see FILES in reapbench(1))",
	"     --no-plots: tables only",
	"  -h/--help: this text",
	NULL,
};

enum report_opt {
	OPT_PLOTS_DIR = 256,
	OPT_NO_PLOTS,
};

static const struct option report_opts[] = {
	{ "output", required_argument, NULL, 'o' },
	SELECT_OPTIONS,
	STATS_OPTIONS_ALL,
	{ "plots-dir", required_argument, NULL, OPT_PLOTS_DIR },
	{ "no-plots", no_argument, NULL, OPT_NO_PLOTS },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_report(int argc, char **argv)
{
	struct rb_report_args args = { .cmp = { .db_path = store_default_path(), .format = "text" } };
	char *repro = rb_argv_join("reapbench", argc, argv);
	int c, ret = RB_EXIT_ERROR, st;

	compare_cfg_default(&args.cmp.cfg);
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:" SELECT_SHORTOPTS "h", report_opts, NULL)) != -1) {
		st = select_opt_parse("report", c, optarg, &args.cmp);
		if (st < 0)
			goto out;
		if (st)
			continue;
		switch (c) {
		case 'o': args.out_dir = optarg; break;
		case OPT_PLOTS_DIR: args.plots_dir = optarg; break;
		case OPT_NO_PLOTS: args.no_plots = 1; break;
		case 'h':
			print_usage(report_usage);
			ret = RB_EXIT_OK;
			goto out;
		default:
			goto out;
		}
	}
	if (argc - optind < 2 || !args.out_dir) {
		err_msg("report: give -o DIR and at least two run sets, A and B (see 'reapbench "
			"report --help')\n");
		goto out;
	}
	args.cmp.a = argv[optind];
	args.cmp.b = argv[optind + 1];
	if (argc - optind > 2) {
		args.sets = (const char *const *)argv + optind;
		args.n_sets = argc - optind;
	}
	args.cmp.reproduce = repro;
	ret = report_run(&args);
out:
	free(repro);
	return ret;
}
