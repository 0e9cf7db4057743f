/*
 * The race-window figure (report_race.h). Data file race-window[-BASE].dat:
 * one gnuplot index block per run set, one row per sweep point, the shares
 * in percent of the runs with a reaper_outcome:
 *   x n  reaped% lo hi  not_needed% lo hi  found_oom_skip% lo hi
 *   unable_to_reap% lo hi  mem_n mem_median_ms mem_q1_ms mem_q3_ms
 * "reaped" counts reaped_after_retries too; "skipped" (cause unknown) is in
 * n but not drawn. The IQR is written only where mem_n >= 5 (NaN else:
 * gnuplot draws no band from 3 values).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "report_race.h"
#include "stats.h"
#include "wilson.h"

#define RACE_LEVEL 0.95
#define RACE_IQR_MIN_N 5
#define REAPER_DELAY_MS 2000	/* the kernel's OOM_REAPER_DELAY (2 * HZ) */

/* The parameters whose sweep is a race window, and how their axis reads. */
static const struct race_axis {
	const char *param, *label;
	double div;		/* stored unit (us) to axis unit */
	double marker;		/* where the reaper starts, in axis units; NAN: none */
} race_axes[] = {
	{ "stall", "stall release after the kill (ms)", 1000, REAPER_DELAY_MS },
	{ "mrelease_delay_us", "process_mrelease delay after the kill (us)", 1, NAN },
};

/* Outcome classes drawn, each a set of reaper_outcome texts. */
static const char *const race_classes[][3] = {
	{ "reaped", "reaped_after_retries", NULL },
	{ "not_needed", NULL },
	{ "found_oom_skip", NULL },
	{ "unable_to_reap", NULL },
};
#define N_CLASSES ARRAY_SIZE(race_classes)

static const struct race_axis *race_axis_of(const char *param)
{
	size_t i;

	for (i = 0; param && i < ARRAY_SIZE(race_axes); i++)
		if (!strcmp(race_axes[i].param, param))
			return &race_axes[i];
	return NULL;
}

/* param NULL: any race parameter */
static int is_race_point(const struct rb_series *s, const char *base, const char *param,
			 const char *metric)
{
	return race_axis_of(s->sweep_param) && !s->sweep2_param && !strcmp(s->base, base) &&
	       (!param || !strcmp(s->sweep_param, param)) && !strcmp(s->metric, metric);
}

static const struct rb_series *series_of(const struct rb_sample *smp, const char *scenario,
					 const char *metric)
{
	size_t i;

	for (i = 0; i < smp->n; i++)
		if (!strcmp(smp->s[i].scenario, scenario) && !strcmp(smp->s[i].metric, metric))
			return &smp->s[i];
	return NULL;
}

/* Numeric values of the series (absent and text left out); *reason the first
 * absent reason. Caller frees. */
static double *values_of(const struct rb_series *s, size_t *n, const char **reason)
{
	double *v = malloc(((s ? s->n : 0) + 1) * sizeof(*v));
	size_t i;

	*n = 0;
	for (i = 0; v && s && i < s->n; i++) {
		if (s->o[i].absent) {
			if (reason && !*reason)
				*reason = s->o[i].absent;
		} else if (!s->o[i].text) {
			v[(*n)++] = s->o[i].value;
		}
	}
	return v;
}

static int class_of(const char *text)
{
	size_t c, j;

	for (c = 0; c < N_CLASSES; c++)
		for (j = 0; race_classes[c][j]; j++)
			if (!strcmp(text, race_classes[c][j]))
				return (int)c;
	return -1;
}

static int by_sweep_point(const void *x, const void *y)
{
	return sweep_point_cmp(*(const struct rb_series *const *)x,
			       *(const struct rb_series *const *)y);
}

/* The outcome series of base in smp, ordered by sweep point; caller frees. */
static const struct rb_series **race_points(const struct rb_sample *smp, const char *base,
					    const char *param, size_t *n)
{
	const struct rb_series **pts = malloc((smp->n + 1) * sizeof(*pts));
	size_t i;

	*n = 0;
	for (i = 0; pts && i < smp->n; i++)
		if (is_race_point(&smp->s[i], base, param, "reaper_outcome"))
			pts[(*n)++] = &smp->s[i];
	if (pts)
		qsort(pts, *n, sizeof(*pts), by_sweep_point);
	return pts;
}

/* One row of the data file; returns the runs with an outcome at this point. */
static unsigned point_row(FILE *f, const struct rb_sample *smp, const struct rb_series *s,
			  const struct race_axis *ax, double mem_range[2])
{
	unsigned k[N_CLASSES] = { 0 }, n = 0;
	const struct rb_series *mem = series_of(smp, s->scenario, "mem_release_us");
	struct rb_desc d;
	double *v, lo, hi;
	size_t i, nv;
	int c;

	for (i = 0; i < s->n; i++) {
		if (!s->o[i].text)
			continue;
		n++;
		c = class_of(s->o[i].text);
		if (c >= 0)
			k[c]++;
	}
	fprintf(f, "%.10g %u", s->sweep_value / ax->div, n);
	for (i = 0; i < N_CLASSES; i++) {
		wilson_interval(k[i], n, RACE_LEVEL, &lo, &hi);	/* n 0: NaN, not drawn */
		fprintf(f, "  %.6g %.6g %.6g", n ? 100.0 * k[i] / n : NAN, 100 * lo, 100 * hi);
	}
	v = values_of(mem, &nv, NULL);
	stats_describe(v, v ? nv : 0, &d);
	free(v);
	if (d.n >= RACE_IQR_MIN_N) {
		mem_range[0] = fmin(mem_range[0], d.q1 / 1000);
		mem_range[1] = fmax(mem_range[1], d.q3 / 1000);
	} else if (d.n) {
		mem_range[0] = fmin(mem_range[0], d.median / 1000);
		mem_range[1] = fmax(mem_range[1], d.median / 1000);
	}
	fprintf(f, "  %zu %.6g %.6g %.6g\n", d.n, d.median / 1000,
		d.n >= RACE_IQR_MIN_N ? d.q1 / 1000 : NAN,
		d.n >= RACE_IQR_MIN_N ? d.q3 / 1000 : NAN);
	return n;
}

/* The per-run-set table: n, outcome counts, extra OOM kills, relief time. */
static void race_table(FILE *f, const struct rb_sample *smp, const char *label,
		       const char *base, const char *param)
{
	const char *metrics[] = { "extra_oom_kill_n", "relief_us" };
	unsigned k[N_CLASSES] = { 0 }, n = 0;
	size_t i, j, m;
	int c;

	for (i = 0; i < smp->n; i++) {
		const struct rb_series *s = &smp->s[i];

		if (!is_race_point(s, base, param, "reaper_outcome"))
			continue;
		for (j = 0; j < s->n; j++)
			if (s->o[j].text) {
				n++;
				c = class_of(s->o[j].text);
				if (c >= 0)
					k[c]++;
			}
	}
	fprintf(f, "%s: n %u (reaped %u, not_needed %u, found_oom_skip %u, unable_to_reap %u)\n",
		label, n, k[0], k[1], k[2], k[3]);
	for (m = 0; m < ARRAY_SIZE(metrics); m++) {
		const char *reason = NULL;
		double *all = NULL, *v, *grown, sum = 0;
		size_t nv, n_all = 0;
		struct rb_desc d;

		for (i = 0; i < smp->n; i++) {
			if (!is_race_point(&smp->s[i], base, param, metrics[m]))
				continue;
			v = values_of(&smp->s[i], &nv, &reason);
			grown = v ? realloc(all, (n_all + nv + 1) * sizeof(*all)) : NULL;
			if (!grown) {
				free(v);
				break;
			}
			all = grown;
			for (j = 0; j < nv; j++)
				sum += (all[n_all++] = v[j]);
			free(v);
		}
		stats_describe(all, n_all, &d);
		free(all);
		if (!d.n)
			fprintf(f, "  %-17s absent: %s\n", metrics[m],
				reason ? reason : "not in these runs");
		else if (m == 0)
			fprintf(f, "  %-17s sum %.0f, mean %.3g per run (n %zu)\n", metrics[m], sum,
				sum / d.n, d.n);
		else
			fprintf(f, "  %-17s median %.3f ms [IQR %.3f, %.3f] (n %zu)\n", metrics[m],
				d.median / 1000, d.q1 / 1000, d.q3 / 1000, d.n);
	}
}

/* Smallest gap between sweep points (axis units), for the class offsets. */
static double min_gap(const struct rb_series **pts, size_t n, const struct race_axis *ax)
{
	double gap = INFINITY, d;
	size_t i;

	for (i = 1; i < n; i++) {
		d = (pts[i]->sweep_value - pts[i - 1]->sweep_value) / ax->div;
		if (d > 0 && d < gap)
			gap = d;
	}
	return isfinite(gap) ? gap : 1;
}

static int write_table(struct rb_plotter *p, const char *name, const char *text)
{
	struct safe_file sf;
	char file[320];

	snprintf(file, sizeof(file), "%s.txt", name);
	if (safe_file_create(&sf, p->out_fd, file))
		return err_msg("%s/%s: not written\n", p->out_dir, file);
	fputs(text, sf.f);
	return safe_file_commit(&sf);
}

/* gnuplot assignments l0='A'; l1='B'; ... naming each run set's column */
static char *label_vars(const char *const *labels, int sets)
{
	char *buf = NULL, q[RB_PLOT_LABEL_MAX * 2 + 256];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int k;

	if (!f)
		return NULL;
	for (k = 0; k < sets; k++)
		fprintf(f, "l%d=%s; ", k, gp_quote(q, sizeof(q), labels[k]));
	/* more than two: the subtitle names them all (after render's A vs B) */
	if (sets > 2) {
		fprintf(f, "subtitle='run sets:");
		for (k = 0; k < sets; k++) {
			gp_quote(q, sizeof(q), labels[k]);
			q[strlen(q) - 1] = 0;
			fprintf(f, "%s %s", k ? "," : "", q + 1);
		}
		fprintf(f, "'; ");
	}
	fclose(f);
	return buf;
}

static int race_figure(struct rb_plotter *p, const struct rb_sample *const *side,
		       const char *const *labels, int sets, const char *base, const char *param,
		       int alone, FILE *out)
{
	const struct race_axis *ax = race_axis_of(param);
	char name[256], slug[200], path[4096], title[512], marker[32], mem[96];
	char *table = NULL, *extra, *lvars;
	size_t table_len = 0, n_pts, i, extra_len;
	double gap = INFINITY, mem_range[2] = { INFINITY, -INFINITY }, pad;
	double x_range[2] = { INFINITY, -INFINITY };
	int k, ret = -1;
	unsigned total = 0;
	FILE *f, *tf;

	if (alone)
		snprintf(name, sizeof(name), "race-window");
	else
		snprintf(name, sizeof(name), "race-window-%s", plot_slug(slug, sizeof(slug), base));
	f = fig_data_open(p, name, path, sizeof(path));
	tf = f ? open_memstream(&table, &table_len) : NULL;
	if (!tf) {
		if (f)
			fig_data_close(p);
		return -1;
	}
	fprintf(f, "# reapbench race window of %s over %s; shares in %% of runs with a "
		   "reaper_outcome, Wilson %.0f%% bounds; mem_release_us in ms\n",
		base, param, 100 * RACE_LEVEL);
	if (!isnan(ax->marker))
		fprintf(f, "# marker_x %g (oom_reaper delay, drawn as a dotted line)\n", ax->marker);
	fprintf(tf, "race window of %s over %s\n", base, param);
	for (k = 0; k < sets; k++) {
		const struct rb_series **pts = race_points(side[k], base, param, &n_pts);

		if (!pts)
			goto out;
		fprintf(f, "%s# run set %s\n# x n reaped lo hi not_needed lo hi found_oom_skip "
			   "lo hi unable_to_reap lo hi mem_n mem_median_ms mem_q1_ms mem_q3_ms\n",
			k ? "\n\n" : "", labels[k]);
		for (i = 0; i < n_pts; i++) {
			total += point_row(f, side[k], pts[i], ax, mem_range);
			x_range[0] = fmin(x_range[0], pts[i]->sweep_value / ax->div);
			x_range[1] = fmax(x_range[1], pts[i]->sweep_value / ax->div);
		}
		if (n_pts > 1 && min_gap(pts, n_pts, ax) < gap)
			gap = min_gap(pts, n_pts, ax);
		race_table(tf, side[k], labels[k], base, param);
		free(pts);
	}
	ret = 0;
out:
	fig_data_close(p);
	fclose(tf);
	if (ret || !total) {
		free(table);
		return ret;
	}
	if (out)
		fputs(table, out);
	if (write_table(p, name, table)) {
		free(table);
		return -1;
	}
	free(table);
	if (isnan(ax->marker))
		snprintf(marker, sizeof(marker), "NaN");
	else
		snprintf(marker, sizeof(marker), "%g", ax->marker);
	/* one mem_release scale for every run set, so the designs compare by eye */
	pad = fmax(0.05 * (mem_range[1] - mem_range[0]), 0.5);
	if (mem_range[0] <= mem_range[1])
		snprintf(mem, sizeof(mem), "memlo=%.6g; memhi=%.6g", mem_range[0] - pad,
			 mem_range[1] + pad);
	else
		snprintf(mem, sizeof(mem), "memlo=NaN; memhi=NaN");
	/* both panels of a column on one x axis, half a step beyond the points */
	pad = isfinite(gap) ? gap / 2 : 1;
	lvars = label_vars(labels, sets);
	extra_len = (lvars ? strlen(lvars) : 0) + 320;
	extra = lvars ? malloc(extra_len) : NULL;
	if (!extra) {
		free(lvars);
		return err_msg("out of memory\n");
	}
	snprintf(extra, extra_len, "%snsets=%d; dx=%g; marker=%s; iqr_min_n=%d; %s; "
		 "xlo=%.10g; xhi=%.10g", lvars, sets, isfinite(gap) ? gap / 12 : 0, marker,
		 RACE_IQR_MIN_N, mem, x_range[0] - pad, x_range[1] + pad);
	free(lvars);
	snprintf(title, sizeof(title), "Race window: %s over %s", base, param);
	{
		/* one column of two panels per run set */
		int w = p->width, h = p->height;

		p->width = w * sets * 3 / 4 > w ? w * sets * 3 / 4 : w;
		p->height = h * 3 / 2;
		ret = fig_render(p, "race_window", name, path, title, ax->label, NULL, extra);
		p->width = w;
		p->height = h;
	}
	free(extra);
	if (!ret)
		ret = fig_caption(p, "Per run set over %s: the reaper's outcome shares with Wilson "
				  "95%% intervals and n, and mem_release_us (median, IQR from 5 "
				  "runs); n, extra OOM kills and relief in %s.txt.", param, name);
	return ret ? -1 : 1;
}

int plot_race(struct rb_plotter *p, const struct rb_sample *a, const struct rb_sample *b,
	      FILE *out)
{
	const struct rb_sample *side[2] = { a, p->single ? a : b };
	const char *labels[2] = { p->label_a, p->label_b };

	return plot_race_sets(p, side, labels, 2 - p->single, out);
}

int plot_race_sets(struct rb_plotter *p, const struct rb_sample *const *side,
		   const char *const *labels, int sets, FILE *out)
{
	const struct rb_series **bases;
	size_t n_bases = 0, n_all = 0, i, j;
	int k, made = 0, r;

	for (k = 0; k < sets; k++)
		n_all += side[k]->n;
	bases = malloc((n_all + 1) * sizeof(*bases));
	if (!bases)
		return err_msg("out of memory\n");
	/* the base scenarios swept over a race offset, in any run set */
	for (k = 0; k < sets; k++)
		for (i = 0; i < side[k]->n; i++) {
			const struct rb_series *s = &side[k]->s[i];

			if (!is_race_point(s, s->base, NULL, "reaper_outcome"))
				continue;
			for (j = 0; j < n_bases && (strcmp(bases[j]->base, s->base) ||
						    strcmp(bases[j]->sweep_param, s->sweep_param)); j++)
				;
			if (j == n_bases)
				bases[n_bases++] = s;
		}
	for (i = 0; i < n_bases; i++) {
		r = race_figure(p, side, labels, sets, bases[i]->base, bases[i]->sweep_param,
				n_bases == 1, out);
		if (r < 0) {
			made = -1;
			break;
		}
		made += r;
	}
	free(bases);
	return made;
}
