/* Scenario parameters: key=value strings from the CLI or a scenario file. */
#ifndef REAPBENCH_PARAMS_H
#define REAPBENCH_PARAMS_H

#include <stdbool.h>
#include <stdint.h>

#define RB_MAX_PARAMS 32

struct rb_params {
	int n;
	char key[RB_MAX_PARAMS][32];
	char val[RB_MAX_PARAMS][128];
};

/* Set or replace; -1 when full or too long. */
int params_set(struct rb_params *p, const char *key, const char *val);
/* Parse "key=value"; -1 on bad input. */
int params_set_kv(struct rb_params *p, const char *kv);
const char *params_str(const struct rb_params *p, const char *key, const char *def);
/* Typed getters: on a malformed value they print the key and return -1. */
int params_size(const struct rb_params *p, const char *key, uint64_t def, uint64_t *out);
int params_long(const struct rb_params *p, const char *key, long def, long min, long max,
		long *out);
int params_duration_us(const struct rb_params *p, const char *key, uint64_t def, uint64_t *out);
/* Every parameter as a JSON object string (malloc'd). */
char *params_json(const struct rb_params *p);

#endif
