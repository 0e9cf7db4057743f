/*
 * Summary of one run set, from the store (so it shows exactly what was kept).
 * gnuplot-ready: '#' header lines, fixed columns.
 */
#include "summary.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "common.h"
#include "metric_table.h"

struct column {
	char scenario[96], metric[48];
	double *v;
	size_t n, cap;
	int absent;
	char why[128];
	char text[160];		/* text metrics: "reaped=3, not_needed=2" */
};

/*
 * The rows a reader looks at first: every kind of metric in the table but
 * tool health (metric_table.h); -v prints every metric (and the absent ones
 * with their reason), `reapbench export` has them all.
 */
static bool is_headline(const char *metric)
{
	const struct rb_metric_def *d = metric_def_find(metric);

	return d && d->kind != RB_KIND_TOOL_HEALTH;
}

static int print_row(FILE *out, struct column *c)
{
	if (!rb_verbose && !is_headline(c->metric))
		return 0;
	if (c->text[0]) {
		fprintf(out, "%-28s %-30s %s\n", c->scenario, c->metric, c->text);
		return 0;
	}
	if (!c->n) {
		if (!rb_verbose)	/* absent: `export` and -v say why */
			return 0;
		fprintf(out, "%-28s %-30s absent: %s\n", c->scenario, c->metric, c->why);
		return 0;
	}
	gsl_sort(c->v, 1, c->n);
	fprintf(out, "%-28s %-30s %4zu %12.1f %12.1f %12.1f %12.1f\n", c->scenario, c->metric,
		c->n, gsl_stats_median_from_sorted_data(c->v, 1, c->n),
		gsl_stats_quantile_from_sorted_data(c->v, 1, c->n, 0.9), c->v[0], c->v[c->n - 1]);
	return 0;
}

static void add_text(struct column *c, const char *t)
{
	char key[40], *p;
	size_t len = strlen(c->text);

	/* count occurrences: "reaped=3, not_needed=2", in order of first appearance */
	snprintf(key, sizeof(key), "%s=", t);
	p = strstr(c->text, key);
	if (p && (p == c->text || p[-1] == ' ')) {
		int n = atoi(p + strlen(key));
		char rest[160], head[160];

		snprintf(head, sizeof(head), "%.*s", (int)(p - c->text), c->text);
		p += strlen(key);
		while (*p >= '0' && *p <= '9')
			p++;
		snprintf(rest, sizeof(rest), "%s", p);
		snprintf(c->text, sizeof(c->text), "%s%s%d%s", head, key, n + 1, rest);
		return;
	}
	snprintf(c->text + len, sizeof(c->text) - len, "%s%s=1", len ? ", " : "", t);
}

int summary_print(struct rb_store *st, int64_t runset_id, FILE *out)
{
	sqlite3_stmt *s;
	struct column c = { 0 };
	int rc = 0, valid = 0, invalid = 0;

	if (sqlite3_prepare_v2(st->db,
			       "SELECT SUM(valid), SUM(1 - valid) FROM runs WHERE runset_id=?",
			       -1, &s, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(s, 1, runset_id);
		if (sqlite3_step(s) == SQLITE_ROW) {
			valid = sqlite3_column_int(s, 0);
			invalid = sqlite3_column_int(s, 1);
		}
		sqlite3_finalize(s);
	}
	if (sqlite3_prepare_v2(st->db,
			       "SELECT r.scenario, m.name, m.value, m.text, m.absent_reason"
			       " FROM runs r JOIN metrics m ON m.run_id = r.id"
			       " WHERE r.runset_id=? AND r.valid=1"
			       /* scenarios as first run; the points of one sweep (one base,
				* the name before '@') together, by value (a 2-D sweep's by
				* the first, then the second), not shuffled */
			       " ORDER BY MIN(r.seq) OVER (PARTITION BY CASE WHEN r.sweep_param"
			       " IS NULL THEN r.scenario ELSE substr(r.scenario, 1,"
			       " instr(r.scenario || '@', '@') - 1) END), r.sweep_value,"
			       " r.sweep2_value, r.scenario, m.name, r.seq", -1, &s, NULL) != SQLITE_OK)
		return err_msg("%s: %s\n", st->path, sqlite3_errmsg(st->db));
	sqlite3_bind_int64(s, 1, runset_id);
	fprintf(out, "# reapbench summary, run set %lld: %d valid runs, %d invalid\n",
		(long long)runset_id, valid, invalid);
	fprintf(out, "# units: reapbench list --metrics (us = microseconds); %s\n",
		rb_verbose ? "every metric" : "main metrics (all: -v, or reapbench export)");
	fprintf(out, "# %-26s %-30s %4s %12s %12s %12s %12s\n", "scenario", "metric", "n",
		"median", "p90", "min", "max");
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *sc = (const char *)sqlite3_column_text(s, 0);
		const char *name = (const char *)sqlite3_column_text(s, 1);

		if (strcmp(sc, c.scenario) || strcmp(name, c.metric)) {
			if (c.scenario[0])
				print_row(out, &c);
			free(c.v);
			memset(&c, 0, sizeof(c));
			snprintf(c.scenario, sizeof(c.scenario), "%s", sc);
			snprintf(c.metric, sizeof(c.metric), "%s", name);
		}
		if (sqlite3_column_type(s, 2) != SQLITE_NULL) {
			if (c.n == c.cap) {
				double *v = realloc(c.v, (c.cap = c.cap ? c.cap * 2 : 16) * sizeof(*v));

				if (!v) {
					rc = err_msg("out of memory\n");
					break;
				}
				c.v = v;
			}
			c.v[c.n++] = sqlite3_column_double(s, 2);
		} else if (sqlite3_column_type(s, 3) != SQLITE_NULL) {
			add_text(&c, (const char *)sqlite3_column_text(s, 3));
		} else {
			c.absent++;
			snprintf(c.why, sizeof(c.why), "%s", sqlite3_column_text(s, 4));
		}
	}
	if (c.scenario[0])
		print_row(out, &c);
	free(c.v);
	sqlite3_finalize(s);
	return rc;
}
