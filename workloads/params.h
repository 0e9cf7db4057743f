/*
 * Scenario parameters: key=value strings from the CLI or a scenario file,
 * and the tables that say what each key of a shape, trigger or contender is.
 *
 * Each workload piece declares its keys once, in a NULL-terminated
 * rb_param_def table on its ops struct (workload.h). Everything else reads
 * that table: the piece's own getters (the default lives only there), the
 * scenario file and --param checks (unknown keys and values out of range are
 * refused before anything runs), --sweep (which keys may be swept, in which
 * unit), `reapbench list` and the usage text.
 */
#ifndef REAPBENCH_PARAMS_H
#define REAPBENCH_PARAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RB_MAX_PARAMS 32

struct rb_params {
	int n;
	char key[RB_MAX_PARAMS][32];
	char val[RB_MAX_PARAMS][128];
};

enum rb_param_type {
	RB_PARAM_SIZE,		/* bytes: 64M, 1G, 4096 (parse_size) */
	RB_PARAM_DURATION,	/* microseconds: 3s, 200ms, 50us (parse_duration_us) */
	RB_PARAM_COUNT,		/* a plain decimal integer */
	RB_PARAM_ENUM,		/* one of `choices` */
	RB_PARAM_TEXT,		/* any text up to the value length */
};

struct rb_param_def {
	const char *name;	/* NULL ends a table */
	enum rb_param_type type;
	const char *def;	/* the default, written as in a scenario file */
	uint64_t min, max;	/* size, duration, count: the valid range in bytes, us, count */
	const char *choices;	/* enum: "read|write" */
	bool sweepable;		/* --sweep may vary it (size, duration and count only) */
	const char *help;
};

/* Set or replace; -1 when full or too long. */
int params_set(struct rb_params *p, const char *key, const char *val);
/* Parse "key=value"; -1 on bad input. */
int params_set_kv(struct rb_params *p, const char *kv);
const char *params_str(const struct rb_params *p, const char *key, const char *def);
/* Index of key in p, or -1. */
int params_index(const struct rb_params *p, const char *key);
/* Every parameter as a JSON object string (malloc'd). */
char *params_json(const struct rb_params *p);

/* The entry for name in a NULL-terminated table (NULL table: none), or NULL. */
const struct rb_param_def *param_def_in(const struct rb_param_def *defs, const char *name);
/* "size", "duration", "count", "enum", "text". */
const char *param_type_name(enum rb_param_type t);
/*
 * Check val against d (type, range, choices). On success the number in the
 * type's unit goes to *num (NULL-safe; 0 for enum and text) and 0 returns;
 * else a message without the key ("'0' is outside 4K..1T") goes to err.
 */
int param_value_check(const struct rb_param_def *d, const char *val, uint64_t *num, char *err,
		      size_t len);
/* The valid values of d as text: "4K..1T", "0us..10s", "1..256", "read|write", "text". */
void param_range_text(const struct rb_param_def *d, char *buf, size_t len);
/*
 * The largest unit of t that divides g (g 0: the base unit), and its suffix:
 * sizes T G M K or bytes (""), durations s ms us, counts 1 ("").
 */
uint64_t param_unit(enum rb_param_type t, uint64_t g, const char **suffix);
/* n in the largest unit that keeps it whole: 65536 -> "64K", 1500000 us -> "1500ms". */
void param_format(enum rb_param_type t, uint64_t n, char *buf, size_t len);

/*
 * Typed getters for the pieces: the value of key in p, else the table's
 * default, checked against the table. On a bad value (or a key missing from
 * the table: a bug) they print the key and the reason and return -1.
 */
int params_get_size(const struct rb_params *p, const struct rb_param_def *defs, const char *key,
		    uint64_t *out);
int params_get_duration_us(const struct rb_params *p, const struct rb_param_def *defs,
			   const char *key, uint64_t *out);
int params_get_count(const struct rb_params *p, const struct rb_param_def *defs, const char *key,
		     long *out);
/* enum and text: the string (p's or the default). */
int params_get_str(const struct rb_params *p, const struct rb_param_def *defs, const char *key,
		   const char **out);

#endif
