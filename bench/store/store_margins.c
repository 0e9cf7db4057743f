/* The margins table (store_margins.h). */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "store_internal.h"
#include "store_margins.h"

int store_margin_put(struct rb_store *st, const struct rb_margin *m)
{
	sqlite3_stmt *s;

	if (st->schema < 4)
		return err_msg("%s: store schema %d has no margins table\n", st->path, st->schema);
	if (store_prepare(st, "INSERT OR REPLACE INTO margins(runset_label, kernel_release,"
			  " machine, built_at, scenario, metric, scale, margin, boots, warmup, seed)"
			  " VALUES(?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?, ?, ?, ?, ?, ?, ?)",
			  &s))
		return -1;
	sqlite3_bind_text(s, 1, m->runset_label, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, m->kernel_release, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, m->machine, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, m->scenario, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 5, m->metric, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 6, m->scale, -1, SQLITE_TRANSIENT);
	sqlite3_bind_double(s, 7, m->margin);
	sqlite3_bind_int64(s, 8, m->boots);
	sqlite3_bind_int64(s, 9, m->warmup);
	/* seeds are 32-bit (stats_opts), so they fit a signed column */
	sqlite3_bind_int64(s, 10, (sqlite3_int64)m->seed);
	return store_step_done(st, s);
}

void store_margins_free(struct rb_margin *m, size_t n)
{
	for (size_t i = 0; m && i < n; i++) {
		free(m[i].runset_label);
		free(m[i].kernel_release);
		free(m[i].machine);
		free(m[i].built_at);
		free(m[i].scenario);
		free(m[i].metric);
		free(m[i].scale);
	}
	free(m);
}

int store_margins_load(struct rb_store *st, const char *kernel_release,
		       const char *runset_label, struct rb_margin **out, size_t *n)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st->schema < 4)
		return 0;
	if (store_prepare(st, "SELECT runset_label, kernel_release, machine, built_at, scenario,"
			  " metric, scale, margin, boots, warmup, seed FROM margins"
			  " WHERE (?1 IS NULL OR kernel_release = ?1)"
			  " AND (?2 IS NULL OR runset_label = ?2)"
			  " ORDER BY built_at DESC, id DESC", &s))
		return -1;
	if (kernel_release)
		sqlite3_bind_text(s, 1, kernel_release, -1, SQLITE_TRANSIENT);
	if (runset_label)
		sqlite3_bind_text(s, 2, runset_label, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct rb_margin *m;

		if (*n == cap) {
			m = realloc(*out, (cap = cap ? 2 * cap : 32) * sizeof(*m));
			if (!m) {
				rc = SQLITE_NOMEM;
				break;
			}
			*out = m;
		}
		m = &(*out)[(*n)++];
		m->runset_label = store_col_dup(s, 0);
		m->kernel_release = store_col_dup(s, 1);
		m->machine = store_col_dup(s, 2);
		m->built_at = store_col_dup(s, 3);
		m->scenario = store_col_dup(s, 4);
		m->metric = store_col_dup(s, 5);
		m->scale = store_col_dup(s, 6);
		m->margin = sqlite3_column_double(s, 7);
		m->boots = (long)sqlite3_column_int64(s, 8);
		m->warmup = (unsigned)sqlite3_column_int64(s, 9);
		m->seed = (uint64_t)sqlite3_column_int64(s, 10);
		if (!m->runset_label || !m->scenario || !m->metric || !m->scale) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_margins_free(*out, *n);
		*out = NULL;
		*n = 0;
		return err_msg("%s: reading margins: %s\n", st->path,
			       rc == SQLITE_NOMEM ? "out of memory" : sqlite3_errmsg(st->db));
	}
	return 0;
}
