#include "effects.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "stats.h"

const double rb_qshift_probs[RB_QSHIFT_N] = { 0, 0.10, 0.25, 0.50, 0.90 };
const char *const rb_qshift_names[RB_QSHIFT_N] = { "min", "p10", "p25", "p50", "p90" };

/* All b_j - a_i, or NULL (also when na * nb overflows). */
static double *pair_diffs(const double *a, size_t na, const double *b, size_t nb, size_t *m)
{
	size_t i, j, k = 0;
	double *d;

	if (__builtin_mul_overflow(na, nb, m) || *m > SIZE_MAX / sizeof(*d))
		return NULL;
	d = malloc((*m ? *m : 1) * sizeof(*d));
	if (!d)
		return NULL;
	for (j = 0; j < nb; j++)
		for (i = 0; i < na; i++)
			d[k++] = b[j] - a[i];
	return d;
}

/* Arrangements of m x's and n y's with U = u, for u in [0, m*n]: the
 * Mann-Whitney (1947) recurrence, rolled over n. */
static double *u_counts(size_t m, size_t n)
{
	size_t mn = m * n, i, j, u;
	double *f = calloc((m + 1) * (mn + 1), sizeof(*f)), *g;

	if (!f)
		return NULL;
	/* f[i][u] for n' = 0: one arrangement with U = 0 */
	for (i = 0; i <= m; i++)
		f[i * (mn + 1)] = 1;
	/* f(u; i, j) = f(u - j; i - 1, j) + f(u; i, j - 1): row i-1 already holds j */
	for (j = 1; j <= n; j++)
		for (i = 1; i <= m; i++)
			for (u = j; u <= i * j; u++)
				f[i * (mn + 1) + u] += f[(i - 1) * (mn + 1) + u - j];
	g = malloc((mn + 1) * sizeof(*g));
	if (g)
		memcpy(g, f + m * (mn + 1), (mn + 1) * sizeof(*g));
	free(f);
	return g;
}

/* R's qwilcox(alpha/2, m, n): smallest q with P(U <= q) >= alpha/2; 0 on failure. */
static size_t qwilcox_lower(double alpha, size_t m, size_t n)
{
	double *c = u_counts(m, n), total = 0, cum = 0;
	size_t u, mn = m * n;

	if (!c)
		return 0;
	for (u = 0; u <= mn; u++)
		total += c[u];
	for (u = 0; u <= mn; u++) {
		cum += c[u];
		if (cum / total >= alpha / 2 * (1 - 1e-12))
			break;
	}
	free(c);
	return u;
}

int effects_hl(const double *a, size_t na, const double *b, size_t nb, double alpha,
	       struct rb_shift *out)
{
	size_t m, k;
	double *d;

	out->est = out->lo = out->hi = NAN;
	if (!na || !nb)
		return 0;
	d = pair_diffs(a, na, b, nb, &m);
	if (!d)
		return -1;
	gsl_sort(d, 1, m);
	out->est = gsl_stats_median_from_sorted_data(d, 1, m);
	if (na < RB_MW_EXACT_MAX && nb < RB_MW_EXACT_MAX) {
		/* R: qu <- qwilcox(alpha/2, n.x, n.y); if (qu == 0) qu <- 1; c(diffs[qu], diffs[n.x*n.y - qu + 1]) */
		k = qwilcox_lower(alpha, nb, na);
		if (!k)
			k = 1;
	} else {
		/* Lehmann (1975): the k-th smallest and largest differences */
		double z = gsl_cdf_ugaussian_Pinv(1 - alpha / 2);
		double c = m / 2.0 - z * sqrt(m * (na + nb + 1.0) / 12.0);

		k = c < 1 ? 1 : (size_t)floor(c);
	}
	if (k <= m) {
		out->lo = d[k - 1];
		out->hi = d[m - k];
	}
	free(d);
	return 0;
}

double effects_p_b_gt_a(const double *a, size_t na, const double *b, size_t nb)
{
	double *sa, *sb, gt = 0;
	size_t i, lo = 0, hi = 0;

	if (!na || !nb)
		return NAN;
	sa = malloc(na * sizeof(*sa));
	sb = malloc(nb * sizeof(*sb));
	if (!sa || !sb) {
		free(sa), free(sb);
		return NAN;
	}
	memcpy(sa, a, na * sizeof(*sa));
	memcpy(sb, b, nb * sizeof(*sb));
	gsl_sort(sa, 1, na);
	gsl_sort(sb, 1, nb);
	/* For each b (ascending): lo = #a < b, hi = #a <= b. */
	for (i = 0; i < nb; i++) {
		while (lo < na && sa[lo] < sb[i])
			lo++;
		if (hi < lo)
			hi = lo;
		while (hi < na && sa[hi] <= sb[i])
			hi++;
		gt += lo + 0.5 * (hi - lo);
	}
	free(sa), free(sb);
	return gt / ((double)na * nb);
}

/* Pool the runs of n boots drawn with replacement from b into buf; returns the count. */
static size_t draw_boots(const gsl_rng *r, const struct rb_boots *b, double *buf)
{
	size_t i, k = 0;

	for (i = 0; i < b->n_boots; i++) {
		size_t pick = gsl_rng_uniform_int(r, b->n_boots);
		size_t len = boots_runs(b, pick);

		memcpy(buf + k, b->x + b->start[pick], len * sizeof(*buf));
		k += len;
	}
	return k;
}

/* Largest pooled size a resample can reach: n_boots times the largest boot. */
static size_t max_pool(const struct rb_boots *b)
{
	size_t i, big = 0;

	for (i = 0; i < b->n_boots; i++)
		if (boots_runs(b, i) > big)
			big = boots_runs(b, i);
	return big * b->n_boots;
}

static double hl_point(const double *a, size_t na, const double *b, size_t nb, double *work)
{
	size_t i, j, k = 0;

	for (j = 0; j < nb; j++)
		for (i = 0; i < na; i++)
			work[k++] = b[j] - a[i];
	return gsl_stats_median(work, 1, k);	/* quickselect; reorders work */
}

/*
 * Expanded percentile interval (Hesterberg 2015): with k boots a resample's
 * spread is sqrt((k-1)/k) of the true one and the normal quantile is too
 * short for few boots, so the percentiles are taken at alpha' where
 * z_{1-alpha'/2} = sqrt(k/(k-1)) t_{1-alpha/2, df}; k is the smaller boot
 * count, df = boots_a + boots_b - 2.
 */
static double expanded_alpha(double alpha, size_t ka, size_t kb)
{
	double k = (double)(ka < kb ? ka : kb);
	double z = sqrt(k / (k - 1)) * gsl_cdf_tdist_Pinv(1 - alpha / 2, (double)(ka + kb - 2));

	return 2 * gsl_cdf_ugaussian_Q(z);
}

static void interval(double *draws, size_t n, double alpha, struct rb_shift *s)
{
	gsl_sort(draws, 1, n);
	s->lo = gsl_stats_quantile_from_sorted_data(draws, 1, n, alpha / 2);
	s->hi = gsl_stats_quantile_from_sorted_data(draws, 1, n, 1 - alpha / 2);
}

int effects_compute(const struct rb_boots *a, const struct rb_boots *b, double alpha,
		    unsigned resamples, unsigned long seed, struct rb_effects *out)
{
	double *ba = NULL, *bb = NULL, *work = NULL, *draws = NULL;
	size_t pa = max_pool(a), pb = max_pool(b), pairs, q;
	gsl_rng *r = NULL;
	unsigned i;
	int ret = -1;

	out->resamples = resamples;
	out->seed = seed;
	out->alpha_expanded = NAN;
	out->hl_boot.est = out->hl_boot.lo = out->hl_boot.hi = NAN;
	for (q = 0; q < RB_QSHIFT_N; q++)
		out->q[q].est = out->q[q].lo = out->q[q].hi = NAN;
	out->p_b_gt_a = effects_p_b_gt_a(a->x, a->n, b->x, b->n);
	if (effects_hl(a->x, a->n, b->x, b->n, alpha, &out->hl))
		return -1;
	out->hl_boot.est = out->hl.est;
	if (a->n && b->n) {
		ba = malloc(a->n * sizeof(*ba));
		bb = malloc(b->n * sizeof(*bb));
		if (!ba || !bb)
			goto out;
		memcpy(ba, a->x, a->n * sizeof(*ba));
		memcpy(bb, b->x, b->n * sizeof(*bb));
		gsl_sort(ba, 1, a->n);
		gsl_sort(bb, 1, b->n);
		for (q = 0; q < RB_QSHIFT_N; q++)
			out->q[q].est = stats_quantile_sorted(bb, b->n, rb_qshift_probs[q]) -
				stats_quantile_sorted(ba, a->n, rb_qshift_probs[q]);
		free(ba), free(bb);
		ba = bb = NULL;
	}
	ret = 0;
	if (a->n_boots < RB_RESAMPLE_MIN_BOOTS || b->n_boots < RB_RESAMPLE_MIN_BOOTS || !resamples)
		goto out;
	ret = -1;
	if (__builtin_mul_overflow(pa, pb, &pairs))
		goto out;
	ba = malloc(pa * sizeof(*ba));
	bb = malloc(pb * sizeof(*bb));
	work = malloc(pairs * sizeof(*work));
	draws = malloc((size_t)resamples * (RB_QSHIFT_N + 1) * sizeof(*draws));
	r = gsl_rng_alloc(gsl_rng_mt19937);
	if (!ba || !bb || !work || !draws || !r)
		goto out;
	gsl_rng_set(r, seed);
	for (i = 0; i < resamples; i++) {
		size_t na = draw_boots(r, a, ba), nb = draw_boots(r, b, bb);

		draws[i] = hl_point(ba, na, bb, nb, work);
		gsl_sort(ba, 1, na);
		gsl_sort(bb, 1, nb);
		for (q = 0; q < RB_QSHIFT_N; q++)
			draws[(q + 1) * resamples + i] =
				stats_quantile_sorted(bb, nb, rb_qshift_probs[q]) -
				stats_quantile_sorted(ba, na, rb_qshift_probs[q]);
	}
	out->alpha_expanded = expanded_alpha(alpha, a->n_boots, b->n_boots);
	interval(draws, resamples, out->alpha_expanded, &out->hl_boot);
	for (q = 0; q < RB_QSHIFT_N; q++)
		interval(draws + (q + 1) * resamples, resamples, out->alpha_expanded, &out->q[q]);
	ret = 0;
out:
	gsl_rng_free(r);
	free(draws);
	free(work);
	free(bb);
	free(ba);
	return ret;
}
