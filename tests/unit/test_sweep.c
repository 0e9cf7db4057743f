/* Sweep expansion: lists, ranges, units of sweep_value, names, bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sweep.h"

static struct rb_scenario_set set;

static void one(const char *name)
{
	memset(&set, 0, sizeof(set));
	set.n = 1;
	snprintf(set.sc[0].name, sizeof(set.sc[0].name), "%s", name);
	set.sc[0].shape = shape_find("anon");
	set.sc[0].trigger = trigger_find("stall");
	set.sc[0].runs = 3;
}

static void list(void **state)
{
	(void)state;
	one("a");
	assert_int_equal(sweep_apply(&set, "size=64M,256M"), 0);
	assert_int_equal(set.n, 2);
	assert_string_equal(set.sc[0].name, "a@size=64M");
	assert_string_equal(params_str(&set.sc[1].params, "size", ""), "256M");
	assert_string_equal(set.sc[1].sweep_param, "size");
	assert_true(set.sc[1].sweep_value == (double)(256ULL << 20));
	assert_int_equal(set.sc[1].runs, 3);
}

static void range(void **state)
{
	(void)state;
	one("s");
	assert_int_equal(sweep_apply(&set, "stall=1.5s..2.5s/250ms"), 0);
	assert_int_equal(set.n, 5);
	assert_string_equal(params_str(&set.sc[0].params, "stall", ""), "1500ms");
	assert_string_equal(params_str(&set.sc[4].params, "stall", ""), "2500ms");
	assert_string_equal(set.sc[2].name, "s@stall=2s");
	assert_true(set.sc[2].sweep_value == 2e6);	/* microseconds */
	one("t");
	assert_int_equal(sweep_apply(&set, "threads=1..8/3"), 0);
	assert_int_equal(set.n, 3);
	assert_string_equal(params_str(&set.sc[2].params, "threads", ""), "7");
}

static void twice(void **state)
{
	(void)state;
	one("x");
	set.n = 2;
	set.sc[1] = set.sc[0];
	assert_int_equal(sweep_apply(&set, "count=100,1000,10000"), 0);
	assert_int_equal(set.n, 6);
}

static void bad(void **state)
{
	(void)state;
	one("b");
	assert_int_equal(sweep_apply(&set, "shape=anon,mlock"), -1);
	assert_int_equal(sweep_apply(&set, "size"), -1);
	assert_int_equal(sweep_apply(&set, "size=64X"), -1);
	assert_int_equal(sweep_apply(&set, "size=256M..64M/64M"), -1);
	assert_int_equal(sweep_apply(&set, "size=64M..256M/0"), -1);
	assert_int_equal(sweep_apply(&set, "size=64M..256M"), -1);
	assert_int_equal(sweep_apply(&set, "threads=1..100000/1"), -1);
	assert_int_equal(sweep_apply(&set, "stall="), -1);
	assert_int_equal(set.n, 1);	/* untouched on error */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(list),
		cmocka_unit_test(range),
		cmocka_unit_test(twice),
		cmocka_unit_test(bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
