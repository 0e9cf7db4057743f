#include "rank_exact.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>

/* Doubled mid-ranks (integers) of the pooled values, in pooled order. */
static int doubled_midranks(const double *v, size_t N, long *r2)
{
	size_t *idx = malloc(N * sizeof(*idx)), i, j, k;

	if (!idx)
		return -1;
	gsl_sort_index(idx, v, 1, N);
	for (i = 0; i < N; i = j) {
		for (j = i + 1; j < N && v[idx[j]] == v[idx[i]]; j++)
			;
		/* ranks i+1 .. j share (i+1+j)/2; doubled: i+1+j */
		for (k = i; k < j; k++)
			r2[idx[k]] = (long)(i + 1 + j);
	}
	free(idx);
	return 0;
}

double rank_exact_p(const double *a, size_t na, const double *b, size_t nb, double *min_p)
{
	size_t N = na + nb, i, k, s, smax;
	double *v = NULL, *dp = NULL, total = 0, hit = 0, far = 0, far_n = 0, mean, dev;
	long *r2 = NULL, obs = 0;

	*min_p = NAN;
	if (!na || !nb || N > RB_RANK_EXACT_MAX)
		return NAN;
	smax = N * (N + 1);	/* largest doubled rank sum of any subset */
	v = malloc(N * sizeof(*v));
	r2 = malloc(N * sizeof(*r2));
	dp = calloc((na + 1) * (smax + 1), sizeof(*dp));
	if (!v || !r2 || !dp || (memcpy(v, a, na * sizeof(*v)),
				 memcpy(v + na, b, nb * sizeof(*v)), doubled_midranks(v, N, r2))) {
		free(v), free(r2), free(dp);
		return NAN;
	}
	for (i = 0; i < na; i++)
		obs += r2[i];
	/* dp[k][s]: subsets of k of the values seen so far with doubled rank sum s */
	dp[0] = 1;
	for (i = 0; i < N; i++)
		for (k = (i + 1 < na ? i + 1 : na); k >= 1; k--)
			for (s = smax; s >= (size_t)r2[i]; s--)
				dp[k * (smax + 1) + s] += dp[(k - 1) * (smax + 1) + s - r2[i]];
	mean = na * (N + 1.0);	/* doubled E S */
	dev = fabs(obs - mean);
	for (s = 0; s <= smax; s++) {
		double c = dp[na * (smax + 1) + s], d = fabs(s - mean);

		if (!c)
			continue;
		total += c;
		/* relative tolerance as R's coin: equal deviations count */
		if (d >= dev - 1e-9)
			hit += c;
		if (d > far + 1e-9) {
			far = d;
			far_n = c;
		} else if (fabs(d - far) <= 1e-9) {
			far_n += c;
		}
	}
	free(v), free(r2), free(dp);
	*min_p = fmin(1, far_n / total);
	return fmin(1, hit / total);
}
