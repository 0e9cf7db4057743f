/*
 * The race-window figure (report_race.h). Data file race-window[-BASE].dat:
 * one gnuplot index block per run set, one row per sweep point, the shares
 * of the axis's four outcome classes (race_axes[]) in percent of n:
 *   x n  c0% lo hi  c1% lo hi  c2% lo hi  c3% lo hi
 *   mem_n mem_median_ms mem_q1_ms mem_q3_ms
 * stall: n the runs with a reaper_outcome; c0 reaped (reaped_after_retries
 * too), c1 not_needed, c2 found_oom_skip, c3 unable_to_reap ("skipped",
 * cause unknown, is in n but not drawn).
 * mrelease_delay_us: n the runs with an exit_mmap_in; c0 exit_mmap ran in
 * process_mrelease's thread, c1 in the victim's, c2 process_mrelease met
 * exit_mmap at the mmap_lock (reaper_met_exit yes), c3 process_mrelease
 * failed (mrelease_ret not 0). c2 and c3 overlap c0 and c1.
 * The IQR is written only where mem_n >= 5 (NaN else: gnuplot draws no band
 * from 3 values).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "report_race.h"
#include "stats.h"
#include "wilson.h"

#define RACE_LEVEL 0.95
#define RACE_IQR_MIN_N 5
#define REAPER_DELAY_MS 2000	/* the kernel's OOM_REAPER_DELAY (2 * HZ) */
#define N_CLASSES 4		/* the .dat layout and race_window.gp's lines */

/* An outcome class: the runs whose text metric is ONE_OF texts, or a text
 * NONE_OF them. */
struct race_class {
	const char *name;	/* .dat header, .txt table */
	const char *title;	/* the figure's key */
	const char *metric;
	enum { ONE_OF, NONE_OF } match;
	const char *texts[3];	/* NULL-terminated */
};

/* The parameters whose sweep is a race window, how their axis reads and
 * who won the race at a point. */
static const struct race_axis {
	const char *param, *label;
	double div;		/* stored unit (us) to axis unit */
	double marker;		/* where the reaper starts, in axis units; NAN: none */
	const char *marker_label;
	const char *n_metric;	/* n: the runs with a text of it */
	const char *panel;	/* the outcome panel's title */
	struct race_class cls[N_CLASSES];
} race_axes[] = {
	{ "stall", "stall release after the kill (ms)", 1000, REAPER_DELAY_MS,
	  "oom_reaper delay", "reaper_outcome", "reaper outcome", {
		{ "reaped", "reaped (incl. retries)", "reaper_outcome", ONE_OF,
		  { "reaped", "reaped_after_retries" } },
		{ "not_needed", "not needed", "reaper_outcome", ONE_OF, { "not_needed" } },
		{ "found_oom_skip", "found MMF_OOM_SKIP", "reaper_outcome", ONE_OF,
		  { "found_oom_skip" } },
		{ "unable_to_reap", "unable to reap", "reaper_outcome", ONE_OF,
		  { "unable_to_reap" } },
	} },
	{ "mrelease_delay_us", "process_mrelease delay after the kill (us)", 1, NAN, NULL,
	  "exit_mmap_in", "process_mrelease vs exit_mmap", {
		{ "in_mrelease", "exit_mmap in mrelease", "exit_mmap_in", ONE_OF,
		  { "mrelease" } },
		{ "in_victim", "exit_mmap in victim", "exit_mmap_in", ONE_OF,
		  { "victim" } },
		{ "met_exit", "met at mmap_lock", "reaper_met_exit", ONE_OF,
		  { "yes" } },
		{ "mrelease_failed", "mrelease_ret not 0", "mrelease_ret",
		  NONE_OF, { "0" } },
	} },
};

static const struct race_axis *race_axis_of(const char *param)
{
	size_t i;

	for (i = 0; param && i < ARRAY_SIZE(race_axes); i++)
		if (!strcmp(race_axes[i].param, param))
			return &race_axes[i];
	return NULL;
}

/* Is s metric's series at a point of base's 1-D sweep over param? */
static int is_race_point(const struct rb_series *s, const char *base, const char *param,
			 const char *metric)
{
	return s->sweep_param && !s->sweep2_param && !strcmp(s->base, base) &&
	       !strcmp(s->sweep_param, param) && !strcmp(s->metric, metric);
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

static int class_has(const struct race_class *c, const char *text)
{
	size_t j;

	for (j = 0; c->texts[j]; j++)
		if (!strcmp(text, c->texts[j]))
			return c->match == ONE_OF;
	return c->match == NONE_OF;
}

/* The text of run `run` in series s; NULL when none (or no series). */
static const char *text_of(const struct rb_series *s, int64_t run)
{
	size_t i;

	for (i = 0; s && i < s->n; i++)
		if (s->o[i].run == run)
			return s->o[i].text;
	return NULL;
}

/* Count the classes at the point whose n_metric series is s into k[]
 * (added); returns n, the runs with an n_metric text. */
static unsigned count_point(const struct rb_sample *smp, const struct rb_series *s,
			    const struct race_axis *ax, unsigned k[N_CLASSES])
{
	const struct rb_series *cs[N_CLASSES];
	const char *t;
	unsigned n = 0;
	size_t i, c;

	for (c = 0; c < N_CLASSES; c++)
		cs[c] = !strcmp(ax->cls[c].metric, s->metric) ? s :
			series_of(smp, s->scenario, ax->cls[c].metric);
	for (i = 0; i < s->n; i++) {
		if (!s->o[i].text)
			continue;
		n++;
		for (c = 0; c < N_CLASSES; c++) {
			t = text_of(cs[c], s->o[i].run);
			if (t && class_has(&ax->cls[c], t))
				k[c]++;
		}
	}
	return n;
}

static int by_sweep_point(const void *x, const void *y)
{
	return sweep_point_cmp(*(const struct rb_series *const *)x,
			       *(const struct rb_series *const *)y);
}

/* The n_metric series of base in smp, ordered by sweep point; caller frees. */
static const struct rb_series **race_points(const struct rb_sample *smp, const char *base,
					    const struct race_axis *ax, size_t *n)
{
	const struct rb_series **pts = malloc((smp->n + 1) * sizeof(*pts));
	size_t i;

	*n = 0;
	for (i = 0; pts && i < smp->n; i++)
		if (is_race_point(&smp->s[i], base, ax->param, ax->n_metric))
			pts[(*n)++] = &smp->s[i];
	if (pts)
		qsort(pts, *n, sizeof(*pts), by_sweep_point);
	return pts;
}

/* One row of the data file; returns n at this point. */
static unsigned point_row(FILE *f, const struct rb_sample *smp, const struct rb_series *s,
			  const struct race_axis *ax, double mem_range[2])
{
	unsigned k[N_CLASSES] = { 0 }, n = count_point(smp, s, ax, k);
	const struct rb_series *mem = series_of(smp, s->scenario, "mem_release_us");
	struct rb_desc d;
	double *v, lo, hi;
	size_t i, nv;

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

/* The per-run-set table: n, class counts, extra OOM kills, relief time. */
static void race_table(FILE *f, const struct rb_sample *smp, const char *label,
		       const char *base, const struct race_axis *ax)
{
	const char *metrics[] = { "extra_oom_kill_n", "relief_us" };
	unsigned k[N_CLASSES] = { 0 }, n = 0;
	size_t i, j, m;

	for (i = 0; i < smp->n; i++)
		if (is_race_point(&smp->s[i], base, ax->param, ax->n_metric))
			n += count_point(smp, &smp->s[i], ax, k);
	fprintf(f, "%s: n %u (", label, n);
	for (i = 0; i < N_CLASSES; i++)
		fprintf(f, "%s%s %u", i ? ", " : "", ax->cls[i].name, k[i]);
	fprintf(f, ")\n");
	for (m = 0; m < ARRAY_SIZE(metrics); m++) {
		const char *reason = NULL;
		double *all = NULL, *v, *grown, sum = 0;
		size_t nv, n_all = 0;
		struct rb_desc d;

		for (i = 0; i < smp->n; i++) {
			if (!is_race_point(&smp->s[i], base, ax->param, metrics[m]))
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

/* gnuplot assignments l0='A'; l1='B'; ... naming each run set's column,
 * panel='...' the outcome panel's title, cls0..cls3 the classes' key titles
 * and marker_label */
static char *gp_vars(const char *const *labels, int sets, const struct race_axis *ax)
{
	char *buf = NULL, q[RB_PLOT_LABEL_MAX * 2 + 256];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int k;

	if (!f)
		return NULL;
	for (k = 0; k < sets; k++)
		fprintf(f, "l%d=%s; ", k, gp_quote(q, sizeof(q), labels[k]));
	fprintf(f, "panel=%s; ", gp_quote(q, sizeof(q), ax->panel));
	for (k = 0; k < N_CLASSES; k++)
		fprintf(f, "cls%d=%s; ", k, gp_quote(q, sizeof(q), ax->cls[k].title));
	if (ax->marker_label)
		fprintf(f, "marker_label=%s; ", gp_quote(q, sizeof(q), ax->marker_label));
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
	fprintf(f, "# reapbench race window of %s over %s; shares in %% of n, the runs "
		   "with a text in %s, Wilson %.0f%% bounds; mem_release_us in ms\n",
		base, param, ax->n_metric, 100 * RACE_LEVEL);
	fprintf(f, "# classes:");
	for (i = 0; i < N_CLASSES; i++)
		fprintf(f, "%s %s (%s)", i ? ";" : "", ax->cls[i].name, ax->cls[i].title);
	fputc('\n', f);
	if (!isnan(ax->marker))
		fprintf(f, "# marker_x %g (%s, drawn as a dotted line)\n", ax->marker,
			ax->marker_label);
	fprintf(tf, "race window of %s over %s\n", base, param);
	for (k = 0; k < sets; k++) {
		const struct rb_series **pts = race_points(side[k], base, ax, &n_pts);

		if (!pts)
			goto out;
		fprintf(f, "%s# run set %s\n# x n", k ? "\n\n" : "", labels[k]);
		for (i = 0; i < N_CLASSES; i++)
			fprintf(f, " %s lo hi", ax->cls[i].name);
		fprintf(f, " mem_n mem_median_ms mem_q1_ms mem_q3_ms\n");
		for (i = 0; i < n_pts; i++) {
			total += point_row(f, side[k], pts[i], ax, mem_range);
			x_range[0] = fmin(x_range[0], pts[i]->sweep_value / ax->div);
			x_range[1] = fmax(x_range[1], pts[i]->sweep_value / ax->div);
		}
		if (n_pts > 1 && min_gap(pts, n_pts, ax) < gap)
			gap = min_gap(pts, n_pts, ax);
		race_table(tf, side[k], labels[k], base, ax);
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
	lvars = gp_vars(labels, sets, ax);
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
		ret = fig_caption(p, "Per run set over %s: the %s shares (of the runs with a text in "
				  "%s) with Wilson 95%% intervals and n, and mem_release_us "
				  "(median, IQR from 5 runs); n, extra OOM kills and relief in %s.txt.",
				  param, ax->panel, ax->n_metric, name);
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
			const struct race_axis *ax = race_axis_of(s->sweep_param);

			if (!ax || !is_race_point(s, s->base, ax->param, ax->n_metric))
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
