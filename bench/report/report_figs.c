/*
 * The plot families of a report: each writes a gnuplot-ready data file
 * (# header naming columns and units) under out_dir/data and renders its
 * template from plots/. A side without values is written as NaN, which
 * gnuplot skips, never as 0. With one run set (p->single) the B side is
 * neither written nor drawn.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>

#include "common.h"
#include "compare_fmt.h"
#include "metric_table.h"
#include "report_plot.h"
#include "sweep.h"

/* DIR/data/NAME.dat, created safely (safefile.h); path is what gnuplot reads. */
static FILE *data_open(struct rb_plotter *p, const char *name, char *path, size_t len)
{
	char base[320];

	snprintf(path, len, "%s/data/%s.dat", p->out_dir, name);
	snprintf(base, sizeof(base), "%s.dat", name);
	if (safe_file_create(&p->data, p->data_fd, base)) {
		err_msg("%s: cannot write\n", path);
		return NULL;
	}
	return p->data.f;
}

/* Renamed into place; on failure gnuplot finds no file and the figure fails. */
static int data_close(struct rb_plotter *p)
{
	return safe_file_commit(&p->data);
}

static const struct rb_series *find_series(const struct rb_sample *s, const char *scenario,
					   const char *metric)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->s[i].scenario, scenario) && !strcmp(s->s[i].metric, metric))
			return &s->s[i];
	return NULL;
}

/* Sorted numeric values of a series (absent and text values left out). */
static double *sorted_values(const struct rb_series *s, size_t *n)
{
	double *v = malloc(((s ? s->n : 0) + 1) * sizeof(*v));
	size_t i;

	*n = 0;
	for (i = 0; v && s && i < s->n; i++)
		if (!s->o[i].absent && !s->o[i].text)
			v[(*n)++] = s->o[i].value;
	if (v)
		gsl_sort(v, 1, *n);
	return v;
}

static char *axis_label(char *buf, size_t len, const char *metric)
{
	const char *u = metric_unit(metric);

	if (*u)
		snprintf(buf, len, "%s (%s)", metric, u);
	else
		snprintf(buf, len, "%s", metric);
	return buf;
}

/* Render with the usual datafile/title/axis variables. */
static int render(struct rb_plotter *p, const char *tpl, const char *name, const char *data,
		  const char *title, const char *xlab, const char *ylab, const char *extra)
{
	char qd[4200], qt[600], qx[300], qy[300], qs[1100], sub[540], vars[7200];

	/* second title line: which kernels; the key repeats them per curve */
	if (p->single)
		snprintf(sub, sizeof(sub), "run set %s", p->label_a);
	else
		snprintf(sub, sizeof(sub), "A = %s vs B = %s", p->label_a, p->label_b);
	snprintf(vars, sizeof(vars), "datafile=%s; title=%s; subtitle=%s; xlab=%s; ylab=%s; %s",
		 gp_quote(qd, sizeof(qd), data), gp_quote(qt, sizeof(qt), title),
		 gp_quote(qs, sizeof(qs), sub), gp_quote(qx, sizeof(qx), xlab ? xlab : ""),
		 gp_quote(qy, sizeof(qy), ylab ? ylab : ""), extra ? extra : "");
	return plot_render(p, tpl, name, vars);
}

/* Log axis when the values are all positive and span more than 100x: kill
 * vs kill+mrelease lock waits go from 0.5 us to 1 ms, linear hides one side. */
static int wants_log(double lo, double hi)
{
	return lo > 0 && hi / lo > 100;
}

static void ecdf_block(FILE *f, const double *v, size_t n)
{
	size_t i;

	/* start at 0 so the step begins at the smallest value */
	fprintf(f, "%.10g 0\n", v[0]);
	for (i = 0; i < n; i++)
		fprintf(f, "%.10g %.10g\n", v[i], (double)(i + 1) / n);
}

static const struct rb_cmp_row *find_row(const struct rb_cmp *c, const char *scenario,
					 const char *metric);

bool fig_ecdf_always(const struct rb_metric_def *d)
{
	return d && d->kind == RB_KIND_PRIMARY && d->unit != RB_UNIT_TEXT;
}

/* A report draws the ECDFs a reader needs first; `plot --kind ecdf` draws all. */
static int ecdf_wanted(const struct rb_cmp *only, const char *scenario, const char *metric)
{
	const struct rb_cmp_row *r;

	if (!only)
		return 1;
	if (fig_ecdf_always(metric_def_find(metric)))
		return 1;
	r = find_row(only, scenario, metric);
	return r && row_flagged(r);
}

int plot_ecdfs(struct rb_plotter *p, const struct rb_sample *a, const struct rb_sample *b,
	       const struct rb_cmp *only)
{
	char name[300], s1[128], s2[128], path[4096], title[512], xlab[128];
	int made = 0;
	size_t i;

	for (i = 0; i < a->n; i++) {
		const struct rb_series *sa = &a->s[i];
		const struct rb_series *sb = p->single ? sa : find_series(b, sa->scenario, sa->metric);
		size_t na, nb;
		double *va, *vb;
		FILE *f;
		int rc = 0;

		if (!ecdf_wanted(only, sa->scenario, sa->metric))
			continue;
		va = sorted_values(sa, &na);
		vb = sorted_values(sb, &nb);

		/* a one-sided ECDF compares nothing, nor does one where every value is equal */
		if (va && vb && na && nb && !(va[0] == va[na - 1] && vb[0] == vb[nb - 1] &&
					      va[0] == vb[0])) {
			snprintf(name, sizeof(name), "ecdf-%s-%s",
				 plot_slug(s1, sizeof(s1), sa->scenario),
				 plot_slug(s2, sizeof(s2), sa->metric));
			f = data_open(p, name, path, sizeof(path));
			if (!f) {
				rc = -1;
			} else {
				fprintf(f, "# reapbench ECDF: scenario %s, metric %s\n",
					sa->scenario, sa->metric);
				if (p->single)
					fprintf(f, "# block 0: %s (n=%zu)\n", p->label_a, na);
				else
					fprintf(f, "# block 0: A = %s (n=%zu), block 1: B = %s (n=%zu)\n",
						p->label_a, na, p->label_b, nb);
				fprintf(f, "# %s fraction_of_runs\n",
					axis_label(xlab, sizeof(xlab), sa->metric));
				ecdf_block(f, va, na);
				if (!p->single) {
					fprintf(f, "\n\n");
					ecdf_block(f, vb, nb);
				}
				data_close(p);
				snprintf(title, sizeof(title), "%s, scenario %s", sa->metric,
					 sa->scenario);
				rc = render(p, "ecdf", name, path, title, xlab, NULL,
					    wants_log(fmin(va[0], vb[0]), fmax(va[na - 1], vb[nb - 1])) ?
					    "logx=1" : "logx=0");
				made += !rc;
			}
		}
		free(va);
		free(vb);
		if (rc)
			return -1;
	}
	return made;
}

static void box_cols(FILE *f, const struct rb_desc *d)
{
	fprintf(f, " %.10g %.10g %.10g %.10g %.10g", d->min, d->q1, d->median, d->q3, d->max);
}

int plot_boxes(struct rb_plotter *p, const struct rb_cmp *c)
{
	char name[200], slug[128], path[4096], title[512], ylab[128];
	double lo, hi;
	int made = 0;
	size_t i, j;

	for (i = 0; i < c->n; i++) {
		const char *metric = c->rows[i].metric;
		int first = 1, idx = 0;
		FILE *f;

		if (c->rows[i].is_text)
			continue;
		for (j = 0; j < i && first; j++)
			first = strcmp(c->rows[j].metric, metric) != 0;
		if (!first)
			continue;	/* one plot per metric, over every scenario */
		snprintf(name, sizeof(name), "box-%s", plot_slug(slug, sizeof(slug), metric));
		f = data_open(p, name, path, sizeof(path));
		if (!f)
			return -1;
		lo = INFINITY;
		hi = -INFINITY;
		if (p->single)
			fprintf(f, "# reapbench box: metric %s; run set %s\n"
				   "# idx scenario min q1 median q3 max\n", metric, p->label_a);
		else
			fprintf(f, "# reapbench box: metric %s; A = %s, B = %s\n"
				   "# idx scenario A_min A_q1 A_median A_q3 A_max B_min B_q1 B_median"
				   " B_q3 B_max\n", metric, p->label_a, p->label_b);
		for (j = i; j < c->n; j++) {
			const struct rb_cmp_row *r = &c->rows[j];

			if (strcmp(r->metric, metric) || (!r->a.d.n && (p->single || !r->b.d.n)))
				continue;
			fprintf(f, "%d \"%s\"", ++idx, r->scenario);
			lo = fmin(lo, r->a.d.min);	/* fmin skips NaN */
			hi = fmax(hi, r->a.d.max);
			box_cols(f, &r->a.d);
			if (!p->single) {
				lo = fmin(lo, r->b.d.min);
				hi = fmax(hi, r->b.d.max);
				box_cols(f, &r->b.d);
			}
			fputc('\n', f);
		}
		data_close(p);
		if (!idx)
			continue;
		snprintf(title, sizeof(title), "%s per scenario (box: quartiles, "
			 "whiskers: min-max)", metric);
		if (render(p, "box", name, path, title, NULL, axis_label(ylab, sizeof(ylab), metric),
			   wants_log(lo, hi) ? "logy=1" : "logy=0"))
			return -1;
		made++;
	}
	return made;
}

/* Bar labels: with one scenario the title names it and bars say "A: label";
 * with several, "scenario:A". One run set: the label alone, or "scenario". */
static int one_scenario(const struct rb_cmp *c)
{
	size_t i;

	for (i = 1; i < c->n; i++)
		if (strcmp(c->rows[i].scenario, c->rows[0].scenario))
			return 0;
	return c->n > 0;
}

static void bar_label(FILE *f, const struct rb_plotter *p, int single, const char *scen, int k)
{
	const char *at = strchr(scen, '@');

	if (single && p->single)
		fprintf(f, "\"%s\"", p->label_a);
	else if (single)
		fprintf(f, "\"%c: %s\"", "AB"[k], k ? p->label_b : p->label_a);
	else if (p->single)	/* a sweep point is named by its value: the base is in the data file */
		fprintf(f, "\"%s\"", at ? at + 1 : scen);
	else
		fprintf(f, "\"%s:%c\"", at ? at + 1 : scen, "AB"[k]);
}

static const struct rb_cmp_row *find_row(const struct rb_cmp *c, const char *scenario,
					 const char *metric)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!strcmp(c->rows[i].scenario, scenario) && !strcmp(c->rows[i].metric, metric))
			return &c->rows[i];
	return NULL;
}

int plot_phases(struct rb_plotter *p, const struct rb_cmp *c)
{
	/* in exit_mmap's order: wait for the read lock, unmap, wait for the write lock, tear down */
	static const char *const phases[] = { "exit_read_wait_us", "exit_unmap_us",
					      "exit_write_wait_us", "exit_teardown_us" };
	char path[4096], title[512];
	int rows = 0, k, absent = 0;
	size_t i, j;
	FILE *f = data_open(p, "phases", path, sizeof(path));

	if (!f)
		return -1;
	if (p->single)
		fprintf(f, "# reapbench exit_mmap phases: median per phase; run set %s\n",
			p->label_a);
	else
		fprintf(f, "# reapbench exit_mmap phases: median per phase; A = %s, B = %s\n",
			p->label_a, p->label_b);
	fprintf(f, "# label read_wait_us unmap_us write_wait_us teardown_us (absent phase: 0)\n");
	for (i = 0; i < c->n; i++) {
		const char *scen = c->rows[i].scenario;
		int have = 0;

		if (i && !strcmp(c->rows[i - 1].scenario, scen))
			continue;
		for (j = 0; j < ARRAY_SIZE(phases); j++)
			have |= find_row(c, scen, phases[j]) != NULL;
		if (!have)
			continue;
		for (k = 0; k < 2 - p->single; k++) {
			bar_label(f, p, one_scenario(c), scen, k);
			for (j = 0; j < ARRAY_SIZE(phases); j++) {
				const struct rb_cmp_row *r = find_row(c, scen, phases[j]);
				const struct rb_desc *d = r ? (k ? &r->b.d : &r->a.d) : NULL;

				/* a stacked bar has no "missing": 0 height, and the title says so */
				if (!d || isnan(d->median))
					absent++;
				fprintf(f, " %.10g", d && !isnan(d->median) ? d->median : 0);
			}
			fputc('\n', f);
			rows++;
		}
	}
	data_close(p);
	if (!rows)
		return 0;
	if (one_scenario(c))
		snprintf(title, sizeof(title), "exit_mmap phases, median, scenario %s%s",
			 c->rows[0].scenario, absent ? " (0: phase not measured)" : "");
	else
		snprintf(title, sizeof(title), "exit_mmap phases, median%s",
			 absent ? " (0: phase not measured)" : "");
	return render(p, "phases", "phases", path, title, NULL, NULL, NULL) ? -1 : 1;
}

static int series_has_text(const struct rb_series *s)
{
	size_t i;

	for (i = 0; s && i < s->n; i++)
		if (s->o[i].text)
			return 1;
	return 0;
}

static int single_outcome(const struct rb_sample *a)
{
	size_t i, n = 0;

	for (i = 0; i < a->n; i++)
		n += !strcmp(a->s[i].metric, "reaper_outcome");
	return n == 1;
}

/* Bars in compare's row order: a sweep's points by value (their names sort
 * "stall=2s" after "stall=2500ms", "1000ms" before "500ms"), the rest by name. */
static int series_order(const void *x, const void *y)
{
	const struct rb_series *a = *(const struct rb_series *const *)x;
	const struct rb_series *b = *(const struct rb_series *const *)y;
	int c = strcmp(a->base, b->base);

	if (!c)
		c = sweep_point_cmp(a, b);
	return c ? c : strcmp(a->scenario, b->scenario);
}

int plot_outcomes(struct rb_plotter *p, const struct rb_sample *a, const struct rb_sample *b)
{
	const char *const *cats = rb_reaper_outcomes;	/* the columns of plots/outcome.gp */
	size_t n_cats = 0;
	const struct rb_sample *side[2] = { a, p->single ? a : b };
	char path[4096], title[512];
	const struct rb_series **order = malloc((a->n + 1) * sizeof(*order));
	int rows = 0, k;
	size_t i, j, c, n_order = 0;
	FILE *f = order ? data_open(p, "outcome", path, sizeof(path)) : NULL;

	if (!f) {
		free(order);
		return order ? -1 : err_msg("out of memory\n");
	}
	for (i = 0; i < a->n; i++)
		if (!strcmp(a->s[i].metric, "reaper_outcome"))
			order[n_order++] = &a->s[i];
	qsort(order, n_order, sizeof(*order), series_order);
	while (cats[n_cats])
		n_cats++;
	fprintf(f, "# reapbench reaper_outcome shares (%% of runs with an outcome)\n# label");
	for (c = 0; c < n_cats; c++)
		fprintf(f, " %s", cats[c]);
	fprintf(f, " other\n");
	for (i = 0; i < n_order; i++) {
		const struct rb_series *sa = order[i], *sb;

		/* not an OOM kill: the outcome is absent on both sides, nothing to draw */
		sb = find_series(side[1], sa->scenario, "reaper_outcome");
		if (!series_has_text(sa) && !series_has_text(sb))
			continue;
		for (k = 0; k < 2 - p->single; k++) {
			const struct rb_series *s = find_series(side[k], sa->scenario,
								"reaper_outcome");
			double n[16] = { 0 }, tot = 0;

			for (j = 0; s && j < s->n; j++) {
				if (!s->o[j].text)
					continue;
				for (c = 0; c < n_cats && strcmp(s->o[j].text, cats[c]); c++)
					;
				n[c]++;
				tot++;
			}
			bar_label(f, p, single_outcome(a), sa->scenario, k);
			for (c = 0; c <= n_cats; c++)
				fprintf(f, " %.6g", tot ? 100 * n[c] / tot : NAN);
			fputc('\n', f);
			rows++;
		}
	}
	data_close(p);
	free(order);
	if (!rows)
		return 0;
	snprintf(title, sizeof(title), "oom_reaper outcome");
	return render(p, "outcome", "outcome", path, title, NULL, NULL, NULL) ? -1 : 1;
}

/* Is r a point of the 1-D sweep that r0 heads: same base, metric and parameter?
 * Points of a 2-D sweep are never a curve here: plot_heatmaps() draws them. */
static int same_sweep(const struct rb_cmp_row *r, const struct rb_cmp_row *r0)
{
	return r->sweep_param && !r->sweep2_param && !strcmp(r->base, r0->base) &&
	       !strcmp(r->metric, r0->metric) && !strcmp(r->sweep_param, r0->sweep_param);
}

int plot_sweeps(struct rb_plotter *p, const struct rb_cmp *c)
{
	char name[300], s1[128], s2[128], path[4096], title[512], xlab[128], ylab[128];
	int made = 0;
	size_t i, j;

	for (i = 0; i < c->n; i++) {
		const struct rb_cmp_row *r0 = &c->rows[i];
		int first = 1, points = 0;
		double max = 0, div;
		FILE *f;

		if (!r0->sweep_param || r0->sweep2_param || (r0->is_text && !r0->hit))
			continue;
		for (j = 0; j < i && first; j++)
			first = !(c->rows[j].sweep_param && !c->rows[j].sweep2_param &&
				  !strcmp(c->rows[j].base, r0->base) &&
				  !strcmp(c->rows[j].metric, r0->metric));
		if (!first)
			continue;
		/* x in a unit picked by the largest point: stall 1.5 .. 2.5 s, not
		 * 1500000 .. 2500000 (runs.sweep_value is in microseconds) */
		for (j = i; j < c->n; j++)
			if (same_sweep(&c->rows[j], r0))
				max = fmax(max, fabs(c->rows[j].sweep_value));
		div = sweep_axis(r0->sweep_param, max, xlab, sizeof(xlab));
		snprintf(name, sizeof(name), "sweep-%s-%s", plot_slug(s1, sizeof(s1), r0->base),
			 plot_slug(s2, sizeof(s2), r0->metric));
		f = data_open(p, name, path, sizeof(path));
		if (!f)
			return -1;
		if (r0->is_text)
			fprintf(f, "# reapbench sweep: scenario %s, share of %s=%s over %s\n"
				   "# x = %s\n# x %s\n", r0->base, r0->metric, r0->hit,
				r0->sweep_param, xlab, p->single ? "share_pct" : "A_share_pct B_share_pct");
		else
			fprintf(f, "# reapbench sweep: scenario %s, metric %s over %s\n"
				   "# x = %s\n# x %s\n", r0->base, r0->metric, r0->sweep_param, xlab,
				p->single ? "q1 median q3" : "A_q1 A_median A_q3 B_q1 B_median B_q3");
		/* rows are in numeric sweep order already */
		for (j = i; j < c->n; j++) {
			const struct rb_cmp_row *r = &c->rows[j];

			if (!same_sweep(r, r0))
				continue;
			fprintf(f, "%.10g", r->sweep_value / div);
			/* a point counts when a side measured it; absent points stay NaN */
			if (r->is_text) {
				fprintf(f, " %.10g", 100 * r->a.share);
				if (!p->single)
					fprintf(f, " %.10g", 100 * r->b.share);
				points += r->a.total || (!p->single && r->b.total);
			} else {
				fprintf(f, " %.10g %.10g %.10g", r->a.d.q1, r->a.d.median, r->a.d.q3);
				if (!p->single)
					fprintf(f, " %.10g %.10g %.10g", r->b.d.q1, r->b.d.median,
						r->b.d.q3);
				points += r->a.d.n || (!p->single && r->b.d.n);
			}
			fputc('\n', f);
		}
		data_close(p);
		if (points < 2)
			continue;
		if (r0->is_text) {
			/* how an outcome moves over the sweep, e.g. not_needed -> reaped */
			snprintf(title, sizeof(title), "share of %s=%s over %s, scenario %s",
				 r0->metric, r0->hit, r0->sweep_param, r0->base);
			snprintf(ylab, sizeof(ylab), "runs with %s=%s (%%)", r0->metric, r0->hit);
			if (render(p, "sweep_share", name, path, title, xlab, ylab, NULL))
				return -1;
			made++;
			continue;
		}
		snprintf(title, sizeof(title), "%s over %s, scenario %s", r0->metric,
			 r0->sweep_param, r0->base);
		if (render(p, "sweep", name, path, title, xlab,
			   axis_label(ylab, sizeof(ylab), r0->metric), NULL))
			return -1;
		made++;
	}
	return made;
}

/* The helpers above for the figure families in other files (report_heatmap.c). */
FILE *fig_data_open(struct rb_plotter *p, const char *name, char *path, size_t len)
{
	return data_open(p, name, path, len);
}

int fig_data_close(struct rb_plotter *p)
{
	return data_close(p);
}

int fig_render(struct rb_plotter *p, const char *tpl, const char *name, const char *data,
	       const char *title, const char *xlab, const char *ylab, const char *extra)
{
	return render(p, tpl, name, data, title, xlab, ylab, extra);
}

char *fig_axis_label(char *buf, size_t len, const char *metric)
{
	return axis_label(buf, len, metric);
}

int fig_wants_log(double lo, double hi)
{
	return wants_log(lo, hi);
}
