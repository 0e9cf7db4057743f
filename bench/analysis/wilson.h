/* Wilson score interval of a binomial proportion (k successes of n). */
#ifndef REAPBENCH_WILSON_H
#define REAPBENCH_WILSON_H

/* Two-sided interval at confidence `level` (0.95: 95%) into lo, hi; unlike
 * the normal approximation it stays inside [0, 1] and is usable for k = 0
 * or k = n with small n (race outcome shares of 3..20 runs).
 * -1 when n is 0, k > n or level is not in (0, 1): lo and hi are NaN. */
int wilson_interval(unsigned k, unsigned n, double level, double *lo, double *hi);

#endif
