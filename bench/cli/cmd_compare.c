/* reapbench compare A B: parse the command line; compare_run() does the work. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "compare.h"

static const char *const compare_usage[] = {
	"usage: reapbench compare [OPTIONS] A B",
	"       reapbench compare [OPTIONS] A A --split",
	"",
	"Compare two run sets (labels, #id or ids) per scenario and metric: n, median,",
	"mean, stddev, CoV, p90, p99 per side; ratio of medians B/A with a bootstrap",
	"95% CI; Mann-Whitney U (Fisher's exact test for reaper_outcome); Holm across",
	"the rows; verdict improved / regressed / unchanged / changed.",
	"Exit 2 if anything regressed.",
	"",
	"  -d/--db PATH: the store (default " RB_DEFAULT_DB ")",
	"  -s/--scenario GLOB: only these scenarios (SQLite GLOB, default *)",
	"  -m/--metric GLOB: only these metrics (default *)",
	"  -f/--format FMT: text (mmtests-like, default), brief (a row per metric),",
	"     lkp (0-day), md (these fit 72 columns), csv or json",
	"     --alpha A: significance level after Holm (default 0.05)",
	"     --noise-floor PCT: smallest change flagged: % of the median, points of",
	"        a share (default 2)",
	"     --resamples N: bootstrap resamples, >= 2000 (default 2000)",
	"     --seed N: bootstrap / split RNG seed, printed with the output",
	"     --split: A/A self-check on A: random halves of its runs, repeated",
	"     --repeats N: splits for --split (default 20)",
	"  -h/--help: this text",
	NULL,
};

enum compare_opt {
	OPT_ALPHA = 256,
	OPT_NOISE_FLOOR,
	OPT_RESAMPLES,
	OPT_SEED,
	OPT_SPLIT,
	OPT_REPEATS,
};

static const struct option compare_opts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "scenario", required_argument, NULL, 's' },
	{ "metric", required_argument, NULL, 'm' },
	{ "format", required_argument, NULL, 'f' },
	{ "alpha", required_argument, NULL, OPT_ALPHA },
	{ "noise-floor", required_argument, NULL, OPT_NOISE_FLOOR },
	{ "resamples", required_argument, NULL, OPT_RESAMPLES },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "split", no_argument, NULL, OPT_SPLIT },
	{ "repeats", required_argument, NULL, OPT_REPEATS },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_double(const char *s, double min, double max, double *out)
{
	char *end;

	*out = strtod(s, &end);
	return end == s || *end || *out < min || *out > max ? -1 : 0;
}

int cmd_compare(int argc, char **argv)
{
	struct rb_compare_args args = {
		.db_path = RB_DEFAULT_DB, .format = "text", .repeats = 20,
	};
	double d;
	long l;
	int c, ret, li = 0;
	char *repro = argv_join(argc, argv);

	compare_cfg_default(&args.cfg);
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:s:m:f:h", compare_opts, &li)) != -1) {
		switch (c) {
		case 'd': args.db_path = optarg; break;
		case 's': args.scenario_glob = optarg; break;
		case 'm': args.metric_glob = optarg; break;
		case 'f': args.format = optarg; break;
		case OPT_SPLIT: args.split = 1; break;
		case OPT_ALPHA:
			if (parse_double(optarg, 1e-9, 0.5, &args.cfg.alpha))
				goto bad;
			break;
		case OPT_NOISE_FLOOR:
			if (parse_double(optarg, 0, 1000, &d))
				goto bad;
			args.cfg.noise_floor = d / 100;
			break;
		case OPT_RESAMPLES:
			if (parse_long(optarg, 2000, 10000000, &l))
				goto bad;
			args.cfg.resamples = (unsigned)l;
			break;
		case OPT_SEED:
			if (parse_long(optarg, 0, 4294967295L, &l))
				goto bad;
			args.cfg.seed = (unsigned long)l;
			break;
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
