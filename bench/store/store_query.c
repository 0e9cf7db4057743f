/* The read side of the store (store_query.h). */
#include "store_query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "store_internal.h"


static const char *glob_or_all(const char *g)
{
	return g && *g ? g : "*";
}

static int count_runs(struct rb_store *st, struct rb_runset_info *info, const char *scen)
{
	struct store_stmt *s;
	char sql[256];

	snprintf(sql, sizeof(sql), "SELECT valid, count(*), invalid_reason FROM runs"
		 " WHERE runset_id=? AND scenario %s ? GROUP BY valid, invalid_reason"
		 " ORDER BY count(*) DESC", st->ops->glob_op);
	if (store_prepare(st, sql, &s))
		return -1;
	store_bind_int64(s, 1, info->id);
	store_bind_glob(s, 2, glob_or_all(scen));
	while (store_step(s) == STORE_ROW) {
		int n = (int)store_col_int64(s, 1);

		if ((int)store_col_int64(s, 0)) {
			info->runs_valid += n;
			continue;
		}
		info->runs_invalid += n;
		if (!info->invalid_reason)
			info->invalid_reason = store_col_dup(s, 2);
	}
	store_finalize(s);
	return 0;
}

int store_q_runset(struct rb_store *st, int64_t id, const char *scenario_glob,
		   struct rb_runset_info *info)
{
	struct store_stmt *s;
	int rc;

	char sql[512];

	memset(info, 0, sizeof(*info));
	info->id = id;
	snprintf(sql, sizeof(sql), "SELECT label, kernel_release, started_at, ended_at,"
		 " suite_version, git_commit, command, info_json, status, %s, seed FROM runsets"
		 " WHERE id=?", st->schema >= 5 ? "host, machine_id, uuid" : "NULL, NULL, NULL");
	if (store_prepare(st, sql, &s))
		return -1;
	store_bind_int64(s, 1, id);
	rc = store_step(s);
	if (rc == STORE_ROW) {
		char **f[] = { &info->label, &info->kernel_release, &info->started_at,
			       &info->ended_at, &info->suite_version, &info->git_commit,
			       &info->command, &info->info_json, &info->status, &info->host,
			       &info->machine_id, &info->uuid };

		for (size_t i = 0; i < ARRAY_SIZE(f); i++)
			*f[i] = store_col_dup(s, (int)i);
		info->seed = (uint64_t)store_col_int64(s, 12);
		info->has_seed = store_col_type(s, 12) != STORE_NULL;
	}
	store_finalize(s);
	if (rc != STORE_ROW)
		return err_msg("%s: no run set #%lld\n", st->path, (long long)id);
	return count_runs(st, info, scenario_glob);
}

void store_q_runset_free(struct rb_runset_info *info)
{
	free(info->label);
	free(info->kernel_release);
	free(info->started_at);
	free(info->ended_at);
	free(info->suite_version);
	free(info->git_commit);
	free(info->command);
	free(info->info_json);
	free(info->status);
	free(info->invalid_reason);
	free(info->host);
	free(info->machine_id);
	free(info->uuid);
	memset(info, 0, sizeof(*info));
}

/* Every query below yields these columns, in this order, for fill_rows(). */
#define ROW_COLUMNS(boot) "r.id, r.scenario, m.name, m.value, m.text, m.absent_reason," \
	" r.sweep_param, r.sweep_value, r.sweep2_param, r.sweep2_value, " boot
#define ROW_BOOT(st) ((st)->schema >= 3 ? "r.boot_id" : "NULL")

/* Step s, calling cb for each row; finalizes s. A broken row (no value, text
 * or reason) is given a reason when mark_broken, else passed as it is. */
static int fill_rows(struct rb_store *st, struct store_stmt *s, bool mark_broken,
		     rb_metric_row_cb cb, void *ctx)
{
	int rc, ret = 0;

	(void)st;
	while ((rc = store_step(s)) == STORE_ROW) {
		struct rb_metric_row row = {
			.run_id = store_col_int64(s, 0),
			.scenario = store_col_text(s, 1),
			.name = store_col_text(s, 2),
			.has_value = store_col_type(s, 3) != STORE_NULL,
			.value = store_col_double(s, 3),
			.text = store_col_text(s, 4),
			.absent = store_col_text(s, 5),
			.sweep_param = store_col_text(s, 6),
			.sweep_value = store_col_double(s, 7),
			.sweep2_param = store_col_text(s, 8),
			.sweep2_value = store_col_double(s, 9),
			.boot_id = store_col_text(s, 10),
		};

		if (!row.scenario)
			row.scenario = "";
		if (!row.name)
			row.name = "";
		if (mark_broken && !row.has_value && !row.text && !row.absent)
			row.absent = "no value stored";	/* a broken row is still not a 0 */
		ret = cb(&row, ctx);
		if (ret)
			break;
	}
	if (!ret && rc != STORE_DONE)
		ret = -1;
	store_finalize(s);
	return ret;
}

int store_q_metrics(struct rb_store *st, int64_t runset_id, const char *scenario_glob,
		    const char *metric_glob, rb_metric_row_cb cb, void *ctx)
{
	char sql[512];
	struct store_stmt *s;

	snprintf(sql, sizeof(sql), "SELECT " ROW_COLUMNS("%s")
		 " FROM runs r JOIN metrics m ON m.run_id = r.id"
		 " WHERE r.runset_id=? AND r.valid=1 AND r.scenario %s ? AND m.name %s ?"
		 " ORDER BY r.scenario, m.name, r.id", ROW_BOOT(st), st->ops->glob_op,
		 st->ops->glob_op);
	if (store_prepare(st, sql, &s))
		return -1;
	store_bind_int64(s, 1, runset_id);
	store_bind_glob(s, 2, glob_or_all(scenario_glob));
	store_bind_glob(s, 3, glob_or_all(metric_glob));
	return fill_rows(st, s, true, cb, ctx);
}

int store_q_summary(struct rb_store *st, int64_t runset_id, rb_metric_row_cb cb, void *ctx)
{
	char sql[1024];
	struct store_stmt *s;

	snprintf(sql, sizeof(sql), "SELECT " ROW_COLUMNS("%s")
		 " FROM runs r JOIN metrics m ON m.run_id = r.id"
		 " WHERE r.runset_id=? AND r.valid=1"
		 /* scenarios as first run; the points of one sweep (one base, the name
		  * before '@') together, by value (a 2-D sweep's by the first, then the
		  * second), not shuffled */
		 " ORDER BY MIN(r.seq) OVER (PARTITION BY CASE WHEN r.sweep_param"
		 " IS NULL THEN r.scenario ELSE substr(r.scenario, 1,"
		 " %s(r.scenario || '@', '@') - 1) END), r.sweep_value,"
		 " r.sweep2_value, r.scenario, m.name, r.seq", ROW_BOOT(st), st->ops->strpos);
	if (store_prepare(st, sql, &s))
		return -1;
	store_bind_int64(s, 1, runset_id);
	return fill_rows(st, s, false, cb, ctx);
}

int store_q_metric_values(struct rb_store *st, int64_t runset_id, const char *metric,
			  rb_metric_row_cb cb, void *ctx)
{
	char sql[512];
	struct store_stmt *s;

	snprintf(sql, sizeof(sql), "SELECT " ROW_COLUMNS("%s")
		 " FROM runs r JOIN metrics m ON m.run_id = r.id"
		 " WHERE r.runset_id=? AND m.name=? AND r.valid=1 AND m.value IS NOT NULL"
		 " ORDER BY r.seq", ROW_BOOT(st));
	if (store_prepare(st, sql, &s))
		return -1;
	store_bind_int64(s, 1, runset_id);
	store_bind_text(s, 2, metric);
	return fill_rows(st, s, false, cb, ctx);
}

int store_q_metric_stored(struct rb_store *st, int64_t runset_id, const char *metric,
			  bool *stored)
{
	struct store_stmt *s;
	int rc;

	*stored = false;
	if (store_prepare(st, "SELECT 1 FROM metrics m JOIN runs r ON r.id = m.run_id"
			  " WHERE r.runset_id=? AND m.name=? LIMIT 1", &s))
		return -1;
	store_bind_int64(s, 1, runset_id);
	store_bind_text(s, 2, metric);
	rc = store_step(s);
	*stored = rc == STORE_ROW;
	store_finalize(s);
	if (rc < 0)
		return -1;
	return 0;
}

int store_q_scenarios(struct rb_store *st, int64_t runset_id,
		      int (*cb)(const char *scenario, void *ctx), void *ctx)
{
	struct store_stmt *s;
	int rc, ret = 0;

	if (store_prepare(st, "SELECT DISTINCT scenario FROM runs WHERE runset_id=?", &s))
		return -1;
	store_bind_int64(s, 1, runset_id);
	while ((rc = store_step(s)) == STORE_ROW) {
		const char *name = store_col_text(s, 0);

		ret = cb(name ? name : "", ctx);
		if (ret)
			break;
	}
	if (!ret && rc != STORE_DONE)
		ret = -1;
	store_finalize(s);
	return ret;
}

int store_q_runset_ids(struct rb_store *st, const char *label_glob, int64_t **ids, size_t *n)
{
	return store_q_runset_ids_on_host(st, label_glob, NULL, ids, n);
}

int store_q_runset_ids_on_host(struct rb_store *st, const char *label_glob,
			       const char *host_glob, int64_t **ids, size_t *n)
{
	struct store_stmt *s;
	size_t cap = 0;
	char sql[256];
	int rc;

	*ids = NULL;
	*n = 0;
	if (host_glob && st->schema < 5)
		return 0;
	snprintf(sql, sizeof(sql), "SELECT id FROM runsets WHERE label %s ?%s%s%s"
		 " ORDER BY started_at, id", st->ops->glob_op, host_glob ? " AND host " : "",
		 host_glob ? st->ops->glob_op : "", host_glob ? " ?" : "");
	if (store_prepare(st, sql, &s))
		return -1;
	store_bind_glob(s, 1, glob_or_all(label_glob));
	if (host_glob)
		store_bind_glob(s, 2, host_glob);
	while ((rc = store_step(s)) == STORE_ROW) {
		if (*n == cap) {
			int64_t *p = realloc(*ids, (cap = cap ? 2 * cap : 16) * sizeof(*p));

			if (!p) {
				store_finalize(s);
				free(*ids);
				*ids = NULL;
				*n = 0;
				return err_msg("out of memory\n");
			}
			*ids = p;
		}
		(*ids)[(*n)++] = store_col_int64(s, 0);
	}
	store_finalize(s);
	if (rc < 0) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}
