/*
 * bench/stats.c against values computed elsewhere. Sources:
 *   [R]   R 4.x results published in R's own documentation / well-known examples
 *   [py]  tests/offline/ref_stats.py, standard-library Python written from the
 *         textbook definitions by a different route (run it to reprint them)
 *   [hand] worked out by hand in the comment
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "common.h"
#include "stats.h"

#define near(x, y, tol) assert_true(fabs((x) - (y)) <= (tol))
#define rel_near(x, y, rel) assert_true(fabs((x) - (y)) <= (rel) * fabs(y))

/* Keep these in sync with ref_stats.py. */
static const double hw_x[] = { 0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46 };
static const double hw_y[] = { 1.15, 0.88, 0.90, 0.74, 1.21 };
static const double lat_a[] = { 101, 98, 105, 110, 97, 103, 99, 250, 102, 100, 104, 96 };
static const double lat_b[] = { 91, 95, 89, 93, 90, 94.5, 92, 88, 94, 95.5, 90.5, 91.5, 87 };
static const double tie_a[] = { 3, 3, 4, 5, 5, 5, 6, 7, 8, 8 };
static const double tie_b[] = { 1, 2, 2, 3, 3, 4, 4, 5, 6, 6, 7 };

static void test_describe(void **state)
{
	struct rb_desc d;

	(void)state;
	/* [py] describe(LAT_A): R's quantile(type = 7) / sd() give the same */
	assert_int_equal(stats_describe(lat_a, ARRAY_SIZE(lat_a), &d), 0);
	assert_int_equal(d.n, 12);
	near(d.median, 101.5, 1e-12);
	near(d.mean, 113.75, 1e-12);
	rel_near(d.stddev, 43.08158222805573, 1e-12);
	rel_near(d.cov, 0.37873918442246796, 1e-12);
	near(d.p90, 109.5, 1e-12);
	near(d.p99, 234.6, 1e-9);
	near(d.min, 96, 0);
	near(d.max, 250, 0);
	/* [py] describe(LAT_B) */
	assert_int_equal(stats_describe(lat_b, ARRAY_SIZE(lat_b), &d), 0);
	near(d.median, 91.5, 1e-12);
	rel_near(d.stddev, 2.7091961150392176, 1e-12);
	near(d.p90, 94.9, 1e-9);
	near(d.p99, 95.44, 1e-9);
}

static void test_describe_small(void **state)
{
	struct rb_desc d;
	const double one = 7;

	(void)state;
	/* [hand] no values: n 0, NaN everywhere; one value: no spread */
	assert_int_equal(stats_describe(NULL, 0, &d), 0);
	assert_int_equal(d.n, 0);
	assert_true(isnan(d.median));
	assert_int_equal(stats_describe(&one, 1, &d), 0);
	near(d.median, 7, 0);
	near(d.p99, 7, 0);
	assert_true(isnan(d.stddev));
}

static void test_mw_exact(void **state)
{
	struct rb_mw mw;

	(void)state;
	/* [R] ?wilcox.test, Hollander & Wolfe p.69: wilcox.test(x, y, alternative="g")
	 * gives W = 35, p-value = 0.1272; two-sided is twice that.
	 * [py] mw_exact(HW_X, HW_Y) = 0.2544122544122544 */
	assert_int_equal(stats_mann_whitney(hw_x, ARRAY_SIZE(hw_x), hw_y, ARRAY_SIZE(hw_y), &mw), 0);
	assert_true(mw.exact);
	near(mw.w, 35, 0);
	rel_near(mw.p, 0.2544122544122544, 1e-9);
	/* [hand] best p these n allow: 2 / C(15, 5) = 2/3003 */
	rel_near(mw.min_p, 2.0 / 3003, 1e-12);
	/* Swapping the samples mirrors W (n1*n2 - W) and keeps p. [hand] 50 - 35 = 15 */
	assert_int_equal(stats_mann_whitney(hw_y, ARRAY_SIZE(hw_y), hw_x, ARRAY_SIZE(hw_x), &mw), 0);
	near(mw.w, 15, 0);
	rel_near(mw.p, 0.2544122544122544, 1e-9);

	/* [py] 30 vs 25 interleaved values: W = 400, exact p = 0.6811738583497033
	 * (the normal approximation would give 0.67878: the test tells them apart) */
	{
		double a[30], b[25];
		size_t i;

		for (i = 0; i < 30; i++)
			a[i] = i * 2 + 0.5;
		for (i = 0; i < 25; i++)
			b[i] = i * 2 + 4.25;
		assert_int_equal(stats_mann_whitney(a, 30, b, 25, &mw), 0);
		assert_true(mw.exact);
		near(mw.w, 400, 0);
		rel_near(mw.p, 0.6811738583497033, 1e-9);
	}

	/* [hand] complete separation: W = 12*13 = 156, p = 2 / C(25,12) = 2/5200300 */
	assert_int_equal(stats_mann_whitney(lat_a, ARRAY_SIZE(lat_a), lat_b, ARRAY_SIZE(lat_b), &mw), 0);
	assert_true(mw.exact);
	near(mw.w, 156, 0);
	rel_near(mw.p, 2.0 / 5200300, 1e-9);
}

static void test_mw_normal(void **state)
{
	double big_a[60], big_b[55];
	struct rb_mw mw;
	size_t i;

	(void)state;
	/* [py] ref_verdict.py rank_exact(TIE_A, TIE_B): ties at small n get the
	 * exact mid-rank permutation p (the normal approximation, R's
	 * wilcox.test(exact=NULL), gave 0.10946686052553156) */
	assert_int_equal(stats_mann_whitney(tie_a, ARRAY_SIZE(tie_a), tie_b, ARRAY_SIZE(tie_b), &mw), 0);
	assert_true(mw.exact);
	near(mw.w, 78, 0);
	rel_near(mw.p, 0.10701244060377188, 1e-9);
	/* [py] the most extreme relabelling of these tied values */
	rel_near(mw.min_p, 2.835142154027603e-06, 1e-9);

	/* [py] n >= 50, no ties: normal approximation, W = 1378, p = 0.12848379227750428 */
	for (i = 0; i < 60; i++)
		big_a[i] = i + 1;
	for (i = 0; i < 55; i++)
		big_b[i] = i + 1 + 7.5;
	assert_int_equal(stats_mann_whitney(big_a, 60, big_b, 55, &mw), 0);
	assert_false(mw.exact);
	near(mw.w, 1378, 0);
	rel_near(mw.p, 0.12848379227750428, 1e-9);

	/* [hand] every value equal: no evidence, p = 1 */
	assert_int_equal(stats_mann_whitney(tie_a, 2, tie_a, 2, &mw), 0);
	near(mw.p, 1, 0);
}

static void test_fisher(void **state)
{
	(void)state;
	/* [R] fisher.test(matrix(c(3,1,1,3),2)): Fisher's tea tasting, p = 0.4857 */
	rel_near(stats_fisher_2x2(3, 1, 1, 3), 0.4857142857142857, 1e-9);
	/* [R] fisher.test(matrix(c(1,11,9,3),2)): the dieting example, p = 0.002759 */
	rel_near(stats_fisher_2x2(1, 9, 11, 3), 0.002759456185220083, 1e-9);
	/* [py] fisher(18, 2, 11, 9): 90% vs 55% reaped, p = 0.03095 */
	rel_near(stats_fisher_2x2(18, 2, 11, 9), 0.03095030514385353, 1e-9);
	/* [hand] identical margins: p = 1; perfect 5/0 vs 0/5 split: 2 / C(10,5) = 2/252 */
	near(stats_fisher_2x2(20, 0, 20, 0), 1, 1e-12);
	rel_near(stats_fisher_2x2(0, 5, 5, 0), 2.0 / 252, 1e-9);
}

static void test_holm(void **state)
{
	const double p1[] = { 0.01, 0.04, 0.03, 0.005 };
	const double p2[] = { 0.2, 0.001, NAN, 0.5, 0.013, 0.04 };
	double adj[6];

	(void)state;
	/* [hand] sorted 0.005*4, 0.01*3, 0.03*2, 0.04*1 -> 0.02 0.03 0.06 max(0.06,0.04);
	 * R: p.adjust(c(.01,.04,.03,.005), "holm") = 0.03 0.06 0.06 0.02 */
	stats_holm(p1, adj, 4);
	near(adj[0], 0.03, 1e-12);
	near(adj[1], 0.06, 1e-12);
	near(adj[2], 0.06, 1e-12);
	near(adj[3], 0.02, 1e-12);
	/* [py] holm([0.2, 0.001, 0.5, 0.013, 0.04]) = 0.4 0.005 0.5 0.052 0.12;
	 * the NaN (untestable row) is skipped and does not count in m */
	stats_holm(p2, adj, 6);
	near(adj[0], 0.4, 1e-12);
	near(adj[1], 0.005, 1e-12);
	assert_true(isnan(adj[2]));
	near(adj[3], 0.5, 1e-12);
	near(adj[4], 0.052, 1e-12);
	near(adj[5], 0.12, 1e-12);
}

static void test_bootstrap(void **state)
{
	struct rb_ratio_ci ci, ci2;

	(void)state;
	/* [py] boot_ratio(LAT_A, LAT_B, 2000, 20261127): ref_stats.py replays
	 * MT19937 + gsl_rng_uniform_int and the same draw order */
	assert_int_equal(stats_boot_median_ratio(lat_a, ARRAY_SIZE(lat_a), lat_b, ARRAY_SIZE(lat_b),
						 2000, 20261127, &ci), 0);
	rel_near(ci.ratio, 0.9014778325123153, 1e-12);
	rel_near(ci.lo, 0.8701766304347827, 1e-12);
	rel_near(ci.hi, 0.9393939393939394, 1e-12);
	assert_int_equal(ci.resamples, 2000);
	assert_int_equal(ci.seed, 20261127);
	/* same seed, same interval (reproducible output) */
	assert_int_equal(stats_boot_median_ratio(lat_a, ARRAY_SIZE(lat_a), lat_b, ARRAY_SIZE(lat_b),
						 2000, 20261127, &ci2), 0);
	assert_memory_equal(&ci.lo, &ci2.lo, sizeof(double));
	assert_memory_equal(&ci.hi, &ci2.hi, sizeof(double));
	/* [py] seed 1: lo 0.8695652173913043, hi 0.94 */
	assert_int_equal(stats_boot_median_ratio(lat_a, ARRAY_SIZE(lat_a), lat_b, ARRAY_SIZE(lat_b),
						 2000, 1, &ci2), 0);
	rel_near(ci2.lo, 0.8695652173913043, 1e-12);
	rel_near(ci2.hi, 0.94, 1e-12);
	/* [hand] a zero median on A: the ratio is undefined, not 0 or inf */
	{
		const double z[] = { 0, 0, 1 };

		assert_int_equal(stats_boot_median_ratio(z, 3, lat_b, 3, 2000, 1, &ci), 0);
		assert_true(isnan(ci.ratio) && isnan(ci.lo));
	}
}

static void test_boot_median(void **state)
{
	double lo, hi;

	(void)state;
	/* [py] boot_median(LAT_A, 2000, 5) = (98.5, 104.5), same replayed mt19937 */
	assert_int_equal(stats_boot_median_ci(lat_a, ARRAY_SIZE(lat_a), 2000, 5, &lo, &hi), 0);
	near(lo, 98.5, 1e-12);
	near(hi, 104.5, 1e-12);
	/* [hand] no values: no interval */
	assert_int_equal(stats_boot_median_ci(lat_a, 0, 2000, 5, &lo, &hi), 0);
	assert_true(isnan(lo) && isnan(hi));
}

static void test_verdict(void **state)
{
	(void)state;
	/* [hand] latency 10% up, significant: regressed; down: improved */
	assert_int_equal(stats_verdict(0.10, 0.001, BETTER_LOWER, 0.02, 0.05), VERDICT_REGRESSED);
	assert_int_equal(stats_verdict(-0.10, 0.001, BETTER_LOWER, 0.02, 0.05), VERDICT_IMPROVED);
	/* a higher reaped share is better */
	assert_int_equal(stats_verdict(0.30, 0.01, BETTER_HIGHER, 0.02, 0.05), VERDICT_IMPROVED);
	assert_int_equal(stats_verdict(-0.30, 0.01, BETTER_HIGHER, 0.02, 0.05), VERDICT_REGRESSED);
	/* under the noise floor nothing is flagged, however small p */
	assert_int_equal(stats_verdict(0.019, 1e-9, BETTER_LOWER, 0.02, 0.05), VERDICT_UNCHANGED);
	/* p at alpha is not significant */
	assert_int_equal(stats_verdict(0.5, 0.05, BETTER_LOWER, 0.02, 0.05), VERDICT_UNCHANGED);
	assert_int_equal(stats_verdict(0.5, 0.01, BETTER_UNKNOWN, 0.02, 0.05), VERDICT_CHANGED);
	assert_int_equal(stats_verdict(0.5, NAN, BETTER_LOWER, 0.02, 0.05), VERDICT_NA);
	/* a zero median that becomes nonzero is an infinite change, and flagged */
	assert_true(isinf(stats_rel_change(0, 3)) && stats_rel_change(0, 3) > 0);
	near(stats_rel_change(0, 0), 0, 0);
	near(stats_rel_change(200, 150), -0.25, 1e-15);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_describe_small),
		cmocka_unit_test(test_mw_exact),
		cmocka_unit_test(test_mw_normal),
		cmocka_unit_test(test_fisher),
		cmocka_unit_test(test_holm),
		cmocka_unit_test(test_bootstrap),
		cmocka_unit_test(test_boot_median),
		cmocka_unit_test(test_verdict),
	};

	return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
