/*
 * bench/analysis/wilson.c against published values: R's
 * prop.test(8, 10, correct = FALSE)$conf.int is [0.4901625, 0.9433178]; the
 * rest from the textbook formula in Python (statistics.NormalDist for z):
 *   z = NormalDist().inv_cdf(0.975); p = k/n; d = 1 + z*z/n
 *   centre = (p + z*z/(2n)) / d; half = z/d * sqrt(p(1-p)/n + z*z/(4n*n))
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "wilson.h"

#define near(x, y, tol) assert_true(fabs((x) - (y)) <= (tol))

static void test_known_values(void **state)
{
	double lo, hi;

	(void)state;
	assert_int_equal(wilson_interval(8, 10, 0.95, &lo, &hi), 0);
	near(lo, 0.49016247153664183, 1e-9);
	near(hi, 0.9433178485456247, 1e-9);
	assert_int_equal(wilson_interval(1, 3, 0.95, &lo, &hi), 0);
	near(lo, 0.06149194472039632, 1e-9);
	near(hi, 0.7923403991979523, 1e-9);
	assert_int_equal(wilson_interval(15, 20, 0.95, &lo, &hi), 0);
	near(lo, 0.531299122381256, 1e-9);
	near(hi, 0.8881382985923343, 1e-9);
}

/* k = 0 and k = n: one bound exactly at the edge, the other inside */
static void test_edges(void **state)
{
	double lo, hi;

	(void)state;
	assert_int_equal(wilson_interval(0, 10, 0.95, &lo, &hi), 0);
	assert_true(lo == 0);
	near(hi, 0.27753279986288915, 1e-9);
	assert_int_equal(wilson_interval(10, 10, 0.95, &lo, &hi), 0);
	near(lo, 0.7224672001371109, 1e-9);
	assert_true(hi == 1);
}

static void test_bad_input(void **state)
{
	double lo = 0, hi = 0;

	(void)state;
	assert_int_equal(wilson_interval(0, 0, 0.95, &lo, &hi), -1);
	assert_true(isnan(lo) && isnan(hi));
	assert_int_equal(wilson_interval(4, 3, 0.95, &lo, &hi), -1);
	assert_true(isnan(lo) && isnan(hi));
	assert_int_equal(wilson_interval(1, 3, 1.0, &lo, &hi), -1);
	assert_int_equal(wilson_interval(1, 3, 0, &lo, &hi), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_values),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_bad_input),
	};

	return cmocka_run_group_tests_name("wilson", tests, NULL, NULL);
}
