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

static uint64_t us_dummy;

#include "capture_stderr.h"

/* One input, what the parser returns, and (when it returns 0) the value it stores. */
struct parse_case {
	const char *in;
	int ret;
	uint64_t val;
};

static void check_cases(int (*parse)(const char *, uint64_t *), const struct parse_case *c,
			size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t v = 0;
		int ret = parse(c[i].in, &v);

		if (ret != c[i].ret || (!ret && v != c[i].val))
			fail_msg("parse '%s': returned %d, stored %llu; expected %d, %llu", c[i].in,
				 ret, (unsigned long long)v, c[i].ret, (unsigned long long)c[i].val);
	}
}

static void sizes(void **state)
{
	static const struct parse_case cases[] = {
		{ "4096", 0, 4096 },
		{ "64M", 0, 64ULL << 20 },
		{ "2G", 0, 2ULL << 30 },
		{ "1.5GiB", 0, 3ULL << 29 },
		{ "256k", 0, 256ULL << 10 },
		{ "1.5X", -1, 0 },
		{ "-1M", -1, 0 },
		{ "", -1, 0 },
		{ "M", -1, 0 },
		{ "nan", -1, 0 },
	};

	(void)state;
	check_cases(parse_size, cases, sizeof(cases) / sizeof(cases[0]));
}

/* Integers with a unit: exact fractions only, no exponents, no overflow. */
static void sizes_bounded(void **state)
{
	static const struct parse_case cases[] = {
		{ "1e3M", -1, 0 },
		{ "1E3", -1, 0 },
		{ "0x10M", -1, 0 },
		{ " 4M", -1, 0 },
		{ "+4M", -1, 0 },
		{ "4M ", -1, 0 },
		{ "4.M", -1, 0 },
		{ "0.1K", -1, 0 },		/* 102.4 bytes: not whole */
		{ "1.5K", 0, 1536 },
		{ "1.0000001G", -1, 0 },	/* more than 6 digits */
		{ "16169288644G", 0, 16169288644ULL << 30 },	/* fits: the table's range refuses it */
		{ "16777216T", -1, 0 },		/* 2^64: overflow */
		{ "18446744073709551615", 0, UINT64_MAX },
		{ "18446744073709551616", -1, 0 },
		{ "99999999999999999999999M", -1, 0 },
	};

	(void)state;
	check_cases(parse_size, cases, sizeof(cases) / sizeof(cases[0]));
	assert_int_equal(parse_duration_us("18446744073709551615s", &us_dummy), -1);
}

static void durations(void **state)
{
	static const struct parse_case cases[] = {
		{ "50", 0, 50 },
		{ "50us", 0, 50 },
		{ "2.5s", 0, 2500000 },
		{ "300ms", 0, 300000 },
		{ "3 s", -1, 0 },
		{ "1h", -1, 0 },
		{ "1e6", -1, 0 },
		{ "0.5us", -1, 0 },		/* not whole */
		{ "1.5ms", 0, 1500 },
		{ "18446744073709551us", 0, 18446744073709551ULL },
		{ "18446744073709552ms", -1, 0 },	/* overflow */
	};

	(void)state;
	check_cases(parse_duration_us, cases, sizeof(cases) / sizeof(cases[0]));
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

static const struct rb_param_def defs[] = {
	{ "size", RB_PARAM_SIZE, "64M", 4096, 1ULL << 40, NULL, true, "bytes" },
	{ "threads", RB_PARAM_COUNT, "4", 1, 8, NULL, true, "threads" },
	{ "stall", RB_PARAM_DURATION, "3s", 0, 600000000, NULL, true, "a wait" },
	{ "touch", RB_PARAM_ENUM, "read", 0, 0, "read|write", false, "how" },
	{ NULL },
};

static void params(void **state)
{
	struct rb_params p = { 0 };
	const char *s;
	uint64_t b;
	long n;
	char *json, *said;

	(void)state;
	assert_int_equal(params_set_kv(&p, "size=128M"), 0);
	assert_int_equal(params_set_kv(&p, "threads=4"), 0);
	assert_int_equal(params_set_kv(&p, "size=256M"), 0);	/* replaces */
	assert_int_equal(params_set_kv(&p, "novalue"), -1);
	assert_int_equal(params_set_kv(&p, "=x"), -1);
	assert_int_equal(p.n, 2);
	assert_int_equal(params_get_size(&p, defs, "size", &b), 0);
	assert_int_equal(b, 256ULL << 20);
	assert_int_equal(params_get_duration_us(&p, defs, "stall", &b), 0);	/* the default */
	assert_int_equal(b, 3000000);
	assert_int_equal(params_get_count(&p, defs, "threads", &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(params_get_str(&p, defs, "touch", &s), 0);
	assert_string_equal(s, "read");
	stderr_begin();
	assert_int_equal(params_get_size(&p, defs, "absent", &b), -1);	/* not in the table */
	said = stderr_end();
	assert_non_null(strstr(said, "absent"));	/* names the key */
	free(said);
	assert_int_equal(params_set_kv(&p, "threads=9"), 0);
	stderr_begin();
	assert_int_equal(params_get_count(&p, defs, "threads", &n), -1);	/* past 8 */
	said = stderr_end();
	assert_non_null(strstr(said, "threads"));	/* names the parameter */
	assert_non_null(strstr(said, "9"));		/* and the value */
	free(said);
	json = params_json(&p);
	assert_string_equal(json, "{\"size\":\"256M\",\"threads\":\"9\"}");
	free(json);
}

/* What a value is checked against, and the words the message uses. */
static void value_check(void **state)
{
	char err[200], text[64];
	uint64_t v;

	(void)state;
	assert_int_equal(param_value_check(&defs[0], "0", &v, err, sizeof(err)), -1);
	assert_string_equal(err, "'0' is outside 4K..1T");
	assert_int_equal(param_value_check(&defs[0], "16169288644G", &v, err, sizeof(err)), -1);
	assert_string_equal(err, "'16169288644G' is outside 4K..1T");
	assert_int_equal(param_value_check(&defs[0], "1e3M", &v, err, sizeof(err)), -1);
	assert_string_equal(err, "'1e3M' is not a size (e.g. 256M, 2G, 4096)");
	assert_int_equal(param_value_check(&defs[2], "99999999999999s", &v, err, sizeof(err)), -1);
	assert_string_equal(err, "'99999999999999s' is too large: valid are 0us..600s");
	assert_int_equal(param_value_check(&defs[3], "wr", &v, err, sizeof(err)), -1);
	assert_string_equal(err, "'wr' is not one of read|write");
	assert_int_equal(param_value_check(&defs[3], "write", &v, err, sizeof(err)), 0);
	assert_int_equal(param_value_check(&defs[2], "2.5s", &v, err, sizeof(err)), 0);
	assert_int_equal(v, 2500000);
	param_format(RB_PARAM_SIZE, 3ULL << 29, text, sizeof(text));
	assert_string_equal(text, "1536M");
	param_format(RB_PARAM_DURATION, 0, text, sizeof(text));
	assert_string_equal(text, "0us");
	printable("a\x1b[31m\xff", text, sizeof(text));
	assert_string_equal(text, "a\\x1b[31m\\xff");
	printable("0123456789", text, 8);
	assert_string_equal(text, "0123...");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sizes),
		cmocka_unit_test(sizes_bounded),
		cmocka_unit_test(value_check),
		cmocka_unit_test(durations),
		cmocka_unit_test(longs),
		cmocka_unit_test(params),
	};

	return cmocka_run_group_tests_name("common", tests, NULL, NULL);
}
