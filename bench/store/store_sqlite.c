/* The SQLite backend of the store (store_internal.h): a file on this host. */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "store_internal.h"

#define BUSY_TIMEOUT_MS 30000	/* concurrent writers wait for each other's transaction */

struct sq_stmt {
	struct store_stmt base;
	sqlite3_stmt *s;
};

#define SQ(x) (((struct sq_stmt *)(x))->s)
#define DB(st) ((sqlite3 *)(st)->db)

sqlite3 *store_sqlite_db(struct rb_store *st)
{
	return st->ops == &store_sqlite_ops ? DB(st) : NULL;
}

static int sq_open(struct rb_store *st, const char *target, bool readonly)
{
	sqlite3 *db = NULL;
	int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	int rc = sqlite3_open_v2(target, &db, flags | SQLITE_OPEN_NOFOLLOW |
				 (strncmp(target, "file:", 5) ? 0 : SQLITE_OPEN_URI), NULL);

	st->db = db;
	st->ops = &store_sqlite_ops;
	if (rc != SQLITE_OK) {
		if (db && sqlite3_extended_errcode(db) == SQLITE_CANTOPEN_SYMLINK)
			return err_msg("%s: the path goes through a symbolic link; --db takes the"
				       " store's real path\n", st->path);
		return err_msg("%s: %s\n", st->path, db ? sqlite3_errmsg(db) : "out of memory");
	}
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
	return 0;
}

static void sq_close(struct rb_store *st)
{
	sqlite3_close(DB(st));
	st->db = NULL;
}

static int sq_identify(struct rb_store *st, int *kind, int *version)
{
	enum store_kind k;
	int rc = store_identify(st, "main", st->path, &k, version);

	*kind = k;
	return rc;
}

static int sq_exec(struct rb_store *st, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(DB(st), sql, NULL, NULL, &msg) != SQLITE_OK) {
		err_msg("%s: %s\n", st->path, msg ? msg : "sqlite error");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int sq_prepare(struct rb_store *st, const char *sql, struct store_stmt **out)
{
	struct sq_stmt *s = calloc(1, sizeof(*s));

	*out = NULL;
	if (!s)
		return err_msg("out of memory\n");
	s->base.st = st;
	if (sqlite3_prepare_v2(DB(st), sql, -1, &s->s, NULL) != SQLITE_OK) {
		free(s);
		return err_msg("%s: %s\n", st->path, sqlite3_errmsg(DB(st)));
	}
	*out = &s->base;
	return 0;
}

static int sq_step(struct store_stmt *s)
{
	int rc = sqlite3_step(SQ(s));

	if (rc == SQLITE_ROW)
		return STORE_ROW;
	if (rc == SQLITE_DONE)
		return STORE_DONE;
	return err_msg("%s: %s\n", s->st->path, sqlite3_errmsg(DB(s->st)));
}

static void sq_reset(struct store_stmt *s)
{
	sqlite3_reset(SQ(s));
}

static void sq_clear(struct store_stmt *s)
{
	sqlite3_clear_bindings(SQ(s));
}

static void sq_finalize(struct store_stmt *s)
{
	sqlite3_finalize(SQ(s));
	free(s);
}

static int bind_rc(struct store_stmt *s, int rc)
{
	if (rc != SQLITE_OK)
		return err_msg("%s: %s\n", s->st->path, sqlite3_errmsg(DB(s->st)));
	return 0;
}

static int sq_bind_int64(struct store_stmt *s, int i, int64_t v)
{
	return bind_rc(s, sqlite3_bind_int64(SQ(s), i, v));
}

static int sq_bind_double(struct store_stmt *s, int i, double v)
{
	return bind_rc(s, sqlite3_bind_double(SQ(s), i, v));
}

static int sq_bind_text(struct store_stmt *s, int i, const char *v)
{
	return bind_rc(s, v ? sqlite3_bind_text(SQ(s), i, v, -1, SQLITE_TRANSIENT)
			    : sqlite3_bind_null(SQ(s), i));
}

static enum store_type sq_col_type(struct store_stmt *s, int i)
{
	switch (sqlite3_column_type(SQ(s), i)) {
	case SQLITE_INTEGER:
		return STORE_INT;
	case SQLITE_FLOAT:
		return STORE_FLOAT;
	case SQLITE_NULL:
		return STORE_NULL;
	default:
		return STORE_TEXT;
	}
}

static int64_t sq_col_int64(struct store_stmt *s, int i)
{
	return sqlite3_column_int64(SQ(s), i);
}

static double sq_col_double(struct store_stmt *s, int i)
{
	return sqlite3_column_double(SQ(s), i);
}

static const char *sq_col_text(struct store_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(SQ(s), i);
}

static const char *sq_errmsg(struct rb_store *st)
{
	return sqlite3_errmsg(DB(st));
}

#define STR_(x) #x
#define STR(x) STR_(x)

const struct store_ops store_sqlite_ops = {
	.name = "sqlite",
	.open = sq_open, .close = sq_close, .identify = sq_identify, .exec = sq_exec,
	.prepare = sq_prepare, .step = sq_step, .reset = sq_reset, .clear = sq_clear,
	.finalize = sq_finalize, .bind_int64 = sq_bind_int64, .bind_double = sq_bind_double,
	.bind_text = sq_bind_text, .col_type = sq_col_type, .col_int64 = sq_col_int64,
	.col_double = sq_col_double, .col_text = sq_col_text, .errmsg = sq_errmsg,
	.id_column = "INTEGER PRIMARY KEY",
	.begin_write = "BEGIN IMMEDIATE",
	.schema_lock = NULL,
	.schema_marks = "PRAGMA application_id=" STR(RB_STORE_APP_ID) ";"
			"PRAGMA user_version=" STR(RB_STORE_SCHEMA) ";",
	.glob_op = "GLOB",
	.strpos = "instr",
	.glob_as_regex = false,
};
