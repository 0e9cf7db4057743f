/* Opening and closing a store, for writers and for readers (see store.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "store_internal.h"

#define BUSY_TIMEOUT_MS 30000	/* concurrent writers wait for each other's transaction */

/* A URI's password never reaches a message: "user:secret@" -> "user:***@". */
static char *display_path(const char *path)
{
	const char *auth = strstr(path, "://"), *at, *colon;
	char *out;

	if (!store_is_pg(path) || !auth)
		return strdup(path);
	auth += 3;
	at = strchr(auth, '@');
	colon = memchr(auth, ':', at ? (size_t)(at - auth) : 0);
	if (!at || !colon || strchr(auth, '/') < at)
		return strdup(path);
	out = malloc(strlen(path) + 4);
	if (out)
		sprintf(out, "%.*s:***%s", (int)(colon - path), path, at);
	return out;
}

static int store_init(const char *path, struct rb_store *st)
{
	memset(st, 0, sizeof(*st));
	st->path = display_path(path);
	if (!st->path)
		return err_msg("out of memory\n");
	store_host_identity(st->host, st->machine_id);
	return 0;
}

/* A store is a regular file named by its real path; missing is fine for writers. */
static int check_path(const char *path, bool must_exist)
{
	struct stat sb;

	if (lstat(path, &sb)) {
		if (errno == ENOENT && !must_exist)
			return 0;
		if (errno == ENOENT)
			return err_msg("%s: no such store (run 'reapbench run' first, or pass --db)\n",
				       path);
		return err_msg("%s: %s\n", path, strerror(errno));
	}
	if (S_ISLNK(sb.st_mode))
		return err_msg("%s: is a symbolic link; --db takes the store's real path\n", path);
	if (!S_ISREG(sb.st_mode))
		return err_msg("%s: not a regular file, not a store\n", path);
	return 0;
}

static int sqlite_open(struct rb_store *st, const char *name, bool readonly)
{
	return store_sqlite_ops.open(st, name, readonly);
}

static int not_ours(struct rb_store *st)
{
	return err_msg("%s: not a reapbench store (no reapbench application_id or tables);"
		       " left untouched\n", st->path);
}

/* The store's directory, when it is missing (results/ on a fresh checkout). */
static int make_parent(const char *path)
{
	char *dir = strdup(path), *slash;
	int rc = 0;

	if (!dir)
		return err_msg("out of memory\n");
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = 0;
		if (mkdir(dir, 0755) && errno != EEXIST)
			rc = err_msg("%s: cannot create directory: %s\n", dir, strerror(errno));
	}
	free(dir);
	return rc;
}

/* In one BEGIN IMMEDIATE transaction: identify, create or upgrade, mark died. */
static int prepare_for_writing(struct rb_store *st)
{
	sqlite3 *db = store_sqlite_db(st);
	int kind, version;

	if (db && sqlite3_exec(db, st->ops->begin_write, NULL, NULL, NULL) != SQLITE_OK) {
		if ((sqlite3_extended_errcode(db) & 0xff) == SQLITE_NOTADB)
			return not_ours(st);
		return err_msg("%s: %s\n", st->path, sqlite3_errmsg(db));
	}
	if (!db && store_exec(st, st->ops->begin_write))
		return -1;
	if (st->ops->schema_lock && store_exec(st, st->ops->schema_lock))
		goto fail;
	if (st->ops->identify(st, &kind, &version))
		goto fail;
	if (kind == STORE_FOREIGN) {
		not_ours(st);
		goto fail;
	}
	if (kind == STORE_EMPTY) {
		if (store_schema_create(st))
			goto fail;
		version = RB_STORE_SCHEMA;
	} else if (version > RB_STORE_SCHEMA) {
		err_msg("%s: store schema version %d, this reapbench reads version %d\n",
			st->path, version, RB_STORE_SCHEMA);
		goto fail;
	} else if (version < RB_STORE_SCHEMA) {
		if (store_schema_upgrade(st, version))
			goto fail;
		debug_msg("%s: store schema upgraded from %d to %d\n", st->path, version,
			  RB_STORE_SCHEMA);
		version = RB_STORE_SCHEMA;
	}
	st->schema = version;
	if (store_mark_died(st) || store_exec(st, "COMMIT"))
		goto fail;
	return 0;
fail:
	if (db)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	else
		st->ops->exec(st, "ROLLBACK");
	return -1;
}

/*
 * WAL from now on (a no-op when it is already). Switching takes an exclusive
 * lock; two openers switching at once get SQLITE_BUSY without the busy
 * handler, which could deadlock there: retry for as long as it would wait.
 */
static int switch_to_wal(struct rb_store *st)
{
	int tries, rc;

	for (tries = 0;; tries++) {
		rc = sqlite3_exec(store_sqlite_db(st), "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			return 0;
		if ((rc & 0xff) != SQLITE_BUSY || tries >= BUSY_TIMEOUT_MS / 10)
			return err_msg("%s: %s\n", st->path, store_errmsg(st));
		usleep(10000);
	}
}

int store_open(const char *path, struct rb_store *st)
{
	uint64_t start;

	if (store_init(path, st) || store_writer_identity(st->boot_id, &start))
		goto fail;
	if (store_is_pg(path)) {
		if (store_pg_ops.open(st, path, false) || prepare_for_writing(st))
			goto fail;
		return 0;
	}
	if (check_path(path, false) || make_parent(path) || sqlite_open(st, path, false) ||
	    store_exec(st, "PRAGMA foreign_keys=ON") || prepare_for_writing(st) ||
	    /* after the checks: a foreign file never gets switched to WAL */
	    switch_to_wal(st))
		goto fail;
	return 0;
fail:
	store_close(st);
	return -1;
}

/* "file:" URI of path with immutable=1: percent-encode what a URI reserves. */
static char *immutable_uri(const char *path)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				 "0123456789/._~-";
	size_t len = strlen(path);
	char *uri = malloc(3 * len + sizeof("file:?immutable=1")), *p;

	if (!uri)
		return NULL;
	p = uri + sprintf(uri, "file:");
	for (; *path; path++)
		p += strchr(ok, *path) ? sprintf(p, "%c", *path)
				       : sprintf(p, "%%%02X", (unsigned char)*path);
	strcpy(p, "?immutable=1");
	return uri;
}

/* A first read; a WAL store on read-only media fails here (no -shm to create). */
static int probe_read(struct rb_store *st)
{
	return sqlite3_exec(store_sqlite_db(st), "SELECT count(*) FROM sqlite_master", NULL, NULL,
			    NULL);
}

/*
 * A WAL store whose -shm cannot be created (read-only media) is read as
 * immutable: nobody can change it there. Its -wal, if any, is then not read.
 */
static int reopen_immutable(struct rb_store *st)
{
	char *uri = immutable_uri(st->path), wal[4096];
	struct stat sb;
	int rc;

	if (!uri)
		return err_msg("out of memory\n");
	st->ops->close(st);
	rc = sqlite_open(st, uri, true);
	free(uri);
	if (rc)
		return -1;
	if (probe_read(st) != SQLITE_OK)
		return err_msg("%s: %s\n", st->path, store_errmsg(st));
	snprintf(wal, sizeof(wal), "%s-wal", st->path);
	if (!lstat(wal, &sb) && sb.st_size > 0)
		err_msg("%s: read-only, its write-ahead log not read: runs committed after its"
			" last checkpoint are missing\n", st->path);
	return 0;
}

static bool side_file_exists(const char *path, const char *suffix)
{
	char name[4096];
	struct stat sb;

	snprintf(name, sizeof(name), "%s%s", path, suffix);
	return !lstat(name, &sb);
}

int store_open_readonly(const char *path, struct rb_store *st)
{
	int kind, rc, version;

	if (store_init(path, st))
		goto fail;
	if (store_is_pg(path)) {
		st->readonly = true;
		if (store_pg_ops.open(st, path, true))
			goto fail;
		goto identify;
	}
	if (check_path(path, true))
		goto fail;
	st->tidy_wal = !side_file_exists(path, "-wal") && !side_file_exists(path, "-shm");
	if (sqlite_open(st, path, true))
		goto fail;
	st->readonly = true;
	rc = probe_read(st);
	if ((rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_READONLY) {
		if (reopen_immutable(st))
			goto fail;
	} else if ((rc & 0xff) == SQLITE_NOTADB) {
		not_ours(st);
		goto fail;
	} else if (rc != SQLITE_OK) {
		err_msg("%s: %s\n", path, store_errmsg(st));
		goto fail;
	}
identify:
	if (st->ops->identify(st, &kind, &version))
		goto fail;
	if (kind != STORE_OURS) {
		not_ours(st);
		goto fail;
	}
	if (version < 2 || version > RB_STORE_SCHEMA) {
		err_msg("%s: store schema version %d, this reapbench reads versions 2 to %d%s\n",
			path, version, RB_STORE_SCHEMA,
			version < 2 ? " (a writer, e.g. reapbench run --db, upgrades it)" : "");
		goto fail;
	}
	st->schema = version;
	return 0;
fail:
	store_close(st);
	return -1;
}

/*
 * A read-only connection to a WAL store cannot remove the -wal and -shm it
 * made. When there were none before, a read-write connection that only reads
 * removes them on close, as SQLite does when it is the last connection (with
 * another one open, or on read-only media, nothing is removed).
 */
static void tidy_wal(const char *path)
{
	sqlite3 *db = NULL;

	if (!side_file_exists(path, "-wal") && !side_file_exists(path, "-shm"))
		return;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL) ==
	    SQLITE_OK)
		sqlite3_exec(db, "PRAGMA schema_version", NULL, NULL, NULL);
	sqlite3_close(db);
}

void store_close(struct rb_store *st)
{
	bool tidy = st->db && store_sqlite_db(st) && st->readonly && st->tidy_wal;

	if (st->ops && st->db)
		st->ops->close(st);
	if (tidy)
		tidy_wal(st->path);
	free(st->path);
	memset(st, 0, sizeof(*st));
}
