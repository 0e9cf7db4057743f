/* Calibrated race-window sweeps (calibrate.h). */
#include "calibrate.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "common.h"
#include "store_query.h"

#define CALIBRATED "calibrated"
#define STALL_HELD "3s"		/* long enough for the reaper to reap (it starts at ~2.01-2.04 s) */
#define DEFAULT_SPAN_US 30000
#define DEFAULT_STEP_US 5000
#define MRELEASE_POINTS 10

bool calibrate_wanted(const char *spec)
{
	const char *eq = strchr(spec, '=');

	return eq && !strncmp(eq + 1, CALIBRATED, strlen(CALIBRATED));
}

static int parse_dur(const char *spec, const char *s, uint64_t *us)
{
	if (parse_duration_us(s, us) || !*us)
		return err_msg("--sweep '%s': '%s' is not a duration above 0 (e.g. 5ms)\n", spec, s);
	return 0;
}

int calibrate_parse(const char *spec, const struct rb_scenario_set *set,
		    struct rb_calibration *cal)
{
	const char *eq = strchr(spec, '='), *rest = eq + 1 + strlen(CALIBRATED);
	const struct rb_scenario *sc = &set->sc[0];
	char buf[64], *slash;

	memset(cal, 0, sizeof(*cal));
	if ((size_t)(eq - spec) >= sizeof(cal->param))
		return err_msg("--sweep '%s': unknown parameter\n", spec);
	snprintf(cal->param, sizeof(cal->param), "%.*s", (int)(eq - spec), spec);
	if (set->n != 1)
		return err_msg("--sweep '%s': a calibrated sweep takes one scenario (the command "
			       "line's), not a set of %d\n", spec, set->n);
	if (!strcmp(cal->param, "stall")) {
		const char *from = params_str(&sc->params, "stall_from", "kill");

		if (strcmp(sc->trigger->name, "stall") || strcmp(from, "kill"))
			return err_msg("--sweep '%s': needs --trigger stall with stall_from=kill\n",
				       spec);
		cal->metric = "reaper_start_us";
		cal->span_us = DEFAULT_SPAN_US;
		cal->step_us = DEFAULT_STEP_US;
	} else if (!strcmp(cal->param, "mrelease_delay_us")) {
		if (strcmp(sc->trigger->name, "kill+mrelease"))
			return err_msg("--sweep '%s': needs --trigger kill+mrelease\n", spec);
		cal->metric = "exit_mmap_us";
	} else {
		return err_msg("--sweep '%s': only stall and mrelease_delay_us can be calibrated\n",
			       spec);
	}
	if (!*rest)
		return 0;
	if (*rest != ':' || strlen(rest + 1) >= sizeof(buf))
		return err_msg("--sweep '%s': expected %s=calibrated%s\n", spec, cal->param,
			       cal->span_us ? "[:SPAN/STEP]" : "[:STEP]");
	snprintf(buf, sizeof(buf), "%s", rest + 1);
	slash = strchr(buf, '/');
	if (!strcmp(cal->param, "stall")) {
		if (!slash)
			return err_msg("--sweep '%s': expected stall=calibrated:SPAN/STEP\n", spec);
		*slash = 0;
		return parse_dur(spec, buf, &cal->span_us) || parse_dur(spec, slash + 1, &cal->step_us)
			       ? -1 : 0;
	}
	if (slash)
		return err_msg("--sweep '%s': expected mrelease_delay_us=calibrated:STEP\n", spec);
	return parse_dur(spec, buf, &cal->step_us);
}

int calibrate_set(const struct rb_scenario_set *set, const struct rb_calibration *cal,
		  struct rb_scenario_set *out)
{
	struct rb_scenario *c = &out->sc[0];
	struct rb_params keep = { 0 };
	int i;

	memset(out, 0, sizeof(*out));
	*c = set->sc[0];
	c->runs = CALIBRATE_RUNS;
	snprintf(c->name, sizeof(c->name), "%.70s-calibration", set->sc[0].name);
	if (!strcmp(cal->param, "stall")) {
		if (params_set(&c->params, "stall", STALL_HELD))
			return err_msg("calibration: too many parameters\n");
	} else {
		/* kill-pinned: the same kill without process_mrelease, which has no keys */
		c->trigger = trigger_find("kill-pinned");
		for (i = 0; i < c->params.n; i++)
			if (strcmp(c->params.key[i], "mrelease_delay_us"))
				params_set(&keep, c->params.key[i], c->params.val[i]);
		c->params = keep;
		if (!c->trigger)
			return err_msg("calibration: no kill-pinned trigger\n");
	}
	out->n = 1;
	snprintf(out->source, sizeof(out->source), "calibration of --sweep %s", cal->param);
	return 0;
}

struct values {
	double v[64];
	size_t n;
	const char *absent;
	char why[160];
};

static int collect(const struct rb_metric_row *row, void *ctx)
{
	struct values *vals = ctx;

	if (row->has_value && vals->n < sizeof(vals->v) / sizeof(vals->v[0]))
		vals->v[vals->n++] = row->value;
	else if (row->absent && !vals->why[0])
		snprintf(vals->why, sizeof(vals->why), "%s", row->absent);
	return 0;
}

int calibrate_resolve(struct rb_store *st, int64_t set_id, struct rb_calibration *cal,
		      char *spec, size_t len)
{
	struct values vals = { .n = 0 };
	uint64_t center, from, to, step;

	if (store_q_metrics(st, set_id, NULL, cal->metric, collect, &vals))
		return -1;
	if (!vals.n)
		return err_msg("calibration of %s: no run gave %s (%s)\n", cal->param, cal->metric,
			       vals.why[0] ? vals.why : "no valid run");
	gsl_sort(vals.v, 1, vals.n);
	cal->median_us = gsl_stats_median_from_sorted_data(vals.v, 1, vals.n);
	cal->n = (int)vals.n;
	if (!strcmp(cal->param, "stall")) {
		step = cal->step_us;
		center = (uint64_t)llround(cal->median_us / (double)step) * step;
		from = center > cal->span_us ? center - cal->span_us : 0;
		to = center + cal->span_us;
		from -= from % step;	/* every point a multiple of step: one unit in the names */
	} else {
		uint64_t d = (uint64_t)ceil(cal->median_us);

		step = cal->step_us ? cal->step_us : (d + MRELEASE_POINTS - 1) / MRELEASE_POINTS;
		if (!step)
			step = 1;
		from = 0;
		to = (d + step - 1) / step * step;
	}
	snprintf(spec, len, "%s=%" PRIu64 "us..%" PRIu64 "us/%" PRIu64 "us", cal->param, from, to,
		 step);
	return 0;
}
