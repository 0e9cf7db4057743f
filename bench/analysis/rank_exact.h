/*
 * Exact permutation distribution of the Wilcoxon rank sum with mid-ranks, so
 * tied values (integer counts, ns rounded to us) get an exact p rather than
 * the normal approximation. Same p as coin::wilcox_test(distribution =
 * "exact") in R: P(|S - E S| >= |s - E S|) over all C(N, na) relabellings.
 */
#ifndef REAPBENCH_RANK_EXACT_H
#define REAPBENCH_RANK_EXACT_H

#include <stddef.h>

#define RB_RANK_EXACT_MAX 100	/* N above which the O(N^2 na) count is not attempted */

/*
 * Two-sided exact p of a against b, and in *min_p the smallest p these
 * values could give under any labelling (the row's floor). NaN when either
 * side is empty, N > RB_RANK_EXACT_MAX, or on allocation failure.
 */
double rank_exact_p(const double *a, size_t na, const double *b, size_t nb, double *min_p);

#endif
