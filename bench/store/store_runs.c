/* Writing run sets and runs, and finding run sets (store.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "store_internal.h"

/* Step an INSERT ... RETURNING id, then finalize it. */
static int store_insert_id(struct store_stmt *s, int64_t *id)
{
	int rc = store_step(s);

	*id = rc == STORE_ROW ? store_col_int64(s, 0) : 0;
	if (rc == STORE_ROW)
		rc = store_step(s);
	store_finalize(s);
	return rc == STORE_DONE && *id ? 0 : -1;
}

int store_runset_begin(struct rb_store *st, const char *label, const char *kernel_release,
		       const char *command, uint64_t seed, const char *info_json,
		       int64_t *runset_id)
{
	struct store_stmt *s;
	uint64_t start;
	char now[32];

	if (store_writer_identity(st->boot_id, &start))
		return -1;
	now_iso8601(now, sizeof(now));
	char uuid[RB_UUID_LEN];

	if (store_uuid(uuid))
		return -1;
	if (store_prepare(st, "INSERT INTO runsets(label, kernel_release, started_at, suite_version,"
			  " git_commit, command, seed, info_json, status, writer_pid, writer_start,"
			  " boot_id, uuid, host, machine_id)"
			  " VALUES(?,?,?,?,?,?,?,?,'running',?,?,?,?,?,?) RETURNING id", &s))
		return -1;
	store_bind_text(s, 1, label);
	store_bind_text(s, 2, kernel_release);
	store_bind_text(s, 3, now);
	store_bind_text(s, 4, REAPBENCH_VERSION);
	store_bind_text(s, 5, REAPBENCH_GIT);
	store_bind_text(s, 6, command);
	store_bind_int64(s, 7, (int64_t)seed);
	store_bind_text(s, 8, info_json);
	store_bind_int64(s, 9, (int64_t)getpid());
	store_bind_int64(s, 10, (int64_t)start);
	store_bind_text(s, 11, st->boot_id);
	store_bind_text(s, 12, uuid);
	store_bind_text(s, 13, st->host[0] ? st->host : NULL);
	store_bind_text(s, 14, st->machine_id[0] ? st->machine_id : NULL);
	return store_insert_id(s, runset_id);
}

int store_runset_end(struct rb_store *st, int64_t runset_id, const char *status)
{
	struct store_stmt *s;
	char now[32];

	now_iso8601(now, sizeof(now));
	if (store_prepare(st, "UPDATE runsets SET ended_at=?, status=? WHERE id=?", &s))
		return -1;
	store_bind_text(s, 1, now);
	store_bind_text(s, 2, status);
	store_bind_int64(s, 3, runset_id);
	return store_step_done(s);
}

static int insert_metrics(struct rb_store *st, int64_t run_id, const struct rb_metrics *m)
{
	struct store_stmt *s;
	int i;

	if (store_prepare(st, "INSERT INTO metrics(run_id, name, value, text, absent_reason)"
			  " VALUES(?,?,?,?,?)", &s))
		return -1;
	for (i = 0; i < m->n; i++) {
		const struct rb_metric *x = &m->m[i];

		store_reset(s);
		store_clear(s);
		store_bind_int64(s, 1, run_id);
		store_bind_text(s, 2, x->name);
		if (x->absent[0])
			store_bind_text(s, 5, x->absent);
		else if (x->text[0])
			store_bind_text(s, 4, x->text);
		else
			store_bind_double(s, 3, x->value);
		if (store_step(s) != STORE_DONE) {
			store_finalize(s);
			return -1;
		}
	}
	store_finalize(s);
	return 0;
}

int store_run_add(struct rb_store *st, int64_t runset_id, const struct rb_run_record *r,
		  const struct rb_metrics *m, int64_t *run_id)
{
	struct store_stmt *s;

	char uuid[RB_UUID_LEN];

	if (store_uuid(uuid) || store_exec(st, st->ops->begin_write))
		return -1;
	if (store_prepare(st, "INSERT INTO runs(runset_id, seq, scenario, shape, trigger,"
			  " contenders, params_json, sweep_param, sweep_value, sweep2_param,"
			  " sweep2_value, rep, valid, invalid_reason, started_at, wall_us, boot_id,"
			  " uuid) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id", &s))
		goto fail;
	store_bind_int64(s, 1, runset_id);
	store_bind_int64(s, 2, r->seq);
	store_bind_text(s, 3, r->scenario);
	store_bind_text(s, 4, r->shape);
	store_bind_text(s, 5, r->trigger);
	store_bind_text(s, 6, r->contenders ? r->contenders : "");
	store_bind_text(s, 7, r->params_json);
	if (r->sweep_param) {
		store_bind_text(s, 8, r->sweep_param);
		store_bind_double(s, 9, r->sweep_value);
	}
	if (r->sweep2_param) {
		store_bind_text(s, 10, r->sweep2_param);
		store_bind_double(s, 11, r->sweep2_value);
	}
	store_bind_int64(s, 12, r->rep);
	store_bind_int64(s, 13, m->valid);
	if (!m->valid)
		store_bind_text(s, 14, m->invalid_reason);
	store_bind_text(s, 15, r->started_at);
	store_bind_double(s, 16, r->wall_us);
	store_bind_text(s, 17, st->boot_id);	/* the host measured it */
	store_bind_text(s, 18, uuid);
	if (store_insert_id(s, run_id))
		goto fail;
	if (insert_metrics(st, *run_id, m))
		goto fail;
	return store_exec(st, "COMMIT");
fail:
	store_exec(st, "ROLLBACK");
	return -1;
}

/* The first column of the first row as an id; 0 when there is no row or it is NULL. */
static int query_id(struct rb_store *st, struct store_stmt *s, int64_t *id)
{
	int rc = store_step(s);

	(void)st;
	*id = 0;
	if (rc == STORE_ROW && store_col_type(s, 0) != STORE_NULL)
		*id = store_col_int64(s, 0);
	store_finalize(s);
	return rc < 0 ? -1 : 0;
}

int store_runset_resolve(struct rb_store *st, const char *spec, int64_t *runset_id)
{
	return store_runset_resolve_on_host(st, spec, NULL, runset_id);
}

int store_runset_resolve_on_host(struct rb_store *st, const char *spec, const char *host,
				 int64_t *runset_id)
{
	/* ?2: the host, when one is asked for */
	static const char *const on_host = " AND host=?2";
	struct store_stmt *s;
	char sql[512];
	long id;

	if (host && st->schema < 5)
		return err_msg("%s: a store before schema 5 records no host; --host needs a"
			       " writer to upgrade it first\n", st->path);
	if (spec[0] == '#' && !parse_long(spec + 1, 1, INT32_MAX, &id)) {
		snprintf(sql, sizeof(sql), "SELECT id FROM runsets WHERE id=?1%s",
			 host ? on_host : "");
		if (store_prepare(st, sql, &s))
			return -1;
		store_bind_int64(s, 1, id);
	} else {
		snprintf(sql, sizeof(sql), "SELECT id FROM runsets WHERE (label=?1"
			 " OR CAST(id AS TEXT)=?1)%s ORDER BY (label=?1) DESC, id DESC LIMIT 1",
			 host ? on_host : "");
		if (store_prepare(st, sql, &s))
			return -1;
		store_bind_text(s, 1, spec);
	}
	if (host)
		store_bind_text(s, 2, host);
	if (query_id(st, s, runset_id))
		return -1;
	if (!*runset_id)
		return err_msg("%s: no run set '%s'%s%s\n", st->path, spec, host ? " on host " : "",
			       host ? host : "");
	return 0;
}

int store_runset_latest(struct rb_store *st, int64_t *runset_id)
{
	struct store_stmt *s;

	if (store_prepare(st, "SELECT MAX(id) FROM runsets", &s) || query_id(st, s, runset_id))
		return -1;
	if (!*runset_id)
		return err_msg("%s: the store holds no run set\n", st->path);
	return 0;
}

int store_runset_find_label(struct rb_store *st, const char *label, int64_t *runset_id)
{
	struct store_stmt *s;

	if (store_prepare(st, "SELECT max(id) FROM runsets WHERE label = ?", &s))
		return -1;
	store_bind_text(s, 1, label);
	return query_id(st, s, runset_id);
}

int store_runset_boot_ids(struct rb_store *st, int64_t runset_id, struct rb_run_boot **boots,
			  size_t *n)
{
	struct store_stmt *s;
	size_t cap = 0;
	int rc;

	*boots = NULL;
	*n = 0;
	if (store_prepare(st, st->schema >= 3 ?
			  "SELECT id, valid, boot_id FROM runs WHERE runset_id=? ORDER BY seq, id" :
			  "SELECT id, valid, NULL FROM runs WHERE runset_id=? ORDER BY seq, id", &s))
		return -1;
	store_bind_int64(s, 1, runset_id);
	while ((rc = store_step(s)) == STORE_ROW) {
		struct rb_run_boot *b;

		if (*n == cap) {
			b = realloc(*boots, (cap = cap ? 2 * cap : 64) * sizeof(*b));
			if (!b) {
				rc = -2;
				break;
			}
			*boots = b;
		}
		b = &(*boots)[(*n)++];
		b->run_id = store_col_int64(s, 0);
		b->valid = store_col_int64(s, 1);
		snprintf(b->boot_id, sizeof(b->boot_id), "%s",
			 store_col_text(s, 2) ? store_col_text(s, 2) : "");
	}
	store_finalize(s);
	if (rc != STORE_DONE) {
		free(*boots);
		*boots = NULL;
		*n = 0;
		return rc == -2 ? err_msg("out of memory\n") : -1;
	}
	return 0;
}
