/* Small SQLite helpers for the store's files (store_internal.h). */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "store_internal.h"

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

int store_prepare(struct rb_store *st, const char *sql, sqlite3_stmt **s)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, s, NULL) != SQLITE_OK)
		return err_msg("%s: %s\n", st->path, sqlite3_errmsg(st->db));
	return 0;
}

int store_step_done(struct rb_store *st, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return err_msg("%s: %s\n", st->path, sqlite3_errmsg(st->db));
	return 0;
}

char *store_col_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? strdup((const char *)t) : NULL;
}

const char *store_col_text(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}
