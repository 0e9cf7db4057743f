/* The store's schema: what a file is, creating it, upgrading it (store.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"
#include "store_internal.h"

#define STR_(x) #x
#define STR(x) STR_(x)

/* schema 4: equivalence margins from A/A run sets (store_margins.h) */
#define MARGINS_SQL \
	"CREATE TABLE margins("\
	"  id INTEGER PRIMARY KEY, runset_label TEXT NOT NULL, kernel_release TEXT,"\
	"  machine TEXT, built_at TEXT NOT NULL, scenario TEXT NOT NULL, metric TEXT NOT NULL,"\
	"  scale TEXT NOT NULL, margin REAL NOT NULL, boots INTEGER NOT NULL,"\
	"  warmup INTEGER, seed INTEGER, UNIQUE(runset_label, scenario, metric));"

static const char *const schema_sql =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
	"CREATE TABLE runsets("
	"  id INTEGER PRIMARY KEY, label TEXT NOT NULL, kernel_release TEXT,"
	"  started_at TEXT, ended_at TEXT, suite_version TEXT, git_commit TEXT,"
	"  command TEXT, seed INTEGER, info_json TEXT, status TEXT,"
	"  writer_pid INTEGER, writer_start INTEGER, boot_id TEXT);"
	"CREATE TABLE runs("
	"  id INTEGER PRIMARY KEY,"
	"  runset_id INTEGER NOT NULL REFERENCES runsets(id) ON DELETE CASCADE,"
	"  seq INTEGER, scenario TEXT, shape TEXT, trigger TEXT, contenders TEXT,"
	"  params_json TEXT, sweep_param TEXT, sweep_value REAL,"
	"  sweep2_param TEXT, sweep2_value REAL, rep INTEGER,"
	"  valid INTEGER NOT NULL, invalid_reason TEXT, started_at TEXT, wall_us REAL,"
	"  boot_id TEXT);"
	"CREATE TABLE metrics("
	"  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
	"  name TEXT NOT NULL, value REAL, text TEXT, absent_reason TEXT,"
	"  PRIMARY KEY(run_id, name));"
	"CREATE INDEX runs_by_set ON runs(runset_id, scenario);"
	MARGINS_SQL
	"CREATE INDEX runsets_by_label ON runsets(label);"
	"INSERT INTO meta(key, value) VALUES('schema_version', '" STR(RB_STORE_SCHEMA) "');"
	"PRAGMA application_id=" STR(RB_STORE_APP_ID) ";"
	"PRAGMA user_version=" STR(RB_STORE_SCHEMA) ";";

/* One integer from a query; -1 with the sqlite message when it fails. */
static int query_int(struct rb_store *st, const char *sql, long long *v, const char **why)
{
	sqlite3_stmt *s;
	int rc;

	*v = 0;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		*why = sqlite3_errmsg(st->db);
		return -1;
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
		*v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*why = sqlite3_errmsg(st->db);
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
	return store_exec(st, schema_sql);
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
				 "PRAGMA application_id=" STR(RB_STORE_APP_ID) ";"
				 "PRAGMA user_version=" STR(RB_STORE_SCHEMA) ";"))
			return -1;
		version = 3;
	}
	if (version == 3) {
		/* 3 -> 4: equivalence margins learned from A/A run sets */
		if (store_exec(st, MARGINS_SQL
				 "PRAGMA user_version=" STR(RB_STORE_SCHEMA) ";"))
			return -1;
		version = 4;
	}
	if (version != RB_STORE_SCHEMA)
		return err_msg("%s: store schema version %d, this reapbench reads version %d\n",
			       st->path, version, RB_STORE_SCHEMA);
	return store_exec(st, "UPDATE meta SET value='" STR(RB_STORE_SCHEMA) "'"
			  " WHERE key='schema_version'");
}
