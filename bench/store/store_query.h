/*
 * Read side of the store for compare / report / plot / trend / summary /
 * export. Only valid runs (runs.valid = 1) yield metric rows; invalid ones are
 * counted, never used. Filters are SQLite GLOB patterns ("*" or NULL:
 * everything). Strings in a row passed to a callback belong to the store and
 * live until the callback returns: copy what you keep.
 */
#ifndef REAPBENCH_STORE_QUERY_H
#define REAPBENCH_STORE_QUERY_H

#include <stdbool.h>
#include <stdint.h>

#include "store.h"

struct rb_runset_info {
	int64_t id;
	char *label, *kernel_release, *started_at, *ended_at;
	char *suite_version, *git_commit, *command, *info_json, *status;
	char *host, *machine_id;	/* who wrote it; NULL: not recorded (before schema 5) */
	char *uuid;			/* NULL before schema 5 */
	uint64_t seed;
	bool has_seed;			/* false: seed is NULL in the store */
	int runs_valid, runs_invalid;	/* within the scenario filter */
	char *invalid_reason;		/* the most frequent one, NULL if none */
};

/* Fill info for one run set; its strings are malloc'd (NULL when NULL in
 * the store): free them all with store_q_runset_free(). */
int store_q_runset(struct rb_store *st, int64_t id, const char *scenario_glob,
		   struct rb_runset_info *info);
void store_q_runset_free(struct rb_runset_info *info);

/* One metric of one valid run; exactly one of has_value / text / absent. */
struct rb_metric_row {
	int64_t run_id;
	const char *scenario;
	const char *name;
	bool has_value;
	double value;
	const char *text;	/* NULL unless a text metric */
	const char *absent;	/* NULL unless absent */
	const char *sweep_param;	/* NULL unless a sweep point */
	double sweep_value;
	const char *sweep2_param;	/* second dimension of a 2-D sweep point, else NULL */
	double sweep2_value;
	const char *boot_id;	/* the boot the run measured; NULL: not recorded */
};

typedef int (*rb_metric_row_cb)(const struct rb_metric_row *row, void *ctx);

/* Call cb for every metric row of the run set's valid runs, ordered by
 * scenario, metric name, run id. A non-zero cb return stops and is returned. */
int store_q_metrics(struct rb_store *st, int64_t runset_id, const char *scenario_glob,
		    const char *metric_glob, rb_metric_row_cb cb, void *ctx);

/* Every metric row of the run set's valid runs in the summary's order: a
 * scenario where its first run was, the points of one sweep together by
 * value, then by metric name and run order. Broken rows (no value, text or
 * reason) are passed as they are. */
int store_q_summary(struct rb_store *st, int64_t runset_id, rb_metric_row_cb cb, void *ctx);

/* The numeric values of one metric in the run set's valid runs, in run order. */
int store_q_metric_values(struct rb_store *st, int64_t runset_id, const char *metric,
			  rb_metric_row_cb cb, void *ctx);

/* *stored: some run of the run set (valid or not) has the metric, in any form. */
int store_q_metric_stored(struct rb_store *st, int64_t runset_id, const char *metric,
			  bool *stored);

/* Each scenario name of the run set once (any order); a non-zero cb return stops. */
int store_q_scenarios(struct rb_store *st, int64_t runset_id,
		      int (*cb)(const char *scenario, void *ctx), void *ctx);

/* Ids of every run set, oldest first, optionally only these labels (GLOB). */
/* *ids is malloc'd (the caller free()s it), NULL when *n is 0. */
int store_q_runset_ids(struct rb_store *st, const char *label_glob, int64_t **ids, size_t *n);
/* The same, only run sets written by a host matching host_glob (NULL: any
 * host; a store before schema 5 records no host, so matches none then). */
int store_q_runset_ids_on_host(struct rb_store *st, const char *label_glob,
			       const char *host_glob, int64_t **ids, size_t *n);

#endif
