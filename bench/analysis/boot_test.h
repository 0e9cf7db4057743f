/*
 * The location test: one summary per boot, then Welch's t-test on the
 * summaries (doc/STATISTICS.md says why). On the log scale the summary is the
 * mean of log(value) in that boot, and the test is the one a random-intercept
 * mixed model on log time gives for a balanced design; B - A of the summaries
 * is then a log ratio. When a value is <= 0 (counts, shares) the summary is
 * the plain mean and the difference is in the metric's unit.
 */
#ifndef REAPBENCH_BOOT_TEST_H
#define REAPBENCH_BOOT_TEST_H

#include <stddef.h>

#include "boots.h"

#define RB_POWER 0.80		/* power the minimum detectable effect is stated at */

enum rb_scale { SCALE_LOG, SCALE_LINEAR };

extern const char *const rb_scale_names[];

struct rb_boot_test {
	enum rb_scale scale;
	size_t boots_a, boots_b;
	double mean_a, mean_b;	/* mean of the boot summaries */
	double diff;		/* mean_b - mean_a: log ratio, or unit difference */
	double se, df, t, p;	/* Welch; p two-sided */
	double lo, hi;		/* 1 - alpha interval of diff */
	double ratio, ratio_lo, ratio_hi;	/* exp(diff) and its interval; NaN on SCALE_LINEAR */
	double mde;		/* |diff| detectable with RB_POWER at these boots and this spread */
};

/* Summary of boot i on the given scale. */
double boot_summary(const struct rb_boots *b, size_t i, enum rb_scale scale);

/*
 * Welch test of B against A on per-boot summaries. The scale is log when
 * every value on both sides is > 0. Needs >= 2 boots per side; otherwise
 * every field but the counts is NaN. Returns -1 only on bad arguments.
 */
int boot_test(const struct rb_boots *a, const struct rb_boots *b, double alpha,
	      struct rb_boot_test *out);

/* Same, from summaries already computed (the simulation and the margin use it). */
int boot_test_summaries(const double *sa, size_t na, const double *sb, size_t nb,
			double alpha, enum rb_scale scale, struct rb_boot_test *out);

/*
 * Equivalence margin from A/A boots of one kernel on one machine: the 95th
 * percentile of |mean(half 1) - mean(half 2)| over splits of the n boot
 * summaries into two halves of n/2 (all splits when there are <= 20000,
 * otherwise 20000 drawn with `seed`). The margin is on the summaries' scale
 * (log ratio, or unit). NaN when n < 4.
 */
double boot_margin_from_aa(const double *summaries, size_t n, unsigned long seed);

#endif
