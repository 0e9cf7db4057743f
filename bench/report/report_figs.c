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
static int caption(struct rb_plotter *p, const char *fmt, ...)
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

static const struct rb_cmp_row *find_row(const struct rb_cmp *c, const char *scenario,
					 const char *metric);

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
	r = find_row(only, scenario, metric);
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
		const struct rb_series *sb = p->single ? sa : find_series(b, sa->scenario, sa->metric);
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
					rc = caption(p, p->single ?
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
			const struct rb_series *sa = find_series(a, scen, ph->metric);
			const struct rb_cmp_row *r = find_row(c, scen, ph->metric);
			double *va, *vb, div;
			size_t na, nb;
			int want;

			if (!sa || (r && row_flagged(r)))
				continue;
			want = ecdf_values(p, sa, find_series(b, scen, ph->metric), &va, &na, &vb, &nb);
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
		    caption(p, "The exit_mmap phases of scenario %s that were not flagged, each as "
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
static int row_constant(const struct rb_plotter *p, const struct rb_cmp_row *r)
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
			varies = !strcmp(c->rows[j].metric, metric) && !row_constant(p, &c->rows[j]);
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
		    caption(p, "%s per scenario: box from the first to the third quartile, bar at "
			    "the median, whiskers at the smallest and largest run.", metric))
			return -1;
		made++;
	}
	return made;
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

/*
 * Stacked bars on explicit x positions, shared by the phase and outcome
 * figures: one group per scenario (A and B side by side, a gap between
 * groups), tick labels "A"/"B" (or the scenario with one run set) with n
 * below, and the scenario centred under its group on the last line.
 * Block 0 (bars): x tick values..., tops..., extras...; block 1: group labels.
 */
struct stack_bar {
	double x;
	char tick[96];
};

static double bar_x(size_t group, int k, int single)
{
	return single ? (double)group : group * 3.0 + k;
}

/* Characters that fit under `units` bar widths of a figure with `slots`
 * units in all (bars, gaps), at about 6.5 px a character. */
static size_t fit_chars(const struct rb_plotter *p, double units, double slots)
{
	double n = p->width * 0.85 / (slots > 0 ? slots : 1) * units / 6.5;

	return n < 10 ? 10 : n > 90 ? 90 : (size_t)n;
}

/* The common "base@" of sweep points' names, dropped under the bars and
 * said once in the title: 0 when the scenarios share none. */
static size_t common_base(const char *const *scen, size_t ng)
{
	const char *at = ng > 1 ? strchr(scen[0], '@') : NULL;
	size_t len = at ? (size_t)(at - scen[0]) + 1 : 0, g;

	for (g = 1; len && g < ng; g++)
		if (strncmp(scen[g], scen[0], len))
			len = 0;
	return len;
}

static void bar_tick(char *buf, size_t len, const struct rb_plotter *p, size_t ng,
		     const char *scen, size_t skip, int k, size_t n)
{
	char s[128];

	if (p->single)
		snprintf(buf, len, "%s\\nn=%zu", ng == 1 ? p->label_a :
			 fig_shorten(s, sizeof(s), scen + skip, fit_chars(p, 1, ng)), n);
	else
		snprintf(buf, len, "%c\\nn=%zu", "AB"[k], n);
}

/* Group labels under A/B pairs (block 1), ellipsized to the group's width. */
static void group_labels(FILE *f, const struct rb_plotter *p, const char *const *scen, size_t ng,
			 size_t skip)
{
	char s[128];
	size_t g;

	fprintf(f, "\n\n# group x, scenario\n");
	for (g = 0; !p->single && g < ng; g++)
		fprintf(f, "%.10g \"\\n\\n%s\"\n", g * 3.0 + 0.5,
			fig_shorten(s, sizeof(s), scen[g] + skip, fit_chars(p, 2.6, 3.0 * ng)));
	if (p->single || !ng)
		fprintf(f, "NaN \"\"\n");
}

int plot_phases(struct rb_plotter *p, const struct rb_cmp *c)
{
	/* by position in rb_exit_phases: before the lock olive, hand-over brown,
	 * read wait purple, unmap blue, write wait orange, teardown green */
	static const char *const phase_colours[] = { "#bcbd22", "#8c564b", "#8172b2", "#4c72b0",
						     "#dd8452", "#55a868", "#c44e52", "#da8bc3" };
	const struct rb_exit_phase *ph;
	const char *phase[16], *scen[64];
	char path[4096], title[512], vars[3000], q[200], ylab[64], tick[96];
	size_t nph = 0, ng = 0, i, j, off = 0, n, skip;
	double max = 0, div, top;
	int k, absent = 0;
	FILE *f;

	/* the phases measured in any scenario, in exit_mmap's order */
	for (ph = rb_exit_phases; ph->metric && nph < ARRAY_SIZE(phase); ph++)
		for (i = 0; i < c->n; i++)
			if (!strcmp(c->rows[i].metric, ph->metric) &&
			    (c->rows[i].a.d.n || (!p->single && c->rows[i].b.d.n))) {
				phase[nph++] = ph->metric;
				break;
			}
	for (i = 0; i < c->n && ng < ARRAY_SIZE(scen); i++) {
		int have = 0;

		if (i && !strcmp(c->rows[i - 1].scenario, c->rows[i].scenario))
			continue;
		for (j = 0; j < nph; j++)
			have |= find_row(c, c->rows[i].scenario, phase[j]) != NULL;
		if (have)
			scen[ng++] = c->rows[i].scenario;
	}
	if (!nph || !ng)
		return 0;
	skip = common_base(scen, ng);
	f = data_open(p, "phases", path, sizeof(path));
	if (!f)
		return -1;
	fprintf(f, "# reapbench exit_mmap phases: median per phase (us), stacked in exit_mmap's "
		   "order, and the median of exit_mmap_us itself; %s%s%s%s\n",
		p->single ? "run set " : "A = ", p->label_a, p->single ? "" : ", B = ",
		p->single ? "" : p->label_b);
	fprintf(f, "# x tick");
	for (j = 0; j < nph; j++)
		fprintf(f, " %s", phase[j]);
	for (j = 0; j < nph; j++)
		fprintf(f, " top_%zu", j + 1);
	fprintf(f, " exit_mmap_us   (a phase not measured: 0)\n");
	for (i = 0; i < ng; i++) {
		for (k = 0; k < 2 - p->single; k++) {
			const struct rb_cmp_row *t = find_row(c, scen[i], "exit_mmap_us");
			const struct rb_desc *td = t ? (k ? &t->b.d : &t->a.d) : NULL;
			double med[16];

			n = 0;
			for (j = 0; j < nph; j++) {
				const struct rb_cmp_row *r = find_row(c, scen[i], phase[j]);
				const struct rb_desc *d = r ? (k ? &r->b.d : &r->a.d) : NULL;

				med[j] = d && !isnan(d->median) ? d->median : 0;
				absent += !d || isnan(d->median);
				if (d && d->n > n)
					n = d->n;
			}
			bar_tick(tick, sizeof(tick), p, ng, scen[i], skip, k, n);
			fprintf(f, "%.10g \"%s\"", bar_x(i, k, p->single), tick);
			for (j = 0; j < nph; j++)
				fprintf(f, " %.10g", med[j]);
			for (j = 0, top = 0; j < nph; j++) {
				top += med[j];
				fprintf(f, " %.10g", top);
			}
			max = fmax(max, top);
			if (td && !isnan(td->median))
				max = fmax(max, td->median);
			fprintf(f, " %.10g\n", td ? td->median : NAN);
		}
	}
	group_labels(f, p, scen, ng, skip);
	data_close(p);
	for (j = 0; j < nph; j++) {
		const struct rb_exit_phase *e = exit_phase_find(phase[j]);

		/* a phase keeps its colour whichever others a kernel lacks */
		off += snprintf(vars + off, sizeof(vars) - off, "ph%zu=%s; pc%zu='%s'; ", j + 1,
				gp_quote(q, sizeof(q), e->label), j + 1,
				phase_colours[(size_t)(e - rb_exit_phases) % ARRAY_SIZE(phase_colours)]);
	}
	fig_unit("exit_mmap_us", max, &div);
	snprintf(ylab, sizeof(ylab), "median time (%s)", fig_unit("exit_mmap_us", max, &div));
	snprintf(vars + off, sizeof(vars) - off, "np=%zu; ydiv=%.10g", nph, div);
	if (ng == 1)
		snprintf(title, sizeof(title), "exit_mmap phases (median), %s%s", scen[0],
			 absent ? "; 0: not measured" : "");
	else
		snprintf(title, sizeof(title), "exit_mmap phases (median)%s%.*s%s",
			 skip ? ", " : "", (int)(skip ? skip - 1 : 0), scen[0],
			 absent ? "; 0: not measured" : "");
	if (render(p, "phases", "phases", path, title, NULL, ylab, vars) ||
	    caption(p, "Where exit_mmap spends its time: the median of each phase, stacked in "
		    "the order the phases run (%zu phases measured), per scenario%s; the black "
		    "bar marks the median of exit_mmap_us itself, so a gap above the stack is "
		    "time outside the measured phases.", nph, p->single ? "" : ", A beside B"))
		return -1;
	return 1;
}

/* Wilson score interval of k successes in n, 95% (z = 1.96). */
static void wilson(double k, double n, double *lo, double *hi)
{
	const double z = 1.959963984540054;
	double ph, den, mid, half;

	if (n <= 0) {
		*lo = *hi = NAN;
		return;
	}
	ph = k / n;
	den = 1 + z * z / n;
	mid = (ph + z * z / (2 * n)) / den;
	half = z * sqrt(ph * (1 - ph) / n + z * z / (4 * n * n)) / den;
	*lo = fmax(0, mid - half);
	*hi = fmin(1, mid + half);
}

void fig_wilson(double k, double n, double *lo, double *hi)
{
	wilson(k, n, lo, hi);
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

static void count_outcomes(const struct rb_series *s, const char *const *cats, size_t nc,
			   double *n, double *tot)
{
	size_t j, c;

	memset(n, 0, (nc + 1) * sizeof(*n));
	*tot = 0;
	for (j = 0; s && j < s->n; j++) {
		if (!s->o[j].text)
			continue;
		for (c = 0; c < nc && strcmp(s->o[j].text, cats[c]); c++)
			;
		n[c]++;
		(*tot)++;
	}
}

/* Was outcome t seen in either side's reaper_outcome? */
static int outcome_seen(const struct rb_sample *const side[2], const char *t)
{
	size_t i, j;
	int k;

	for (k = 0; k < 2; k++)
		for (i = 0; i < side[k]->n; i++)
			for (j = 0; !strcmp(side[k]->s[i].metric, "reaper_outcome") &&
				    j < side[k]->s[i].n; j++)
				if (side[k]->s[i].o[j].text && !strcmp(side[k]->s[i].o[j].text, t))
					return 1;
	return 0;
}

/* The outcome names that occur: the hit (reaped) first, then in the order of
 * metrics_reaper.c's classes (rb_reaper_outcomes), then others as first seen. */
static size_t outcome_cats(const struct rb_sample *const side[2], const char *hit,
			   const char **cats, size_t max, int *other)
{
	size_t nc = 0, i, j, c;
	int k;

	cats[nc++] = hit;
	for (i = 0; rb_reaper_outcomes[i] && nc < max; i++)
		if (strcmp(rb_reaper_outcomes[i], hit) && outcome_seen(side, rb_reaper_outcomes[i]))
			cats[nc++] = rb_reaper_outcomes[i];
	for (k = 0; k < 2; k++)
		for (i = 0; i < side[k]->n; i++) {
			const struct rb_series *s = &side[k]->s[i];

			if (strcmp(s->metric, "reaper_outcome"))
				continue;
			for (j = 0; j < s->n; j++) {
				if (!s->o[j].text)
					continue;
				for (c = 0; c < nc && strcmp(cats[c], s->o[j].text); c++)
					;
				if (c == nc && nc < max)
					cats[nc++] = s->o[j].text;
				else if (c == nc)
					*other = 1;	/* more names than colours: "other" */
			}
		}
	return nc;
}

/* One colour per outcome in every figure: green for reaped, red for a
 * reaper that gave up, grey where it had nothing to do. */
static const char *outcome_colour(const char *outcome, size_t i)
{
	static const struct {
		const char *name, *rgb;
	} known[] = {
		{ "reaped", "#55a868" }, { "reaped_after_retries", "#8fd19e" },
		{ "found_oom_skip", "#dd8452" }, { "unable_to_reap", "#c44e52" },
		{ "failed", "#c44e52" }, { "not_needed", "#8c8c8c" }, { "skipped", "#e0c060" },
	};
	static const char *const more[] = { "#8172b2", "#937860", "#da8bc3", "#17becf" };
	size_t k;

	for (k = 0; k < ARRAY_SIZE(known); k++)
		if (!strcmp(known[k].name, outcome))
			return known[k].rgb;
	return more[i % ARRAY_SIZE(more)];
}

int plot_outcomes(struct rb_plotter *p, const struct rb_sample *a, const struct rb_sample *b)
{
	const struct rb_sample *side[2] = { a, p->single ? a : b };
	const struct rb_metric_def *def = metric_def_find("reaper_outcome");
	const char *hit = def && def->hit ? def->hit : "reaped";
	const char *cats[12], *scen[64];
	char path[4096], title[512], tick[96], vars[3000], q[100], lab[64];
	const struct rb_series **order = malloc((a->n + 1) * sizeof(*order));
	size_t i, c, nc, ncol, n_order = 0, ng = 0, off = 0, ntot = 0, skip;
	int k, other = 0;
	FILE *f;

	if (!order)
		return err_msg("out of memory\n");
	for (i = 0; i < a->n; i++)
		if (!strcmp(a->s[i].metric, "reaper_outcome"))
			order[n_order++] = &a->s[i];
	qsort(order, n_order, sizeof(*order), series_order);
	for (i = 0; i < n_order && ng < ARRAY_SIZE(scen); i++) {
		double n[13], tot[2];

		/* not an OOM kill: the outcome is absent on both sides, nothing to draw */
		count_outcomes(order[i], cats, 0, n, &tot[0]);
		count_outcomes(find_series(side[1], order[i]->scenario, "reaper_outcome"), cats, 0,
			       n, &tot[1]);
		if (tot[0] || tot[1])
			scen[ng++] = order[i]->scenario;
	}
	free(order);
	if (!ng)
		return 0;
	nc = outcome_cats(side, hit, cats, ARRAY_SIZE(cats), &other);
	skip = common_base(scen, ng);
	ncol = nc + other;
	f = data_open(p, "outcome", path, sizeof(path));
	if (!f)
		return -1;
	fprintf(f, "# reapbench reaper_outcome shares (%% of runs with an outcome), stacked; "
		   "Wilson 95%% interval of the %s share\n# x tick", hit);
	for (c = 0; c < ncol; c++)
		fprintf(f, " %s", c < nc ? cats[c] : "other");
	for (c = 0; c < ncol; c++)
		fprintf(f, " top_%zu", c + 1);
	fprintf(f, " %s_lo %s_hi n\n", hit, hit);
	for (i = 0; i < ng; i++) {
		for (k = 0; k < 2 - p->single; k++) {
			const struct rb_series *s = find_series(side[k], scen[i], "reaper_outcome");
			double n[13], tot, top = 0, lo, hi;

			count_outcomes(s, cats, nc, n, &tot);
			wilson(n[0], tot, &lo, &hi);
			bar_tick(tick, sizeof(tick), p, ng, scen[i], skip, k, (size_t)tot);
			fprintf(f, "%.10g \"%s\"", bar_x(i, k, p->single), tick);
			for (c = 0; c < ncol; c++)
				fprintf(f, " %.6g", tot ? 100 * n[c] / tot : NAN);
			for (c = 0; c < ncol; c++) {
				top += tot ? 100 * n[c] / tot : NAN;
				fprintf(f, " %.6g", top);
			}
			fprintf(f, " %.6g %.6g %.0f\n", 100 * lo, 100 * hi, tot);
			ntot += (size_t)tot;
		}
	}
	group_labels(f, p, scen, ng, skip);
	data_close(p);
	for (c = 0; c < ncol; c++) {
		size_t o;

		snprintf(lab, sizeof(lab), "%s", c < nc ? cats[c] : "other");
		for (o = 0; lab[o]; o++)
			lab[o] = lab[o] == '_' ? ' ' : lab[o];
		off += snprintf(vars + off, sizeof(vars) - off, "oc%zu=%s; cc%zu='%s'; ", c + 1,
				gp_quote(q, sizeof(q), lab), c + 1,
				outcome_colour(c < nc ? cats[c] : "other", c));
	}
	snprintf(vars + off, sizeof(vars) - off, "nc=%zu; hit=%s", ncol, gp_quote(q, sizeof(q), hit));
	if (ng == 1)
		snprintf(title, sizeof(title), "oom_reaper outcome, %s", scen[0]);
	else if (skip)
		snprintf(title, sizeof(title), "oom_reaper outcome, %.*s", (int)(skip - 1), scen[0]);
	else
		snprintf(title, sizeof(title), "oom_reaper outcome per scenario");
	if (render(p, "outcome", "outcome", path, title, NULL, "share of runs (%)", vars) ||
	    caption(p, "What the oom_reaper did, as shares of the runs (n under each bar, %zu "
		    "runs in all); the error bar is the Wilson 95%% interval of the %s share.",
		    ntot, hit))
		return -1;
	return 1;
}

/* Is r a point of the 1-D sweep that r0 heads: same base, metric and parameter?
 * Points of a 2-D sweep are never a curve here: plot_heatmaps() draws them. */
static int same_sweep(const struct rb_cmp_row *r, const struct rb_cmp_row *r0)
{
	return r->sweep_param && !r->sweep2_param && !strcmp(r->base, r0->base) &&
	       !strcmp(r->metric, r0->metric) && !strcmp(r->sweep_param, r0->sweep_param);
}

/* The reaper delay as a marker on a duration axis that reaches it. */
static void delay_marker(char *buf, size_t len, const struct rb_cmp *c,
			 const struct rb_cmp_row *r0, double xdiv)
{
	double lo = INFINITY, hi = -INFINITY;
	char unit[64];
	size_t j;

	buf[0] = 0;
	/* a duration parameter shows in s, ms or us; anything else never */
	if (sweep_axis(r0->sweep_param, 1e6, unit, sizeof(unit)) != 1e6)
		return;
	for (j = 0; j < c->n; j++)
		if (same_sweep(&c->rows[j], r0)) {
			lo = fmin(lo, c->rows[j].sweep_value);
			hi = fmax(hi, c->rows[j].sweep_value);
		}
	/* within the swept range, or just beyond it (2.5 s steps around 2 s) */
	if (lo <= RB_OOM_REAPER_DELAY_US * 1.25 && hi >= RB_OOM_REAPER_DELAY_US * 0.75)
		snprintf(buf, len, "delay_x=%.10g; delay_lab='OOM_REAPER_DELAY 2 s'; ",
			 RB_OOM_REAPER_DELAY_US / xdiv);
}

/* A report's sweeps: the primary metrics (the outcome share among them) and
 * any metric flagged at some point of the sweep. */
static int sweep_wanted(const struct rb_cmp *c, const struct rb_cmp_row *r0)
{
	size_t j;

	if (fig_ecdf_always(metric_def_find(r0->metric)) || (r0->is_text && r0->hit))
		return 1;
	for (j = 0; j < c->n; j++)
		if (same_sweep(&c->rows[j], r0) && row_flagged(&c->rows[j]))
			return 1;
	return 0;
}

int plot_sweeps(struct rb_plotter *p, const struct rb_cmp *c)
{
	char name[300], s1[128], s2[128], path[4096], title[512], xlab[128], ylab[128];
	char extra[300], marker[120];
	int made = 0;
	size_t i, j;

	for (i = 0; i < c->n; i++) {
		const struct rb_cmp_row *r0 = &c->rows[i];
		int first = 1, points = 0, varies = 0, bands = 0;
		double max = 0, ymax = 0, div, ydiv = 1, lo, hi;
		FILE *f;

		if (!r0->sweep_param || r0->sweep2_param || (r0->is_text && !r0->hit) ||
		    !fig_metric_plottable(r0->metric))
			continue;
		for (j = 0; j < i && first; j++)
			first = !(c->rows[j].sweep_param && !c->rows[j].sweep2_param &&
				  !strcmp(c->rows[j].base, r0->base) &&
				  !strcmp(c->rows[j].metric, r0->metric));
		if (!first || (p->curated && !sweep_wanted(c, r0)))
			continue;
		/* x in a unit picked by the largest point: stall 1.5 .. 2.5 s, not
		 * 1500000 .. 2500000 (runs.sweep_value is in microseconds) */
		lo = INFINITY;
		hi = -INFINITY;
		for (j = i; j < c->n; j++) {
			const struct rb_cmp_row *r = &c->rows[j];

			if (!same_sweep(r, r0))
				continue;
			max = fmax(max, fabs(r->sweep_value));
			if (r->is_text) {
				if (r->a.total)
					lo = fmin(lo, r->a.share), hi = fmax(hi, r->a.share);
				if (!p->single && r->b.total)
					lo = fmin(lo, r->b.share), hi = fmax(hi, r->b.share);
			} else {
				varies |= !row_constant(p, r);
				ymax = fmax(ymax, fmax(r->a.d.q3, p->single ? 0 : r->b.d.q3));
			}
		}
		/* a share that never moves still says something (100% reaped at
		 * every point); a number that never moves does not */
		if (!r0->is_text && !varies)
			continue;
		div = sweep_axis(r0->sweep_param, max, xlab, sizeof(xlab));
		snprintf(name, sizeof(name), "sweep-%s-%s", plot_slug(s1, sizeof(s1), r0->base),
			 plot_slug(s2, sizeof(s2), r0->metric));
		f = data_open(p, name, path, sizeof(path));
		if (!f)
			return -1;
		if (r0->is_text)
			fprintf(f, "# reapbench sweep: scenario %s, share of %s=%s over %s, Wilson "
				   "95%% intervals\n# x = %s\n# x %s\n", r0->base, r0->metric, r0->hit,
				r0->sweep_param, xlab, p->single ? "share_pct lo hi n" :
				"A_share_pct A_lo A_hi A_n B_share_pct B_lo B_hi B_n");
		else
			fprintf(f, "# reapbench sweep: scenario %s, metric %s (%s) over %s; q1 and q3 "
				   "NaN where a side has fewer than %d runs\n# x = %s\n# x %s\n",
				r0->base, r0->metric, metric_unit(r0->metric), r0->sweep_param,
				RB_PLOT_BAND_MIN_N, xlab, p->single ? "q1 median q3 n" :
				"A_q1 A_median A_q3 A_n B_q1 B_median B_q3 B_n");
		/* rows are in numeric sweep order already */
		for (j = i; j < c->n; j++) {
			const struct rb_cmp_row *r = &c->rows[j];
			int k;

			if (!same_sweep(r, r0))
				continue;
			fprintf(f, "%.10g", r->sweep_value / div);
			for (k = 0; k < 2 - p->single; k++) {
				const struct rb_side *s = k ? &r->b : &r->a;
				double wl, wh;

				if (r->is_text) {
					wilson((double)s->hits, (double)s->total, &wl, &wh);
					fprintf(f, " %.10g %.10g %.10g %zu", s->total ? 100 * s->share : NAN,
						100 * wl, 100 * wh, s->total);
					points += k == 0 ? s->total > 0 : 0;
				} else {
					int band = s->d.n >= RB_PLOT_BAND_MIN_N;

					fprintf(f, " %.10g %.10g %.10g %zu", band ? s->d.q1 : NAN,
						s->d.median, band ? s->d.q3 : NAN, s->d.n);
					bands += band;
				}
			}
			if (!r->is_text)
				points += r->a.d.n || (!p->single && r->b.d.n);
			else if (!p->single && !r->a.total && r->b.total)
				points++;
			fputc('\n', f);
		}
		data_close(p);
		if (points < 2)
			continue;
		delay_marker(marker, sizeof(marker), c, r0, div);
		if (r0->is_text) {
			/* how an outcome moves over the sweep, e.g. not_needed -> reaped */
			snprintf(title, sizeof(title), "share of %s=%s over %s, %s", r0->metric,
				 r0->hit, r0->sweep_param, r0->base);
			snprintf(ylab, sizeof(ylab), "runs with %s=%s (%%)", r0->metric, r0->hit);
			if (render(p, "sweep_share", name, path, title, xlab, ylab, marker) ||
			    caption(p, "The share of runs of %s with %s=%s at each %s, with Wilson 95%% "
				    "intervals%s.", r0->base, r0->metric, r0->hit, r0->sweep_param,
				    *marker ? "; the dashed line is the kernel's 2 s oom_reaper delay" :
				    ""))
				return -1;
			made++;
			continue;
		}
		axis_label(ylab, sizeof(ylab), r0->metric, ymax, &ydiv);
		snprintf(extra, sizeof(extra), "%sydiv=%.10g; bandn=%d", marker, ydiv,
			 RB_PLOT_BAND_MIN_N);
		snprintf(title, sizeof(title), "%s over %s, %s", r0->metric, r0->sweep_param,
			 r0->base);
		if (render(p, "sweep", name, path, title, xlab, ylab, extra) ||
		    caption(p, "The median of %s at each %s of %s%s%s.", r0->metric,
			    r0->sweep_param, r0->base, bands ? ", with the interquartile range "
			    "where a point has at least 5 runs" : " (too few runs per point for a "
			    "band)", *marker ? "; the dashed line is the kernel's 2 s oom_reaper "
			    "delay" : ""))
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
	double div;

	/* the heatmap's colour scale keeps the stored unit: its values are printed */
	fig_unit(metric, 0, &div);
	return axis_label(buf, len, metric, 0, &div);
}

int fig_wants_log(double lo, double hi)
{
	return wants_log(lo, hi);
}

int fig_caption(struct rb_plotter *p, const char *text)
{
	return caption(p, "%s", text);
}
