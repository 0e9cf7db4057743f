/* reapbench trend --metric M --scenario S: a metric over many run sets. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "compare.h"
#include "stats_opts.h"
#include "report_trend.h"

static const char *const trend_usage[] = {
	"usage: reapbench trend [OPTIONS] --metric M --scenario S",
	"",
	"The median of one metric in one scenario over many run sets (kernels), with a",
	"95% bootstrap CI, ordered by kernel version (or start time): gnuplot-ready text",
	"on stdout and, with -o DIR, DIR/trend-S-M.png and .svg.",
	"",
	"  -m/--metric M: the metric (e.g. exit_mmap_us)",
	"  -s/--scenario S: the scenario (a sweep point: name@param=value)",
	"  -l/--labels LIST: comma list of run-set label GLOBs (default: every run set)",
	"     --by version|time: order by kernel version (default) or start time",
	"     --host GLOB: only run sets these hosts wrote (a shared store, reapbench push)",
	"     --by-host: a series per host (blocks in the text, by host name)",
	"  -o/--output DIR: also plot into DIR",
	"  -d/--db PATH: the store: a file or postgresql:// URI (default $REAPBENCH_DB,",
	"     else " RB_DEFAULT_DB ")",
	STATS_USAGE_RESAMPLES,
	STATS_USAGE_SEED,
	"     --plots-dir DIR: gnuplot templates (default: plots/ in the data directory,",
	"        see FILES in reapbench(1))",
	"  -h/--help: this text",
	NULL,
};

enum trend_opt {
	OPT_BY = 256,
	OPT_HOST,
	OPT_BY_HOST,
	OPT_PLOTS_DIR,
};

static const struct option trend_opts[] = {
	{ "metric", required_argument, NULL, 'm' },
	{ "scenario", required_argument, NULL, 's' },
	{ "labels", required_argument, NULL, 'l' },
	{ "by", required_argument, NULL, OPT_BY },
	{ "host", required_argument, NULL, OPT_HOST },
	{ "by-host", no_argument, NULL, OPT_BY_HOST },
	{ "output", required_argument, NULL, 'o' },
	{ "db", required_argument, NULL, 'd' },
	STATS_OPTION_RESAMPLES,
	STATS_OPTION_SEED,
	{ "plots-dir", required_argument, NULL, OPT_PLOTS_DIR },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Split a comma list in place into at most max patterns. */
static size_t split_list(char *s, const char **out, size_t max)
{
	char *tok, *save = NULL;
	size_t n = 0;

	for (tok = strtok_r(s, ",", &save); tok && n < max; tok = strtok_r(NULL, ",", &save))
		out[n++] = tok;
	return n;
}

int cmd_trend(int argc, char **argv)
{
	struct rb_trend_args t = { .db_path = store_default_path() };
	const char *labels[64];
	char *label_list = NULL;
	struct rb_cmp_cfg cfg;
	int c, ret, st;

	compare_cfg_default(&cfg);
	optind = 1;
	while ((c = getopt_long(argc, argv, "m:s:l:o:d:h", trend_opts, NULL)) != -1) {
		st = stats_opt_parse("trend", c, optarg, &cfg);
		if (st < 0)
			return RB_EXIT_ERROR;
		if (st)
			continue;
		switch (c) {
		case 'm': t.metric = optarg; break;
		case 's': t.scenario = optarg; break;
		case 'l': label_list = optarg; break;
		case 'o': t.out_dir = optarg; break;
		case 'd': t.db_path = optarg; break;
		case OPT_PLOTS_DIR: t.plots_dir = optarg; break;
		case OPT_HOST: t.host = optarg; break;
		case OPT_BY_HOST: t.by_host = 1; break;
		case OPT_BY:
			if (strcmp(optarg, "version") && strcmp(optarg, "time"))
				return err_msg("trend: --by version or time, not '%s'\n", optarg),
				       RB_EXIT_ERROR;
			t.by_time = !strcmp(optarg, "time");
			break;
		case 'h':
			print_usage(trend_usage);
			return RB_EXIT_OK;
		default:
			return RB_EXIT_ERROR;
		}
	}
	t.resamples = cfg.resamples;
	t.seed = cfg.seed;
	if (!t.metric || !t.scenario || optind != argc) {
		err_msg("trend: give --metric and --scenario (see 'reapbench trend --help')\n");
		return RB_EXIT_ERROR;
	}
	if (label_list) {
		label_list = strdup(label_list);
		if (!label_list)
			return err_msg("out of memory\n"), RB_EXIT_ERROR;
		t.n_labels = split_list(label_list, labels, ARRAY_SIZE(labels));
		t.labels = labels;
	}
	ret = trend_run(&t, stdout);
	free(label_list);
	return ret;
}
