/* Parsers of user input: sizes, durations, integers, scenario parameters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common.h"
#include "params.h"

static void sizes(void **state)
{
	uint64_t b;

	(void)state;
	assert_int_equal(parse_size("4096", &b), 0);
	assert_int_equal(b, 4096);
	assert_int_equal(parse_size("64M", &b), 0);
	assert_int_equal(b, 64ULL << 20);
	assert_int_equal(parse_size("2G", &b), 0);
	assert_int_equal(b, 2ULL << 30);
	assert_int_equal(parse_size("1.5GiB", &b), 0);
	assert_int_equal(b, 3ULL << 29);
	assert_int_equal(parse_size("256k", &b), 0);
	assert_int_equal(b, 256ULL << 10);
	assert_int_equal(parse_size("1.5X", &b), -1);
	assert_int_equal(parse_size("-1M", &b), -1);
	assert_int_equal(parse_size("", &b), -1);
	assert_int_equal(parse_size("M", &b), -1);
	assert_int_equal(parse_size("nan", &b), -1);
}

static void durations(void **state)
{
	uint64_t us;

	(void)state;
	assert_int_equal(parse_duration_us("50", &us), 0);
	assert_int_equal(us, 50);
	assert_int_equal(parse_duration_us("50us", &us), 0);
	assert_int_equal(us, 50);
	assert_int_equal(parse_duration_us("2.5s", &us), 0);
	assert_int_equal(us, 2500000);
	assert_int_equal(parse_duration_us("300ms", &us), 0);
	assert_int_equal(us, 300000);
	assert_int_equal(parse_duration_us("3 s", &us), -1);
	assert_int_equal(parse_duration_us("1h", &us), -1);
}

static void longs(void **state)
{
	long v;

	(void)state;
	assert_int_equal(parse_long("20", 1, 100, &v), 0);
	assert_int_equal(v, 20);
	assert_int_equal(parse_long("0", 1, 100, &v), -1);
	assert_int_equal(parse_long("12abc", 0, 100, &v), -1);
}

static void params(void **state)
{
	struct rb_params p = { 0 };
	uint64_t b;
	long n;
	char *json;

	(void)state;
	assert_int_equal(params_set_kv(&p, "size=128M"), 0);
	assert_int_equal(params_set_kv(&p, "threads=4"), 0);
	assert_int_equal(params_set_kv(&p, "size=256M"), 0);	/* replaces */
	assert_int_equal(params_set_kv(&p, "novalue"), -1);
	assert_int_equal(params_set_kv(&p, "=x"), -1);
	assert_int_equal(p.n, 2);
	assert_int_equal(params_size(&p, "size", 0, &b), 0);
	assert_int_equal(b, 256ULL << 20);
	assert_int_equal(params_size(&p, "absent", 7, &b), 0);
	assert_int_equal(b, 7);
	assert_int_equal(params_long(&p, "threads", 1, 1, 8, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(params_long(&p, "threads", 1, 1, 2, &n), -1);
	json = params_json(&p);
	assert_string_equal(json, "{\"size\":\"256M\",\"threads\":\"4\"}");
	free(json);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sizes),
		cmocka_unit_test(durations),
		cmocka_unit_test(longs),
		cmocka_unit_test(params),
	};

	return cmocka_run_group_tests_name("common", tests, NULL, NULL);
}
