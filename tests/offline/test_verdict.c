/*
 * The boot-level verdict core (bench/analysis/{boots,boot_test,effects,
 * rank_exact,multiplicity,seq_bounds,verdict_class}.c) against values
 * computed elsewhere:
 *   [R]    published R output
 *   [py]   tests/offline/ref_verdict.py (standard library, another route)
 *   [lit]  published tables
 *   [hand] worked out in the comment
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <jansson.h>

#include "boot_test.h"
#include "compare.h"
#include "compare_boot.h"
#include "compare_fmt.h"
#include "boots.h"
#include "common.h"
#include "effects.h"
#include "multiplicity.h"
#include "rank_exact.h"
#include "seq_bounds.h"
#include "stats.h"
#include "verdict_class.h"

#define near(x, y, tol) assert_true(fabs((x) - (y)) <= (tol))

/* Keep in sync with ref_stats.py / ref_verdict.py. */
static const double lat_a[] = { 101, 98, 105, 110, 97, 103, 99, 250, 102, 100, 104, 96 };
static const double lat_b[] = { 91, 95, 89, 93, 90, 94.5, 92, 88, 94, 95.5, 90.5, 91.5, 87 };
static const double tie_a[] = { 3, 3, 4, 5, 5, 5, 6, 7, 8, 8 };
static const double tie_b[] = { 1, 2, 2, 3, 3, 4, 4, 5, 6, 6, 7 };

static void test_boots_group(void **state)
{
	/* [hand] boots 7, 9, 7, 9, 7, 5: warm-up 1 drops the first present run of
	 * each boot; NaN is absent and neither kept nor warm-up; boot 5 had only
	 * its warm-up run and is dropped. */
	const double x[] = { 100, 200, 1, 2, NAN, 3, 4, 5 };
	const int64_t boot[] = { 7, 9, 7, 9, 7, 7, 9, 5 };
	struct rb_boots b;

	(void)state;
	assert_int_equal(boots_group(x, boot, ARRAY_SIZE(x), 1, &b), 0);
	assert_int_equal(b.n_boots, 2);
	assert_int_equal(b.n_warmup, 3);
	assert_int_equal(b.n_absent, 1);
	assert_int_equal(b.n, 4);
	assert_int_equal(b.boot_id[0], 7);
	assert_int_equal(b.boot_id[1], 9);
	assert_int_equal(boots_runs(&b, 0), 2);
	near(b.x[0], 1, 0);
	near(b.x[1], 3, 0);
	near(b.x[2], 2, 0);
	near(b.x[3], 4, 0);
	assert_true(boots_all_positive(&b));
	boots_free(&b);
	/* warm-up 0 keeps all, boot 5 too */
	assert_int_equal(boots_group(x, boot, ARRAY_SIZE(x), 0, &b), 0);
	assert_int_equal(b.n_boots, 3);
	assert_int_equal(b.n, 7);
	assert_int_equal(b.boot_id[2], 5);
	boots_free(&b);
}

static void test_welch_sleep(void **state)
{
	/* [R] t.test(extra ~ group, data = sleep): Welch, t = -1.8608,
	 * df = 17.776, p = 0.07939, 95% CI -3.3654832 0.2054832 (group1 - group2);
	 * here B = group 2, A = group 1, so the signs flip. */
	const double g1[] = { 0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0 };
	const double g2[] = { 1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4 };
	struct rb_boot_test t;

	(void)state;
	assert_int_equal(boot_test_summaries(g1, 10, g2, 10, 0.05, SCALE_LINEAR, &t), 0);
	near(t.diff, 1.58, 1e-12);
	near(t.t, 1.8608, 5e-5);
	near(t.df, 17.776, 5e-4);
	near(t.p, 0.07939, 5e-6);
	near(t.lo, -0.2054832, 5e-7);
	near(t.hi, 3.3654832, 5e-7);
	assert_true(isnan(t.ratio));
	/* [hand] MDE = (t_.975 + t_.80) * se > the CI half-width */
	assert_true(t.mde > (t.hi - t.lo) / 2);
	/* one boot on a side: no test */
	assert_int_equal(boot_test_summaries(g1, 1, g2, 10, 0.05, SCALE_LINEAR, &t), 0);
	assert_true(isnan(t.p) && isnan(t.lo));
	assert_int_equal(boot_test_summaries(g1, 2, g2, 2, 0, SCALE_LINEAR, &t), -1);
}

/* No spread between boots on either side (shares of 2 runs: 0 0 | 0.5 0.5,
 * seen in a stall sweep): the exact permutation p over boot labels, not 0. */
static void test_boot_test_no_spread(void **state)
{
	const double a[] = { 0, 0, 0, 0, 0 }, b[] = { 0.5, 0.5, 0.5, 0.5, 0.5 };
	struct rb_boot_test t;

	(void)state;
	assert_int_equal(boot_test_summaries(a, 2, b, 2, 0.05, SCALE_LINEAR, &t), 0);
	near(t.diff, 0.5, 1e-12);
	near(t.p, 1.0 / 3, 1e-12);	/* [hand] 2 of C(4,2) = 6 splits */
	assert_int_equal(boot_test_summaries(a, 5, b, 5, 0.05, SCALE_LINEAR, &t), 0);
	near(t.p, 2.0 / 252, 1e-12);	/* [hand] 2 of C(10,5) = 252 */
	assert_int_equal(boot_test_summaries(a, 2, b, 3, 0.05, SCALE_LINEAR, &t), 0);
	near(t.p, 1.0 / 10, 1e-12);	/* [hand] 1 of C(5,2) = 10: no mirror split */
	assert_int_equal(boot_test_summaries(a, 3, a, 3, 0.05, SCALE_LINEAR, &t), 0);
	near(t.p, 1, 0);
}

static void test_boot_test_log(void **state)
{
	/* [hand] two boots per side, two runs each; B = 2 x A run for run:
	 * every boot summary of B is log 2 above A's, the spread is equal,
	 * so diff = log 2 exactly and the ratio is 2. */
	const double xa[] = { 10, 20, 30, 40, 50, 60 };
	const double xb[] = { 20, 40, 60, 80, 100, 120 };
	const int64_t ba[] = { 1, 1, 1, 2, 2, 2 }, bb[] = { 3, 3, 3, 4, 4, 4 };
	struct rb_boots a, b;
	struct rb_boot_test t;

	(void)state;
	assert_int_equal(boots_group(xa, ba, 6, 1, &a), 0);
	assert_int_equal(boots_group(xb, bb, 6, 1, &b), 0);
	assert_int_equal(boot_test(&a, &b, 0.05, &t), 0);
	assert_int_equal(t.scale, SCALE_LOG);
	near(t.diff, log(2), 1e-12);
	near(t.ratio, 2, 1e-12);
	/* summary of boot 1 after warm-up: (log 20 + log 30) / 2 */
	near(boot_summary(&a, 0, SCALE_LOG), (log(20) + log(30)) / 2, 1e-12);
	assert_true(t.ratio_lo < 2 && t.ratio_hi > 2);
	boots_free(&a);
	boots_free(&b);
}

static void test_margin(void **state)
{
	/* [py] margin(AA_SUMMARIES) over all 70 half splits */
	const double s[] = { 4.61, 4.58, 4.66, 4.60, 4.71, 4.55, 4.63, 4.59 };

	(void)state;
	near(boot_margin_from_aa(s, ARRAY_SIZE(s), 1), 0.06524999999999943, 1e-12);
	assert_true(isnan(boot_margin_from_aa(s, 3, 1)));
}

static void test_rank_exact(void **state)
{
	double min_p, p;

	(void)state;
	/* [py] rank_exact(TIE_A, TIE_B): all 352716 relabellings with mid-ranks.
	 * The normal approximation (test_stats.c) gave 0.1095. */
	p = rank_exact_p(tie_a, ARRAY_SIZE(tie_a), tie_b, ARRAY_SIZE(tie_b), &min_p);
	near(p, 0.10701244060377188, 1e-12);
	near(min_p, 2.835142154027603e-06, 1e-15);
	/* [py] rank_exact([1,2,2,3], [2,3,3,4]) */
	p = rank_exact_p((const double[]){ 1, 2, 2, 3 }, 4, (const double[]){ 2, 3, 3, 4 }, 4, &min_p);
	near(p, 0.2857142857142857, 1e-12);
	near(min_p, 0.02857142857142857, 1e-12);
	/* [hand] no ties, 3 vs 3: 20 labellings, the two extremes: p = 0.1 */
	p = rank_exact_p((const double[]){ 1, 2, 3 }, 3, (const double[]){ 4, 5, 6 }, 3, &min_p);
	near(p, 0.1, 1e-12);
	near(min_p, 0.1, 1e-12);
}

static void test_hl(void **state)
{
	struct rb_shift s;

	(void)state;
	/* [py] hl(LAT_A, LAT_B): R's wilcox.test(LAT_B, LAT_A, conf.int = TRUE)
	 * computes the same from the same qwilcox */
	assert_int_equal(effects_hl(lat_a, ARRAY_SIZE(lat_a), lat_b, ARRAY_SIZE(lat_b), 0.05, &s), 0);
	near(s.est, -10, 1e-12);
	near(s.lo, -14, 1e-12);
	near(s.hi, -7, 1e-12);
	/* [py] hl(TIE_A, TIE_B) */
	assert_int_equal(effects_hl(tie_a, ARRAY_SIZE(tie_a), tie_b, ARRAY_SIZE(tie_b), 0.05, &s), 0);
	near(s.est, -1.5, 1e-12);
	near(s.lo, -3, 1e-12);
	near(s.hi, 0, 1e-12);
	/* [py] pairs counted */
	near(effects_p_b_gt_a(tie_a, 10, tie_b, 11), 0.2909090909090909, 1e-12);
	near(effects_p_b_gt_a(lat_a, 12, lat_b, 13), 0, 0);
	near(effects_p_b_gt_a(lat_b, 13, lat_a, 12), 1, 0);
}

static void test_effects_boot(void **state)
{
	/* [py] boot_intervals(CL_A, CL_B, 400, 11): MT19937 replayed, percentiles
	 * at the expanded alpha (5 + 5 boots: 0.00993) */
	const double xa[] = { 10, 12, 11, 15, 14, 16, 11, 10.5, 12, 13, 12.5, 14, 9, 11.5, 10 };
	const double xb[] = { 13, 15, 14, 17, 18, 16.5, 14, 15.5, 13, 12, 16, 15, 16.5, 14.5, 17 };
	const int64_t ba[] = { 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5 };
	const int64_t bb[] = { 6, 6, 6, 7, 7, 7, 8, 8, 8, 9, 9, 9, 10, 10, 10 };
	const double want[][2] = { { 0.0, 6.0 }, { -0.5, 5.5 },
				   { 0.8925662822398213, 5.303716858880092 },
				   { -0.009292147200223755, 6.0 }, { -0.01858429440044751, 6.0 },
				   { -0.3037168588800885, 6.100000000000001 } };
	struct rb_boots a, b;
	struct rb_effects e;
	size_t q;

	(void)state;
	assert_int_equal(boots_group(xa, ba, 15, 0, &a), 0);
	assert_int_equal(boots_group(xb, bb, 15, 0, &b), 0);
	assert_int_equal(effects_compute(&a, &b, 0.05, 400, 11, &e), 0);
	near(e.alpha_expanded, 0.009931908298744624, 1e-9);
	near(e.hl_boot.lo, want[0][0], 1e-9);
	near(e.hl_boot.hi, want[0][1], 1e-9);
	for (q = 0; q < RB_QSHIFT_N; q++) {
		near(e.q[q].lo, want[q + 1][0], 1e-9);
		near(e.q[q].hi, want[q + 1][1], 1e-9);
	}
	/* [hand] min shift: 12 - 9 */
	near(e.q[0].est, 3, 0);
	near(e.hl.est, e.hl_boot.est, 0);
	boots_free(&a);
	boots_free(&b);
	/* [hand] 4 boots on a side: too few to resample, no interval */
	assert_int_equal(boots_group(xa, ba, 12, 0, &a), 0);
	assert_int_equal(boots_group(xb, bb, 15, 0, &b), 0);
	assert_int_equal(effects_compute(&a, &b, 0.05, 400, 11, &e), 0);
	assert_true(isnan(e.hl_boot.lo) && isnan(e.q[3].hi));
	assert_false(isnan(e.hl.lo));
	boots_free(&a);
	boots_free(&b);
}

static void test_bh_family(void **state)
{
	const double p1[] = { 0.01, 0.04, 0.03, 0.005 };
	const double p2[] = { 0.2, 0.001, 0.5, 0.013, 0.04 };
	const double w1[] = { 0.02, 0.04, 0.04, 0.02 };
	const double w2[] = { 0.25, 0.005, 0.5, 0.0325, 0.06666666666666667 };
	/* [hand] primary rows 0 and 3 under Holm (m = 2), secondary 1 and 2 under
	 * BH (m = 2), row 4 outside */
	const double p3[] = { 0.01, 0.04, 0.03, 0.02, 0.001 };
	const enum rb_family f3[] = { FAMILY_PRIMARY, FAMILY_SECONDARY, FAMILY_SECONDARY,
				      FAMILY_PRIMARY, FAMILY_NONE };
	double adj[5];
	size_t i;

	(void)state;
	/* [py] bh(), as R's p.adjust(p, "BH") */
	stats_bh(p1, adj, 4);
	for (i = 0; i < 4; i++)
		near(adj[i], w1[i], 1e-12);
	stats_bh(p2, adj, 5);
	for (i = 0; i < 5; i++)
		near(adj[i], w2[i], 1e-12);
	assert_int_equal(family_adjust(p3, f3, adj, 5), 0);
	near(adj[0], 0.02, 1e-12);
	near(adj[3], 0.02, 1e-12);
	near(adj[1], 0.04, 1e-12);
	near(adj[2], 0.04, 1e-12);
	assert_true(isnan(adj[4]));
}

static void test_seq_bounds(void **state)
{
	/* [lit] gsDesign::gsDesign(k = 5, test.type = 2, alpha = 0.025, sfu = sfLDOF)
	 * upper bounds 4.877, 3.357, 2.680, 2.290, 2.031; one look is the fixed
	 * test's 1.960. [py] obf_mc() finds 0.050 of null paths crossing them. */
	const double t5[] = { 0.2, 0.4, 0.6, 0.8, 1 }, want[] = { 4.877, 3.357, 2.680, 2.290, 2.031 };
	const double t1[] = { 1 };
	double z[5];
	size_t i;

	(void)state;
	assert_int_equal(seq_obf_bounds(t5, 5, 0.05, z), 0);
	for (i = 0; i < 5; i++)
		near(z[i], want[i], 2e-3);
	assert_int_equal(seq_obf_bounds(t1, 1, 0.05, z), 0);
	near(z[0], 1.959964, 1e-6);
	near(seq_obf_spent(1, 0.05), 0.05, 1e-12);
	near(seq_nominal_alpha(1.959964), 0.05, 1e-6);
	/* [hand] the levels are 2 Q(bound): the last of 5 equal looks 2 Q(2.031) = 0.0423;
	 * boots 4, 8, ..., 20 of 20 are the same looks */
	{
		const size_t boots[] = { 4, 8, 12, 16, 20 };
		double a[5];

		assert_int_equal(seq_look_alphas(boots, 5, 20, 0.05, a), 0);
		near(a[4], 0.04226, 2e-4);
		near(a[0], 1.08e-6, 2e-7);
		assert_int_equal(seq_look_alphas(boots, 5, 10, 0.05, a), -1);
	}
	/* looks must advance */
	assert_int_equal(seq_obf_bounds((const double[]){ 0.5, 0.5 }, 2, 0.05, z), -1);
}

static void test_classes(void **state)
{
	(void)state;
	/* [hand] interval inside the margin: equivalent, even when it excludes 0 */
	assert_int_equal(verdict_classify(0.01, 0.005, 0.02, 0.001, 0.05, 0.03, BETTER_LOWER),
			 CLASS_EQUIVALENT);
	/* significant and beyond the margin: direction from the estimate */
	assert_int_equal(verdict_classify(0.2, 0.1, 0.3, 0.001, 0.05, 0.03, BETTER_LOWER),
			 CLASS_REGRESSED);
	assert_int_equal(verdict_classify(-0.2, -0.3, -0.1, 0.001, 0.05, 0.03, BETTER_LOWER),
			 CLASS_IMPROVED);
	assert_int_equal(verdict_classify(0.2, 0.1, 0.3, 0.001, 0.05, 0.03, BETTER_HIGHER),
			 CLASS_IMPROVED);
	assert_int_equal(verdict_classify(0.2, 0.1, 0.3, 0.001, 0.05, 0.03, BETTER_UNKNOWN),
			 CLASS_CHANGED);
	/* wide interval across 0: inconclusive; no margin: never equivalent */
	assert_int_equal(verdict_classify(0.01, -0.2, 0.22, 0.8, 0.05, 0.03, BETTER_LOWER),
			 CLASS_INCONCLUSIVE);
	assert_int_equal(verdict_classify(0.0, -0.01, 0.01, 0.9, 0.05, NAN, BETTER_LOWER),
			 CLASS_INCONCLUSIVE);
	/* adjusted p decides even when the raw interval excludes 0 */
	assert_int_equal(verdict_classify(0.2, 0.1, 0.3, 0.2, 0.05, 0.03, BETTER_LOWER),
			 CLASS_INCONCLUSIVE);
	assert_int_equal(verdict_classify(0.2, 0.1, 0.3, NAN, 0.05, 0.03, BETTER_LOWER), CLASS_NA);
	assert_true(verdict_resolved(CLASS_EQUIVALENT));
	assert_false(verdict_resolved(CLASS_INCONCLUSIVE));
}

static void test_exports(void **state)
{
	/* [hand] A = {0, 5, 6}: median 5, but a resample drawing 0 twice has
	 * median 0; the point ratio 10/5 stays, the interval is undefined */
	const double a[] = { 0, 5, 6 }, b[] = { 10, 10, 10 };
	struct rb_ratio_ci ci;
	json_t *j;
	char *txt;

	(void)state;
	assert_int_equal(stats_boot_median_ratio(a, 3, b, 3, 2000, 1, &ci), 0);
	near(ci.ratio, 2, 0);
	assert_true(isnan(ci.lo) && isnan(ci.hi));
	/* infinite changes are the strings "inf"/"-inf", NaN null, reals at 17 digits */
	j = compare_json_num(INFINITY);
	assert_string_equal(json_string_value(j), "inf");
	json_decref(j);
	j = compare_json_num(-INFINITY);
	assert_string_equal(json_string_value(j), "-inf");
	json_decref(j);
	j = compare_json_num(NAN);
	assert_true(json_is_null(j));
	json_decref(j);
	j = compare_json_num(0.1 + 0.2);
	txt = json_dumps(j, JSON_ENCODE_ANY | JSON_REAL_PRECISION(17));
	assert_string_equal(txt, "0.30000000000000004");
	free(txt);
	json_decref(j);
}

static void test_split_by_boot(void **state)
{
	/* [hand] 6 boots x 3 runs of one metric: halves of whole boots hold 3
	 * boots each (2 runs after the warm-up); without boot ids each of the 18
	 * runs is a boot and a half holds 9 */
	struct rb_sample smp = { 0 };
	struct rb_split_result res;
	struct rb_cmp_cfg cfg;
	int64_t run;
	char boot[8];

	(void)state;
	compare_cfg_default(&cfg);
	for (run = 0; run < 18; run++) {
		double v = 100 + 10 * (run / 3) + run % 3;

		assert_int_equal(sample_add(&smp, "kill", NULL, 0, "exit_mmap_us", run, &v, NULL,
					    NULL), 0);
	}
	assert_int_equal(compare_split(&smp, 4, &cfg, NULL, &res), 0);
	assert_int_equal(res.boots_min, 9);
	for (run = 0; run < 18; run++) {
		snprintf(boot, sizeof(boot), "b%d", (int)(run / 3));
		assert_int_equal(sample_set_boot(&smp, run, boot), 0);
	}
	assert_int_equal(compare_split(&smp, 4, &cfg, NULL, &res), 0);
	assert_int_equal(res.boots_min, 3);
	assert_int_equal(res.repeats, 4);
	assert_int_equal(res.rows_tested, 4);
	/* [hand] the A/A margin from these 6 boots: summaries are the mean log of
	 * runs 2 and 3 of each boot, through boot_margin_from_aa ([py] tested) */
	{
		double sum[6], want;
		enum rb_scale scale = SCALE_LINEAR;
		int k;

		for (k = 0; k < 6; k++)
			sum[k] = (log(100 + 10 * k + 1) + log(100 + 10 * k + 2)) / 2;
		want = boot_margin_from_aa(sum, 6, 1);
		near(series_aa_margin(&smp.s[0], NULL, 0, 1, 1, &scale), want, 1e-12);
		assert_int_equal(scale, SCALE_LOG);
		assert_true(want > 0.05 && want < 0.3);
	}
	sample_free(&smp);
}

static void test_primary_resolved(void **state)
{
	/* [hand] --until-resolved stops when every primary row is settled;
	 * secondary rows do not hold it back; no primary row: never resolved */
	struct rb_cmp_row rows[3] = { 0 };
	struct rb_cmp c = { .rows = rows, .n = 3 };

	(void)state;
	rows[0].family = FAMILY_PRIMARY;
	rows[0].verdict = VERDICT_REGRESSED;
	rows[1].family = FAMILY_PRIMARY;
	rows[1].verdict = VERDICT_INCONCLUSIVE;
	rows[2].family = FAMILY_SECONDARY;
	rows[2].verdict = VERDICT_INCONCLUSIVE;
	assert_int_equal(compare_primary_resolved(&c), 0);
	rows[1].verdict = VERDICT_EQUIVALENT;
	assert_int_equal(compare_primary_resolved(&c), 1);
	rows[0].family = rows[1].family = FAMILY_NONE;
	assert_int_equal(compare_primary_resolved(&c), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boots_group),
		cmocka_unit_test(test_welch_sleep),
		cmocka_unit_test(test_boot_test_no_spread),
		cmocka_unit_test(test_boot_test_log),
		cmocka_unit_test(test_margin),
		cmocka_unit_test(test_rank_exact),
		cmocka_unit_test(test_hl),
		cmocka_unit_test(test_effects_boot),
		cmocka_unit_test(test_bh_family),
		cmocka_unit_test(test_seq_bounds),
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_exports),
		cmocka_unit_test(test_split_by_boot),
		cmocka_unit_test(test_primary_resolved),
	};

	return cmocka_run_group_tests_name("verdict", tests, NULL, NULL);
}
