/*
 * The plot families of a report: each writes a gnuplot-ready data file
 * (# header naming columns and units) under out_dir/data and renders its
 * template from plots/. A side without values is written as NaN, which
 * gnuplot skips, never as 0. With one run set (p->single) the B side is
 * neither written nor drawn.
 *
 * What is drawn is curated: descriptors and tool-health figures (metric
 * table kinds) are no metrics to plot, a metric whose values are all equal
 * (or all absent) gets no figure, axes are in a unit picked by the values
 * (us, ms, s; KiB, MiB, GiB), and every figure gets a caption saying what
 * it shows (index.html prints it).
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>

#include "common.h"
#include "compare_fmt.h"
#include "exit_phases.h"
#include "metric_table.h"
#include "report_plot.h"
#include "sweep.h"
#include "wilson.h"

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

const struct rb_series *fig_find_series(const struct rb_sample *s, const char *scenario,
					   const char *metric)
{
	size_t i;

	for (i = 0; s && i < s->n; i++)
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

bool fig_metric_plottable(const char *metric)
{
	const struct rb_metric_def *d = metric_def_find(metric);

	/* a metric the table does not know is drawn: better seen than lost */
	return !d || ((d->kind == RB_KIND_PRIMARY || d->kind == RB_KIND_SECONDARY) &&
		      d->unit != RB_UNIT_TEXT) || (d->unit == RB_UNIT_TEXT && d->hit);
}

const char *fig_unit(const char *metric, double max, double *div)
{
	static const struct {
		enum rb_metric_unit unit;
		double from, div;	/* from `from` (stored unit) up, show value / div */
		const char *name;
	} shown[] = {
		{ RB_UNIT_US, 1e6, 1e6, "s" }, { RB_UNIT_US, 1e3, 1e3, "ms" },
		{ RB_UNIT_US, 0, 1, "us" },
		{ RB_UNIT_BYTES, 1 << 30, 1 << 30, "GiB" }, { RB_UNIT_BYTES, 1 << 20, 1 << 20, "MiB" },
		{ RB_UNIT_BYTES, 1 << 10, 1 << 10, "KiB" }, { RB_UNIT_BYTES, 0, 1, "bytes" },
	};
	const struct rb_metric_def *d = metric_def_find(metric);
	size_t k;

	*div = 1;
	for (k = 0; d && k < ARRAY_SIZE(shown); k++)
		if (shown[k].unit == d->unit && !(fabs(max) < shown[k].from)) {
			*div = shown[k].div;
			return shown[k].name;
		}
	return metric_unit(metric);
}

static char *axis_label(char *buf, size_t len, const char *metric, double max, double *div)
{
	const char *u = fig_unit(metric, max, div);

	if (*u)
		snprintf(buf, len, "%s (%s)", metric, u);
	else
		snprintf(buf, len, "%s", metric);
	return buf;
}

char *fig_shorten(char *buf, size_t len, const char *s, size_t max)
{
	size_t n = strlen(s), head;

	if (n <= max || max < 8) {
		snprintf(buf, len, "%s", s);
		return buf;
	}
	/* the end tells kernels apart (+calibrate-teardown-delay), so keep more of it */
	head = (max - 1) / 3;
	snprintf(buf, len, "%.*s\u2026%s", (int)head, s, s + n - (max - 1 - head));
	return buf;
}

char *fig_short_label(char *buf, size_t len, const char *label, const char *release)
{
	char tmp[256];
	size_t o = 0;
	int depth = 0;
	const char *s;

	/* "6.12 (A, ab-20261127T173836Z)" -> "6.12": what ab adds to tell its
	 * run sets apart in the store is noise in a legend */
	for (s = label ? label : ""; *s && o + 1 < sizeof(tmp); s++) {
		if (*s == '(')
			depth++;
		else if (*s == ')' && depth)
			depth--;
		else if (!depth)
			tmp[o++] = *s;
	}
	while (o && tmp[o - 1] == ' ')
		o--;
	tmp[o] = 0;
	if (!o)
		snprintf(tmp, sizeof(tmp), "%s", release && *release ? release : "?");
	return fig_shorten(buf, len, tmp, RB_PLOT_LABEL_MAX);
}

/* Render with the usual datafile/title/axis variables. */
static int render(struct rb_plotter *p, const char *tpl, const char *name, const char *data,
		  const char *title, const char *xlab, const char *ylab, const char *extra)
{
	char qd[4200], qt[600], qx[300], qy[300], qs[1100], sub[540], vars[9000], t[200];

	/* second title line: which kernels; the key repeats them per curve */
	if (p->single)
		snprintf(sub, sizeof(sub), "run set %s", p->label_a);
	else
		snprintf(sub, sizeof(sub), "A: %s   vs   B: %s", p->label_a, p->label_b);
	fig_shorten(t, sizeof(t), title, RB_PLOT_TITLE_MAX);
	snprintf(vars, sizeof(vars), "datafile=%s; title=%s; subtitle=%s; xlab=%s; ylab=%s; %s",
		 gp_quote(qd, sizeof(qd), data), gp_quote(qt, sizeof(qt), t),
		 gp_quote(qs, sizeof(qs), sub), gp_quote(qx, sizeof(qx), xlab ? xlab : ""),
		 gp_quote(qy, sizeof(qy), ylab ? ylab : ""), extra ? extra : "");
	return plot_render(p, tpl, name, vars);
}

/* The caption of the image made last: what it shows, for index.html. */
int fig_caption(struct rb_plotter *p, const char *fmt, ...)
{
	char buf[600], **c;
	va_list ap;

	if (!p->n_made)
		return 0;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	c = realloc(p->captions, p->n_made * sizeof(*c));
	if (!c)
		return err_msg("out of memory\n");
	/* images made without a caption before this one get none */
	memset(c + p->n_captions, 0, (p->n_made - p->n_captions) * sizeof(*c));
	p->captions = c;
	p->n_captions = p->n_made;
	free(c[p->n_made - 1]);
	c[p->n_made - 1] = strdup(buf);
	return c[p->n_made - 1] ? 0 : err_msg("out of memory\n");
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


bool fig_ecdf_always(const struct rb_metric_def *d)
{
	return d && d->kind == RB_KIND_PRIMARY && d->unit != RB_UNIT_TEXT;
}

/* A report draws the ECDFs a reader needs first: the primary metrics and
 * what was flagged, one figure each; the phases not flagged go to one panel
 * per scenario (plot_ecdf_phases). `plot --kind ecdf` draws every one. */
static int ecdf_wanted(const struct rb_cmp *only, const char *scenario, const char *metric)
{
	const struct rb_cmp_row *r;

	if (!fig_metric_plottable(metric))
		return 0;
	if (!only)
		return 1;
	if (fig_ecdf_always(metric_def_find(metric)))
		return 1;
	r = fig_find_row(only, scenario, metric);
	return r && row_flagged(r);
}

/* Both sides' sorted values; 0 when there is nothing to compare: a side
 * without values, or every value on both sides equal (a constant). */
static int ecdf_values(const struct rb_plotter *p, const struct rb_series *sa,
		       const struct rb_series *sb, double **va, size_t *na, double **vb, size_t *nb)
{
	*va = sorted_values(sa, na);
	*vb = sorted_values(p->single ? sa : sb, nb);
	if (!*va || !*vb)
		return -1;
	return *na && *nb && !((*va)[0] == (*va)[*na - 1] && (*vb)[0] == (*vb)[*nb - 1] &&
			       (*va)[0] == (*vb)[0]);
}

static void ecdf_header(FILE *f, const struct rb_plotter *p, const char *scenario,
			const char *metric, size_t na, size_t nb)
{
	fprintf(f, "# reapbench ECDF: scenario %s, metric %s (%s)\n", scenario, metric,
		metric_unit(metric));
	if (p->single)
		fprintf(f, "# block 0: %s (n=%zu)\n", p->label_a, na);
	else
		fprintf(f, "# block 0: A = %s (n=%zu), block 1: B = %s (n=%zu)\n",
			p->label_a, na, p->label_b, nb);
	fprintf(f, "# %s fraction_of_runs\n", metric);
}

int plot_ecdfs(struct rb_plotter *p, const struct rb_sample *a, const struct rb_sample *b,
	       const struct rb_cmp *only)
{
	char name[300], s1[128], s2[128], path[4096], title[512], xlab[128], extra[200];
	int made = 0;
	size_t i;

	for (i = 0; i < a->n; i++) {
		const struct rb_series *sa = &a->s[i];
		const struct rb_series *sb = p->single ? sa : fig_find_series(b, sa->scenario, sa->metric);
		size_t na, nb;
		double *va, *vb, lo, hi, div;
		FILE *f;
		int rc = 0, want;

		if (!ecdf_wanted(only, sa->scenario, sa->metric))
			continue;
		want = ecdf_values(p, sa, sb, &va, &na, &vb, &nb);
		if (want > 0) {
			snprintf(name, sizeof(name), "ecdf-%s-%s",
				 plot_slug(s1, sizeof(s1), sa->scenario),
				 plot_slug(s2, sizeof(s2), sa->metric));
			f = data_open(p, name, path, sizeof(path));
			if (!f) {
				rc = -1;
			} else {
				ecdf_header(f, p, sa->scenario, sa->metric, na, nb);
				ecdf_block(f, va, na);
				if (!p->single) {
					fprintf(f, "\n\n");
					ecdf_block(f, vb, nb);
				}
				data_close(p);
				lo = fmin(va[0], vb[0]);
				hi = fmax(va[na - 1], vb[nb - 1]);
				axis_label(xlab, sizeof(xlab), sa->metric, hi, &div);
				snprintf(title, sizeof(title), "%s, %s", sa->metric, sa->scenario);
				snprintf(extra, sizeof(extra), "xdiv=%.10g; logx=%d", div,
					 wants_log(lo, hi));
				rc = render(p, "ecdf", name, path, title, xlab, NULL, extra);
				if (!rc)
					rc = fig_caption(p, p->single ?
						     "How %s is distributed in scenario %s (n=%zu): "
						     "the share of runs at or below each value." :
						     "%s in scenario %s, A (n=%zu) against B (n=%zu): "
						     "the share of runs at or below each value; a curve "
						     "to the right is slower.", sa->metric, sa->scenario,
						     na, nb);
				made += !rc;
			}
		}
		free(va);
		free(vb);
		if (rc || want < 0)
			return -1;
	}
	return made;
}

/* One panel per exit_mmap phase of a scenario that is measured, not constant
 * and not flagged (a flagged one has its own ECDF): the phases a patch
 * should leave alone, A against B at a glance. */
int plot_ecdf_phases(struct rb_plotter *p, const struct rb_sample *a, const struct rb_sample *b,
		     const struct rb_cmp *c)
{
	char name[300], s1[128], path[4096], title[512], vars[4000], one[400], xl[128];
	int made = 0;
	size_t i, j;

	for (i = 0; i < c->n; i++) {
		const char *scen = c->rows[i].scenario;
		const struct rb_exit_phase *ph;
		size_t np = 0, off = 0;
		FILE *f = NULL;

		if (i && !strcmp(c->rows[i - 1].scenario, scen))
			continue;
		snprintf(name, sizeof(name), "ecdf-phases-%s", plot_slug(s1, sizeof(s1), scen));
		for (ph = rb_exit_phases, j = 0; ph->metric; ph++, j++) {
			const struct rb_series *sa = fig_find_series(a, scen, ph->metric);
			const struct rb_cmp_row *r = fig_find_row(c, scen, ph->metric);
			double *va, *vb, div;
			size_t na, nb;
			int want;

			if (!sa || (r && row_flagged(r)))
				continue;
			want = ecdf_values(p, sa, fig_find_series(b, scen, ph->metric), &va, &na, &vb, &nb);
			if (want > 0 && !f)
				f = data_open(p, name, path, sizeof(path));
			if (want > 0 && f) {
				fprintf(f, "%s", np ? "\n\n" : "");
				ecdf_header(f, p, scen, ph->metric, na, nb);
				ecdf_block(f, va, na);
				fprintf(f, "\n\n");
				ecdf_block(f, vb, nb);
				axis_label(xl, sizeof(xl), ph->metric, fmax(va[na - 1], vb[nb - 1]), &div);
				np++;
				off += snprintf(vars + off, sizeof(vars) - off,
						"pm%zu=%s; pd%zu=%.10g; pl%zu=%d; ", np,
						gp_quote(one, sizeof(one), xl), np, div, np,
						wants_log(fmin(va[0], vb[0]), fmax(va[na - 1], vb[nb - 1])));
			}
			free(va);
			free(vb);
			if (want < 0 || (want > 0 && !f)) {
				if (f)
					safe_file_abort(&p->data);
				return -1;
			}
		}
		if (!f)
			continue;
		data_close(p);
		snprintf(vars + off, sizeof(vars) - off, "np=%zu", np);
		snprintf(title, sizeof(title), "exit_mmap phases not flagged, %s", scen);
		if (render(p, "ecdf_panel", name, path, title, NULL, NULL, vars) ||
		    fig_caption(p, "The exit_mmap phases of scenario %s that were not flagged, each as "
			    "an ECDF of A (blue) against B (red): the curves should lie on each "
			    "other where a patch leaves the phase alone.", scen))
			return -1;
		made++;
	}
	return made;
}

static void box_cols(FILE *f, const struct rb_desc *d)
{
	fprintf(f, " %.10g %.10g %.10g %.10g %.10g", d->min, d->q1, d->median, d->q3, d->max);
}

/* Every measured value of a row equal: a constant draws nothing. */
int fig_row_constant(const struct rb_plotter *p, const struct rb_cmp_row *r)
{
	double lo = r->a.d.n ? r->a.d.min : INFINITY, hi = r->a.d.n ? r->a.d.max : -INFINITY;

	if (!p->single && r->b.d.n) {
		lo = fmin(lo, r->b.d.min);
		hi = fmax(hi, r->b.d.max);
	}
	return !(lo < hi);
}

int plot_boxes(struct rb_plotter *p, const struct rb_cmp *c)
{
	char name[200], slug[128], path[4096], title[512], ylab[128], extra[200];
	double lo, hi, div;
	int made = 0, varies;
	size_t i, j;

	for (i = 0; i < c->n; i++) {
		const char *metric = c->rows[i].metric;
		int first = 1, idx = 0;
		FILE *f;

		if (c->rows[i].is_text || !fig_metric_plottable(metric))
			continue;
		for (j = 0; j < i && first; j++)
			first = strcmp(c->rows[j].metric, metric) != 0;
		if (!first)
			continue;	/* one plot per metric, over every scenario */
		for (j = i, varies = 0; j < c->n && !varies; j++)
			varies = !strcmp(c->rows[j].metric, metric) && !fig_row_constant(p, &c->rows[j]);
		if (!varies)
			continue;
		snprintf(name, sizeof(name), "box-%s", plot_slug(slug, sizeof(slug), metric));
		f = data_open(p, name, path, sizeof(path));
		if (!f)
			return -1;
		lo = INFINITY;
		hi = -INFINITY;
		if (p->single)
			fprintf(f, "# reapbench box: metric %s (%s); run set %s\n"
				   "# idx scenario min q1 median q3 max\n", metric,
				metric_unit(metric), p->label_a);
		else
			fprintf(f, "# reapbench box: metric %s (%s); A = %s, B = %s\n"
				   "# idx scenario A_min A_q1 A_median A_q3 A_max B_min B_q1 B_median"
				   " B_q3 B_max\n", metric, metric_unit(metric), p->label_a, p->label_b);
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
		snprintf(title, sizeof(title), "%s per scenario", metric);
		axis_label(ylab, sizeof(ylab), metric, hi, &div);
		snprintf(extra, sizeof(extra), "ydiv=%.10g; logy=%d", div, wants_log(lo, hi));
		if (render(p, "box", name, path, title, NULL, ylab, extra) ||
		    fig_caption(p, "%s per scenario: box from the first to the third quartile, bar at "
			    "the median, whiskers at the smallest and largest run.", metric))
			return -1;
		made++;
	}
	return made;
}

const struct rb_cmp_row *fig_find_row(const struct rb_cmp *c, const char *scenario,
				      const char *metric)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!strcmp(c->rows[i].scenario, scenario) && !strcmp(c->rows[i].metric, metric))
			return &c->rows[i];
	return NULL;
}

/* bench/analysis/wilson.c owns the interval; this keeps the figures' call. */
void fig_wilson(double k, double n, double *lo, double *hi)
{
	if (!(n > 0 && k >= 0 && k <= n && n < 4e9)) {
		*lo = *hi = NAN;
		return;
	}
	wilson_interval((unsigned)k, (unsigned)n, 0.95, lo, hi);
}


/* The helpers above for the figure families in other files (report_bars.c,
 * report_sweep.c, report_heatmap.c). */
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
	double div;

	/* the heatmap's colour scale keeps the stored unit: its values are printed */
	fig_unit(metric, 0, &div);
	return axis_label(buf, len, metric, 0, &div);
}

char *fig_axis_label_in(char *buf, size_t len, const char *metric, double max, double *div)
{
	return axis_label(buf, len, metric, max, div);
}

int fig_wants_log(double lo, double hi)
{
	return wants_log(lo, hi);
}
