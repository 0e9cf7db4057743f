#!/usr/bin/env python3
"""Independent reference values for tests/offline/test_verdict.c.

Standard library only, each from its definition by another route than the C:
  tie-aware exact rank test   every relabelling enumerated (itertools), mid-ranks
  Hodges-Lehmann + Moses CI   pair differences; qwilcox from the Mann-Whitney
                              recurrence in ref_stats.py (the C rolls it over n)
  P(B > A)                    pairs counted one by one
  Benjamini-Hochberg          straight from BH (1995)
  A/A margin                  every half split of the summaries
  boot-resampled intervals    MT19937 + gsl_rng_uniform_int replayed (ref_stats.py)
  Lan-DeMets OBF bounds       Monte Carlo of the z statistics at the C bounds
Run: python3 tests/offline/ref_verdict.py
"""
import itertools
import math
import random
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from ref_stats import MT19937, mw_count, quantile7, TIE_A, TIE_B, LAT_A, LAT_B  # noqa: E402


def midranks(v):
    s = sorted(v)
    return [(s.index(x) + 1 + len(s) - s[::-1].index(x)) / 2 for x in v]


def rank_exact(a, b):
    v = a + b
    r = midranks(v)
    n, na = len(v), len(a)
    mean = na * (n + 1) / 2
    obs = abs(sum(r[:na]) - mean)
    devs = [abs(sum(r[i] for i in c) - mean) for c in itertools.combinations(range(n), na)]
    far = max(devs)
    return (sum(d >= obs - 1e-9 for d in devs) / len(devs),
            sum(abs(d - far) <= 1e-9 for d in devs) / len(devs))


def qwilcox(p, m, n):
    total = math.comb(m + n, m)
    cum = 0
    for u in range(m * n + 1):
        cum += mw_count(u, m, n)
        if cum / total >= p:
            return u


def hl(a, b, alpha=0.05):
    d = sorted(y - x for x in a for y in b)
    k = max(1, qwilcox(alpha / 2, len(b), len(a)))
    return quantile7(d, .5), d[k - 1], d[len(d) - k]


def p_b_gt_a(a, b):
    return sum((y > x) + 0.5 * (y == x) for x in a for y in b) / (len(a) * len(b))


def bh(ps):
    m = len(ps)
    return [min(min(1, ps[j] * m / sum(q <= ps[j] for q in ps))
                for j in range(m) if ps[j] >= ps[i]) for i in range(m)]


def margin(s):
    n, k = len(s), len(s) // 2
    gaps = sorted(abs(sum(s[i] for i in c) / k - sum(s[i] for i in range(n) if i not in c) / (n - k))
                  for c in itertools.combinations(range(n), k))
    return quantile7(gaps, .95)


def t_cdf(t, df, steps=20000):
    """Student t CDF by Simpson's rule on the density (t >= 0)."""
    c = math.gamma((df + 1) / 2) / (math.sqrt(df * math.pi) * math.gamma(df / 2))
    f = [c * (1 + (t * i / steps) ** 2 / df) ** (-(df + 1) / 2) for i in range(steps + 1)]
    h = t / steps
    return 0.5 + h / 3 * (f[0] + f[-1] + 4 * sum(f[1:-1:2]) + 2 * sum(f[2:-1:2]))


def t_quantile(p, df):
    lo, hi = 0.0, 100.0
    for _ in range(80):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if t_cdf(mid, df) < p else (lo, mid)
    return (lo + hi) / 2


def expanded_alpha(alpha, ka, kb):
    """Hesterberg's expanded percentile: z = sqrt(k/(k-1)) t_{1-alpha/2, ka+kb-2}."""
    k = min(ka, kb)
    z = math.sqrt(k / (k - 1)) * t_quantile(1 - alpha / 2, ka + kb - 2)
    return math.erfc(z / math.sqrt(2))


def boot_intervals(a_boots, b_boots, resamples, seed, alpha=0.05):
    """Replays effects_compute: per resample draw len(A) boots of A, then of B."""
    alpha = expanded_alpha(alpha, len(a_boots), len(b_boots))
    r = MT19937(seed)
    hls, qs = [], [[] for _ in range(5)]
    probs = [0, .1, .25, .5, .9]
    for _ in range(resamples):
        pa = [x for _ in a_boots for x in a_boots[r.uniform_int(len(a_boots))]]
        pb = [x for _ in b_boots for x in b_boots[r.uniform_int(len(b_boots))]]
        hls.append(quantile7([y - x for x in pa for y in pb], .5))
        for i, p in enumerate(probs):
            qs[i].append(quantile7(pb, p) - quantile7(pa, p))
    out = [(quantile7(hls, alpha / 2), quantile7(hls, 1 - alpha / 2))]
    out += [(quantile7(q, alpha / 2), quantile7(q, 1 - alpha / 2)) for q in qs]
    return out


def obf_mc(bounds, ts, paths=200000, seed=7):
    """Share of Brownian paths with |Z_k| >= bound_k at some look."""
    rng = random.Random(seed)
    hit = 0
    for _ in range(paths):
        s, prev = 0.0, 0.0
        for b, t in zip(bounds, ts):
            s += rng.gauss(0, math.sqrt(t - prev))
            prev = t
            if abs(s / math.sqrt(t)) >= b:
                hit += 1
                break
    return hit / paths


# Keep in sync with test_verdict.c.
AA_SUMMARIES = [4.61, 4.58, 4.66, 4.60, 4.71, 4.55, 4.63, 4.59]
CL_A = [[10, 12, 11], [15, 14, 16], [11, 10.5, 12], [13, 12.5, 14], [9, 11.5, 10]]
CL_B = [[13, 15, 14], [17, 18, 16.5], [14, 15.5, 13], [12, 16, 15], [16.5, 14.5, 17]]

if __name__ == "__main__":
    sys.setrecursionlimit(100000)
    print("rank exact TIE (p, min_p)", rank_exact(TIE_A, TIE_B))
    print("rank exact 4x4 tied", rank_exact([1, 2, 2, 3], [2, 3, 3, 4]))
    print("hl LAT (b=LAT_B, a=LAT_A)", hl(LAT_A, LAT_B))
    print("hl TIE", hl(TIE_A, TIE_B))
    print("p(B>A) LAT", repr(p_b_gt_a(LAT_A, LAT_B)), "TIE", repr(p_b_gt_a(TIE_A, TIE_B)))
    print("bh", bh([0.01, 0.04, 0.03, 0.005]), bh([0.2, 0.001, 0.5, 0.013, 0.04]))
    print("margin AA", repr(margin(AA_SUMMARIES)))
    print("expanded alpha 3+3, 5+5", repr(expanded_alpha(.05, 3, 3)), repr(expanded_alpha(.05, 5, 5)))
    print("boot intervals CL (5+5 boots) 400 seed 11", boot_intervals(CL_A, CL_B, 400, 11))
    if "--mc" in sys.argv:
        ts = [.2, .4, .6, .8, 1]
        print("obf 5 looks MC", obf_mc([4.877, 3.357, 2.680, 2.290, 2.031], ts))
