/* reapbench plot -o DIR A [B ...]: the report's plots alone, chosen by --kind. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "stats_opts.h"
#include "report.h"

static const char *const plot_usage[] = {
	"usage: reapbench plot [OPTIONS] -o DIR A [B ...]",
	"",
	"Draw plots of run set A against B, or of A alone when B is not given (or is A),",
	"with the gnuplot templates in plots/, each as DIR/NAME.png and DIR/NAME.svg,",
	"data files in DIR/data. With more than two run sets: the race-window figure",
	"with every run set in DIR, and each later set's plots against A in",
	"DIR/<A>-vs-<X>/ (what 'plot A X' draws).",
	"",
	"  -o/--output DIR: where to write (created if missing)",
	"  -k/--kind LIST: ecdf,box,phases,outcome,sweep,heatmap,race or all (default: all but box);",
	"     sweep: curves over a 1-D sweep; heatmap: one cell per point of a 2-D sweep",
	"     (median, or median B/A with two run sets)",
	SELECT_USAGE,
	"     --size WxH: image size in pixels (default 800x500)",
	"     (the statistics decide which metrics get an ECDF as flagged:)",
	STATS_USAGE_ALL,
	"     --plots-dir DIR: gnuplot templates (default: plots/ in the data directory,",
	"        see FILES in reapbench(1))",
	"  -h/--help: this text",
	NULL,
};

enum plot_opt {
	OPT_SIZE = 256,
	OPT_PLOTS_DIR,
};

static const struct option plot_opts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "kind", required_argument, NULL, 'k' },
	SELECT_OPTIONS,
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "plots-dir", required_argument, NULL, OPT_PLOTS_DIR },
	STATS_OPTIONS_ALL,
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_kinds(const char *s, unsigned *kinds)
{
	char *dup = strdup(s), *tok, *save = NULL;
	int ret = 0;

	*kinds = 0;
	for (tok = dup ? strtok_r(dup, ",", &save) : NULL; tok; tok = strtok_r(NULL, ",", &save)) {
		const struct rb_plot_kind_name *k;

		for (k = rb_plot_kinds; k->name && strcmp(k->name, tok); k++)
			;
		if (!k->name) {
			ret = err_msg("plot: unknown kind '%s' (ecdf, box, phases, outcome, sweep, "
				      "heatmap, race, all)\n", tok);
			break;
		}
		*kinds |= k->kind;
	}
	free(dup);
	return ret || !*kinds ? -1 : 0;
}

int cmd_plot(int argc, char **argv)
{
	struct rb_plot_args args = { .cmp = { .db_path = store_default_path() }, .kinds = PLOT_DEFAULT };
	int c, st;

	compare_cfg_default(&args.cmp.cfg);
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:k:" SELECT_SHORTOPTS "h", plot_opts, NULL)) != -1) {
		st = select_opt_parse("plot", c, optarg, &args.cmp);
		if (st < 0)
			return RB_EXIT_ERROR;
		if (st)
			continue;
		switch (c) {
		case 'o': args.out_dir = optarg; break;
		case OPT_PLOTS_DIR: args.plots_dir = optarg; break;
		case 'k':
			if (parse_kinds(optarg, &args.kinds))
				return RB_EXIT_ERROR;
			break;
		case OPT_SIZE:
			if (sscanf(optarg, "%dx%d", &args.width, &args.height) != 2 ||
			    args.width < 200 || args.height < 150 || args.width > 8000 ||
			    args.height > 8000)
				return err_msg("plot: bad --size '%s' (WxH, e.g. 800x500)\n", optarg),
				       RB_EXIT_ERROR;
			break;
		case 'h':
			print_usage(plot_usage);
			return RB_EXIT_OK;
		default:
			return RB_EXIT_ERROR;
		}
	}
	if (argc - optind < 1 || !args.out_dir) {
		err_msg("plot: give -o DIR and one or more run sets (see 'reapbench plot --help')\n");
		return RB_EXIT_ERROR;
	}
	args.cmp.a = argv[optind];
	args.cmp.b = argc - optind >= 2 ? argv[optind + 1] : argv[optind];
	if (argc - optind > 2) {
		args.sets = (const char *const *)argv + optind;
		args.n_sets = argc - optind;
	}
	return plot_run(&args);
}
