/*
 * Helpers shared by the store's own files; nothing outside bench/store
 * includes this (it brings <sqlite3.h>).
 */
#ifndef REAPBENCH_STORE_INTERNAL_H
#define REAPBENCH_STORE_INTERNAL_H

#include <sqlite3.h>

#include "store.h"

/* Prepare sql on st; -1 with "path: sqlite message" on error. */
int store_prepare(struct rb_store *st, const char *sql, sqlite3_stmt **s);
/* Step a statement that returns no rows, then finalize it; -1 with a message. */
int store_step_done(struct rb_store *st, sqlite3_stmt *s);
/* Run SQL with no result rows; -1 with a message. */
int store_exec(struct rb_store *st, const char *sql);
/* Column i as a malloc'd string (the caller frees it), NULL when NULL. */
char *store_col_dup(sqlite3_stmt *s, int i);
/* Column i as text owned by the statement, NULL when NULL. */
const char *store_col_text(sqlite3_stmt *s, int i);

/* What a file holds, read without writing (store_schema.c). schema: "main" or
 * an attached name, file: its path for messages. *version is the store's
 * schema version when ours. */
enum store_kind { STORE_EMPTY, STORE_OURS, STORE_FOREIGN };
int store_identify(struct rb_store *st, const char *schema, const char *file,
		   enum store_kind *kind, int *version);
/* Create the schema in an empty store, or upgrade an older one in place;
 * inside the caller's write transaction. */
int store_schema_create(struct rb_store *st);
int store_schema_upgrade(struct rb_store *st, int version);

/* This process as a writer (store_writer.c): the host's boot id into
 * boot_id, the process start time in clock ticks after boot into *start. */
int store_writer_identity(char boot_id[RB_BOOT_ID_LEN], uint64_t *start);
/* Mark `running` run sets whose writer is gone `died`; in a write transaction. */
int store_mark_died(struct rb_store *st);

#endif
