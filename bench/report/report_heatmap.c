/*
 * Heatmaps of 2-D sweeps (plots/heatmap.gp): one figure per base scenario and
 * metric, one cell per point, x the first swept parameter and y the second,
 * each in the unit sweep_axis() picks. The cell's colour and printed value:
 *
 *   one run set   numeric: median            outcome: % of runs with the hit
 *   A vs B        numeric: median B / A      outcome: share B - A in points
 *
 * A vs B uses a diverging palette centred at no change, red on the worse side
 * where the metric has a direction (costs up, reaped share down).
 *
 * Cells sit on an index grid (xi, yi), so uneven values (0, 50, 100, 200 us)
 * get equal cells; the data file keeps the values themselves. A point that
 * was not measured is written as NaN with the label "-" and drawn hatched,
 * never as 0.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "compare_fmt.h"
#include "report_plot.h"
#include "sweep.h"

/* More cells than this in a direction: no printed values, they would not fit
 * a mail-sized image (800x500 gives a 16 x 20 grid about 40 x 20 px a cell). */
#define HEAT_MAX_LABELLED_X 16
#define HEAT_MAX_LABELLED_Y 20

enum heat_mode { HEAT_VALUE, HEAT_SHARE, HEAT_RATIO, HEAT_DIFF };

static const char *const heat_mode_names[] = { "value", "share", "ratio", "diff" };

/* The sorted distinct values of one axis. */
struct heat_axis {
	double *v;
	size_t n;
};

static int axis_add(struct heat_axis *ax, double v)
{
	size_t i;

	for (i = 0; i < ax->n && ax->v[i] < v; i++)
		;
	if (i < ax->n && ax->v[i] == v)
		return 0;
	memmove(&ax->v[i + 1], &ax->v[i], (ax->n - i) * sizeof(*ax->v));
	ax->v[i] = v;
	ax->n++;
	return 0;
}

static size_t axis_index(const struct heat_axis *ax, double v)
{
	size_t i;

	for (i = 0; i < ax->n && ax->v[i] != v; i++)
		;
	return i;
}

/* Is r a cell of the 2-D sweep that r0 heads: same base, metric, parameters? */
static int same_grid(const struct rb_cmp_row *r, const struct rb_cmp_row *r0)
{
	return r->sweep2_param && !strcmp(r->base, r0->base) && !strcmp(r->metric, r0->metric) &&
	       !strcmp(r->sweep_param, r0->sweep_param) &&
	       !strcmp(r->sweep2_param, r0->sweep2_param);
}

/* Was the cell measured, on the side(s) the mode reads? */
static int cell_measured(const struct rb_cmp_row *r, enum heat_mode mode)
{
	switch (mode) {
	case HEAT_VALUE: return r->a.d.n > 0;
	case HEAT_SHARE: return r->a.total > 0;
	case HEAT_RATIO: return r->a.d.n > 0 && r->b.d.n > 0;
	case HEAT_DIFF: return r->a.total > 0 && r->b.total > 0;
	}
	return 0;
}

/* The colour value of a cell, NaN when there is none. */
static double cell_z(const struct rb_cmp_row *r, enum heat_mode mode)
{
	double a = r->a.d.median, b = r->b.d.median;

	if (!cell_measured(r, mode))
		return NAN;
	switch (mode) {
	case HEAT_VALUE: return a;
	case HEAT_SHARE: return 100 * r->a.share;
	case HEAT_RATIO:
		/* 0 on both sides (no lock wait at all) is no change; 0 -> x has no ratio */
		if (a == 0)
			return b == 0 ? 1 : NAN;
		return b / a;
	case HEAT_DIFF: return 100 * (r->b.share - r->a.share);
	}
	return NAN;
}

/* The printed value: short enough for a cell, 3-4 significant digits. */
static char *cell_label(char *buf, size_t len, double z, enum heat_mode mode)
{
	static const struct {
		double div;
		const char *suffix;
	} big[] = { { 1e9, "G" }, { 1e6, "M" }, { 1e3, "k" } };
	size_t i;

	if (!isfinite(z)) {
		snprintf(buf, len, "-");
		return buf;
	}
	switch (mode) {
	case HEAT_SHARE:
		snprintf(buf, len, "%.0f%%", z);
		return buf;
	case HEAT_DIFF:
		snprintf(buf, len, fabs(z) < 0.5 ? "0pt" : "%+.0fpt", z);
		return buf;
	case HEAT_RATIO:
		fmt_ratio(buf, len, z);
		return buf;
	case HEAT_VALUE:
		break;
	}
	for (i = 0; i < ARRAY_SIZE(big); i++)
		if (fabs(z) >= 10 * big[i].div || (big[i].div >= 1e6 && fabs(z) >= big[i].div)) {
			snprintf(buf, len, "%.3g%s", z / big[i].div, big[i].suffix);
			return buf;
		}
	snprintf(buf, len, "%.4g", z);
	return buf;
}

/* The colour scale: the data's range, or symmetric around the centre of a
 * diverging palette (1 for a ratio, on a log scale; 0 for a difference). */
static void color_range(const double *z, size_t n, enum heat_mode mode, double *lo, double *hi,
			int *logz)
{
	double m = 0;
	size_t i;

	*lo = INFINITY;
	*hi = -INFINITY;
	*logz = 0;
	for (i = 0; i < n; i++) {
		if (!isfinite(z[i]))
			continue;
		*lo = fmin(*lo, z[i]);
		*hi = fmax(*hi, z[i]);
		if (mode == HEAT_RATIO && z[i] > 0)
			m = fmax(m, fabs(log(z[i])));
		else if (mode == HEAT_DIFF)
			m = fmax(m, fabs(z[i]));
	}
	switch (mode) {
	case HEAT_SHARE:
		*lo = 0;
		*hi = 100;
		return;
	case HEAT_RATIO:
		/* at least 0.95 .. 1.05: a few % either way stays pale */
		m = fmax(m, log(1.05));
		*lo = exp(-m);
		*hi = exp(m);
		*logz = 1;
		return;
	case HEAT_DIFF:
		m = fmax(m, 5);
		*lo = -m;
		*hi = m;
		return;
	case HEAT_VALUE:
		break;
	}
	if (!isfinite(*lo)) {
		*lo = 0;
		*hi = 1;
	} else if (*lo == 0 && *hi == 0) {
		*hi = 1;	/* 0 everywhere (lost_events): the palest colour */
	} else if (*lo == *hi) {
		/* one value everywhere: a range around it, so gnuplot draws one colour */
		double d = fabs(*lo) / 2;

		*lo -= d;
		*hi += d;
	} else {
		*logz = fig_wants_log(*lo, *hi);
	}
}

static void header(FILE *f, const struct rb_plotter *p, const struct rb_cmp_row *r0,
		   enum heat_mode mode, const char *xlab, const char *ylab, const char *zlab)
{
	fprintf(f, "# reapbench heatmap: scenario %s, %s over %s x %s\n", r0->base, r0->metric,
		r0->sweep_param, r0->sweep2_param);
	if (p->single)
		fprintf(f, "# run set %s\n", p->label_a);
	else
		fprintf(f, "# A = %s, B = %s\n", p->label_a, p->label_b);
	fprintf(f, "# x = %s, y = %s, z = %s\n", xlab, ylab, zlab);
	fprintf(f, "# xi, yi: cell index from 0; label: z as printed, \"-\" where not measured\n");
	switch (mode) {
	case HEAT_VALUE: fprintf(f, "# xi yi x y median label n\n"); break;
	case HEAT_SHARE: fprintf(f, "# xi yi x y share_pct label n\n"); break;
	case HEAT_RATIO:
		fprintf(f, "# xi yi x y ratio label A_median B_median A_n B_n\n");
		break;
	case HEAT_DIFF:
		fprintf(f, "# xi yi x y change_pt label A_share_pct B_share_pct A_n B_n\n");
		break;
	}
}

static void cell_line(FILE *f, const struct rb_cmp_row *r, enum heat_mode mode, size_t xi,
		      size_t yi, double x, double y, double z)
{
	char label[32];

	fprintf(f, "%zu %zu %.10g %.10g %.10g \"%s\"", xi, yi, x, y, z,
		cell_label(label, sizeof(label), z, mode));
	switch (mode) {
	case HEAT_VALUE: fprintf(f, " %zu\n", r->a.d.n); break;
	case HEAT_SHARE: fprintf(f, " %zu\n", r->a.total); break;
	case HEAT_RATIO:
		fprintf(f, " %.10g %.10g %zu %zu\n", r->a.d.median, r->b.d.median, r->a.d.n,
			r->b.d.n);
		break;
	case HEAT_DIFF:
		fprintf(f, " %.10g %.10g %zu %zu\n", 100 * r->a.share, 100 * r->b.share,
			r->a.total, r->b.total);
		break;
	}
}

static void titles(const struct rb_cmp_row *r0, enum heat_mode mode, char *title, size_t tlen,
		   char *zlab, size_t zlen)
{
	char unit[128];

	switch (mode) {
	case HEAT_VALUE:
		snprintf(title, tlen, "%s, median per point, scenario %s", r0->metric, r0->base);
		snprintf(zlab, zlen, "median %s", fig_axis_label(unit, sizeof(unit), r0->metric));
		break;
	case HEAT_SHARE:
		snprintf(title, tlen, "share of %s=%s per point, scenario %s", r0->metric, r0->hit,
			 r0->base);
		snprintf(zlab, zlen, "runs with %s=%s (%%)", r0->metric, r0->hit);
		break;
	case HEAT_RATIO:
		snprintf(title, tlen, "%s, ratio of medians B/A per point, scenario %s",
			 r0->metric, r0->base);
		snprintf(zlab, zlen, "median B/A (1: no change)");
		break;
	case HEAT_DIFF:
		snprintf(title, tlen, "share of %s=%s, B - A per point, scenario %s", r0->metric,
			 r0->hit, r0->base);
		snprintf(zlab, zlen, "share B - A (points)");
		break;
	}
}

/* One heatmap for the grid r0 heads (rows[i0..] of c); 1 drawn, 0 nothing to draw. */
static int heatmap(struct rb_plotter *p, const struct rb_cmp *c, size_t i0)
{
	const struct rb_cmp_row *r0 = &c->rows[i0];
	enum heat_mode mode = r0->is_text ? (p->single ? HEAT_SHARE : HEAT_DIFF)
					  : (p->single ? HEAT_VALUE : HEAT_RATIO);
	char name[300], s1[128], s2[128], path[4096], title[512], xlab[128], ylab[128];
	char zlab[256], qz[300], vars[512];
	struct heat_axis ax = { 0 }, ay = { 0 };
	double xmax = 0, ymax = 0, xdiv, ydiv, lo, hi, *z = NULL;
	size_t j, n = 0, measured = 0;
	int logz, ret = -1;
	FILE *f;

	ax.v = malloc((c->n - i0) * sizeof(double));
	ay.v = malloc((c->n - i0) * sizeof(double));
	z = malloc((c->n - i0) * sizeof(double));
	if (!ax.v || !ay.v || !z) {
		err_msg("out of memory\n");
		goto out;
	}
	for (j = i0; j < c->n; j++) {
		const struct rb_cmp_row *r = &c->rows[j];

		if (!same_grid(r, r0))
			continue;
		axis_add(&ax, r->sweep_value);
		axis_add(&ay, r->sweep2_value);
		xmax = fmax(xmax, fabs(r->sweep_value));
		ymax = fmax(ymax, fabs(r->sweep2_value));
		z[n++] = cell_z(r, mode);
		measured += cell_measured(r, mode);
	}
	ret = 0;
	if (!measured)
		goto out;	/* absent everywhere (reaper_outcome without an OOM kill) */
	xdiv = sweep_axis(r0->sweep_param, xmax, xlab, sizeof(xlab));
	ydiv = sweep_axis(r0->sweep2_param, ymax, ylab, sizeof(ylab));
	titles(r0, mode, title, sizeof(title), zlab, sizeof(zlab));
	snprintf(name, sizeof(name), "heatmap-%s-%s", plot_slug(s1, sizeof(s1), r0->base),
		 plot_slug(s2, sizeof(s2), r0->metric));
	f = fig_data_open(p, name, path, sizeof(path));
	if (!f) {
		ret = -1;
		goto out;
	}
	header(f, p, r0, mode, xlab, ylab, zlab);
	/* rows come by the first parameter, then the second (compare's order) */
	for (j = i0, n = 0; j < c->n; j++) {
		const struct rb_cmp_row *r = &c->rows[j];

		if (same_grid(r, r0))
			cell_line(f, r, mode, axis_index(&ax, r->sweep_value),
				  axis_index(&ay, r->sweep2_value), r->sweep_value / xdiv,
				  r->sweep2_value / ydiv, z[n++]);
	}
	fig_data_close(p);
	color_range(z, n, mode, &lo, &hi, &logz);
	snprintf(vars, sizeof(vars), "cblab=%s; mode='%s'; nx=%zu; ny=%zu; cbmin=%.10g; "
		 "cbmax=%.10g; logz=%d; labels=%d; higher_better=%d",
		 gp_quote(qz, sizeof(qz), zlab), heat_mode_names[mode], ax.n, ay.n, lo, hi, logz,
		 ax.n <= HEAT_MAX_LABELLED_X && ay.n <= HEAT_MAX_LABELLED_Y,
		 r0->better == BETTER_HIGHER);
	ret = fig_render(p, "heatmap", name, path, title, xlab, ylab, vars) ||
	      fig_caption(p, mode == HEAT_RATIO ? "The median B/A at each pair of swept values: "
			  "blue where B is lower, red where it is higher (the worse side where "
			  "the metric has a direction); hatched: not measured." :
			  mode == HEAT_DIFF ? "The share B - A in percentage points at each pair of "
			  "swept values; hatched: not measured." :
			  mode == HEAT_SHARE ? "The share of runs with the outcome at each pair of "
			  "swept values; hatched: not measured." :
			  "The median at each pair of swept values; hatched: not measured.") ? -1 : 1;
out:
	free(ax.v);
	free(ay.v);
	free(z);
	return ret;
}

int plot_heatmaps(struct rb_plotter *p, const struct rb_cmp *c)
{
	int made = 0, rc;
	size_t i, j;

	for (i = 0; i < c->n; i++) {
		const struct rb_cmp_row *r0 = &c->rows[i];
		int first = 1;

		/* numbers, and the outcomes with a good value (reaper_outcome=reaped,
		 * mrelease_ret=0); not informational text such as exit_flavour */
		if (!r0->sweep2_param || (r0->is_text && (!r0->hit || r0->better == BETTER_UNKNOWN)) ||
		    !fig_metric_plottable(r0->metric))
			continue;	/* descriptors and tool-health figures are no metrics */
		for (j = 0; j < i && first; j++)
			first = !(c->rows[j].sweep2_param && !strcmp(c->rows[j].base, r0->base) &&
				  !strcmp(c->rows[j].metric, r0->metric));
		if (!first)
			continue;	/* one figure per base and metric */
		rc = heatmap(p, c, i);
		if (rc < 0)
			return -1;
		made += rc;
	}
	return made;
}
