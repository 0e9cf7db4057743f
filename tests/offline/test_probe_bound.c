/* bench/analysis/probe_bound.c: the probe-effect bound's arithmetic, by hand. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "probe_bound.h"

#define near(x, y, tol) assert_true(fabs((x) - (y)) <= (tol))

static void test_one_kind(void **state)
{
	struct probe_bound b = { 0 };

	(void)state;
	/* [hand] 12 events x 85.5 ns [80.25, 91.0004] = 1026 ns [963, 1092.0048 -> 1092.012 ceil] */
	assert_int_equal(probe_bound_add(&b, 12, 85.5, 80.25, 91.0004), 0);
	assert_int_equal(b.ps, 1026000);
	assert_int_equal(b.lo_ps, 963000);
	assert_int_equal(b.hi_ps, 12 * 91001);	/* 91000.4 ps rounded up, then x 12 */
	probe_bound_finish(&b, 2000);
	near(b.us, 1.026, 1e-12);
	near(b.lo_us, 0.963, 1e-12);
	near(b.hi_us, 1.092012, 1e-12);
	near(b.bound_us, 1.092012, 1e-12);
	near(b.bound_pct, 100 * 1.092012 / 2000, 1e-12);
}

static void test_kinds_add_up(void **state)
{
	struct probe_bound b = { 0 };

	(void)state;
	/* [hand] 10 tracepoints x 100 [90, 110] + 1 kprobe x 400 [300, 500] = 1400 [1200, 1600] ns */
	assert_int_equal(probe_bound_add(&b, 10, 100, 90, 110), 0);
	assert_int_equal(probe_bound_add(&b, 1, 400, 300, 500), 0);
	probe_bound_finish(&b, 1600);
	near(b.us, 1.4, 1e-12);
	near(b.lo_us, 1.2, 1e-12);
	near(b.hi_us, 1.6, 1e-12);
	near(b.bound_pct, 0.1, 1e-12);
}

static void test_negative_interval(void **state)
{
	struct probe_bound b = { 0 };

	(void)state;
	/* [hand] a cost indistinguishable from 0: the interval keeps its sign, the bound is 0 */
	assert_int_equal(probe_bound_add(&b, 5, -2, -10, -1), 0);
	probe_bound_finish(&b, 100);
	near(b.us, -0.01, 1e-12);
	near(b.lo_us, -0.05, 1e-12);
	near(b.hi_us, -0.005, 1e-12);
	near(b.bound_us, 0, 0);
	near(b.bound_pct, 0, 0);
	/* [hand] 0 events: 0 whatever the cost */
	b = (struct probe_bound){ 0 };
	assert_int_equal(probe_bound_add(&b, 0, 50, 40, 60), 0);
	probe_bound_finish(&b, 100);
	near(b.bound_us, 0, 0);
}

static void test_no_median(void **state)
{
	struct probe_bound b = { 0 };

	(void)state;
	assert_int_equal(probe_bound_add(&b, 3, 10, 5, 20), 0);
	probe_bound_finish(&b, 0);
	near(b.bound_us, 0.06, 1e-12);
	assert_true(isnan(b.bound_pct));
	probe_bound_finish(&b, NAN);
	assert_true(isnan(b.bound_pct));
}

static void test_refused(void **state)
{
	struct probe_bound b = { 0 };

	(void)state;
	assert_int_equal(probe_bound_add(&b, 1, NAN, 0, 1), -1);
	assert_int_equal(probe_bound_add(&b, 1, 1, 0, INFINITY), -1);
	assert_int_equal(probe_bound_add(&b, 1, 5, 6, 7), -1);	/* lo > cost */
	assert_int_equal(probe_bound_add(&b, 1, 8, 6, 7), -1);	/* cost > hi */
	assert_int_equal(probe_bound_add(&b, 1, 1, 0, 2e9), -1);	/* > 1 s per event */
	/* nothing was added by the refused calls */
	assert_int_equal(b.ps, 0);
	assert_int_equal(b.hi_ps, 0);
}

static void test_overflow(void **state)
{
	struct probe_bound b = { 0 };

	(void)state;
	/* [hand] 2^62 events x 1 ns = 2^62 x 1000 ps > INT64_MAX */
	assert_int_equal(probe_bound_add(&b, UINT64_C(1) << 62, 1, 1, 1), -1);
	assert_int_equal(probe_bound_add(&b, UINT64_MAX, 0, 0, 0), -1);	/* > INT64_MAX events */
	/* [hand] two halves that fit alone but not together: (2^62 / 1000) x 1000 ps x 2 */
	assert_int_equal(probe_bound_add(&b, (UINT64_C(1) << 62) / 1000, 1, 1, 1), 0);
	assert_int_equal(probe_bound_add(&b, (UINT64_C(1) << 62) / 1000, 1, 1, 1), 0);
	assert_int_equal(probe_bound_add(&b, (UINT64_C(1) << 62) / 1000, 1, 1, 1), -1);
	assert_int_equal(b.ps, (int64_t)((UINT64_C(1) << 62) / 1000) * 2000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_kind),
		cmocka_unit_test(test_kinds_add_up),
		cmocka_unit_test(test_negative_interval),
		cmocka_unit_test(test_no_median),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
