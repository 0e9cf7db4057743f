/* Guest store -> host store, on either backend (see store_import.h). */
#include "store_import.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "store_internal.h"

/* What one import needs besides the caller's struct. */
struct import_ctx {
	struct store_import *imp;
	struct rb_store *g;		/* the guest's store, read only */
	char boot_id[RB_BOOT_ID_LEN];	/* for guest runs without one */
};

/* The guest's info_json with "kernel_spec" added (malloc'd; NULL on error). */
static char *merge_info(const char *guest_info, const char *kernel_json)
{
	json_t *info = guest_info ? json_loads(guest_info, 0, NULL) : NULL;
	json_t *k = kernel_json ? json_loads(kernel_json, 0, NULL) : NULL;
	char *out;

	if (!json_is_object(info)) {
		json_decref(info);
		info = json_object();
	}
	if (k)
		json_object_set_new(info, "kernel_spec", k);
	out = json_dumps(info, JSON_COMPACT);
	json_decref(info);
	return out;
}

/* A fresh random id standing for one guest boot that recorded none. */
static int fresh_boot_id(char boot_id[RB_BOOT_ID_LEN])
{
	char *s = read_file_str("/proc/sys/kernel/random/uuid");

	if (!s)
		return err_msg("/proc/sys/kernel/random/uuid: cannot read\n");
	snprintf(boot_id, RB_BOOT_ID_LEN, "%s", rstrip(s));
	free(s);
	return 0;
}

#define RUN_COLS "seq, scenario, shape, trigger, contenders, params_json, sweep_param," \
	" sweep_value, rep, valid, invalid_reason, started_at, wall_us, sweep2_param," \
	" sweep2_value"
#define RUN_NCOLS 15

static int copy_metrics(struct rb_store *st, struct store_stmt *sel, struct store_stmt *ins,
			int64_t old_run, int64_t new_run)
{
	int rc;

	store_reset(sel);
	store_bind_int64(sel, 1, old_run);
	while ((rc = store_step(sel)) == STORE_ROW) {
		store_reset(ins);
		store_bind_int64(ins, 1, new_run);
		for (int c = 0; c < 4; c++)
			store_bind_col(ins, c + 2, sel, c);
		if (store_step(ins) != STORE_DONE)
			return err_msg("%s: copying metrics\n", st->path);
	}
	return rc == STORE_DONE ? 0 : -1;
}

static int copy_runs(struct rb_store *st, int64_t old_set, int64_t new_set,
		     struct import_ctx *ctx)
{
	struct store_import *imp = ctx->imp;
	struct store_stmt *sel = NULL, *ins = NULL, *msel = NULL, *mins = NULL, *q = NULL;
	int rc = -1, step, seq_base = 0;
	char sql[512];

	/* Appending to a run set: seq continues after its last run. */
	if (store_prepare(st, "SELECT coalesce(max(seq), 0) FROM runs WHERE runset_id = ?", &q))
		goto out;
	store_bind_int64(q, 1, new_set);
	if (store_step(q) == STORE_ROW)
		seq_base = (int)store_col_int64(q, 0);
	/* boot_id last: the guest's own, else this import's */
	snprintf(sql, sizeof(sql), "SELECT id, " RUN_COLS ", %s FROM runs WHERE runset_id = ?"
		 " ORDER BY id", ctx->g->schema >= 3 ? "boot_id" : "NULL");
	if (store_prepare(ctx->g, sql, &sel) ||
	    store_prepare(st, "INSERT INTO runs(runset_id, " RUN_COLS ", boot_id)"
			  " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id", &ins) ||
	    store_prepare(ctx->g, "SELECT name, value, text, absent_reason FROM metrics"
			  " WHERE run_id = ? ORDER BY name", &msel) ||
	    store_prepare(st, "INSERT INTO metrics(run_id, name, value, text, absent_reason)"
			  " VALUES(?,?,?,?,?)", &mins))
		goto out;
	store_bind_int64(sel, 1, old_set);
	while ((step = store_step(sel)) == STORE_ROW) {
		int64_t old_run = store_col_int64(sel, 0), new_run;

		store_reset(ins);
		store_bind_int64(ins, 1, new_set);
		for (int c = 1; c <= RUN_NCOLS; c++)
			store_bind_col(ins, c + 1, sel, c);
		store_bind_int64(ins, 2, seq_base + store_col_int64(sel, 1));
		if (store_col_type(sel, RUN_NCOLS + 1) == STORE_NULL)
			store_bind_text(ins, RUN_NCOLS + 2, ctx->boot_id);
		else
			store_bind_col(ins, RUN_NCOLS + 2, sel, RUN_NCOLS + 1);
		if (store_step(ins) != STORE_ROW)
			goto out;
		new_run = store_col_int64(ins, 0);
		store_reset(ins);
		if (copy_metrics(st, msel, mins, old_run, new_run))
			goto out;
		imp->runs++;
		if (store_col_int64(sel, 10))	/* valid */
			imp->valid_runs++;
	}
	rc = step == STORE_DONE ? 0 : -1;
out:
	store_finalize(q);
	store_finalize(sel);
	store_finalize(ins);
	store_finalize(msel);
	store_finalize(mins);
	return rc;
}

/* A merged run set: count the boots in info_json.kernel_spec.boots, update ended_at. */
static int merge_boot(struct rb_store *st, int64_t id)
{
	struct store_stmt *s;
	json_t *info = NULL, *spec;
	char now[32], *text = NULL;
	int rc = -1;

	if (store_prepare(st, "SELECT info_json FROM runsets WHERE id = ?", &s))
		return -1;
	store_bind_int64(s, 1, id);
	if (store_step(s) == STORE_ROW && store_col_text(s, 0))
		info = json_loads(store_col_text(s, 0), 0, NULL);
	store_finalize(s);
	if (!json_is_object(info)) {
		json_decref(info);
		info = json_object();
	}
	spec = json_object_get(info, "kernel_spec");
	if (!json_is_object(spec)) {
		spec = json_object();
		json_object_set_new(info, "kernel_spec", spec);
	}
	json_object_set_new(spec, "boots", json_integer(
		(json_is_integer(json_object_get(spec, "boots")) ?
		 json_integer_value(json_object_get(spec, "boots")) : 1) + 1));
	text = json_dumps(info, JSON_COMPACT);
	now_iso8601(now, sizeof(now));
	if (text && !store_prepare(st, "UPDATE runsets SET info_json = ?, ended_at = ? WHERE id = ?",
				   &s)) {
		store_bind_text(s, 1, text);
		store_bind_text(s, 2, now);
		store_bind_int64(s, 3, id);
		rc = store_step_done(s);
	}
	free(text);
	json_decref(info);
	return rc;
}

static int copy_runsets(struct rb_store *st, struct import_ctx *ctx)
{
	struct store_import *imp = ctx->imp;
	struct store_stmt *sel = NULL, *ins = NULL;
	int rc = -1, step;

	if (store_prepare(ctx->g, "SELECT id, kernel_release, started_at, ended_at, suite_version,"
			  " git_commit, seed, info_json, CASE status WHEN 'running' THEN 'died'"
			  " ELSE status END FROM runsets ORDER BY id", &sel) ||
	    store_prepare(st, "INSERT INTO runsets(label, kernel_release, started_at, ended_at,"
			  " suite_version, git_commit, command, seed, info_json, status, host,"
			  " machine_id) VALUES(?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id", &ins))
		goto out;
	while ((step = store_step(sel)) == STORE_ROW) {
		int64_t old_set = store_col_int64(sel, 0);
		char *info;

		if (imp->merge_into > 0) {
			if (merge_boot(st, imp->merge_into))
				goto out;
			imp->last_runset_id = imp->merge_into;
			imp->runsets++;
			if (copy_runs(st, old_set, imp->merge_into, ctx))
				goto out;
			continue;
		}
		info = merge_info(store_col_text(sel, 7), imp->kernel_json);
		if (!info) {
			err_msg("out of memory\n");
			goto out;
		}
		store_reset(ins);
		store_bind_text(ins, 1, imp->label);
		for (int c = 1; c <= 5; c++)
			store_bind_col(ins, c + 1, sel, c);
		store_bind_text(ins, 7, imp->command);
		store_bind_col(ins, 8, sel, 6);
		store_bind_text(ins, 9, info);
		free(info);
		store_bind_col(ins, 10, sel, 8);
		/* the host that ran the guest */
		store_bind_text(ins, 11, st->host);
		store_bind_text(ins, 12, st->machine_id);
		if (store_step(ins) != STORE_ROW)
			goto out;
		imp->last_runset_id = store_col_int64(ins, 0);
		store_reset(ins);
		imp->runsets++;
		if (copy_runs(st, old_set, imp->last_runset_id, ctx))
			goto out;
	}
	rc = step == STORE_DONE ? 0 : -1;
out:
	store_finalize(sel);
	store_finalize(ins);
	return rc;
}

int store_import_guest(struct rb_store *st, const char *guest_db, struct store_import *imp)
{
	struct rb_store g;
	struct import_ctx ctx = { .imp = imp, .g = &g };
	int rc;

	imp->runsets = imp->runs = imp->valid_runs = 0;
	imp->last_runset_id = 0;
	if (store_is_pg(guest_db))
		return err_msg("%s: a guest store is a SQLite file\n", guest_db);
	/* a reader: refuses anything but a store of schema 2..RB_STORE_SCHEMA */
	if (store_open_readonly(guest_db, &g))
		return err_msg("%s: cannot import the guest's store\n", guest_db);
	rc = fresh_boot_id(ctx.boot_id);
	if (!rc)
		rc = store_exec(st, st->ops->begin_write);
	if (!rc) {
		/* imported rows are new here: fresh UUIDs */
		rc = copy_runsets(st, &ctx) || store_fill_uuids(st, "runsets") ||
		     store_fill_uuids(st, "runs");
		if (rc || store_exec(st, "COMMIT")) {
			store_exec(st, "ROLLBACK");
			imp->runsets = imp->runs = imp->valid_runs = 0;
			rc = -1;
		}
	}
	store_close(&g);
	return rc;
}
