/* reapbench report A B -o DIR: parse the command line; report_run() does the work. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "report.h"

static const char *const report_usage[] = {
	"usage: reapbench report [OPTIONS] -o DIR A B",
	"",
	"Compare two run sets like 'reapbench compare', write reviewer evidence to DIR:",
	"evidence.txt (72-column text for the patch mail), compare.txt (all statistics),",
	"plots as PNG and SVG (exit_mmap phases, reaper outcomes, boxes per metric,",
	"sweep curves, 2-D sweep heatmaps of median B/A, ECDFs of exit_mmap_us,",
	"kill_to_reaped_us and flagged metrics;",
	"'reapbench plot' draws the rest), index.html with tables and plots together,",
	"data.json with every value, gnuplot data files in DIR/data.",
	"Exit 2 if anything regressed.",
	"",
	"  -o/--output DIR: where to write (created if missing)",
	"  -d/--db PATH: the store (default " RB_DEFAULT_DB ")",
	"  -s/--scenario GLOB: only these scenarios (default *)",
	"  -m/--metric GLOB: only these metrics (default *)",
	"     --alpha A: significance level after Holm (default 0.05)",
	"     --noise-floor PCT: smallest change flagged: % of the median, points of",
	"        a share (default 2)",
	"     --resamples N: bootstrap resamples, >= 2000 (default 2000)",
	"     --seed N: bootstrap RNG seed, recorded in the evidence",
	"     --plots-dir DIR: gnuplot templates (default: plots/ beside the binary,",
	"        then " REAPBENCH_DATADIR "/plots)",
	"     --no-plots: tables only",
	"  -h/--help: this text",
	NULL,
};

enum report_opt {
	OPT_ALPHA = 256,
	OPT_NOISE_FLOOR,
	OPT_RESAMPLES,
	OPT_SEED,
	OPT_PLOTS_DIR,
	OPT_NO_PLOTS,
};

static const struct option report_opts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "db", required_argument, NULL, 'd' },
	{ "scenario", required_argument, NULL, 's' },
	{ "metric", required_argument, NULL, 'm' },
	{ "alpha", required_argument, NULL, OPT_ALPHA },
	{ "noise-floor", required_argument, NULL, OPT_NOISE_FLOOR },
	{ "resamples", required_argument, NULL, OPT_RESAMPLES },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "plots-dir", required_argument, NULL, OPT_PLOTS_DIR },
	{ "no-plots", no_argument, NULL, OPT_NO_PLOTS },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_report(int argc, char **argv)
{
	struct rb_report_args args = { .cmp = { .db_path = RB_DEFAULT_DB, .format = "text" } };
	char *repro = argv_join(argc, argv), *end;
	int c, li = 0, ret = RB_EXIT_ERROR;
	long l;

	compare_cfg_default(&args.cmp.cfg);
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:d:s:m:h", report_opts, &li)) != -1) {
		switch (c) {
		case 'o': args.out_dir = optarg; break;
		case 'd': args.cmp.db_path = optarg; break;
		case 's': args.cmp.scenario_glob = optarg; break;
		case 'm': args.cmp.metric_glob = optarg; break;
		case OPT_PLOTS_DIR: args.plots_dir = optarg; break;
		case OPT_NO_PLOTS: args.no_plots = 1; break;
		case OPT_ALPHA:
			args.cmp.cfg.alpha = strtod(optarg, &end);
			if (*end || end == optarg || args.cmp.cfg.alpha <= 0 || args.cmp.cfg.alpha > 0.5)
				goto bad;
			break;
		case OPT_NOISE_FLOOR:
			args.cmp.cfg.noise_floor = strtod(optarg, &end) / 100;
			if (*end || end == optarg || args.cmp.cfg.noise_floor < 0)
				goto bad;
			break;
		case OPT_RESAMPLES:
			if (parse_long(optarg, 2000, 10000000, &l))
				goto bad;
			args.cmp.cfg.resamples = (unsigned)l;
			break;
		case OPT_SEED:
			if (parse_long(optarg, 0, 4294967295L, &l))
				goto bad;
			args.cmp.cfg.seed = (unsigned long)l;
			break;
		case 'h':
			print_usage(report_usage);
			ret = RB_EXIT_OK;
			goto out;
		default:
			goto out;
		}
	}
	if (argc - optind != 2 || !args.out_dir) {
		err_msg("report: give -o DIR and two run sets, A and B (see 'reapbench report --help')\n");
		goto out;
	}
	args.cmp.a = argv[optind];
	args.cmp.b = argv[optind + 1];
	args.cmp.reproduce = repro;
	ret = report_run(&args);
out:
	free(repro);
	return ret;
bad:
	/* only long options take numbers, so li names the one that failed */
	err_msg("report: bad value '%s' for --%s\n", optarg, report_opts[li].name);
	free(repro);
	return RB_EXIT_ERROR;
}
