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
#include "store_query.h"

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

/* Rows come grouped by scenario and metric: one column at a time. */
struct summary_state {
	struct column c;
	FILE *out;
};

static int add_row(const struct rb_metric_row *row, void *ctx)
{
	struct summary_state *st = ctx;
	struct column *c = &st->c;

	if (strcmp(row->scenario, c->scenario) || strcmp(row->name, c->metric)) {
		if (c->scenario[0])
			print_row(st->out, c);
		free(c->v);
		memset(c, 0, sizeof(*c));
		snprintf(c->scenario, sizeof(c->scenario), "%s", row->scenario);
		snprintf(c->metric, sizeof(c->metric), "%s", row->name);
	}
	if (row->has_value) {
		if (c->n == c->cap) {
			double *v = realloc(c->v, (c->cap = c->cap ? c->cap * 2 : 16) * sizeof(*v));

			if (!v)
				return err_msg("out of memory\n");
			c->v = v;
		}
		c->v[c->n++] = row->value;
	} else if (row->text) {
		add_text(c, row->text);
	} else {
		c->absent++;
		snprintf(c->why, sizeof(c->why), "%s", row->absent ? row->absent : "");
	}
	return 0;
}

int summary_print(struct rb_store *st, int64_t runset_id, FILE *out)
{
	struct summary_state ss = { .out = out };
	struct rb_runset_info info;
	int rc;

	if (store_q_runset(st, runset_id, NULL, &info))
		return -1;
	fprintf(out, "# reapbench summary, run set %lld: %d valid runs, %d invalid\n",
		(long long)runset_id, info.runs_valid, info.runs_invalid);
	store_q_runset_free(&info);
	fprintf(out, "# units: reapbench list --metrics (us = microseconds); %s\n",
		rb_verbose ? "every metric" : "main metrics (all: -v, or reapbench export)");
	fprintf(out, "# %-26s %-30s %4s %12s %12s %12s %12s\n", "scenario", "metric", "n",
		"median", "p90", "min", "max");
	rc = store_q_summary(st, runset_id, add_row, &ss);
	if (ss.c.scenario[0])
		print_row(out, &ss.c);
	free(ss.c.v);
	return rc;
}
