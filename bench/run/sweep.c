#include "sweep.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define MAX_POINTS 1000

/* One value in the parameter's unit (bytes, microseconds, count), in its range. */
static int parse_value(const struct rb_param_def *d, const char *spec, const char *s,
		       uint64_t *v)
{
	char why[200];

	if (param_value_check(d, s, v, why, sizeof(why)))
		return err_msg("--sweep '%s': %s: %s\n", spec, d->name, why);
	return 0;
}

static int add_point(const struct rb_scenario *sc, const char *param, const char *val,
		     uint64_t num, struct rb_scenario_set *out)
{
	struct rb_scenario *p;

	if (out->n == RB_MAX_SCENARIOS)
		return err_msg("--sweep: more than %d scenarios\n", RB_MAX_SCENARIOS);
	p = &out->sc[out->n++];
	*p = *sc;
	if (params_set(&p->params, param, val))
		return err_msg("--sweep: value '%s' too long\n", val);
	snprintf(p->name, sizeof(p->name), "%s@%s=%s", sc->name, param, val);
	if (!sc->sweep_param[0]) {
		snprintf(p->sweep_param, sizeof(p->sweep_param), "%s", param);
		p->sweep_value = (double)num;
	} else {	/* a point of an earlier sweep swept again: a 2-D sweep */
		if (!strcmp(sc->sweep_param, param))
			return err_msg("--sweep: %s swept twice\n", param);
		snprintf(p->sweep2_param, sizeof(p->sweep2_param), "%s", param);
		p->sweep2_value = (double)num;
	}
	return 0;
}

static uint64_t gcd(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* Name each value in one common unit and add it as a point. */
static int add_points(const struct rb_scenario *sc, const char *param, enum rb_param_type kind,
		      const uint64_t *v, size_t n, struct rb_scenario_set *out)
{
	const char *suffix;
	uint64_t g = 0, unit;
	char val[64];
	size_t i;

	for (i = 0; i < n; i++)
		g = gcd(g, v[i]);
	/*
	 * Every point named in one unit, the largest that divides them all (g:
	 * their gcd), so names sort and read alike ("stall=1500ms" next to
	 * "stall=2000ms", never "stall=2s").
	 */
	unit = param_unit(kind, g, &suffix);
	for (i = 0; i < n; i++) {
		snprintf(val, sizeof(val), "%" PRIu64 "%s", v[i] / unit, suffix);
		if (add_point(sc, param, val, v[i], out))
			return -1;
	}
	return 0;
}

static int expand_range(const struct rb_scenario *sc, const struct rb_param_def *d,
			const char *spec, const char *range, struct rb_scenario_set *out)
{
	char from_s[64], to_s[64], step_s[64];
	const char *dots = strstr(range, ".."), *slash = strrchr(range, '/');
	uint64_t from, to, step, v, pts[MAX_POINTS];
	size_t n = 0;

	if (!dots || !slash || slash < dots || (size_t)(dots - range) >= sizeof(from_s) ||
	    (size_t)(slash - dots - 2) >= sizeof(to_s) || strlen(slash + 1) >= sizeof(step_s))
		return err_msg("--sweep '%s': expected %s=FROM..TO/STEP\n", spec, d->name);
	snprintf(from_s, sizeof(from_s), "%.*s", (int)(dots - range), range);
	snprintf(to_s, sizeof(to_s), "%.*s", (int)(slash - dots - 2), dots + 2);
	snprintf(step_s, sizeof(step_s), "%s", slash + 1);
	if (parse_value(d, spec, from_s, &from) || parse_value(d, spec, to_s, &to))
		return -1;
	if ((d->type == RB_PARAM_SIZE ? parse_size(step_s, &step) :
	     d->type == RB_PARAM_DURATION ? parse_duration_us(step_s, &step) :
	     parse_u64(step_s, &step)))
		return err_msg("--sweep '%s': step '%s' is not a %s\n", spec, step_s,
			       param_type_name(d->type));
	if (!step || to < from)
		return err_msg("--sweep '%s': needs FROM <= TO and a step > 0\n", spec);
	if ((to - from) / step + 1 > MAX_POINTS)
		return err_msg("--sweep '%s': more than %d points\n", spec, MAX_POINTS);
	for (v = from; v <= to; v += step)
		pts[n++] = v;
	return add_points(sc, d->name, d->type, pts, n, out) ? -1 : (int)n;
}

static int expand_list(const struct rb_scenario *sc, const struct rb_param_def *d,
		       const char *spec, const char *list, struct rb_scenario_set *out)
{
	char buf[512], *tok, *save;
	uint64_t pts[sizeof(buf) / 2];	/* "1,2,...": at most one value per two chars */
	size_t n = 0;

	if (strlen(list) >= sizeof(buf))
		return err_msg("--sweep '%s': too long\n", spec);
	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		if (parse_value(d, spec, tok, &pts[n++]))
			return -1;
	if (!n)
		return err_msg("--sweep '%s': no value\n", spec);
	/* renamed like a range's points: "1500ms,2s" becomes 1500ms, 2000ms */
	return add_points(sc, d->name, d->type, pts, n, out) ? -1 : (int)n;
}

/* The keys of sc's pieces that --sweep may vary, "size, stall", into buf. */
static void sweepable_keys(const struct rb_scenario *sc, char *buf, size_t len)
{
	const struct rb_param_def *lists[2 + ARRAY_SIZE(sc->contenders)], *d;
	size_t i, n = 0;

	lists[n++] = sc->shape ? sc->shape->params : NULL;
	lists[n++] = sc->trigger ? sc->trigger->params : NULL;
	for (i = 0; i < (size_t)sc->n_contenders; i++)
		lists[n++] = sc->contenders[i]->params;
	*buf = 0;
	for (i = 0; i < n; i++)
		for (d = lists[i]; d && d->name; d++)
			if (d->sweepable)
				snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
					 *buf ? ", " : "", d->name);
	if (!*buf)
		snprintf(buf, len, "none");
}

int sweep_expand(const struct rb_scenario *sc, const char *spec, struct rb_scenario_set *out)
{
	const char *eq = strchr(spec, '=');
	const struct rb_param_def *d;
	char param[32], keys[256];
	int n;

	if (!eq || eq == spec || (size_t)(eq - spec) >= sizeof(param))
		return err_msg("--sweep '%s': expected PARAM=v1,v2,... or PARAM=FROM..TO/STEP\n",
			       spec);
	snprintf(param, sizeof(param), "%.*s", (int)(eq - spec), spec);
	d = scenario_param_def(sc, param);
	if (!d || !d->sweepable) {
		sweepable_keys(sc, keys, sizeof(keys));
		return err_msg("--sweep '%s': cannot sweep '%s' in %s (sweepable there: %s)\n",
			       spec, param, sc->name, keys);
	}
	if (strstr(eq + 1, ".."))
		n = expand_range(sc, d, spec, eq + 1, out);
	else
		n = expand_list(sc, d, spec, eq + 1, out);
	return n < 0 ? -1 : 0;
}

double sweep_axis(const char *param, double max, char *label, size_t len)
{
	static const struct {
		enum rb_param_type kind;
		double min, div;	/* from `min` (stored unit) up, show value / div */
		const char *unit;
	} shown[] = {
		{ RB_PARAM_DURATION, 1e6, 1e6, "s" }, { RB_PARAM_DURATION, 1e3, 1e3, "ms" },
		{ RB_PARAM_DURATION, 0, 1, "us" },
		/* bytes: MiB reads for any victim size; the steps are whole M */
		{ RB_PARAM_SIZE, 0, 1 << 20, "MiB" },
	};
	const struct rb_param_def *d = param ? piece_param_find(param) : NULL;
	size_t k;

	for (k = 0; d && d->sweepable && k < ARRAY_SIZE(shown); k++)
		if (shown[k].kind == d->type && max >= shown[k].min)
			break;
	/* counts, and parameters this build cannot sweep: as stored, no unit */
	if (!d || !d->sweepable || k == ARRAY_SIZE(shown)) {
		snprintf(label, len, "%s", param ? param : "");
		return 1;
	}
	snprintf(label, len, "%s (%s)", param, shown[k].unit);
	return shown[k].div;
}

int sweep_apply(struct rb_scenario_set *set, const char *spec)
{
	static struct rb_scenario_set out;
	int i;

	out.n = 0;
	for (i = 0; i < set->n; i++)
		if (sweep_expand(&set->sc[i], spec, &out))
			return -1;
	memcpy(set->sc, out.sc, sizeof(out.sc[0]) * out.n);
	set->n = out.n;
	return 0;
}
