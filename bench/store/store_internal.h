/*
 * Helpers shared by the store's own files; nothing outside bench/store
 * includes this (it brings <sqlite3.h>).
 *
 * Two backends behind one statement interface (struct store_ops): SQLite
 * (store_sqlite.c) and PostgreSQL through libpq (store_pg.c). Statements are
 * written once with `?` / `?N` placeholders; the few differences of dialect
 * (id columns, GLOB, the write lock, file marks) are fields of the ops.
 */
#ifndef REAPBENCH_STORE_INTERNAL_H
#define REAPBENCH_STORE_INTERNAL_H

#include <sqlite3.h>

#include "store.h"

/* What store_step() returns besides -1 (an error, already printed). */
enum { STORE_ROW = 1, STORE_DONE = 2 };
/* A column's type in a result row. */
enum store_type { STORE_NULL, STORE_INT, STORE_FLOAT, STORE_TEXT };

/* A prepared statement; each backend extends it. */
struct store_stmt {
	struct rb_store *st;
};

/* What one backend does; the strings are its dialect. */
struct store_ops {
	const char *name;
	int (*open)(struct rb_store *st, const char *target, bool readonly);
	void (*close)(struct rb_store *st);
	/* what the connected database holds (enum store_kind), read without writing */
	int (*identify)(struct rb_store *st, int *kind, int *version);
	/* SQL without parameters or rows, several statements allowed */
	int (*exec)(struct rb_store *st, const char *sql);
	int (*prepare)(struct rb_store *st, const char *sql, struct store_stmt **s);
	int (*step)(struct store_stmt *s);
	void (*reset)(struct store_stmt *s);		/* keeps the bindings */
	void (*clear)(struct store_stmt *s);		/* every parameter NULL */
	void (*finalize)(struct store_stmt *s);
	int (*bind_int64)(struct store_stmt *s, int i, int64_t v);
	int (*bind_double)(struct store_stmt *s, int i, double v);
	int (*bind_text)(struct store_stmt *s, int i, const char *v);	/* copied; NULL: NULL */
	enum store_type (*col_type)(struct store_stmt *s, int i);
	int64_t (*col_int64)(struct store_stmt *s, int i);
	double (*col_double)(struct store_stmt *s, int i);
	const char *(*col_text)(struct store_stmt *s, int i);	/* NULL when NULL */
	const char *(*errmsg)(struct rb_store *st);
	/* dialect */
	const char *id_column;		/* an autoincrementing integer primary key */
	const char *begin_write;	/* a transaction that writes */
	const char *schema_lock;	/* after begin_write: serialize schema creation, or NULL */
	const char *schema_marks;	/* what marks a file as a store, or NULL */
	const char *glob_op;		/* matches store_bind_glob()'s parameter */
	const char *strpos;		/* position of a substring: f(text, sub) */
	bool glob_as_regex;		/* store_bind_glob() binds a POSIX regex */
};

extern const struct store_ops store_sqlite_ops;
extern const struct store_ops store_pg_ops;

/* A PostgreSQL connection URI (postgresql:// or postgres://). */
bool store_is_pg(const char *target);
/* The raw SQLite handle, NULL on another backend (ATTACH for guest imports). */
sqlite3 *store_sqlite_db(struct rb_store *st);

/* Prepare sql on st; -1 with "path: message" on error. */
int store_prepare(struct rb_store *st, const char *sql, struct store_stmt **s);
/* Step: STORE_ROW, STORE_DONE, or -1 with the message printed. */
int store_step(struct store_stmt *s);
/* Step a statement that returns no rows, then finalize it; -1 with a message. */
int store_step_done(struct store_stmt *s);
void store_reset(struct store_stmt *s);
void store_clear(struct store_stmt *s);
void store_finalize(struct store_stmt *s);
int store_bind_int64(struct store_stmt *s, int i, int64_t v);
int store_bind_double(struct store_stmt *s, int i, double v);
int store_bind_text(struct store_stmt *s, int i, const char *v);
/* A GLOB pattern ("*" when NULL or empty) for the dialect's glob_op. */
int store_bind_glob(struct store_stmt *s, int i, const char *glob);
/* Column i of src bound as parameter i_dst of dst, type kept (another store's). */
int store_bind_col(struct store_stmt *dst, int i_dst, struct store_stmt *src, int i_src);
enum store_type store_col_type(struct store_stmt *s, int i);
int64_t store_col_int64(struct store_stmt *s, int i);
double store_col_double(struct store_stmt *s, int i);
/* Column i as a malloc'd string (the caller frees it), NULL when NULL. */
char *store_col_dup(struct store_stmt *s, int i);
/* Column i as text owned by the statement, NULL when NULL. */
const char *store_col_text(struct store_stmt *s, int i);
/* Run SQL with no result rows; -1 with a message. */
int store_exec(struct rb_store *st, const char *sql);
/* The backend's last error message. */
const char *store_errmsg(struct rb_store *st);
/* One integer from a query without parameters; 0 when no row; -1 with a message. */
int store_query_int64(struct rb_store *st, const char *sql, int64_t *v);

/* What a file holds, read without writing (store_schema.c). schema: "main" or
 * an attached name, file: its path for messages. *version is the store's
 * schema version when ours. SQLite only. */
enum store_kind { STORE_EMPTY, STORE_OURS, STORE_FOREIGN };
int store_identify(struct rb_store *st, const char *schema, const char *file,
		   enum store_kind *kind, int *version);
/* Create the schema in an empty store, or upgrade an older one in place;
 * inside the caller's write transaction. */
int store_schema_create(struct rb_store *st);
int store_schema_upgrade(struct rb_store *st, int version);
/* A fresh UUID for every row of table ("runsets", "runs") without one. */
int store_fill_uuids(struct rb_store *st, const char *table);

/* This process as a writer (store_writer.c): the host's boot id into
 * boot_id, the process start time in clock ticks after boot into *start. */
int store_writer_identity(char boot_id[RB_BOOT_ID_LEN], uint64_t *start);
/* This host: its name and /etc/machine-id (empty when unreadable). */
void store_host_identity(char host[RB_HOST_LEN], char machine_id[RB_MACHINE_ID_LEN]);
/* A random version-4 UUID from getrandom(2) as text. */
int store_uuid(char uuid[RB_UUID_LEN]);
/* Mark `running` run sets whose writer is gone `died`; in a write transaction. */
int store_mark_died(struct rb_store *st);

#endif
