/*
 * Sweeps of a report: per base scenario and metric the median (with the
 * interquartile band where a point has enough runs) or the share of an
 * outcome (with Wilson intervals) against the swept parameter, in readable
 * units, and a marker at the kernel's oom_reaper delay where the swept
 * duration reaches it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "compare_fmt.h"
#include "metric_table.h"
#include "report_plot.h"
#include "sweep.h"

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
				varies |= !fig_row_constant(p, r);
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
		f = fig_data_open(p, name, path, sizeof(path));
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
					fig_wilson((double)s->hits, (double)s->total, &wl, &wh);
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
		fig_data_close(p);
		if (points < 2)
			continue;
		delay_marker(marker, sizeof(marker), c, r0, div);
		if (r0->is_text) {
			/* how an outcome moves over the sweep, e.g. not_needed -> reaped */
			snprintf(title, sizeof(title), "share of %s=%s over %s, %s", r0->metric,
				 r0->hit, r0->sweep_param, r0->base);
			snprintf(ylab, sizeof(ylab), "runs with %s=%s (%%)", r0->metric, r0->hit);
			if (fig_render(p, "sweep_share", name, path, title, xlab, ylab, marker) ||
			    fig_caption(p, "The share of runs of %s with %s=%s at each %s, with Wilson 95%% "
				    "intervals%s.", r0->base, r0->metric, r0->hit, r0->sweep_param,
				    *marker ? "; the dashed line is the kernel's 2 s oom_reaper delay" :
				    ""))
				return -1;
			made++;
			continue;
		}
		fig_axis_label_in(ylab, sizeof(ylab), r0->metric, ymax, &ydiv);
		snprintf(extra, sizeof(extra), "%sydiv=%.10g; bandn=%d", marker, ydiv,
			 RB_PLOT_BAND_MIN_N);
		snprintf(title, sizeof(title), "%s over %s, %s", r0->metric, r0->sweep_param,
			 r0->base);
		if (fig_render(p, "sweep", name, path, title, xlab, ylab, extra) ||
		    fig_caption(p, "The median of %s at each %s of %s%s%s.", r0->metric,
			    r0->sweep_param, r0->base, bands ? ", with the interquartile range "
			    "where a point has at least 5 runs" : " (too few runs per point for a "
			    "band)", *marker ? "; the dashed line is the kernel's 2 s oom_reaper "
			    "delay" : ""))
			return -1;
		made++;
	}
	return made;
}
