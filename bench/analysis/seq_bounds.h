/*
 * Group-sequential stopping for `ab --until-resolved`: boots are added in
 * pairs and the data looked at after each addition. Looking repeatedly at a
 * fixed alpha would inflate the error rate; the Lan-DeMets (1983) spending
 * function of O'Brien-Fleming type spends alpha slowly early on:
 *   per side  f(t) = 2 - 2 Phi(z_{1 - alpha/4} / sqrt t),  f(1) = alpha/2,
 * two-sided and symmetric, t the information fraction (boots so far / most
 * boots). Boundaries are found by numerical integration of the Brownian
 * motion the successive z statistics form (Armitage, McPherson & Rowe 1969),
 * so looks need not be equally spaced. For K = 5 equal looks at alpha 0.05
 * this gives gsDesign's sfLDOF bounds 4.877, 3.357, 2.680, 2.290, 2.031.
 */
#ifndef REAPBENCH_SEQ_BOUNDS_H
#define REAPBENCH_SEQ_BOUNDS_H

#include <stddef.h>

/* Alpha spent (both sides) by information fraction t in (0, 1]. */
double seq_obf_spent(double t, double alpha);

/*
 * z[k] for looks at increasing fractions t[0..k) (t[k-1] <= 1): stop at look
 * k when |Z_k| >= z[k]. Returns 0, or -1 on bad input/allocation failure.
 */
int seq_obf_bounds(const double *t, size_t k, double alpha, double *z);

/* The nominal two-sided level of a bound: a look tests at this alpha (and its
 * interval at 1 - this level, the repeated confidence interval). */
double seq_nominal_alpha(double z);

/*
 * `ab --until-resolved --max-boots N`: after look k (boots[i] boots per side
 * at look i, increasing, boots[k-1] <= max_boots) the test and its interval
 * use alpha_k[i] = seq_nominal_alpha(bound i). Earlier looks keep their
 * levels as looks are added (the spending function fixes them). Returns 0 or
 * -1 on bad input.
 */
int seq_look_alphas(const size_t *boots, size_t k, size_t max_boots, double alpha,
		    double *alpha_k);

#endif
