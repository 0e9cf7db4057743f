#include "seq_bounds.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#define GRID 801		/* odd, for Simpson's rule */

double seq_obf_spent(double t, double alpha)
{
	if (!(t > 0))
		return 0;
	if (t > 1)
		t = 1;
	return 2 * (2 - 2 * gsl_cdf_ugaussian_P(gsl_cdf_ugaussian_Pinv(1 - alpha / 4) / sqrt(t)));
}

double seq_nominal_alpha(double z)
{
	return 2 * gsl_cdf_ugaussian_Q(z);
}

static double simpson_w(size_t i)
{
	return (i == 0 || i == GRID - 1) ? 1 : (i % 2 ? 4 : 2);
}

/*
 * The sub-density of S = B(t_prev) on [-h, h] (paths still running) is g on
 * a grid of GRID points. Probability that a path still running crosses
 * |S_k| >= c sqrt(t) at the next look.
 */
static double cross_prob(const double *g, double h, double delta, double b)
{
	double step = 2 * h / (GRID - 1), sd = sqrt(delta), sum = 0;
	size_t i;

	for (i = 0; i < GRID; i++) {
		double u = -h + i * step;

		sum += simpson_w(i) * g[i] *
			(gsl_cdf_ugaussian_P((-b - u) / sd) + gsl_cdf_ugaussian_Q((b - u) / sd));
	}
	return sum * step / 3;
}

int seq_obf_bounds(const double *t, size_t k, double alpha, double *z)
{
	double *g = malloc(GRID * sizeof(*g)), *ng = malloc(GRID * sizeof(*ng));
	double h = 0, prev_t = 0, prev_spent = 0;
	size_t look, i, j;
	int ret = -1;

	if (!g || !ng || !(alpha > 0 && alpha < 1))
		goto out;
	for (look = 0; look < k; look++) {
		double spend, delta, lo = 0, hi = 40, b, step, nstep;

		if (!(t[look] > prev_t) || t[look] > 1)
			goto out;
		delta = t[look] - prev_t;
		spend = seq_obf_spent(t[look], alpha) - prev_spent;
		if (look == 0) {
			/* one look so far: S ~ N(0, t) exactly */
			z[0] = gsl_cdf_ugaussian_Qinv(spend / 2);
		} else {
			/* bisection on the bound b = z sqrt(t) of S */
			for (i = 0; i < 100; i++) {
				b = (lo + hi) / 2;
				if (cross_prob(g, h, delta, b) > spend)
					lo = b;
				else
					hi = b;
			}
			z[look] = (lo + hi) / 2 / sqrt(t[look]);
		}
		/* carry the density of the paths that did not cross on to the new range */
		b = z[look] * sqrt(t[look]);
		nstep = 2 * b / (GRID - 1);
		step = 2 * h / (GRID - 1);
		for (j = 0; j < GRID; j++) {
			double s = -b + j * nstep, sum = 0;

			if (look == 0) {
				ng[j] = gsl_ran_gaussian_pdf(s, sqrt(delta));
				continue;
			}
			for (i = 0; i < GRID; i++)
				sum += simpson_w(i) * g[i] *
					gsl_ran_gaussian_pdf(s - (-h + i * step), sqrt(delta));
			ng[j] = sum * step / 3;
		}
		for (j = 0; j < GRID; j++)
			g[j] = ng[j];
		h = b;
		prev_t = t[look];
		prev_spent = seq_obf_spent(t[look], alpha);
	}
	ret = 0;
out:
	free(g);
	free(ng);
	return ret;
}

int seq_look_alphas(const size_t *boots, size_t k, size_t max_boots, double alpha,
		    double *alpha_k)
{
	double *t = calloc(k ? k : 1, sizeof(*t));
	size_t i;
	int ret = -1;

	if (!t || !max_boots)
		goto out;
	for (i = 0; i < k; i++) {
		if (boots[i] > max_boots)
			goto out;
		t[i] = (double)boots[i] / max_boots;
	}
	if (seq_obf_bounds(t, k, alpha, alpha_k))
		goto out;
	for (i = 0; i < k; i++)
		alpha_k[i] = seq_nominal_alpha(alpha_k[i]);
	ret = 0;
out:
	free(t);
	return ret;
}
