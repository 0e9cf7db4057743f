/*
 * The statistics options of compare, report, plot, trend and ab: one name,
 * one range, one help line each, parsed and checked here once (as rtla's
 * common_parse_options() does for the flags its tools share).
 *
 * A command lists the STATS_OPTION_* entries it takes in its getopt_long
 * table and the matching STATS_USAGE_* lines in its usage, and hands every
 * option code to stats_opt_parse() before its own switch. compare, report
 * and plot also share the store and filter options (SELECT_*): they hand
 * every code to select_opt_parse() instead, which covers both groups.
 */
#ifndef REAPBENCH_STATS_OPTS_H
#define REAPBENCH_STATS_OPTS_H

#include <getopt.h>

#include "compare.h"

/* Option codes above any command's own (each starts its enum at 256). */
enum stats_opt_code {
	STATS_OPT_ALPHA = 1000,
	STATS_OPT_NOISE_FLOOR,
	STATS_OPT_RESAMPLES,
	STATS_OPT_SEED,
	STATS_OPT_WARMUP,
	STATS_OPT_MARGIN_FROM,
};

#define STATS_OPTION_ALPHA { "alpha", required_argument, NULL, STATS_OPT_ALPHA }
#define STATS_OPTION_NOISE_FLOOR { "noise-floor", required_argument, NULL, STATS_OPT_NOISE_FLOOR }
#define STATS_OPTION_RESAMPLES { "resamples", required_argument, NULL, STATS_OPT_RESAMPLES }
#define STATS_OPTION_SEED { "seed", required_argument, NULL, STATS_OPT_SEED }
#define STATS_OPTION_WARMUP { "warmup", required_argument, NULL, STATS_OPT_WARMUP }
#define STATS_OPTION_MARGIN_FROM { "margin-from", required_argument, NULL, STATS_OPT_MARGIN_FROM }

/* All of them, for the commands that decide a verdict (compare, report, plot, ab).
 * --noise-floor is kept in the table only to say it is gone. */
#define STATS_OPTIONS_ALL STATS_OPTION_ALPHA, STATS_OPTION_NOISE_FLOOR, STATS_OPTION_RESAMPLES, \
	STATS_OPTION_SEED, STATS_OPTION_WARMUP, STATS_OPTION_MARGIN_FROM

/* Usage lines; the ranges are the ones stats_opt_parse() enforces. */
#define STATS_USAGE_ALPHA \
	"     --alpha A: significance level per family (Holm, BH), 1e-9..0.5 (default 0.05)"
#define STATS_USAGE_RESAMPLES \
	"     --resamples N: bootstrap resamples, 2000..10000000 (default 2000)"
#define STATS_USAGE_SEED \
	"     --seed N: bootstrap / split RNG seed, 0..4294967295, printed with the output"
#define STATS_USAGE_WARMUP \
	"     --warmup N: runs dropped after each boot, 0..1000 (default 1)"
#define STATS_USAGE_MARGIN_FROM \
	"     --margin-from RUNSET: equivalence margins learned from this A/A run set\n" \
	"                    (reapbench margin build; default: the newest for A's kernel)"

#define STATS_USAGE_ALL STATS_USAGE_ALPHA, STATS_USAGE_RESAMPLES, STATS_USAGE_SEED, \
	STATS_USAGE_WARMUP, STATS_USAGE_MARGIN_FROM

/* What compare, report and plot read: the store and the scenario/metric filters. */
#define SELECT_OPTIONS { "db", required_argument, NULL, 'd' }, \
	{ "scenario", required_argument, NULL, 's' }, \
	{ "metric", required_argument, NULL, 'm' }
#define SELECT_SHORTOPTS "d:s:m:"
#define SELECT_USAGE \
	"  -d/--db PATH: the store (default " RB_DEFAULT_DB ")", \
	"  -s/--scenario GLOB: only these scenarios (SQLite GLOB, default *)", \
	"  -m/--metric GLOB: only these metrics (default *)"

/*
 * code is one of enum stats_opt_code: parse arg into cfg and return 1, or
 * print one line "CMD: bad value 'ARG' for --NAME (RANGE)" and return -1.
 * Any other code: 0, cfg untouched.
 */
int stats_opt_parse(const char *cmd, int code, const char *arg, struct rb_cmp_cfg *cfg);

/*
 * The SELECT_OPTIONS and every statistics option into args (stats_opt_parse
 * for the latter): 1 when code was one of them, -1 on a bad value (the line
 * printed), 0 for any other code.
 */
int select_opt_parse(const char *cmd, int code, const char *arg, struct rb_compare_args *args);

#endif
