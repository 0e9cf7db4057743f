#!/usr/bin/env python3
"""Independent reference values for tests/offline/test_stats.c.

Standard library only (no scipy on the build hosts). Each statistic is
computed from its textbook definition by a different route than bench/stats.c:
  quantiles      R type 7 written out: h = (n-1)p, x[floor h] + frac * diff
  Mann-Whitney   U counted pair by pair; exact null distribution by the
                 Mann-Whitney (1947) recurrence f(u;m,n) = f(u-n;m-1,n) + f(u;m,n-1)
                 (stats.c counts rank subsets instead); normal approximation
                 with tie and continuity correction as in R's wilcox.test
  Fisher         hypergeometric probabilities from math.comb
  Holm           straight from Holm (1979)
  bootstrap      MT19937 written out from Matsumoto & Nishimura's reference
                 (init_genrand seeding, as GSL's gsl_rng_mt19937) and GSL's
                 gsl_rng_uniform_int rejection rule, replaying stats.c's draw order
Run: python3 tests/offline/ref_stats.py   (prints the values pasted into the test)
"""
import math
from functools import lru_cache


def quantile7(xs, p):
    s = sorted(xs)
    h = (len(s) - 1) * p
    lo = math.floor(h)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (h - lo) * (s[hi] - s[lo])


def describe(xs):
    n = len(xs)
    mean = math.fsum(xs) / n
    sd = math.sqrt(math.fsum((x - mean) ** 2 for x in xs) / (n - 1))
    return dict(n=n, median=quantile7(xs, .5), mean=mean, sd=sd, cov=sd / mean,
                p90=quantile7(xs, .9), p99=quantile7(xs, .99))


@lru_cache(maxsize=None)
def mw_count(u, m, n):
    """Arrangements of m x's and n y's with exactly u (x > y) pairs."""
    if u < 0:
        return 0
    if m == 0 or n == 0:
        return 1 if u == 0 else 0
    return mw_count(u - n, m - 1, n) + mw_count(u, m, n - 1)


def ucount(x, y):
    return sum((a > b) + 0.5 * (a == b) for a in x for b in y)


def mw_exact(x, y):
    m, n = len(x), len(y)
    w = ucount(x, y)
    total = math.comb(m + n, m)
    if w > m * n / 2:
        tail = sum(mw_count(u, m, n) for u in range(int(w), m * n + 1))
    else:
        tail = sum(mw_count(u, m, n) for u in range(0, int(w) + 1))
    return w, min(1.0, 2 * tail / total)


def phi(z):
    return 0.5 * math.erfc(-z / math.sqrt(2))


def mw_normal(x, y):
    m, n = len(x), len(y)
    N = m + n
    w = ucount(x, y)
    allv = x + y
    ties = sum(t ** 3 - t for t in (allv.count(v) for v in set(allv)))
    sigma = math.sqrt(m * n / 12 * ((N + 1) - ties / (N * (N - 1))))
    z = w - m * n / 2
    z = (z - math.copysign(0.5, z) if z else 0) / sigma
    return w, min(1.0, 2 * min(phi(z), 1 - phi(z)))


def mw_min_p(x, y):
    """p of the most extreme arrangement: exact 2/C(N,m); normal: W at n1*n2."""
    m, n = len(x), len(y)
    N = m + n
    allv = x + y
    ties = sum(t ** 3 - t for t in (allv.count(v) for v in set(allv)))
    if len(set(allv)) == N and m < 50 and n < 50:
        return min(1.0, 2 / math.comb(N, m))
    sigma = math.sqrt(m * n / 12 * ((N + 1) - ties / (N * (N - 1))))
    return min(1.0, math.erfc((m * n / 2 - 0.5) / sigma / math.sqrt(2)))


def fisher(a, b, c, d):
    n1, n2, t = a + b, c + d, a + c
    tot = math.comb(n1 + n2, t)

    def pr(x):
        return math.comb(n1, x) * math.comb(n2, t - x) / tot
    po = pr(a)
    return min(1.0, sum(pr(x) for x in range(max(0, t - n2), min(t, n1) + 1)
                        if pr(x) <= po * (1 + 1e-7)))


def holm(ps):
    m = len(ps)
    order = sorted(range(m), key=lambda i: ps[i])
    adj, run = [0.0] * m, 0.0
    for k, i in enumerate(order):
        run = max(run, min(1.0, (m - k) * ps[i]))
        adj[i] = run
    return adj


class MT19937:
    def __init__(self, seed):
        self.mt = [0] * 624
        self.mt[0] = (seed or 4357) & 0xffffffff
        for i in range(1, 624):
            prev = self.mt[i - 1]
            self.mt[i] = (1812433253 * (prev ^ (prev >> 30)) + i) & 0xffffffff
        self.i = 624

    def next(self):
        if self.i >= 624:
            for k in range(624):
                y = (self.mt[k] & 0x80000000) | (self.mt[(k + 1) % 624] & 0x7fffffff)
                self.mt[k] = self.mt[(k + 397) % 624] ^ (y >> 1) ^ (0x9908b0df if y & 1 else 0)
            self.i = 0
        y = self.mt[self.i]
        self.i += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c5680
        y ^= (y << 15) & 0xefc60000
        y ^= y >> 18
        return y

    def uniform_int(self, n):
        scale = 0xffffffff // n
        while True:
            k = self.next() // scale
            if k < n:
                return k


def boot_ratio(a, b, resamples, seed):
    r = MT19937(seed)
    ratios = []
    for _ in range(resamples):
        sa = quantile7([a[r.uniform_int(len(a))] for _ in a], .5)
        sb = quantile7([b[r.uniform_int(len(b))] for _ in b], .5)
        ratios.append(sb / sa)
    return quantile7(b, .5) / quantile7(a, .5), quantile7(ratios, .025), quantile7(ratios, .975)


def boot_median(x, resamples, seed):
    r = MT19937(seed)
    meds = sorted(quantile7([x[r.uniform_int(len(x))] for _ in x], .5) for _ in range(resamples))
    return quantile7(meds, .025), quantile7(meds, .975)


# The data sets the C test uses (keep in sync with test_stats.c).
HW_X = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46]
HW_Y = [1.15, 0.88, 0.90, 0.74, 1.21]
LAT_A = [101, 98, 105, 110, 97, 103, 99, 250, 102, 100, 104, 96]
LAT_B = [91, 95, 89, 93, 90, 94.5, 92, 88, 94, 95.5, 90.5, 91.5, 87]
TIE_A = [3, 3, 4, 5, 5, 5, 6, 7, 8, 8]
TIE_B = [1, 2, 2, 3, 3, 4, 4, 5, 6, 6, 7]

if __name__ == "__main__":
    import sys
    sys.setrecursionlimit(100000)
    print("desc LAT_A", describe(LAT_A))
    print("desc LAT_B", describe(LAT_B))
    print("mw exact HW", mw_exact(HW_X, HW_Y))
    print("mw exact LAT", mw_exact(LAT_A, LAT_B))
    mid_a = [i * 2 + 0.5 for i in range(30)]
    mid_b = [i * 2 + 4.25 for i in range(25)]
    print("mw exact 30x25 (needs a deep recursion)", mw_exact(mid_a, mid_b))
    print("mw normal TIE", mw_normal(TIE_A, TIE_B))
    print("mw min p HW, TIE", repr(mw_min_p(HW_X, HW_Y)), repr(mw_min_p(TIE_A, TIE_B)))
    big_a = [float(i) for i in range(1, 61)]
    big_b = [i + 7.5 for i in range(1, 56)]
    print("mw normal big (no ties, n>=50)", mw_normal(big_a, big_b))
    for t in [(3, 1, 1, 3), (1, 9, 11, 3), (18, 2, 11, 9), (20, 0, 20, 0), (0, 5, 5, 0)]:
        print("fisher", t, repr(fisher(*t)))
    print("holm", holm([0.01, 0.04, 0.03, 0.005]))
    print("holm", holm([0.2, 0.001, 0.5, 0.013, 0.04]))
    print("boot LAT 2000 seed 20261127", boot_ratio(LAT_A, LAT_B, 2000, 20261127))
    print("boot LAT 2000 seed 1", boot_ratio(LAT_A, LAT_B, 2000, 1))
    print("boot median LAT_A 2000 seed 5", boot_median(LAT_A, 2000, 5))
