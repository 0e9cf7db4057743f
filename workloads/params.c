#include "params.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "common.h"

int params_set(struct rb_params *p, const char *key, const char *val)
{
	int i;

	if (strlen(key) >= sizeof(p->key[0]) || strlen(val) >= sizeof(p->val[0]))
		return -1;
	i = params_index(p, key);
	if (i < 0) {
		if (p->n == RB_MAX_PARAMS)
			return -1;
		i = p->n++;
	}
	snprintf(p->key[i], sizeof(p->key[i]), "%s", key);
	snprintf(p->val[i], sizeof(p->val[i]), "%s", val);
	return 0;
}

int params_set_kv(struct rb_params *p, const char *kv)
{
	char key[32];
	const char *eq = strchr(kv, '=');

	if (!eq || eq == kv || (size_t)(eq - kv) >= sizeof(key))
		return -1;
	memcpy(key, kv, eq - kv);
	key[eq - kv] = 0;
	return params_set(p, key, eq + 1);
}

int params_index(const struct rb_params *p, const char *key)
{
	int i;

	for (i = 0; i < p->n; i++)
		if (!strcmp(p->key[i], key))
			return i;
	return -1;
}

const char *params_str(const struct rb_params *p, const char *key, const char *def)
{
	int i = params_index(p, key);

	return i < 0 ? def : p->val[i];
}

char *params_json(const struct rb_params *p)
{
	json_t *o = json_object();
	char *s;
	int i;

	for (i = 0; i < p->n; i++)
		json_object_set_new(o, p->key[i], json_string(p->val[i]));
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return s;
}

const struct rb_param_def *param_def_in(const struct rb_param_def *defs, const char *name)
{
	for (; defs && defs->name; defs++)
		if (!strcmp(defs->name, name))
			return defs;
	return NULL;
}

const char *param_type_name(enum rb_param_type t)
{
	static const char *const names[] = {
		[RB_PARAM_SIZE] = "size", [RB_PARAM_DURATION] = "duration",
		[RB_PARAM_COUNT] = "count", [RB_PARAM_ENUM] = "enum", [RB_PARAM_TEXT] = "text",
	};

	return t < ARRAY_SIZE(names) ? names[t] : "?";
}

uint64_t param_unit(enum rb_param_type t, uint64_t g, const char **suffix)
{
	static const struct {
		enum rb_param_type type;
		uint64_t unit;
		const char *suffix;
	} units[] = {
		{ RB_PARAM_SIZE, 1ULL << 40, "T" }, { RB_PARAM_SIZE, 1ULL << 30, "G" },
		{ RB_PARAM_SIZE, 1ULL << 20, "M" }, { RB_PARAM_SIZE, 1ULL << 10, "K" },
		{ RB_PARAM_DURATION, 1000000, "s" }, { RB_PARAM_DURATION, 1000, "ms" },
		{ RB_PARAM_DURATION, 1, "us" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(units); i++)
		/* g 0: the base unit, "0us" rather than "0s" */
		if (units[i].type == t && ((g && g % units[i].unit == 0) || units[i].unit == 1))
			break;
	if (i == ARRAY_SIZE(units)) {	/* bytes and counts: no suffix */
		*suffix = "";
		return 1;
	}
	*suffix = units[i].suffix;
	return units[i].unit;
}

void param_format(enum rb_param_type t, uint64_t n, char *buf, size_t len)
{
	const char *suffix;
	uint64_t unit = param_unit(t, n, &suffix);

	snprintf(buf, len, "%" PRIu64 "%s", n / unit, suffix);
}

void param_range_text(const struct rb_param_def *d, char *buf, size_t len)
{
	char lo[32], hi[32];

	switch (d->type) {
	case RB_PARAM_SIZE:
	case RB_PARAM_DURATION:
	case RB_PARAM_COUNT:
		param_format(d->type, d->min, lo, sizeof(lo));
		param_format(d->type, d->max, hi, sizeof(hi));
		snprintf(buf, len, "%s..%s", lo, hi);
		break;
	case RB_PARAM_ENUM:
		snprintf(buf, len, "%s", d->choices);
		break;
	case RB_PARAM_TEXT:
		snprintf(buf, len, "text");
		break;
	}
}

static bool enum_has(const char *choices, const char *val)
{
	size_t n = strlen(val);
	const char *c = choices;

	while (n && c && *c) {
		if (!strncmp(c, val, n) && (c[n] == '|' || !c[n]))
			return true;
		c = strchr(c, '|');
		c = c ? c + 1 : NULL;
	}
	return false;
}

int param_value_check(const struct rb_param_def *d, const char *val, uint64_t *num, char *err,
		      size_t len)
{
	static const char *const examples[] = {
		[RB_PARAM_SIZE] = "a size (e.g. 256M, 2G, 4096)",
		[RB_PARAM_DURATION] = "a duration (e.g. 3s, 1500ms, 200us)",
		[RB_PARAM_COUNT] = "a whole number",
	};
	char shown[48], range[96];
	uint64_t v = 0;
	int bad;

	printable(val, shown, sizeof(shown));
	param_range_text(d, range, sizeof(range));
	switch (d->type) {
	case RB_PARAM_SIZE:
	case RB_PARAM_DURATION:
	case RB_PARAM_COUNT:
		errno = 0;
		bad = d->type == RB_PARAM_SIZE ? parse_size(val, &v) :
		      d->type == RB_PARAM_DURATION ? parse_duration_us(val, &v) :
		      parse_u64(val, &v);
		if (bad && errno == ERANGE) {
			snprintf(err, len, "'%s' is too large: valid are %s", shown, range);
			return -1;
		}
		if (bad) {
			snprintf(err, len, "'%s' is not %s", shown, examples[d->type]);
			return -1;
		}
		if (v < d->min || v > d->max) {
			snprintf(err, len, "'%s' is outside %s", shown, range);
			return -1;
		}
		break;
	case RB_PARAM_ENUM:
		if (!enum_has(d->choices, val)) {
			snprintf(err, len, "'%s' is not one of %s", shown, range);
			return -1;
		}
		break;
	case RB_PARAM_TEXT:
		if (!*val) {
			snprintf(err, len, "empty");
			return -1;
		}
		break;
	}
	if (num)
		*num = v;
	return 0;
}

/* The checked value of key (p's, else the default) as a number and a string. */
static int get(const struct rb_params *p, const struct rb_param_def *defs, const char *key,
	       uint64_t *num, const char **str)
{
	const struct rb_param_def *d = param_def_in(defs, key);
	char err[200];

	if (!d)
		return err_msg("parameter %s: not in the piece's table (a bug)\n", key);
	*str = params_str(p, key, d->def);
	if (!*str)
		return err_msg("parameter %s: no value and no default\n", key);
	if (param_value_check(d, *str, num, err, sizeof(err)))
		return err_msg("parameter %s: %s\n", key, err);
	return 0;
}

int params_get_size(const struct rb_params *p, const struct rb_param_def *defs, const char *key,
		    uint64_t *out)
{
	const char *s;

	return get(p, defs, key, out, &s);
}

int params_get_duration_us(const struct rb_params *p, const struct rb_param_def *defs,
			   const char *key, uint64_t *out)
{
	const char *s;

	return get(p, defs, key, out, &s);
}

int params_get_count(const struct rb_params *p, const struct rb_param_def *defs, const char *key,
		     long *out)
{
	const char *s;
	uint64_t v;

	if (get(p, defs, key, &v, &s))
		return -1;
	if (v > (uint64_t)LONG_MAX)
		return err_msg("parameter %s: too large\n", key);
	*out = (long)v;
	return 0;
}

int params_get_str(const struct rb_params *p, const struct rb_param_def *defs, const char *key,
		   const char **out)
{
	uint64_t v;

	return get(p, defs, key, &v, out);
}
