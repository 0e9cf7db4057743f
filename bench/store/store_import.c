/* Guest store -> host store, with SQLite ATTACH (see store_import.h). */
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
	int guest_schema;
	char boot_id[RB_BOOT_ID_LEN];	/* for guest runs without one */
};

static int sql_err(struct rb_store *st, const char *what)
{
	return err_msg("%s: %s: %s\n", st->path, what, sqlite3_errmsg(st->db));
}

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

static int check_guest_schema(struct rb_store *st, const char *guest_db, int *version)
{
	enum store_kind kind;

	if (store_identify(st, "g", guest_db, &kind, version))
		return -1;
	if (kind != STORE_OURS)
		return err_msg("%s: the guest database is not a reapbench store\n", guest_db);
	if (*version < 2 || *version > RB_STORE_SCHEMA)
		return err_msg("%s: guest store schema version %d, this reapbench reads 2 to %d\n",
			       guest_db, *version, RB_STORE_SCHEMA);
	return 0;
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

static int copy_runs(struct rb_store *st, int64_t old_set, int64_t new_set,
		     struct import_ctx *ctx)
{
	struct store_import *imp = ctx->imp;
	sqlite3_stmt *sel = NULL, *ins = NULL, *met = NULL, *q = NULL;
	int rc = -1, step, seq_base = 0;
	char sql[512];

	/* Appending to a run set: seq continues after its last run. */
	if (sqlite3_prepare_v2(st->db, "SELECT coalesce(max(seq), 0) FROM main.runs WHERE runset_id = ?",
			       -1, &q, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(q, 1, new_set);
		if (sqlite3_step(q) == SQLITE_ROW)
			seq_base = sqlite3_column_int(q, 0);
	}
	sqlite3_finalize(q);

	/* boot_id last: the guest's own, else this import's */
	snprintf(sql, sizeof(sql), "SELECT id, seq, scenario, shape, trigger, contenders,"
		 " params_json, sweep_param, sweep_value, rep, valid, invalid_reason, started_at,"
		 " wall_us, sweep2_param, sweep2_value, %s FROM g.runs WHERE runset_id = ?1"
		 " ORDER BY id", ctx->guest_schema >= 3 ? "coalesce(boot_id, ?2)" : "?2");
	if (sqlite3_prepare_v2(st->db, sql, -1, &sel, NULL) ||
	    sqlite3_prepare_v2(st->db,
			"INSERT INTO main.runs(runset_id, seq, scenario, shape, trigger, contenders,"
			" params_json, sweep_param, sweep_value, rep, valid, invalid_reason,"
			" started_at, wall_us, sweep2_param, sweep2_value, boot_id)"
			" VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", -1, &ins, NULL) ||
	    sqlite3_prepare_v2(st->db,
			"INSERT INTO main.metrics(run_id, name, value, text, absent_reason)"
			" SELECT ?, name, value, text, absent_reason FROM g.metrics WHERE run_id = ?",
			-1, &met, NULL)) {
		sql_err(st, "preparing the import");
		goto out;
	}
	sqlite3_bind_int64(sel, 1, old_set);
	sqlite3_bind_text(sel, 2, ctx->boot_id, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(sel)) == SQLITE_ROW) {
		int64_t old_run = sqlite3_column_int64(sel, 0), new_run;
		int col;

		sqlite3_reset(ins);
		sqlite3_bind_int64(ins, 1, new_set);
		/* columns 1..16 of the select are columns 2..17 of the insert */
		for (col = 1; col <= 16; col++)
			sqlite3_bind_value(ins, col + 1, sqlite3_column_value(sel, col));
		sqlite3_bind_int(ins, 2, seq_base + sqlite3_column_int(sel, 1));
		if (sqlite3_step(ins) != SQLITE_DONE) {
			sql_err(st, "copying a run");
			goto out;
		}
		new_run = sqlite3_last_insert_rowid(st->db);
		sqlite3_reset(met);
		sqlite3_bind_int64(met, 1, new_run);
		sqlite3_bind_int64(met, 2, old_run);
		if (sqlite3_step(met) != SQLITE_DONE) {
			sql_err(st, "copying metrics");
			goto out;
		}
		imp->runs++;
		if (sqlite3_column_int(sel, 10))
			imp->valid_runs++;
	}
	if (step != SQLITE_DONE) {
		sql_err(st, "reading the guest runs");
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	sqlite3_finalize(met);
	return rc;
}

/* A merged run set: count the boots in info_json.kernel_spec.boots, update ended_at. */
static int merge_boot(struct rb_store *st, int64_t id)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db,
			"UPDATE main.runsets SET info_json = json_set(info_json, '$.kernel_spec.boots',"
			" coalesce(json_extract(info_json, '$.kernel_spec.boots'), 1) + 1),"
			" ended_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?",
			-1, &s, NULL) != SQLITE_OK)
		return sql_err(st, "merging into a run set");
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return sql_err(st, "merging into a run set");
	return 0;
}

static int copy_runsets(struct rb_store *st, struct import_ctx *ctx)
{
	struct store_import *imp = ctx->imp;
	sqlite3_stmt *sel = NULL, *ins = NULL;
	int rc = -1, step;

	if (sqlite3_prepare_v2(st->db,
			"SELECT id, kernel_release, started_at, ended_at, suite_version, git_commit,"
			" seed, info_json, CASE status WHEN 'running' THEN 'died' ELSE status END"
			" FROM g.runsets ORDER BY id", -1, &sel, NULL) ||
	    sqlite3_prepare_v2(st->db,
			"INSERT INTO main.runsets(label, kernel_release, started_at, ended_at,"
			" suite_version, git_commit, command, seed, info_json, status)"
			" VALUES(?,?,?,?,?,?,?,?,?,?)", -1, &ins, NULL)) {
		sql_err(st, "preparing the import");
		goto out;
	}
	while ((step = sqlite3_step(sel)) == SQLITE_ROW) {
		int64_t old_set = sqlite3_column_int64(sel, 0);
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
		info = merge_info((const char *)sqlite3_column_text(sel, 7), imp->kernel_json);

		if (!info) {
			err_msg("out of memory\n");
			goto out;
		}
		sqlite3_reset(ins);
		sqlite3_bind_text(ins, 1, imp->label, -1, SQLITE_TRANSIENT);
		sqlite3_bind_value(ins, 2, sqlite3_column_value(sel, 1));
		sqlite3_bind_value(ins, 3, sqlite3_column_value(sel, 2));
		sqlite3_bind_value(ins, 4, sqlite3_column_value(sel, 3));
		sqlite3_bind_value(ins, 5, sqlite3_column_value(sel, 4));
		sqlite3_bind_value(ins, 6, sqlite3_column_value(sel, 5));
		sqlite3_bind_text(ins, 7, imp->command, -1, SQLITE_TRANSIENT);
		sqlite3_bind_value(ins, 8, sqlite3_column_value(sel, 6));
		sqlite3_bind_text(ins, 9, info, -1, free);
		sqlite3_bind_value(ins, 10, sqlite3_column_value(sel, 8));
		if (sqlite3_step(ins) != SQLITE_DONE) {
			sql_err(st, "copying a run set");
			goto out;
		}
		imp->last_runset_id = sqlite3_last_insert_rowid(st->db);
		imp->runsets++;
		if (copy_runs(st, old_set, imp->last_runset_id, ctx))
			goto out;
	}
	if (step != SQLITE_DONE) {
		sql_err(st, "reading the guest run sets");
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	return rc;
}

int store_import_guest(struct rb_store *st, const char *guest_db, struct store_import *imp)
{
	struct import_ctx ctx = { .imp = imp };
	sqlite3_stmt *att;
	int rc;

	imp->runsets = imp->runs = imp->valid_runs = 0;
	imp->last_runset_id = 0;
	if (sqlite3_prepare_v2(st->db, "ATTACH DATABASE ? AS g", -1, &att, NULL) != SQLITE_OK)
		return sql_err(st, "ATTACH");
	sqlite3_bind_text(att, 1, guest_db, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(att);
	sqlite3_finalize(att);
	if (rc != SQLITE_DONE)
		return err_msg("%s: cannot attach: %s\n", guest_db, sqlite3_errmsg(st->db));

	rc = check_guest_schema(st, guest_db, &ctx.guest_schema);
	if (!rc)
		rc = fresh_boot_id(ctx.boot_id);
	if (!rc)
		rc = store_exec(st, "BEGIN IMMEDIATE");
	if (!rc) {
		rc = copy_runsets(st, &ctx);
		if (rc || store_exec(st, "COMMIT")) {
			store_exec(st, "ROLLBACK");
			imp->runsets = imp->runs = imp->valid_runs = 0;
			rc = -1;
		}
	}
	store_exec(st, "DETACH DATABASE g");
	return rc;
}
