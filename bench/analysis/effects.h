/*
 * Effects in the metric's own unit (B - A):
 *   Hodges-Lehmann shift   median of all b_j - a_i, with the distribution-free
 *                          (Moses/Lehmann) interval, as R's
 *                          wilcox.test(b, a, conf.int = TRUE) (exact below
 *                          RB_MW_EXACT_MAX per side, normal approximation above)
 *                          and a percentile interval resampled by boot
 *   quantile shifts        Q_B(p) - Q_A(p) at min, p10, p25, p50, p90 (R type 7),
 *                          intervals resampled by boot
 *   P(B > A)               share of (a, b) pairs with b > a, ties counting 1/2
 * "Resampled by boot": each resample draws whole boots with replacement on
 * each side and pools their runs, so within-boot correlation is kept; the
 * percentiles are expanded for few boots (effects.c says how).
 */
#ifndef REAPBENCH_EFFECTS_H
#define REAPBENCH_EFFECTS_H

#include <stddef.h>

#include "boots.h"

#define RB_QSHIFT_N 5
/* Fewer boots per side give too few distinct resamples (3 boots: 10): the
 * simulation (test_verdict_sim --long) finds 86-90% coverage at 3 boots. */
#define RB_RESAMPLE_MIN_BOOTS 5

extern const double rb_qshift_probs[RB_QSHIFT_N];
extern const char *const rb_qshift_names[RB_QSHIFT_N];

struct rb_shift {
	double est, lo, hi;
};

struct rb_effects {
	struct rb_shift hl;		/* interval treats runs as independent */
	struct rb_shift hl_boot;	/* same estimate, interval resampled by boot */
	struct rb_shift q[RB_QSHIFT_N];
	double p_b_gt_a;
	unsigned resamples;
	unsigned long seed;
	double alpha_expanded;	/* the percentiles the boot intervals were read at */
};

/* Hodges-Lehmann shift of b against a with its 1 - alpha Moses interval. */
int effects_hl(const double *a, size_t na, const double *b, size_t nb, double alpha,
	       struct rb_shift *out);

/* Share of pairs with b > a (ties 1/2). NaN on an empty side. */
double effects_p_b_gt_a(const double *a, size_t na, const double *b, size_t nb);

/*
 * All of the above. Resampled intervals need RB_RESAMPLE_MIN_BOOTS per side
 * (NaN otherwise); `resamples` draws with an mt19937 seeded by `seed`.
 * Returns -1 on allocation failure.
 */
int effects_compute(const struct rb_boots *a, const struct rb_boots *b, double alpha,
		    unsigned resamples, unsigned long seed, struct rb_effects *out);

#endif
