/* The shared statistics options: their ranges, in one table (see stats_opts.h). */
#include "stats_opts.h"

#include <stdlib.h>

#include "common.h"

static const struct stats_opt_def {
	int code;
	const char *name;
	double min, max;
	const char *range;		/* for the error line */
} defs[] = {
	{ STATS_OPT_ALPHA, "alpha", 1e-9, 0.5, "1e-9..0.5" },
	{ STATS_OPT_RESAMPLES, "resamples", 2000, 10000000, "an integer, 2000..10000000" },
	{ STATS_OPT_SEED, "seed", 0, 4294967295.0, "an integer, 0..4294967295" },
	{ STATS_OPT_WARMUP, "warmup", 0, 1000, "an integer, 0..1000" },
};

int stats_opt_parse(const char *cmd, int code, const char *arg, struct rb_cmp_cfg *cfg)
{
	const struct stats_opt_def *d = NULL;
	char *end;
	double v;
	long l;

	if (code == STATS_OPT_NOISE_FLOOR) {
		err_msg("%s: --noise-floor is gone: 'equivalent' now needs the interval inside a"
			" margin learned from A/A boots ('reapbench margin build', --margin-from)\n",
			cmd);
		return -1;
	}
	if (code == STATS_OPT_MARGIN_FROM) {
		cfg->margin_from = arg;
		return 1;
	}
	for (size_t i = 0; i < ARRAY_SIZE(defs); i++)
		if (defs[i].code == code)
			d = &defs[i];
	if (!d)
		return 0;
	if (code == STATS_OPT_RESAMPLES || code == STATS_OPT_SEED || code == STATS_OPT_WARMUP) {
		if (parse_long(arg, (long)d->min, (long)d->max, &l))
			goto bad;
		v = (double)l;
	} else {
		v = strtod(arg, &end);
		if (end == arg || *end || !(v >= d->min && v <= d->max))
			goto bad;
	}
	switch (code) {
	case STATS_OPT_ALPHA: cfg->alpha = v; break;
	case STATS_OPT_RESAMPLES: cfg->resamples = (unsigned)v; break;
	case STATS_OPT_SEED: cfg->seed = (unsigned long)v; break;
	case STATS_OPT_WARMUP: cfg->warmup = (unsigned)v; break;
	}
	return 1;
bad:
	err_msg("%s: bad value '%s' for --%s (%s)\n", cmd, arg, d->name, d->range);
	return -1;
}

int select_opt_parse(const char *cmd, int code, const char *arg, struct rb_compare_args *args)
{
	switch (code) {
	case 'd': args->db_path = arg; return 1;
	case 's': args->scenario_glob = arg; return 1;
	case 'm': args->metric_glob = arg; return 1;
	default: return stats_opt_parse(cmd, code, arg, &args->cfg);
	}
}
