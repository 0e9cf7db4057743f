#include "multiplicity.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_sort.h>

#include "stats.h"

const char *const rb_family_names[] = {
	[FAMILY_PRIMARY] = "primary",
	[FAMILY_SECONDARY] = "secondary",
	[FAMILY_NONE] = "outside",
};

void stats_bh(const double *p, double *adj, size_t n)
{
	size_t *idx = malloc((n ? n : 1) * sizeof(*idx)), m = 0, i;
	double *tested = calloc(n ? n : 1, sizeof(*tested));
	double *res = malloc((n ? n : 1) * sizeof(*res)), running = 1;

	for (i = 0; i < n; i++)
		adj[i] = NAN;
	if (idx && tested && res) {
		for (i = 0; i < n; i++)
			if (!isnan(p[i]))
				tested[m++] = p[i];
		gsl_sort_index(idx, tested, 1, m);
		/* from the largest p down: adj_(i) = min over j >= i of m p_(j) / j */
		for (i = m; i-- > 0;) {
			running = fmin(running, tested[idx[i]] * m / (i + 1));
			res[idx[i]] = running;
		}
		for (i = 0, m = 0; i < n; i++)
			if (!isnan(p[i]))
				adj[i] = res[m++];
	}
	free(idx);
	free(tested);
	free(res);
}

int family_adjust(const double *p, const enum rb_family *fam, double *adj, size_t n)
{
	double *sub = calloc(n ? n : 1, sizeof(*sub));
	double *out = malloc((n ? n : 1) * sizeof(*out));
	size_t i;
	int f;

	if (!sub || !out) {
		free(sub), free(out);
		return -1;
	}
	for (i = 0; i < n; i++)
		adj[i] = NAN;
	for (f = FAMILY_PRIMARY; f <= FAMILY_SECONDARY; f++) {
		/* rows outside family f are NaN, which both adjustments skip */
		for (i = 0; i < n; i++)
			sub[i] = fam[i] == (enum rb_family)f ? p[i] : NAN;
		if (f == FAMILY_PRIMARY)
			stats_holm(sub, out, n);
		else
			stats_bh(sub, out, n);
		for (i = 0; i < n; i++)
			if (fam[i] == (enum rb_family)f)
				adj[i] = out[i];
	}
	free(sub);
	free(out);
	return 0;
}
