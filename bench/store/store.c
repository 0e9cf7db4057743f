#include "store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"

static const char *const schema_sql =
	"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);"
	"CREATE TABLE IF NOT EXISTS runsets("
	"  id INTEGER PRIMARY KEY, label TEXT NOT NULL, kernel_release TEXT,"
	"  started_at TEXT, ended_at TEXT, suite_version TEXT, git_commit TEXT,"
	"  command TEXT, seed INTEGER, info_json TEXT, status TEXT);"
	"CREATE TABLE IF NOT EXISTS runs("
	"  id INTEGER PRIMARY KEY,"
	"  runset_id INTEGER NOT NULL REFERENCES runsets(id) ON DELETE CASCADE,"
	"  seq INTEGER, scenario TEXT, shape TEXT, trigger TEXT, contenders TEXT,"
	"  params_json TEXT, sweep_param TEXT, sweep_value REAL,"
	"  sweep2_param TEXT, sweep2_value REAL, rep INTEGER,"
	"  valid INTEGER NOT NULL, invalid_reason TEXT, started_at TEXT, wall_us REAL);"
	"CREATE TABLE IF NOT EXISTS metrics("
	"  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
	"  name TEXT NOT NULL, value REAL, text TEXT, absent_reason TEXT,"
	"  PRIMARY KEY(run_id, name));"
	"CREATE INDEX IF NOT EXISTS runs_by_set ON runs(runset_id, scenario);"
	"CREATE INDEX IF NOT EXISTS runsets_by_label ON runsets(label);";

int store_exec(struct rb_store *st, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		err_msg("%s: %s\n", st->path, msg ? msg : "sqlite error");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int check_schema(struct rb_store *st)
{
	sqlite3_stmt *s;
	int version = -1;

	if (sqlite3_prepare_v2(st->db, "SELECT value FROM meta WHERE key='schema_version'",
			       -1, &s, NULL) != SQLITE_OK)
		return err_msg("%s: not a reapbench store: %s\n", st->path, sqlite3_errmsg(st->db));
	if (sqlite3_step(s) == SQLITE_ROW)
		version = atoi((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	if (version < 0) {
		char sql[128];

		snprintf(sql, sizeof(sql),
			 "INSERT INTO meta(key, value) VALUES('schema_version', '%d');",
			 RB_STORE_SCHEMA);
		return store_exec(st, sql);
	}
	if (version == 1) {
		/* 1 -> 2: the second dimension of 2-D sweeps */
		if (store_exec(st, "BEGIN IMMEDIATE;"
				 "ALTER TABLE runs ADD COLUMN sweep2_param TEXT;"
				 "ALTER TABLE runs ADD COLUMN sweep2_value REAL;"
				 "UPDATE meta SET value='2' WHERE key='schema_version';"
				 "COMMIT;")) {
			store_exec(st, "ROLLBACK");
			return -1;
		}
		debug_msg("%s: store schema upgraded from 1 to 2\n", st->path);
		version = 2;
	}
	if (version != RB_STORE_SCHEMA)
		return err_msg("%s: store schema version %d, this reapbench reads version %d\n",
			       st->path, version, RB_STORE_SCHEMA);
	return 0;
}

int store_open(const char *path, struct rb_store *st)
{
	char *dir, *slash;

	memset(st, 0, sizeof(*st));
	st->path = strdup(path);
	if (!st->path)
		return err_msg("out of memory\n");
	dir = strdup(path);
	slash = dir ? strrchr(dir, '/') : NULL;
	if (slash && slash != dir) {
		*slash = 0;
		if (mkdir(dir, 0755) && errno != EEXIST) {
			err_msg("%s: cannot create directory: %s\n", dir, strerror(errno));
			free(dir);
			return -1;
		}
	}
	free(dir);
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)) {
		err_msg("%s: %s\n", path, sqlite3_errmsg(st->db));
		store_close(st);
		return -1;
	}
	sqlite3_busy_timeout(st->db, 5000);
	if (store_exec(st, "PRAGMA foreign_keys=ON; PRAGMA journal_mode=WAL;") ||
	    store_exec(st, schema_sql) || check_schema(st)) {
		store_close(st);
		return -1;
	}
	return 0;
}

void store_close(struct rb_store *st)
{
	if (st->db)
		sqlite3_close(st->db);
	free(st->path);
	memset(st, 0, sizeof(*st));
}

static int step_done(struct rb_store *st, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return err_msg("%s: %s\n", st->path, sqlite3_errmsg(st->db));
	return 0;
}

static int prepare(struct rb_store *st, const char *sql, sqlite3_stmt **s)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, s, NULL) != SQLITE_OK)
		return err_msg("%s: %s\n", st->path, sqlite3_errmsg(st->db));
	return 0;
}

int store_runset_begin(struct rb_store *st, const char *label, const char *kernel_release,
		       const char *command, uint64_t seed, const char *info_json,
		       int64_t *runset_id)
{
	sqlite3_stmt *s;
	char now[32];

	now_iso8601(now, sizeof(now));
	if (prepare(st, "INSERT INTO runsets(label, kernel_release, started_at, suite_version,"
			" git_commit, command, seed, info_json, status)"
			" VALUES(?,?,?,?,?,?,?,?,'running')", &s))
		return -1;
	sqlite3_bind_text(s, 1, label, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, kernel_release, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, REAPBENCH_VERSION, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, REAPBENCH_GIT, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, command, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 7, (sqlite3_int64)seed);
	sqlite3_bind_text(s, 8, info_json, -1, SQLITE_TRANSIENT);
	if (step_done(st, s))
		return -1;
	*runset_id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int store_runset_end(struct rb_store *st, int64_t runset_id, const char *status)
{
	sqlite3_stmt *s;
	char now[32];

	now_iso8601(now, sizeof(now));
	if (prepare(st, "UPDATE runsets SET ended_at=?, status=? WHERE id=?", &s))
		return -1;
	sqlite3_bind_text(s, 1, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, status, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 3, runset_id);
	return step_done(st, s);
}

static int insert_metrics(struct rb_store *st, int64_t run_id, const struct rb_metrics *m)
{
	sqlite3_stmt *s;
	int i;

	if (prepare(st, "INSERT INTO metrics(run_id, name, value, text, absent_reason)"
			" VALUES(?,?,?,?,?)", &s))
		return -1;
	for (i = 0; i < m->n; i++) {
		const struct rb_metric *x = &m->m[i];

		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
		sqlite3_bind_int64(s, 1, run_id);
		sqlite3_bind_text(s, 2, x->name, -1, SQLITE_STATIC);
		if (x->absent[0])
			sqlite3_bind_text(s, 5, x->absent, -1, SQLITE_STATIC);
		else if (x->text[0])
			sqlite3_bind_text(s, 4, x->text, -1, SQLITE_STATIC);
		else
			sqlite3_bind_double(s, 3, x->value);
		if (sqlite3_step(s) != SQLITE_DONE) {
			err_msg("%s: %s\n", st->path, sqlite3_errmsg(st->db));
			sqlite3_finalize(s);
			return -1;
		}
	}
	sqlite3_finalize(s);
	return 0;
}

int store_run_add(struct rb_store *st, int64_t runset_id, const struct rb_run_record *r,
		  const struct rb_metrics *m, int64_t *run_id)
{
	sqlite3_stmt *s;

	if (store_exec(st, "BEGIN IMMEDIATE"))
		return -1;
	if (prepare(st, "INSERT INTO runs(runset_id, seq, scenario, shape, trigger, contenders,"
			" params_json, sweep_param, sweep_value, sweep2_param, sweep2_value, rep,"
			" valid, invalid_reason, started_at, wall_us)"
			" VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", &s))
		goto fail;
	sqlite3_bind_int64(s, 1, runset_id);
	sqlite3_bind_int(s, 2, r->seq);
	sqlite3_bind_text(s, 3, r->scenario, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, r->shape, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 5, r->trigger, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 6, r->contenders ? r->contenders : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 7, r->params_json, -1, SQLITE_TRANSIENT);
	if (r->sweep_param) {
		sqlite3_bind_text(s, 8, r->sweep_param, -1, SQLITE_TRANSIENT);
		sqlite3_bind_double(s, 9, r->sweep_value);
	}
	if (r->sweep2_param) {
		sqlite3_bind_text(s, 10, r->sweep2_param, -1, SQLITE_TRANSIENT);
		sqlite3_bind_double(s, 11, r->sweep2_value);
	}
	sqlite3_bind_int(s, 12, r->rep);
	sqlite3_bind_int(s, 13, m->valid);
	if (!m->valid)
		sqlite3_bind_text(s, 14, m->invalid_reason, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 15, r->started_at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_double(s, 16, r->wall_us);
	if (step_done(st, s))
		goto fail;
	*run_id = sqlite3_last_insert_rowid(st->db);
	if (insert_metrics(st, *run_id, m))
		goto fail;
	return store_exec(st, "COMMIT");
fail:
	store_exec(st, "ROLLBACK");
	return -1;
}

int store_runset_resolve(struct rb_store *st, const char *spec, int64_t *runset_id)
{
	sqlite3_stmt *s;
	long id;
	int rc;

	if (spec[0] == '#' && !parse_long(spec + 1, 1, INT32_MAX, &id)) {
		rc = prepare(st, "SELECT id FROM runsets WHERE id=?", &s);
		if (rc)
			return -1;
		sqlite3_bind_int64(s, 1, id);
	} else {
		rc = prepare(st, "SELECT id FROM runsets WHERE label=?1"
				 " OR CAST(id AS TEXT)=?1 ORDER BY (label=?1) DESC, id DESC LIMIT 1", &s);
		if (rc)
			return -1;
		sqlite3_bind_text(s, 1, spec, -1, SQLITE_TRANSIENT);
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*runset_id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return err_msg("%s: no run set '%s'\n", st->path, spec);
	return 0;
}

int store_runset_latest(struct rb_store *st, int64_t *runset_id)
{
	sqlite3_stmt *s;
	int rc;

	if (prepare(st, "SELECT MAX(id) FROM runsets", &s))
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
		*runset_id = sqlite3_column_int64(s, 0);
	else
		rc = SQLITE_DONE;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return err_msg("%s: the store holds no run set\n", st->path);
	return 0;
}
