/*
 * Every stored fact of one run set, row by row, for `reapbench export`: one
 * row per metric of each run (valid or not), a run without metrics once with
 * metric NULL. Strings belong to the store and live until the callback
 * returns; NULL where the store holds NULL.
 */
#ifndef REAPBENCH_STORE_EXPORT_H
#define REAPBENCH_STORE_EXPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "store.h"

struct rb_export_row {
	int64_t runset_id;
	const char *label;
	int64_t run_id;
	int seq;
	const char *scenario, *shape, *trigger, *contenders;
	int rep;
	bool valid;
	const char *invalid_reason;
	const char *params_json;
	const char *sweep_param;	/* NULL unless a sweep point */
	double sweep_value;
	const char *sweep2_param;	/* NULL unless a 2-D sweep point */
	double sweep2_value;
	double wall_us;
	const char *started_at;
	const char *boot_id;		/* NULL: not recorded (before schema 3) */
	const char *uuid;		/* the run's UUID; NULL before schema 5 */
	const char *metric;		/* NULL: the run has no metric */
	bool has_value;
	double value;
	const char *value_text;		/* the value as SQLite renders it, NULL when none */
	const char *text;
	const char *absent;
};

typedef int (*rb_export_row_cb)(const struct rb_export_row *row, void *ctx);

/* Rows ordered by run (seq), then metric name; a non-zero cb return stops
 * and is returned; -1 with a message on a store error. */
int store_export_rows(struct rb_store *st, int64_t runset_id, rb_export_row_cb cb, void *ctx);

#endif
