/*
 * The statistics compare/report/trend decide with, on GSL. Every test is a
 * named, textbook one so a reviewer can redo it in R:
 *   descriptives        quantiles as R type 7 (gsl_stats_quantile_from_sorted_data)
 *   ratio of medians    percentile bootstrap, mt19937 with a recorded seed
 *   Mann-Whitney U      R's wilcox.test(x, y, exact = NULL, correct = TRUE); with ties
 *                       below RB_MW_EXACT_MAX the exact mid-rank permutation p
 *                       (coin::wilcox_test(distribution = "exact"), rank_exact.h)
 *   Holm                R's p.adjust(p, "holm")
 *   Fisher 2x2          R's fisher.test(), two-sided
 * Functions return -1 / NaN on bad input and never exit.
 */
#ifndef REAPBENCH_STATS_H
#define REAPBENCH_STATS_H

#include <stdbool.h>
#include <stddef.h>

#define RB_BOOT_RESAMPLES 2000	/* >= 2000 keeps the 2.5% tail at >= 50 draws */
#define RB_BOOT_SEED 20261127UL
#define RB_ALPHA 0.05
#define RB_NOISE_FLOOR 0.02	/* 2% change in median; 2 points of a share */
#define RB_MW_EXACT_MAX 50	/* exact U distribution below this n, as R does */

struct rb_desc {
	size_t n;
	double min, q1, median, q3, max;
	double mean, stddev, cov;	/* stddev: sample (n-1); cov = stddev/mean */
	double p90, p99;
};

/* Descriptives of x[0..n); x is not modified. n == 0 gives n=0 and NaNs. */
int stats_describe(const double *x, size_t n, struct rb_desc *d);
/* R type-7 quantile of already sorted data. */
double stats_quantile_sorted(const double *sorted, size_t n, double f);

struct rb_ratio_ci {
	double ratio;		/* median(b) / median(a) of the data */
	double lo, hi;		/* 95% percentile bootstrap interval */
	unsigned resamples;
	unsigned long seed;
};

/* Bootstrap CI of median(b)/median(a), resampling each side independently.
 * NaN ratio and limits when median(a) is 0; NaN limits (ratio kept) when a
 * resample's median of a is 0. */
int stats_boot_median_ratio(const double *a, size_t na, const double *b, size_t nb,
			    unsigned resamples, unsigned long seed, struct rb_ratio_ci *ci);

/* Percentile bootstrap 95% CI of the median of one sample (trend lines). */
int stats_boot_median_ci(const double *x, size_t n, unsigned resamples, unsigned long seed,
			 double *lo, double *hi);

struct rb_mw {
	double w;		/* R's W: U statistic of a (pairs a > b, ties 1/2) */
	double p;		/* two-sided */
	bool exact;		/* exact distribution (n < RB_MW_EXACT_MAX per side) */
	double min_p;		/* p of the most extreme arrangement: the best these n allow */
};

int stats_mann_whitney(const double *a, size_t na, const double *b, size_t nb,
		       struct rb_mw *out);

/* Holm step-down adjustment; NaN entries stay NaN and do not count in m. */
void stats_holm(const double *p, double *adj, size_t n);

/* Fisher's exact test, two-sided, for the table  | a b |  (rows: A, B)
 *                                                 | c d |  (cols: hit, miss) */
double stats_fisher_2x2(unsigned a, unsigned b, unsigned c, unsigned d);

enum rb_better { BETTER_LOWER, BETTER_HIGHER, BETTER_UNKNOWN };

enum rb_verdict {
	VERDICT_NA,		/* too few values to test, or outside the families */
	VERDICT_UNCHANGED,	/* stats_verdict() only (trend); compare never says it */
	VERDICT_IMPROVED,
	VERDICT_REGRESSED,
	VERDICT_CHANGED,	/* significant, but the metric has no better direction */
	VERDICT_EQUIVALENT,	/* interval inside the A/A margin (verdict_class.h) */
	VERDICT_INCONCLUSIVE,	/* neither flagged nor shown equivalent */
	VERDICT_MOVED,		/* an exit_mmap phase across unlike lock patterns: not judged */
};

extern const char *const rb_verdict_names[];

/*
 * change: relative change of the median (B/A - 1), or the difference of two
 * shares; p_adj: Holm-adjusted p-value. Nothing under the noise floor or at
 * p_adj >= alpha is flagged.
 */
enum rb_verdict stats_verdict(double change, double p_adj, enum rb_better better,
			      double noise_floor, double alpha);

/* Relative change b/a - 1, +-INFINITY when a == 0 != b, 0 when both are 0. */
double stats_rel_change(double a, double b);

#endif
