#include "sweep.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define MAX_POINTS 1000

enum sweep_kind { SW_SIZE, SW_DURATION, SW_COUNT };

static const struct {
	const char *param;
	enum sweep_kind kind;
} sweepable[] = {
	{ "size", SW_SIZE },
	{ "stall", SW_DURATION },
	{ "mrelease_delay_us", SW_DURATION },
	{ "threads", SW_COUNT },
	{ "count", SW_COUNT },
	{ "churn_threads", SW_COUNT },
};

/* One value in the parameter's unit (bytes, microseconds, count). */
static int parse_value(enum sweep_kind kind, const char *s, uint64_t *v)
{
	long l;

	switch (kind) {
	case SW_SIZE:
		return parse_size(s, v);
	case SW_DURATION:
		return parse_duration_us(s, v);
	case SW_COUNT:
		if (parse_long(s, 0, 1L << 40, &l))
			return -1;
		*v = (uint64_t)l;
		return 0;
	}
	return -1;
}

/* Back to a parameter string the pieces parse, as short as it can be said. */
static void format_value(enum sweep_kind kind, uint64_t v, char *buf, size_t len)
{
	static const char *const size_units[] = { "G", "M", "K" };
	int i;

	if (kind == SW_SIZE) {
		for (i = 0; i < 3; i++) {
			uint64_t u = 1ULL << (10 * (3 - i));

			if (v && v % u == 0) {
				snprintf(buf, len, "%" PRIu64 "%s", v / u, size_units[i]);
				return;
			}
		}
	} else if (kind == SW_DURATION) {
		if (v && v % 1000000 == 0)
			snprintf(buf, len, "%" PRIu64 "s", v / 1000000);
		else if (v && v % 1000 == 0)
			snprintf(buf, len, "%" PRIu64 "ms", v / 1000);
		else
			snprintf(buf, len, "%" PRIu64 "us", v);
		return;
	}
	snprintf(buf, len, "%" PRIu64, v);
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

static int expand_range(const struct rb_scenario *sc, const char *param, enum sweep_kind kind,
			const char *spec, const char *range, struct rb_scenario_set *out)
{
	char from_s[64], to_s[64], step_s[64], val[64];
	const char *dots = strstr(range, ".."), *slash = strrchr(range, '/');
	uint64_t from, to, step, v;
	int n = 0;

	if (!dots || !slash || slash < dots || (size_t)(dots - range) >= sizeof(from_s) ||
	    (size_t)(slash - dots - 2) >= sizeof(to_s) || strlen(slash + 1) >= sizeof(step_s))
		return err_msg("--sweep '%s': expected %s=FROM..TO/STEP\n", spec, param);
	snprintf(from_s, sizeof(from_s), "%.*s", (int)(dots - range), range);
	snprintf(to_s, sizeof(to_s), "%.*s", (int)(slash - dots - 2), dots + 2);
	snprintf(step_s, sizeof(step_s), "%s", slash + 1);
	if (parse_value(kind, from_s, &from) || parse_value(kind, to_s, &to) ||
	    parse_value(kind, step_s, &step))
		return err_msg("--sweep '%s': a bound or the step is not a valid %s value\n", spec,
			       param);
	if (!step || to < from)
		return err_msg("--sweep '%s': needs FROM <= TO and a step > 0\n", spec);
	if ((to - from) / step + 1 > MAX_POINTS)
		return err_msg("--sweep '%s': more than %d points\n", spec, MAX_POINTS);
	for (v = from; v <= to; v += step, n++) {
		format_value(kind, v, val, sizeof(val));
		if (add_point(sc, param, val, v, out))
			return -1;
	}
	return n;
}

static int expand_list(const struct rb_scenario *sc, const char *param, enum sweep_kind kind,
		       const char *spec, const char *list, struct rb_scenario_set *out)
{
	char buf[512], *tok, *save;
	uint64_t v;
	int n = 0;

	if (strlen(list) >= sizeof(buf))
		return err_msg("--sweep '%s': too long\n", spec);
	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save), n++) {
		if (parse_value(kind, tok, &v))
			return err_msg("--sweep '%s': '%s' is not a valid %s value\n", spec, tok,
				       param);
		if (add_point(sc, param, tok, v, out))
			return -1;
	}
	if (!n)
		return err_msg("--sweep '%s': no value\n", spec);
	return n;
}

int sweep_expand(const struct rb_scenario *sc, const char *spec, struct rb_scenario_set *out)
{
	const char *eq = strchr(spec, '=');
	char param[32];
	size_t i;
	int n;

	if (!eq || eq == spec || (size_t)(eq - spec) >= sizeof(param))
		return err_msg("--sweep '%s': expected PARAM=v1,v2,... or PARAM=FROM..TO/STEP\n",
			       spec);
	snprintf(param, sizeof(param), "%.*s", (int)(eq - spec), spec);
	for (i = 0; i < ARRAY_SIZE(sweepable); i++)
		if (!strcmp(sweepable[i].param, param))
			break;
	if (i == ARRAY_SIZE(sweepable))
		return err_msg("--sweep '%s': cannot sweep '%s' (size, stall, mrelease_delay_us, "
			       "threads, count, churn_threads)\n", spec, param);
	if (strstr(eq + 1, ".."))
		n = expand_range(sc, param, sweepable[i].kind, spec, eq + 1, out);
	else
		n = expand_list(sc, param, sweepable[i].kind, spec, eq + 1, out);
	return n < 0 ? -1 : 0;
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
