#include "params.h"

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
	for (i = 0; i < p->n; i++)
		if (!strcmp(p->key[i], key))
			break;
	if (i == p->n) {
		if (p->n == RB_MAX_PARAMS)
			return -1;
		p->n++;
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

const char *params_str(const struct rb_params *p, const char *key, const char *def)
{
	int i;

	for (i = 0; i < p->n; i++)
		if (!strcmp(p->key[i], key))
			return p->val[i];
	return def;
}

int params_size(const struct rb_params *p, const char *key, uint64_t def, uint64_t *out)
{
	const char *v = params_str(p, key, NULL);

	if (!v) {
		*out = def;
		return 0;
	}
	if (parse_size(v, out))
		return err_msg("parameter %s: '%s' is not a size (e.g. 256M, 2G)\n", key, v);
	return 0;
}

int params_long(const struct rb_params *p, const char *key, long def, long min, long max,
		long *out)
{
	const char *v = params_str(p, key, NULL);

	if (!v) {
		*out = def;
		return 0;
	}
	if (parse_long(v, min, max, out))
		return err_msg("parameter %s: '%s' is not an integer in %ld..%ld\n", key, v, min,
			       max);
	return 0;
}

int params_duration_us(const struct rb_params *p, const char *key, uint64_t def, uint64_t *out)
{
	const char *v = params_str(p, key, NULL);

	if (!v) {
		*out = def;
		return 0;
	}
	if (parse_duration_us(v, out))
		return err_msg("parameter %s: '%s' is not a duration (e.g. 2.5s, 300ms, 50us)\n",
			       key, v);
	return 0;
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
