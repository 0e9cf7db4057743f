/* The store's schema: what a file is, creating it, upgrading it (store.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"
#include "store_internal.h"

#define STR_(x) #x
#define STR(x) STR_(x)

/* schema 4: equivalence margins from A/A run sets (store_margins.h); "%1$s"
 * is the dialect's id column */
#define MARGINS_SQL \
	"CREATE TABLE margins("\
	"  id %1$s, runset_label TEXT NOT NULL, kernel_release TEXT,"\
	"  machine TEXT, built_at TEXT NOT NULL, scenario TEXT NOT NULL, metric TEXT NOT NULL,"\
	"  scale TEXT NOT NULL, margin DOUBLE PRECISION NOT NULL, boots BIGINT NOT NULL,"\
	"  warmup BIGINT, seed BIGINT, UNIQUE(runset_label, scenario, metric));"

/* The schema, written once for both backends: "%1$s" is the dialect's id column. */
static const char *const schema_fmt =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
	"CREATE TABLE runsets("
	"  id %1$s, label TEXT NOT NULL, kernel_release TEXT,"
	"  started_at TEXT, ended_at TEXT, suite_version TEXT, git_commit TEXT,"
	"  command TEXT, seed BIGINT, info_json TEXT, status TEXT,"
	"  writer_pid BIGINT, writer_start BIGINT, boot_id TEXT,"
	"  uuid TEXT, host TEXT, machine_id TEXT);"
	"CREATE TABLE runs("
	"  id %1$s,"
	"  runset_id BIGINT NOT NULL REFERENCES runsets(id) ON DELETE CASCADE,"
	"  seq INTEGER, scenario TEXT, shape TEXT, trigger TEXT, contenders TEXT,"
	"  params_json TEXT, sweep_param TEXT, sweep_value DOUBLE PRECISION,"
	"  sweep2_param TEXT, sweep2_value DOUBLE PRECISION, rep INTEGER,"
	"  valid INTEGER NOT NULL, invalid_reason TEXT, started_at TEXT,"
	"  wall_us DOUBLE PRECISION, boot_id TEXT, uuid TEXT);"
	"CREATE TABLE metrics("
	"  run_id BIGINT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
	"  name TEXT NOT NULL, value DOUBLE PRECISION, text TEXT, absent_reason TEXT,"
	"  PRIMARY KEY(run_id, name));"
	"CREATE INDEX runs_by_set ON runs(runset_id, scenario);"
	MARGINS_SQL
	"CREATE INDEX runsets_by_label ON runsets(label);"
	"CREATE UNIQUE INDEX runsets_by_uuid ON runsets(uuid);"
	"CREATE UNIQUE INDEX runs_by_uuid ON runs(uuid);"
	"INSERT INTO meta(key, value) VALUES('schema_version', '" STR(RB_STORE_SCHEMA) "');";

/* One integer from a query; -1 with the sqlite message when it fails. */
static int query_int(struct rb_store *st, const char *sql, long long *v, const char **why)
{
	sqlite3_stmt *s;
	int rc;

	*v = 0;
	if (sqlite3_prepare_v2(store_sqlite_db(st), sql, -1, &s, NULL) != SQLITE_OK) {
		*why = sqlite3_errmsg(store_sqlite_db(st));
		return -1;
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
		*v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*why = sqlite3_errmsg(store_sqlite_db(st));
		return -1;
	}
	return 0;
}

int store_identify(struct rb_store *st, const char *schema, const char *file,
		   enum store_kind *kind, int *version)
{
	const char *why = NULL;
	long long app, objects, tables, v;
	struct stat sb;
	char sql[256];

	*kind = STORE_FOREIGN;
	*version = -1;
	snprintf(sql, sizeof(sql), "PRAGMA %s.application_id", schema);
	if (query_int(st, sql, &app, &why))
		return err_msg("%s: %s\n", file, why);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s.sqlite_master", schema);
	if (query_int(st, sql, &objects, &why))
		return err_msg("%s: %s\n", file, why);
	/* new: a file of 0 bytes (just created, or by mkstemp); any SQLite file
	 * with a header, even one without tables, is someone else's */
	if (app == 0 && objects == 0 && !strcmp(schema, "main") &&
	    !lstat(file, &sb) && sb.st_size == 0) {
		*kind = STORE_EMPTY;
		return 0;
	}
	if (app != RB_STORE_APP_ID && app != 0)
		return 0;
	/* application_id 0: a store from before schema 3 has our four tables */
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s.sqlite_master WHERE type='table'"
		 " AND name IN ('meta', 'runsets', 'runs', 'metrics')", schema);
	if (app == 0 && (query_int(st, sql, &tables, &why) || tables != 4))
		return 0;
	snprintf(sql, sizeof(sql), "SELECT CAST(value AS INTEGER) FROM %s.meta"
		 " WHERE key='schema_version'", schema);
	if (query_int(st, sql, &v, &why) || v <= 0)
		return 0;
	*kind = STORE_OURS;
	*version = v > INT32_MAX ? INT32_MAX : (int)v;
	return 0;
}

int store_schema_create(struct rb_store *st)
{
	char sql[4096];

	snprintf(sql, sizeof(sql), schema_fmt, st->ops->id_column);
	if (store_exec(st, sql))
		return -1;
	return st->ops->schema_marks ? store_exec(st, st->ops->schema_marks) : 0;
}

/* A fresh UUID for every row of table without one (rows from before schema 5). */
int store_fill_uuids(struct rb_store *st, const char *table)
{
	struct store_stmt *sel, *upd;
	char sql[128], uuid[RB_UUID_LEN];
	int rc;

	snprintf(sql, sizeof(sql), "SELECT id FROM %s WHERE uuid IS NULL", table);
	if (store_prepare(st, sql, &sel))
		return -1;
	snprintf(sql, sizeof(sql), "UPDATE %s SET uuid=? WHERE id=?", table);
	if (store_prepare(st, sql, &upd)) {
		store_finalize(sel);
		return -1;
	}
	while ((rc = store_step(sel)) == STORE_ROW) {
		store_reset(upd);
		if (store_uuid(uuid) || store_bind_text(upd, 1, uuid) ||
		    store_bind_int64(upd, 2, store_col_int64(sel, 0)) ||
		    store_step(upd) != STORE_DONE) {
			rc = -1;
			break;
		}
	}
	store_finalize(upd);
	store_finalize(sel);
	return rc == STORE_DONE ? 0 : -1;
}

int store_schema_upgrade(struct rb_store *st, int version)
{
	if (version == 1) {
		/* 1 -> 2: the second dimension of 2-D sweeps */
		if (store_exec(st, "ALTER TABLE runs ADD COLUMN sweep2_param TEXT;"
				 "ALTER TABLE runs ADD COLUMN sweep2_value REAL;"))
			return -1;
		version = 2;
	}
	if (version == 2) {
		/* 2 -> 3: who writes a run set (for `died`), the boot each run measured,
		 * and the file marks that tell a store from any other SQLite file */
		if (store_exec(st, "ALTER TABLE runsets ADD COLUMN writer_pid INTEGER;"
				 "ALTER TABLE runsets ADD COLUMN writer_start INTEGER;"
				 "ALTER TABLE runsets ADD COLUMN boot_id TEXT;"
				 "ALTER TABLE runs ADD COLUMN boot_id TEXT;"
				 "PRAGMA application_id=" STR(RB_STORE_APP_ID) ";"))
			return -1;
		version = 3;
	}
	if (version == 3) {
		/* 3 -> 4: equivalence margins learned from A/A run sets */
		char sql[512];

		snprintf(sql, sizeof(sql), MARGINS_SQL, st->ops->id_column);
		if (store_exec(st, sql))
			return -1;
		version = 4;
	}
	if (version == 4) {
		/* 4 -> 5: run sets and runs named the same in every store they are
		 * pushed to, and the host that wrote each run set (unknown before) */
		if (store_exec(st, "ALTER TABLE runsets ADD COLUMN uuid TEXT;"
				 "ALTER TABLE runsets ADD COLUMN host TEXT;"
				 "ALTER TABLE runsets ADD COLUMN machine_id TEXT;"
				 "ALTER TABLE runs ADD COLUMN uuid TEXT;"
				 "CREATE UNIQUE INDEX runsets_by_uuid ON runsets(uuid);"
				 "CREATE UNIQUE INDEX runs_by_uuid ON runs(uuid);") ||
		    store_fill_uuids(st, "runsets") || store_fill_uuids(st, "runs"))
			return -1;
		if (st->ops->schema_marks && store_exec(st, st->ops->schema_marks))
			return -1;
		version = 5;
	}
	if (version != RB_STORE_SCHEMA)
		return err_msg("%s: store schema version %d, this reapbench reads version %d\n",
			       st->path, version, RB_STORE_SCHEMA);
	return store_exec(st, "UPDATE meta SET value='" STR(RB_STORE_SCHEMA) "'"
			  " WHERE key='schema_version'");
}
