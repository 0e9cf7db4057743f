/* Writing run sets and runs, and finding run sets (store.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "store_internal.h"

int store_runset_begin(struct rb_store *st, const char *label, const char *kernel_release,
		       const char *command, uint64_t seed, const char *info_json,
		       int64_t *runset_id)
{
	sqlite3_stmt *s;
	uint64_t start;
	char now[32];

	if (store_writer_identity(st->boot_id, &start))
		return -1;
	now_iso8601(now, sizeof(now));
	if (store_prepare(st, "INSERT INTO runsets(label, kernel_release, started_at, suite_version,"
			  " git_commit, command, seed, info_json, status, writer_pid, writer_start,"
			  " boot_id) VALUES(?,?,?,?,?,?,?,?,'running',?,?,?)", &s))
		return -1;
	sqlite3_bind_text(s, 1, label, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, kernel_release, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, REAPBENCH_VERSION, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, REAPBENCH_GIT, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, command, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 7, (sqlite3_int64)seed);
	sqlite3_bind_text(s, 8, info_json, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 9, (sqlite3_int64)getpid());
	sqlite3_bind_int64(s, 10, (sqlite3_int64)start);
	sqlite3_bind_text(s, 11, st->boot_id, -1, SQLITE_TRANSIENT);
	if (store_step_done(st, s))
		return -1;
	*runset_id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int store_runset_end(struct rb_store *st, int64_t runset_id, const char *status)
{
	sqlite3_stmt *s;
	char now[32];

	now_iso8601(now, sizeof(now));
	if (store_prepare(st, "UPDATE runsets SET ended_at=?, status=? WHERE id=?", &s))
		return -1;
	sqlite3_bind_text(s, 1, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, status, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 3, runset_id);
	return store_step_done(st, s);
}

static int insert_metrics(struct rb_store *st, int64_t run_id, const struct rb_metrics *m)
{
	sqlite3_stmt *s;
	int i;

	if (store_prepare(st, "INSERT INTO metrics(run_id, name, value, text, absent_reason)"
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
	if (store_prepare(st, "INSERT INTO runs(runset_id, seq, scenario, shape, trigger,"
			  " contenders, params_json, sweep_param, sweep_value, sweep2_param,"
			  " sweep2_value, rep, valid, invalid_reason, started_at, wall_us, boot_id)"
			  " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", &s))
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
	sqlite3_bind_text(s, 17, st->boot_id, -1, SQLITE_TRANSIENT);	/* the host measured it */
	if (store_step_done(st, s))
		goto fail;
	*run_id = sqlite3_last_insert_rowid(st->db);
	if (insert_metrics(st, *run_id, m))
		goto fail;
	return store_exec(st, "COMMIT");
fail:
	store_exec(st, "ROLLBACK");
	return -1;
}

/* The first column of the first row as an id; 0 when there is no row or it is NULL. */
static int query_id(struct rb_store *st, sqlite3_stmt *s, int64_t *id)
{
	int rc = sqlite3_step(s);

	*id = 0;
	if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return err_msg("%s: %s\n", st->path, sqlite3_errmsg(st->db));
	return 0;
}

int store_runset_resolve(struct rb_store *st, const char *spec, int64_t *runset_id)
{
	sqlite3_stmt *s;
	long id;

	if (spec[0] == '#' && !parse_long(spec + 1, 1, INT32_MAX, &id)) {
		if (store_prepare(st, "SELECT id FROM runsets WHERE id=?", &s))
			return -1;
		sqlite3_bind_int64(s, 1, id);
	} else {
		if (store_prepare(st, "SELECT id FROM runsets WHERE label=?1"
				  " OR CAST(id AS TEXT)=?1 ORDER BY (label=?1) DESC, id DESC LIMIT 1",
				  &s))
			return -1;
		sqlite3_bind_text(s, 1, spec, -1, SQLITE_TRANSIENT);
	}
	if (query_id(st, s, runset_id))
		return -1;
	if (!*runset_id)
		return err_msg("%s: no run set '%s'\n", st->path, spec);
	return 0;
}

int store_runset_latest(struct rb_store *st, int64_t *runset_id)
{
	sqlite3_stmt *s;

	if (store_prepare(st, "SELECT MAX(id) FROM runsets", &s) || query_id(st, s, runset_id))
		return -1;
	if (!*runset_id)
		return err_msg("%s: the store holds no run set\n", st->path);
	return 0;
}

int store_runset_find_label(struct rb_store *st, const char *label, int64_t *runset_id)
{
	sqlite3_stmt *s;

	if (store_prepare(st, "SELECT max(id) FROM runsets WHERE label = ?", &s))
		return -1;
	sqlite3_bind_text(s, 1, label, -1, SQLITE_TRANSIENT);
	return query_id(st, s, runset_id);
}

int store_runset_boot_ids(struct rb_store *st, int64_t runset_id, struct rb_run_boot **boots,
			  size_t *n)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	*boots = NULL;
	*n = 0;
	if (store_prepare(st, st->schema >= 3 ?
			  "SELECT id, valid, boot_id FROM runs WHERE runset_id=? ORDER BY seq, id" :
			  "SELECT id, valid, NULL FROM runs WHERE runset_id=? ORDER BY seq, id", &s))
		return -1;
	sqlite3_bind_int64(s, 1, runset_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct rb_run_boot *b;

		if (*n == cap) {
			b = realloc(*boots, (cap = cap ? 2 * cap : 64) * sizeof(*b));
			if (!b) {
				rc = SQLITE_NOMEM;
				break;
			}
			*boots = b;
		}
		b = &(*boots)[(*n)++];
		b->run_id = sqlite3_column_int64(s, 0);
		b->valid = sqlite3_column_int(s, 1);
		snprintf(b->boot_id, sizeof(b->boot_id), "%s",
			 store_col_text(s, 2) ? store_col_text(s, 2) : "");
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free(*boots);
		*boots = NULL;
		*n = 0;
		return err_msg("%s: %s\n", st->path,
			       rc == SQLITE_NOMEM ? "out of memory" : sqlite3_errmsg(st->db));
	}
	return 0;
}
