/* reapbench compare A B: parse the command line; compare_run() does the work. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "argv.h"
#include "common.h"
#include "compare.h"
#include "stats_opts.h"

static const char *const compare_usage[] = {
	"usage: reapbench compare [OPTIONS] A B",
	"       reapbench compare [OPTIONS] A A --split",
	"",
	"Compare two run sets (labels, #id or ids) per scenario and metric: n, median,",
	"mean, stddev, CoV, p90, p99 per side; the boot as the unit: Welch's t on",
	"per-boot means of log(value), the ratio B/A and Hodges-Lehmann and quantile",
	"shifts with intervals resampled by boot; Holm over the primary metrics, BH",
	"over the secondary ones; verdict regressed / improved / equivalent /",
	"inconclusive / changed (doc/STATISTICS.md).",
	"Exit 2 if anything regressed.",
	"",
	SELECT_USAGE,
	"     --host NAME: A and B among the run sets host NAME wrote (a shared store)",
	"  -f/--format FMT: text (mmtests-like, default), brief (a row per metric),",
	"     lkp (0-day), md (these fit 72 columns), csv or json",
	STATS_USAGE_ALL,
	"     --split: A/A self-check on A: random halves of its boots, repeated",
	"     --repeats N: splits for --split (default 20)",
	"  -h/--help: this text",
	NULL,
};

enum compare_opt {
	OPT_SPLIT = 256,
	OPT_REPEATS,
	OPT_HOST,
};

static const struct option compare_opts[] = {
	SELECT_OPTIONS,
	{ "format", required_argument, NULL, 'f' },
	STATS_OPTIONS_ALL,
	{ "split", no_argument, NULL, OPT_SPLIT },
	{ "repeats", required_argument, NULL, OPT_REPEATS },
	{ "host", required_argument, NULL, OPT_HOST },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_compare(int argc, char **argv)
{
	struct rb_compare_args args = {
		.db_path = store_default_path(), .format = "text", .repeats = 20,
	};
	long l;
	int c, ret, li = 0, st;
	char *repro = rb_argv_join("reapbench", argc, argv);

	compare_cfg_default(&args.cfg);
	optind = 1;
	while ((c = getopt_long(argc, argv, SELECT_SHORTOPTS "f:h", compare_opts, &li)) != -1) {
		st = select_opt_parse("compare", c, optarg, &args);
		if (st < 0) {
			free(repro);
			return RB_EXIT_ERROR;
		}
		if (st)
			continue;
		switch (c) {
		case 'f': args.format = optarg; break;
		case OPT_SPLIT: args.split = 1; break;
		case OPT_HOST: args.host = optarg; break;
		case OPT_REPEATS:
			if (parse_long(optarg, 1, 100000, &l))
				goto bad;
			args.repeats = (unsigned)l;
			break;
		case 'h':
			print_usage(compare_usage);
			free(repro);
			return RB_EXIT_OK;
		default:
			free(repro);
			return RB_EXIT_ERROR;
		}
	}
	if (argc - optind != 2 && !(args.split && argc - optind == 1)) {
		err_msg("compare: give two run sets, A and B (see 'reapbench compare --help')\n");
		free(repro);
		return RB_EXIT_ERROR;
	}
	args.a = argv[optind];
	args.b = argc - optind == 2 ? argv[optind + 1] : args.a;
	if (args.split && strcmp(args.a, args.b)) {
		err_msg("compare --split: the self-check takes one run set (A A), got %s and %s\n",
			args.a, args.b);
		free(repro);
		return RB_EXIT_ERROR;
	}
	args.reproduce = repro;
	ret = compare_run(&args, stdout);
	free(repro);
	return ret;
bad:
	/* only long options take numbers, so li names the one that failed */
	err_msg("compare: bad value '%s' for --%s (see 'reapbench compare --help')\n", optarg,
		compare_opts[li].name);
	free(repro);
	return RB_EXIT_ERROR;
}
