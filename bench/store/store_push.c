/* Run sets from one store into another, matched by UUID (store_push.h). */
#include "store_push.h"

#include <string.h>

#include "common.h"
#include "store_internal.h"

#define RUNSET_COLS "uuid, label, kernel_release, started_at, ended_at, suite_version," \
	" git_commit, command, seed, info_json, status, writer_pid, writer_start, boot_id," \
	" host, machine_id"
#define RUNSET_NCOLS 16
#define RUN_COLS "uuid, seq, scenario, shape, trigger, contenders, params_json," \
	" sweep_param, sweep_value, sweep2_param, sweep2_value, rep, valid, invalid_reason," \
	" started_at, wall_us, boot_id"
#define RUN_NCOLS 17

/* Statements of one push, prepared once. */
struct push {
	struct rb_store *src, *dst;
	struct store_stmt *runs, *metrics;		/* src */
	struct store_stmt *ins_set, *find_set, *upd_set, *ins_run, *ins_metric;	/* dst */
	struct store_push_stats *ps;
};

/* Bind columns first..first+n-1 of src as parameters 1..n of dst. */
static int bind_cols(struct store_stmt *dst, struct store_stmt *src, int first, int n, int at)
{
	for (int i = 0; i < n; i++)
		if (store_bind_col(dst, at + i, src, first + i))
			return -1;
	return 0;
}

static int copy_metrics(struct push *p, int64_t src_run, int64_t dst_run)
{
	int rc;

	store_reset(p->metrics);
	store_bind_int64(p->metrics, 1, src_run);
	while ((rc = store_step(p->metrics)) == STORE_ROW) {
		store_reset(p->ins_metric);
		if (store_bind_int64(p->ins_metric, 1, dst_run) ||
		    bind_cols(p->ins_metric, p->metrics, 0, 4, 2) ||
		    store_step(p->ins_metric) != STORE_DONE)
			return -1;
		p->ps->metrics_new++;
	}
	return rc == STORE_DONE ? 0 : -1;
}

static int copy_runs(struct push *p, int64_t src_set, int64_t dst_set)
{
	int rc;

	store_reset(p->runs);
	store_bind_int64(p->runs, 1, src_set);
	while ((rc = store_step(p->runs)) == STORE_ROW) {
		int64_t src_run = store_col_int64(p->runs, 0), dst_run;
		int got;

		store_reset(p->ins_run);
		if (store_bind_int64(p->ins_run, 1, dst_set) ||
		    bind_cols(p->ins_run, p->runs, 1, RUN_NCOLS, 2))
			return -1;
		got = store_step(p->ins_run);
		if (got < 0)
			return -1;
		if (got == STORE_DONE) {	/* its UUID is there: pushed before */
			p->ps->runs_known++;
			continue;
		}
		p->ps->runs_new++;
		dst_run = store_col_int64(p->ins_run, 0);
		store_reset(p->ins_run);	/* SQLite commits no statement in progress */
		if (copy_metrics(p, src_run, dst_run))
			return -1;
	}
	return rc == STORE_DONE ? 0 : -1;
}

/* One run set (the current row of sets) and what it holds, in one transaction. */
static int push_runset(struct push *p, struct store_stmt *sets)
{
	int64_t dst_set = 0;
	int got;

	if (store_exec(p->dst, p->dst->ops->begin_write))
		return -1;
	store_reset(p->ins_set);
	if (bind_cols(p->ins_set, sets, 1, RUNSET_NCOLS, 1))
		goto fail;
	got = store_step(p->ins_set);
	if (got == STORE_ROW) {
		dst_set = store_col_int64(p->ins_set, 0);
		p->ps->runsets_new++;
	} else if (got == STORE_DONE) {
		/* there already: take its id, and the status it has reached since */
		store_reset(p->find_set);
		store_bind_col(p->find_set, 1, sets, 1);
		if (store_step(p->find_set) != STORE_ROW)
			goto fail;
		dst_set = store_col_int64(p->find_set, 0);
		store_reset(p->upd_set);
		if (store_bind_col(p->upd_set, 1, sets, 11) || store_bind_col(p->upd_set, 2, sets, 5) ||
		    store_bind_int64(p->upd_set, 3, dst_set) || store_step(p->upd_set) != STORE_DONE)
			goto fail;
		p->ps->runsets_known++;
	} else {
		goto fail;
	}
	store_reset(p->ins_set);
	store_reset(p->find_set);
	if (copy_runs(p, store_col_int64(sets, 0), dst_set) || store_exec(p->dst, "COMMIT"))
		goto fail;
	return 0;
fail:
	store_exec(p->dst, "ROLLBACK");
	return -1;
}

int store_push(struct rb_store *src, struct rb_store *dst, struct store_push_stats *ps)
{
	struct push p = { .src = src, .dst = dst, .ps = ps };
	struct store_stmt *sets = NULL;
	int rc = -1, step;

	memset(ps, 0, sizeof(*ps));
	if (store_prepare(src, "SELECT id, " RUNSET_COLS " FROM runsets ORDER BY id", &sets) ||
	    store_prepare(src, "SELECT id, " RUN_COLS " FROM runs WHERE runset_id=? ORDER BY id",
			  &p.runs) ||
	    store_prepare(src, "SELECT name, value, text, absent_reason FROM metrics"
			  " WHERE run_id=? ORDER BY name", &p.metrics) ||
	    store_prepare(dst, "INSERT INTO runsets(" RUNSET_COLS ")"
			  " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
			  " ON CONFLICT(uuid) DO NOTHING RETURNING id", &p.ins_set) ||
	    store_prepare(dst, "SELECT id FROM runsets WHERE uuid=?", &p.find_set) ||
	    /* a run set pushed while running gets its final status; died stays died */
	    store_prepare(dst, "UPDATE runsets SET status=?, ended_at=? WHERE id=?"
			  " AND status='running'", &p.upd_set) ||
	    store_prepare(dst, "INSERT INTO runs(runset_id, " RUN_COLS ")"
			  " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
			  " ON CONFLICT(uuid) DO NOTHING RETURNING id", &p.ins_run) ||
	    store_prepare(dst, "INSERT INTO metrics(run_id, name, value, text, absent_reason)"
			  " VALUES(?,?,?,?,?)", &p.ins_metric))
		goto out;
	while ((step = store_step(sets)) == STORE_ROW) {
		if (!store_col_text(sets, 1)) {
			err_msg("%s: run set #%lld has no UUID\n", src->path,
				(long long)store_col_int64(sets, 0));
			goto out;
		}
		if (push_runset(&p, sets))
			goto out;
	}
	rc = step == STORE_DONE ? 0 : -1;
out:
	store_finalize(sets);
	store_finalize(p.runs);
	store_finalize(p.metrics);
	store_finalize(p.ins_set);
	store_finalize(p.find_set);
	store_finalize(p.upd_set);
	store_finalize(p.ins_run);
	store_finalize(p.ins_metric);
	return rc;
}
