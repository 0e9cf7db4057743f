/* The margins table (store_margins.h), on either backend. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "store_internal.h"
#include "store_margins.h"

int store_margin_put(struct rb_store *st, const struct rb_margin *m)
{
	struct store_stmt *s;
	char now[32];

	if (st->schema < 4)
		return err_msg("%s: store schema %d has no margins table\n", st->path, st->schema);
	now_iso8601(now, sizeof(now));
	/* an upsert both dialects read: a rebuild replaces the margin */
	if (store_prepare(st, "INSERT INTO margins(runset_label, kernel_release,"
			  " machine, built_at, scenario, metric, scale, margin, boots, warmup, seed)"
			  " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
			  " ON CONFLICT(runset_label, scenario, metric) DO UPDATE SET"
			  " kernel_release=excluded.kernel_release, machine=excluded.machine,"
			  " built_at=excluded.built_at, scale=excluded.scale,"
			  " margin=excluded.margin, boots=excluded.boots,"
			  " warmup=excluded.warmup, seed=excluded.seed", &s))
		return -1;
	if (store_bind_text(s, 1, m->runset_label) || store_bind_text(s, 2, m->kernel_release) ||
	    store_bind_text(s, 3, m->machine) || store_bind_text(s, 4, now) ||
	    store_bind_text(s, 5, m->scenario) || store_bind_text(s, 6, m->metric) ||
	    store_bind_text(s, 7, m->scale) || store_bind_double(s, 8, m->margin) ||
	    store_bind_int64(s, 9, m->boots) || store_bind_int64(s, 10, m->warmup) ||
	    /* seeds are 32-bit (stats_opts), so they fit a signed column */
	    store_bind_int64(s, 11, (int64_t)m->seed)) {
		store_finalize(s);
		return -1;
	}
	return store_step_done(s);
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

/* One row of s into m; -1 when out of memory. */
static int margin_read(struct store_stmt *s, struct rb_margin *m)
{
	m->runset_label = store_col_dup(s, 0);
	m->kernel_release = store_col_dup(s, 1);
	m->machine = store_col_dup(s, 2);
	m->built_at = store_col_dup(s, 3);
	m->scenario = store_col_dup(s, 4);
	m->metric = store_col_dup(s, 5);
	m->scale = store_col_dup(s, 6);
	m->margin = store_col_double(s, 7);
	m->boots = (long)store_col_int64(s, 8);
	m->warmup = (unsigned)store_col_int64(s, 9);
	m->seed = (uint64_t)store_col_int64(s, 10);
	return m->runset_label && m->scenario && m->metric && m->scale ? 0 : -1;
}

int store_margins_load(struct rb_store *st, const char *kernel_release,
		       const char *runset_label, struct rb_margin **out, size_t *n)
{
	struct store_stmt *s;
	size_t cap = 0;
	char sql[512];
	int rc, p = 0;

	*out = NULL;
	*n = 0;
	if (st->schema < 4)
		return 0;
	/* the filters written only when asked for: no untyped NULL parameter */
	snprintf(sql, sizeof(sql), "SELECT runset_label, kernel_release, machine, built_at,"
		 " scenario, metric, scale, margin, boots, warmup, seed FROM margins"
		 " WHERE 1=1%s%s ORDER BY built_at DESC, id DESC",
		 kernel_release ? " AND kernel_release = ?" : "",
		 runset_label ? " AND runset_label = ?" : "");
	if (store_prepare(st, sql, &s))
		return -1;
	if ((kernel_release && store_bind_text(s, ++p, kernel_release)) ||
	    (runset_label && store_bind_text(s, ++p, runset_label))) {
		store_finalize(s);
		return -1;
	}
	while ((rc = store_step(s)) == STORE_ROW) {
		struct rb_margin *m;

		if (*n == cap) {
			m = realloc(*out, (cap = cap ? 2 * cap : 32) * sizeof(*m));
			if (!m) {
				rc = err_msg("%s: reading margins: out of memory\n", st->path);
				break;
			}
			*out = m;
		}
		m = &(*out)[(*n)++];
		if (margin_read(s, m)) {
			rc = err_msg("%s: reading margins: out of memory\n", st->path);
			break;
		}
	}
	store_finalize(s);
	if (rc != STORE_DONE) {
		store_margins_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}
