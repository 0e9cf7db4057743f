/*
 * The store: the only code that speaks SQL (tests/offline/store-owns-sql.t
 * keeps <sqlite3.h> inside bench/store). Two backends, one schema: a SQLite
 * file (the default) or a PostgreSQL database named by a postgresql:// URI
 * (--db, or the REAPBENCH_DB environment variable), the shared store of many
 * hosts (`reapbench push`). Schema (version RB_STORE_SCHEMA, kept in
 * meta.schema_version, and in a SQLite file also PRAGMA user_version; PRAGMA
 * application_id is RB_STORE_APP_ID):
 *
 *   runsets(id, label, kernel_release, started_at, ended_at, suite_version,
 *           git_commit, command, seed, info_json, status,
 *           writer_pid, writer_start, boot_id, uuid, host, machine_id)
 *       uuid: the run set everywhere it is pushed; host, machine_id: the
 *       host that wrote it (hostname, /etc/machine-id) (schema 5)
 *       status: running / complete / interrupted / failed / died
 *       writer_pid, writer_start (the writer's start time, clock ticks after
 *       boot), boot_id (the writer's host boot): who writes a `running` set; a
 *       writer's open marks `running` sets whose process is gone `died` (schema 3)
 *   runs(id, runset_id, seq, scenario, shape, trigger, contenders, params_json,
 *        sweep_param, sweep_value, sweep2_param, sweep2_value, rep, valid,
 *        invalid_reason, started_at, wall_us, boot_id, uuid)
 *       sweep values in the parameter's unit: bytes (size), us (durations), counts
 *       sweep2_*: the second parameter of a 2-D sweep (schema 2; NULL otherwise)
 *       boot_id: the boot of the measured kernel (the host's, or the QEMU
 *       guest's for imported runs); NULL for runs stored before schema 3
 *   metrics(run_id, name, value, text, absent_reason)
 *       exactly one of value / text / absent_reason is non-NULL
 *   margins(...): equivalence margins from A/A run sets (schema 4,
 *       store_margins.h)
 *
 * Every run is committed on its own transaction as soon as it finishes, so an
 * interrupted run set keeps what it finished.
 *
 * Opening: store_open() is for writers: it creates a missing store (schema in
 * one BEGIN IMMEDIATE transaction, so concurrent first opens agree), upgrades
 * an older schema in place, and refuses, before writing anything, a file that
 * is not a reapbench store. store_open_readonly() is for readers: it never
 * creates or writes, and reads a store on read-only media. Both refuse a
 * symbolic link. Errors are printed as one line naming the path.
 */
#ifndef REAPBENCH_STORE_H
#define REAPBENCH_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "metrics.h"

#define RB_STORE_SCHEMA 5
#define RB_STORE_APP_ID 0x52626e63	/* "Rbnc": PRAGMA application_id of a store */
#define RB_DEFAULT_DB "results/reapbench.db"
#define RB_BOOT_ID_LEN 40		/* a boot id ("8-4-4-4-12" hex) and its NUL */
#define RB_UUID_LEN 40			/* a UUID as text and its NUL */
#define RB_HOST_LEN 256			/* a host name and its NUL */
#define RB_MACHINE_ID_LEN 40		/* /etc/machine-id (32 hex) and its NUL */

struct store_ops;

struct rb_store {
	void *db;		/* the backend's connection; NULL when not open */
	const struct store_ops *ops;
	char *path;		/* a file, or a postgresql:// URI */
	int schema;		/* the store's schema version as opened */
	bool readonly;
	bool tidy_wal;		/* a reader found no -wal/-shm: remove the ones it leaves */
	char boot_id[RB_BOOT_ID_LEN];	/* this host's boot, recorded by writers */
	char host[RB_HOST_LEN];		/* this host, recorded with each run set */
	char machine_id[RB_MACHINE_ID_LEN];
};

/* The store commands use without --db: $REAPBENCH_DB, else RB_DEFAULT_DB. */
const char *store_default_path(void);

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

/* Open for writing (see above); 0, or -1 with a message. st is zeroed first
 * and owns its strings: free with store_close(). */
int store_open(const char *path, struct rb_store *st);
/* Open for reading only; a missing path is an error, nothing is created. */
int store_open_readonly(const char *path, struct rb_store *st);
/* Close and free; safe on a zeroed or already closed store. */
void store_close(struct rb_store *st);

/* A new run set, status running, owned by this process; strings are copied. */
int store_runset_begin(struct rb_store *st, const char *label, const char *kernel_release,
		       const char *command, uint64_t seed, const char *info_json,
		       int64_t *runset_id);
int store_runset_end(struct rb_store *st, int64_t runset_id, const char *status);
/* One run and its metrics in one transaction; the run's boot is this host's. */
int store_run_add(struct rb_store *st, int64_t runset_id, const struct rb_run_record *r,
		  const struct rb_metrics *m, int64_t *run_id);

/* Resolve "label", "#id" or a bare id to a run-set id (newest run set with that label). */
int store_runset_resolve(struct rb_store *st, const char *spec, int64_t *runset_id);
/* The same among the run sets host wrote (NULL: any host). */
int store_runset_resolve_on_host(struct rb_store *st, const char *spec, const char *host,
				 int64_t *runset_id);
/* The newest run set. */
int store_runset_latest(struct rb_store *st, int64_t *runset_id);
/* The newest run set labelled exactly label; *runset_id = 0 when there is none. */
int store_runset_find_label(struct rb_store *st, const char *label, int64_t *runset_id);

/* The boot each run of a run set measured: the unit of replication. */
struct rb_run_boot {
	int64_t run_id;
	bool valid;
	char boot_id[RB_BOOT_ID_LEN];	/* "" when not recorded (stored before schema 3) */
};

/* Every run of the run set in seq order into *boots (malloc'd, the caller
 * free()s it; NULL when *n is 0). 0, or -1 with a message. */
int store_runset_boot_ids(struct rb_store *st, int64_t runset_id, struct rb_run_boot **boots,
			  size_t *n);

#endif
