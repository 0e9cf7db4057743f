/* The shuffle seed: random, in the range `run --seed` accepts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "random_seed.h"

#define DRAWS 64

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Draws within the same second: a clock-based seed gives one value for all. */
static void seeds_differ_within_a_second(void **state)
{
	uint32_t s[DRAWS];
	int i, distinct = 1;

	(void)state;
	for (i = 0; i < DRAWS; i++) {
		assert_int_equal(random_seed(&s[i]), 0);
		assert_true(s[i] <= INT32_MAX);
	}
	qsort(s, DRAWS, sizeof(s[0]), cmp_u32);
	for (i = 1; i < DRAWS; i++)
		distinct += s[i] != s[i - 1];
	/* 64 draws of 31 bits collide with a chance of about 1e-6 */
	assert_true(distinct >= DRAWS - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seeds_differ_within_a_second),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
