/*
 * The SQLite store. Schema (version RB_STORE_SCHEMA, kept in meta.schema_version):
 *
 *   runsets(id, label, kernel_release, started_at, ended_at, suite_version,
 *           git_commit, command, seed, info_json, status)
 *       status: running / complete / interrupted
 *   runs(id, runset_id, seq, scenario, shape, trigger, contenders, params_json,
 *        sweep_param, sweep_value, sweep2_param, sweep2_value, rep, valid,
 *        invalid_reason, started_at, wall_us)
 *       sweep values in the parameter's unit: bytes (size), us (durations), counts
 *       sweep2_*: the second parameter of a 2-D sweep (schema 2; NULL otherwise)
 *   metrics(run_id, name, value, text, absent_reason)
 *       exactly one of value / text / absent_reason is non-NULL
 *
 * Every run is committed on its own transaction as soon as it finishes, so an
 * interrupted run set keeps what it finished.
 */
#ifndef REAPBENCH_STORE_H
#define REAPBENCH_STORE_H

#include <stdint.h>
#include <sqlite3.h>

#include "metrics.h"

#define RB_STORE_SCHEMA 2
#define RB_DEFAULT_DB "results/reapbench.db"

struct rb_store {
	sqlite3 *db;
	char *path;
};

/* Scenario parameters of one run, as stored. */
struct rb_run_record {
	int seq;			/* order within the run set */
	const char *scenario;		/* scenario name */
	const char *shape;
	const char *trigger;
	const char *contenders;		/* comma list, "" for none */
	const char *params_json;	/* every parameter, units in keys */
	const char *sweep_param;	/* NULL when not a sweep point */
	double sweep_value;
	const char *sweep2_param;	/* second dimension of a 2-D sweep, else NULL */
	double sweep2_value;
	int rep;			/* repetition of this scenario, from 1 */
	const char *started_at;
	double wall_us;			/* harness wall time of the whole run */
};

int store_open(const char *path, struct rb_store *st);
void store_close(struct rb_store *st);

int store_runset_begin(struct rb_store *st, const char *label, const char *kernel_release,
		       const char *command, uint64_t seed, const char *info_json,
		       int64_t *runset_id);
int store_runset_end(struct rb_store *st, int64_t runset_id, const char *status);
int store_run_add(struct rb_store *st, int64_t runset_id, const struct rb_run_record *r,
		  const struct rb_metrics *m, int64_t *run_id);

/* Resolve "label", "#id" or a bare id to a run-set id (newest run set with that label). */
int store_runset_resolve(struct rb_store *st, const char *spec, int64_t *runset_id);

/* Run SQL with no result rows; reports the error with the store's path. */
int store_exec(struct rb_store *st, const char *sql);

/* The newest run set. */
int store_runset_latest(struct rb_store *st, int64_t *runset_id);

#endif
