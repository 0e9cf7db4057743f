#include "stats.h"
#include "rank_exact.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

const char *const rb_verdict_names[] = {
	[VERDICT_NA] = "n/a",
	[VERDICT_UNCHANGED] = "unchanged",
	[VERDICT_IMPROVED] = "improved",
	[VERDICT_REGRESSED] = "regressed",
	[VERDICT_CHANGED] = "changed",
	[VERDICT_EQUIVALENT] = "equivalent",
	[VERDICT_INCONCLUSIVE] = "inconclusive",
	[VERDICT_MOVED] = "moved",
};

static double *sorted_copy(const double *x, size_t n)
{
	double *s = malloc((n ? n : 1) * sizeof(*s));

	if (!s)
		return NULL;
	memcpy(s, x, n * sizeof(*s));
	gsl_sort(s, 1, n);
	return s;
}

double stats_quantile_sorted(const double *sorted, size_t n, double f)
{
	if (!n)
		return NAN;
	return gsl_stats_quantile_from_sorted_data(sorted, 1, n, f);
}

int stats_describe(const double *x, size_t n, struct rb_desc *d)
{
	double *s;

	d->n = n;
	d->min = d->q1 = d->median = d->q3 = d->max = NAN;
	d->mean = d->stddev = d->cov = d->p90 = d->p99 = NAN;
	if (!n)
		return 0;
	s = sorted_copy(x, n);
	if (!s)
		return -1;
	d->min = s[0];
	d->max = s[n - 1];
	d->q1 = stats_quantile_sorted(s, n, 0.25);
	d->median = stats_quantile_sorted(s, n, 0.5);
	d->q3 = stats_quantile_sorted(s, n, 0.75);
	d->p90 = stats_quantile_sorted(s, n, 0.90);
	d->p99 = stats_quantile_sorted(s, n, 0.99);
	d->mean = gsl_stats_mean(s, 1, n);
	if (n > 1) {
		d->stddev = gsl_stats_sd_m(s, 1, n, d->mean);
		d->cov = d->mean != 0 ? d->stddev / d->mean : NAN;
	}
	free(s);
	return 0;
}

/* Median of n values drawn with replacement from x; buf holds n doubles. */
static double resample_median(const gsl_rng *r, const double *x, size_t n, double *buf)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = x[gsl_rng_uniform_int(r, n)];
	gsl_sort(buf, 1, n);
	return gsl_stats_median_from_sorted_data(buf, 1, n);
}

int stats_boot_median_ratio(const double *a, size_t na, const double *b, size_t nb,
			    unsigned resamples, unsigned long seed, struct rb_ratio_ci *ci)
{
	double *ra = NULL, *rb = NULL, *ratios = NULL;
	double ma, mb;
	gsl_rng *r = NULL;
	unsigned i;
	int ret = -1;

	ci->ratio = ci->lo = ci->hi = NAN;
	ci->resamples = resamples;
	ci->seed = seed;
	if (!na || !nb || !resamples)
		return 0;
	ra = sorted_copy(a, na);
	rb = sorted_copy(b, nb);
	ratios = malloc(resamples * sizeof(*ratios));
	r = gsl_rng_alloc(gsl_rng_mt19937);
	if (!ra || !rb || !ratios || !r)
		goto out;
	ma = gsl_stats_median_from_sorted_data(ra, 1, na);
	mb = gsl_stats_median_from_sorted_data(rb, 1, nb);
	ret = 0;
	if (ma == 0)
		goto out;
	ci->ratio = mb / ma;
	gsl_rng_set(r, seed);
	/* Draw all of A, then all of B, per resample: the order tests/offline/ref_stats.py replays. */
	for (i = 0; i < resamples; i++) {
		double sa = resample_median(r, a, na, ra);
		double sb = resample_median(r, b, nb, rb);

		if (sa == 0) {
			/* An undefined ratio in any resample makes the interval
			 * undefined; the point ratio of the data still stands. */
			goto out;
		}
		ratios[i] = sb / sa;
	}
	gsl_sort(ratios, 1, resamples);
	ci->lo = stats_quantile_sorted(ratios, resamples, 0.025);
	ci->hi = stats_quantile_sorted(ratios, resamples, 0.975);
out:
	gsl_rng_free(r);
	free(ratios);
	free(rb);
	free(ra);
	return ret;
}

int stats_boot_median_ci(const double *x, size_t n, unsigned resamples, unsigned long seed,
			 double *lo, double *hi)
{
	double *buf = malloc((n ? n : 1) * sizeof(*buf));
	double *meds = malloc((resamples ? resamples : 1) * sizeof(*meds));
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	unsigned i;
	int ret = -1;

	*lo = *hi = NAN;
	if (!buf || !meds || !r)
		goto out;
	ret = 0;
	if (!n || !resamples)
		goto out;
	gsl_rng_set(r, seed);
	for (i = 0; i < resamples; i++)
		meds[i] = resample_median(r, x, n, buf);
	gsl_sort(meds, 1, resamples);
	*lo = stats_quantile_sorted(meds, resamples, 0.025);
	*hi = stats_quantile_sorted(meds, resamples, 0.975);
out:
	gsl_rng_free(r);
	free(meds);
	free(buf);
	return ret;
}

static int cmp_idx_val(const void *x, const void *y, void *ctx)
{
	const double *v = ctx;
	double a = v[*(const size_t *)x], b = v[*(const size_t *)y];

	return (a > b) - (a < b);
}

/*
 * Number of ways m of the ranks 1..N sum to each total, for the exact null
 * distribution of U (no ties). cnt[s] for s in [0, m*N]; doubles because
 * C(98, 49) overflows 64 bits but stays exact enough as a probability.
 */
static double *rank_sum_counts(size_t m, size_t N)
{
	size_t smax = m * N, k, j, s;
	double *dp = calloc((m + 1) * (smax + 1), sizeof(*dp));

	if (!dp)
		return NULL;
	dp[0] = 1;
	for (j = 1; j <= N; j++)	/* add rank j */
		for (k = (j < m ? j : m); k >= 1; k--)
			for (s = smax; s >= j; s--)
				dp[k * (smax + 1) + s] += dp[(k - 1) * (smax + 1) + s - j];
	memmove(dp, dp + m * (smax + 1), (smax + 1) * sizeof(*dp));
	return dp;
}

static double mw_exact_p(double w, size_t na, size_t nb)
{
	size_t N = na + nb, smax = na * N, s, base = na * (na + 1) / 2;
	double *cnt = rank_sum_counts(na, N);
	double total = 0, le = 0, ge = 0, p;

	if (!cnt)
		return NAN;
	for (s = base; s <= smax; s++) {
		double u = (double)(s - base);

		total += cnt[s];
		if (u <= w)
			le += cnt[s];
		if (u >= w)
			ge += cnt[s];
	}
	free(cnt);
	/* R: the tail on the side W lies, doubled. */
	p = 2 * (w > na * nb / 2.0 ? ge : le) / total;
	return p < 1 ? p : 1;
}

int stats_mann_whitney(const double *a, size_t na, const double *b, size_t nb,
		       struct rb_mw *out)
{
	size_t N = na + nb, i, j, *idx;
	double *v, *rank, ranksum_a = 0, tie_term = 0;
	bool ties = false;

	out->w = out->p = out->min_p = NAN;
	out->exact = false;
	if (!na || !nb)
		return 0;
	v = malloc(N * sizeof(*v));
	rank = malloc(N * sizeof(*rank));
	idx = malloc(N * sizeof(*idx));
	if (!v || !rank || !idx) {
		free(v), free(rank), free(idx);
		return -1;
	}
	memcpy(v, a, na * sizeof(*v));
	memcpy(v + na, b, nb * sizeof(*v));
	for (i = 0; i < N; i++)
		idx[i] = i;
	qsort_r(idx, N, sizeof(*idx), cmp_idx_val, v);
	/* Mid-ranks for tied groups; collect sum(t^3 - t) for the variance. */
	for (i = 0; i < N; i = j) {
		double t, mid;

		for (j = i + 1; j < N && v[idx[j]] == v[idx[i]]; j++)
			;
		t = (double)(j - i);
		mid = (i + 1 + j) / 2.0;
		for (size_t k = i; k < j; k++)
			rank[idx[k]] = mid;
		if (j - i > 1) {
			ties = true;
			tie_term += t * t * t - t;
		}
	}
	for (i = 0; i < na; i++)
		ranksum_a += rank[i];
	out->w = ranksum_a - na * (na + 1) / 2.0;
	if (!ties && na < RB_MW_EXACT_MAX && nb < RB_MW_EXACT_MAX) {
		out->exact = true;
		out->p = mw_exact_p(out->w, na, nb);
		out->min_p = fmin(1, 2 / gsl_sf_choose((unsigned)N, (unsigned)na));
	} else if (na < RB_MW_EXACT_MAX && nb < RB_MW_EXACT_MAX) {
		/* ties at small n: the exact permutation p over mid-ranks, as the
		 * normal approximation flipped verdicts there */
		out->exact = true;
		out->p = rank_exact_p(a, na, b, nb, &out->min_p);
	} else {
		double z = out->w - na * nb / 2.0;
		double sigma = sqrt(na * nb / 12.0 *
				    ((N + 1) - tie_term / ((double)N * (N - 1))));
		double corr = z > 0 ? 0.5 : (z < 0 ? -0.5 : 0);

		if (sigma > 0) {
			z = (z - corr) / sigma;
			out->p = 2 * fmin(gsl_cdf_ugaussian_P(z), gsl_cdf_ugaussian_Q(z));
			out->p = fmin(out->p, 1);
			out->min_p = fmin(1, 2 * gsl_cdf_ugaussian_Q((na * nb / 2.0 - 0.5) / sigma));
		} else {
			out->p = out->min_p = 1;	/* every value tied: no evidence of a shift */
		}
	}
	free(v), free(rank), free(idx);
	return 0;
}

static int cmp_p(const void *x, const void *y, void *ctx)
{
	return cmp_idx_val(x, y, ctx);
}

void stats_holm(const double *p, double *adj, size_t n)
{
	size_t *idx = malloc((n ? n : 1) * sizeof(*idx)), m = 0, i;
	double running = 0;

	for (i = 0; i < n; i++) {
		adj[i] = NAN;
		if (idx && !isnan(p[i]))
			idx[m++] = i;
	}
	if (!idx)
		return;
	qsort_r(idx, m, sizeof(*idx), cmp_p, (void *)p);
	for (i = 0; i < m; i++) {
		double v = fmin(1, (m - i) * p[idx[i]]);

		running = fmax(running, v);	/* keep adjusted p monotone */
		adj[idx[i]] = running;
	}
	free(idx);
}

double stats_fisher_2x2(unsigned a, unsigned b, unsigned c, unsigned d)
{
	unsigned n1 = a + b, n2 = c + d, t = a + c, lo, hi, x;
	double p_obs, p = 0;

	/* a ~ Hypergeometric: t hits drawn among n1 A runs and n2 B runs. */
	lo = t > n2 ? t - n2 : 0;
	hi = t < n1 ? t : n1;
	p_obs = gsl_ran_hypergeometric_pdf(a, n1, n2, t);
	for (x = lo; x <= hi; x++) {
		double px = gsl_ran_hypergeometric_pdf(x, n1, n2, t);

		/* R's relative tolerance, so tables as likely as the observed one count */
		if (px <= p_obs * (1 + 1e-7))
			p += px;
	}
	return p < 1 ? p : 1;
}

double stats_rel_change(double a, double b)
{
	if (a == b)
		return 0;
	if (a == 0)
		return copysign(INFINITY, b);
	return (b - a) / fabs(a);
}

enum rb_verdict stats_verdict(double change, double p_adj, enum rb_better better,
			      double noise_floor, double alpha)
{
	if (isnan(p_adj) || isnan(change))
		return VERDICT_NA;
	if (p_adj >= alpha || fabs(change) < noise_floor)
		return VERDICT_UNCHANGED;
	if (better == BETTER_UNKNOWN)
		return VERDICT_CHANGED;
	if ((change > 0) == (better == BETTER_HIGHER))
		return VERDICT_IMPROVED;
	return VERDICT_REGRESSED;
}
