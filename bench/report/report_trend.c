/*
 * trend: one metric of one scenario over many run sets, ordered by kernel
 * version (strverscmp on the release) or by time: median with a 95%
 * bootstrap CI per run set, as gnuplot-ready text and, with a directory, a plot.
 * Each run set also gets the lock pattern its exit_mmap showed (the dominant
 * exit_flavour, with its share of runs) and how the phases were found
 * (exit_phase_method): the plot shades the run sets of one pattern and marks
 * where the pattern changes between kernels, since a changed pattern, not
 * only a changed time, is what a teardown patch shows.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "report.h"
#include "report_trend.h"

struct point {
	struct rb_runset_info info;
	struct rb_desc d;
	double lo, hi;
	size_t absent;
	char flavour[48];	/* dominant exit_flavour, "-" when none was stored */
	double flavour_share;	/* its share of the runs with one */
	char method[32];	/* dominant exit_phase_method, "-" when none */
};

static bool group_by_host;	/* qsort has no context: set by trend_run */

static int host_cmp(const struct point *a, const struct point *b)
{
	return group_by_host ? strcmp(a->info.host ? a->info.host : "",
				      b->info.host ? b->info.host : "") : 0;
}

static int by_version(const void *x, const void *y)
{
	const struct point *a = x, *b = y;
	int h = host_cmp(a, b);
	int c = h ? h : strverscmp(a->info.kernel_release ? a->info.kernel_release : "",
			   b->info.kernel_release ? b->info.kernel_release : "");

	return c ? c : (a->info.id > b->info.id) - (a->info.id < b->info.id);
}

static int by_time(const void *x, const void *y)
{
	const struct point *a = x, *b = y;
	int h = host_cmp(a, b);
	int c = h ? h : strcmp(a->info.started_at ? a->info.started_at : "",
		       b->info.started_at ? b->info.started_at : "");

	return c ? c : (a->info.id > b->info.id) - (a->info.id < b->info.id);
}

/* Values of the one series the filters select; -1 if they select several. */
static int point_fill(struct rb_store *st, const struct rb_trend_args *t, struct point *p)
{
	struct rb_sample smp;
	double *v = NULL;
	size_t i, n = 0;
	int ret = -1;

	if (sample_load(st, p->info.id, t->scenario, t->metric, &smp))
		return -1;
	if (smp.n > 1) {
		err_msg("trend: '%s' / '%s' select %s/%s and %s/%s: pick one scenario and metric\n",
			t->scenario, t->metric, smp.s[0].scenario, smp.s[0].metric,
			smp.s[1].scenario, smp.s[1].metric);
		goto out;
	}
	v = malloc(((smp.n ? smp.s[0].n : 0) + 1) * sizeof(*v));
	if (!v)
		goto out;
	for (i = 0; smp.n && i < smp.s[0].n; i++) {
		const struct rb_obs *o = &smp.s[0].o[i];

		if (o->absent)
			p->absent++;
		else if (!o->text)
			v[n++] = o->value;
	}
	if (stats_describe(v, n, &p->d) ||
	    stats_boot_median_ci(v, n, t->resamples, t->seed, &p->lo, &p->hi))
		goto out;
	ret = 0;
out:
	free(v);
	sample_free(&smp);
	return ret;
}

/* The most frequent text of metric in a run set's scenario ("-": none). */
static int dominant(struct rb_store *st, int64_t id, const char *scenario, const char *metric,
		    char *buf, size_t len, double *share)
{
	struct rb_sample smp;
	size_t i, j, best = 0, tot = 0;

	snprintf(buf, len, "-");
	*share = NAN;
	if (sample_load(st, id, scenario, metric, &smp))
		return -1;
	for (i = 0; smp.n == 1 && i < smp.s[0].n; i++) {
		const char *t = smp.s[0].o[i].text;
		size_t k = 0;

		if (!t)
			continue;
		tot++;
		for (j = 0; j < smp.s[0].n; j++)
			k += smp.s[0].o[j].text && !strcmp(smp.s[0].o[j].text, t);
		if (k > best) {
			best = k;
			snprintf(buf, len, "%s", t);
		}
	}
	if (tot)
		*share = (double)best / tot;
	sample_free(&smp);
	return 0;
}

static int collect(struct rb_store *st, const struct rb_trend_args *t, struct point **pts,
		   size_t *np)
{
	size_t g, i, j;
	double share;

	*pts = NULL;
	*np = 0;
	for (g = 0; g < t->n_labels || (g == 0 && !t->n_labels); g++) {
		int64_t *ids;
		size_t n;

		if (store_q_runset_ids_on_host(st, t->n_labels ? t->labels[g] : NULL, t->host,
					       &ids, &n))
			return -1;
		for (i = 0; i < n; i++) {
			struct point *p;

			for (j = 0; j < *np && (*pts)[j].info.id != ids[i]; j++)
				;
			if (j < *np)
				continue;	/* matched by an earlier label pattern */
			p = realloc(*pts, (*np + 1) * sizeof(*p));
			if (!p) {
				free(ids);
				return err_msg("out of memory\n");
			}
			*pts = p;
			p = &(*pts)[(*np)++];
			memset(p, 0, sizeof(*p));
			if (store_q_runset(st, ids[i], t->scenario, &p->info) || point_fill(st, t, p) ||
			    dominant(st, ids[i], t->scenario, "exit_flavour", p->flavour,
				     sizeof(p->flavour), &p->flavour_share) ||
			    dominant(st, ids[i], t->scenario, "exit_phase_method", p->method,
				     sizeof(p->method), &share)) {
				free(ids);
				return -1;
			}
		}
		free(ids);
	}
	return 0;
}

static void print_points(FILE *f, const struct rb_trend_args *t, const struct point *pts,
			 size_t n)
{
	const char *u = metric_unit(t->metric);
	size_t i;

	fprintf(f, "# reapbench trend: %s%s%s%s, scenario %s\n", t->metric, *u ? " (" : "",
		u, *u ? ")" : "", t->scenario);
	fprintf(f, "# ordered by %s; median, 95%% bootstrap CI (%u resamples, seed %lu)\n",
		t->by_time ? "start time" : "kernel version", t->resamples, t->seed);
	if (t->host)
		fprintf(f, "# hosts matching %s\n", t->host);
	fprintf(f, "# exit_flavour: the lock pattern most runs showed, flavour_share its share; "
		   "method: exit_phase_method; host: who wrote the run set\n");
	fprintf(f, "# idx label kernel n median ci_lo ci_hi absent exit_flavour flavour_share "
		   "method host\n");
	for (i = 0; i < n; i++) {
		const char *host = pts[i].info.host ? pts[i].info.host : "?";

		/* by host: a block per host, gnuplot's "index" */
		if (t->by_host && (!i || strcmp(host, pts[i - 1].info.host ? pts[i - 1].info.host
									     : "?")))
			fprintf(f, "%s# host %s\n", i ? "\n\n" : "", host);
		fprintf(f, "%zu \"%s\" \"%s\" %zu %.10g %.10g %.10g %zu \"%s\" %.3g \"%s\" \"%s\"\n",
			i + 1, pts[i].info.label,
			pts[i].info.kernel_release ? pts[i].info.kernel_release : "?",
			pts[i].d.n, pts[i].d.median, pts[i].lo, pts[i].hi, pts[i].absent,
			pts[i].flavour, pts[i].flavour_share, pts[i].method, host);
	}
}

static int plot_trend(const struct rb_trend_args *t, const struct point *pts, size_t n)
{
	struct rb_plotter p;
	char name[300], s1[128], s2[128], path[4096], title[512], vars[9000];
	char qd[4200], qt[600], qy[200], ylab[160], ql[120];
	const char *u;
	double max = 0, div;
	size_t i, j, off;
	FILE *f;
	int ret = -1, nreg = 0;

	if (plotter_init(&p, t->plots_dir, t->out_dir, "", "")) {
		plotter_free(&p);
		return -1;
	}
	snprintf(name, sizeof(name), "trend-%s-%s", plot_slug(s1, sizeof(s1), t->scenario),
		 plot_slug(s2, sizeof(s2), t->metric));
	f = fig_data_open(&p, name, path, sizeof(path));
	if (!f)
		goto out;
	print_points(f, t, pts, n);
	if (fig_data_close(&p))
		goto out;
	for (i = 0; i < n; i++)
		max = fmax(max, fmax(pts[i].hi, pts[i].d.median));
	u = fig_unit(t->metric, max, &div);
	snprintf(title, sizeof(title), "%s, %s, over %zu run sets", t->metric, t->scenario, n);
	snprintf(ylab, sizeof(ylab), "%s%s%s%s", t->metric, *u ? " (" : "", u, *u ? ")" : "");
	off = snprintf(vars, sizeof(vars), "datafile=%s; title=%s; ylab=%s; order='%s'; ydiv=%.10g",
		       gp_quote(qd, sizeof(qd), path), gp_quote(qt, sizeof(qt), title),
		       gp_quote(qy, sizeof(qy), ylab), t->by_time ? "start time" : "kernel version",
		       div);
	/* one region per run of equal lock patterns; a line where it changes */
	for (i = 0; i < n && off + 400 < sizeof(vars); i = j) {
		for (j = i + 1; j < n && !strcmp(pts[j].flavour, pts[i].flavour); j++)
			;
		nreg++;
		off += snprintf(vars + off, sizeof(vars) - off,
				"; rx0_%d=%.1f; rx1_%d=%.1f; rl_%d=%s; rc_%d=%d; rchg_%d=%d", nreg,
				i + 0.5, nreg, j + 0.5, nreg,
				gp_quote(ql, sizeof(ql), pts[i].flavour), nreg, nreg,
				nreg, i > 0);
	}
	snprintf(vars + off, sizeof(vars) - off, "; nreg=%d", nreg);
	if (plot_render(&p, "trend", name, vars))
		goto out;
	fprintf(stderr, "reapbench: %s/%s.png and .svg written\n", t->out_dir, name);
	ret = 0;
out:
	plotter_free(&p);
	return ret;
}

int trend_run(const struct rb_trend_args *t, FILE *out)
{
	struct rb_store st;
	struct point *pts = NULL;
	size_t n = 0, i;
	int ret = RB_EXIT_ERROR;

	if (store_open_readonly(t->db_path, &st))
		return RB_EXIT_ERROR;
	if (collect(&st, t, &pts, &n))
		goto out;
	if (!n) {
		err_msg("trend: no run sets match\n");
		goto out;
	}
	group_by_host = t->by_host;
	qsort(pts, n, sizeof(*pts), t->by_time ? by_time : by_version);
	print_points(out, t, pts, n);
	if (t->out_dir && plot_trend(t, pts, n))
		goto out;
	ret = RB_EXIT_OK;
out:
	for (i = 0; i < n; i++)
		store_q_runset_free(&pts[i].info);
	free(pts);
	store_close(&st);
	return ret;
}
