/* Sweep expansion: lists, ranges, units of sweep_value, names, bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common.h"
#include "sweep.h"

#include "capture_stderr.h"

static struct rb_scenario_set set;

static void one(const char *name)
{
	memset(&set, 0, sizeof(set));
	set.n = 1;
	snprintf(set.sc[0].name, sizeof(set.sc[0].name), "%s", name);
	/* threads + stall: the keys size, threads, stall (stall_from) */
	set.sc[0].shape = shape_find("threads");
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
	/* one unit for every point: 2000ms between 1750ms and 2250ms, not 2s */
	assert_string_equal(set.sc[2].name, "s@stall=2000ms");
	assert_string_equal(params_str(&set.sc[2].params, "stall", ""), "2000ms");
	assert_true(set.sc[2].sweep_value == 2e6);	/* microseconds */
	one("t");
	assert_int_equal(sweep_apply(&set, "threads=1..8/3"), 0);
	assert_int_equal(set.n, 3);
	assert_string_equal(params_str(&set.sc[2].params, "threads", ""), "7");
}

/* Each point of a sweep is named in the largest unit that divides them all. */
static void one_unit(void **state)
{
	static const struct {
		const char *spec, *first, *last;
		int n;
	} cases[] = {
		{ "stall=1500ms,2s", "stall=1500ms", "stall=2000ms", 2 },
		{ "stall=1s..3s/1s", "stall=1s", "stall=3s", 3 },
		{ "stall=1.5s..2.5s/100ms", "stall=1500ms", "stall=2500ms", 11 },
		{ "mrelease_delay_us=0..1ms/500", "mrelease_delay_us=0us",
		  "mrelease_delay_us=1000us", 3 },
		{ "mrelease_delay_us=0,0", "mrelease_delay_us=0us", "mrelease_delay_us=0us", 2 },
		{ "size=512M,1G", "size=512M", "size=1024M", 2 },
		{ "size=1G..2G/1G", "size=1G", "size=2G", 2 },
		{ "size=1536K,2M", "size=1536K", "size=2048K", 2 },
		{ "size=5000,1M", "size=5000", "size=1048576", 2 },
		{ "threads=1,16", "threads=1", "threads=16", 2 },
	};
	char want[64];
	size_t i;
	int k;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		one("u");
		if (!strncmp(cases[i].spec, "mrelease", 8))
			set.sc[0].trigger = trigger_find("kill+mrelease");
		assert_int_equal(sweep_apply(&set, cases[i].spec), 0);
		assert_int_equal(set.n, cases[i].n);
		snprintf(want, sizeof(want), "u@%s", cases[i].first);
		assert_string_equal(set.sc[0].name, want);
		snprintf(want, sizeof(want), "u@%s", cases[i].last);
		assert_string_equal(set.sc[set.n - 1].name, want);
		/* the parameter the victim gets says the same as the name */
		for (k = 0; k < set.n; k++)
			assert_string_equal(params_str(&set.sc[k].params, set.sc[k].sweep_param, ""),
					    strchr(strchr(set.sc[k].name, '@'), '=') + 1);
	}
	one("u");
	assert_int_equal(sweep_apply(&set, "size=1G,512M"), 0);
	assert_true(set.sc[0].sweep_value == (double)(1ULL << 30));	/* still bytes */
}

/* Plot axes: the parameter and a readable unit, and the divisor to get there. */
static void axis(void **state)
{
	char l[64];

	(void)state;
	assert_true(sweep_axis("stall", 2.5e6, l, sizeof(l)) == 1e6);
	assert_string_equal(l, "stall (s)");
	assert_true(sweep_axis("stall", 900e3, l, sizeof(l)) == 1e3);
	assert_string_equal(l, "stall (ms)");
	assert_true(sweep_axis("mrelease_delay_us", 5000, l, sizeof(l)) == 1e3);
	assert_string_equal(l, "mrelease_delay_us (ms)");
	assert_true(sweep_axis("mrelease_delay_us", 200, l, sizeof(l)) == 1);
	assert_string_equal(l, "mrelease_delay_us (us)");
	assert_true(sweep_axis("size", 256.0 * (1 << 20), l, sizeof(l)) == 1 << 20);
	assert_string_equal(l, "size (MiB)");
	assert_true(sweep_axis("threads", 64, l, sizeof(l)) == 1);
	assert_string_equal(l, "threads");
	assert_true(sweep_axis("size_mb", 1024, l, sizeof(l)) == 1);	/* unknown: as stored */
	assert_string_equal(l, "size_mb");
}

static void twice(void **state)
{
	(void)state;
	one("x");
	set.sc[0].shape = shape_find("vmas");
	set.n = 2;
	set.sc[1] = set.sc[0];
	assert_int_equal(sweep_apply(&set, "count=100,1000,10000"), 0);
	assert_int_equal(set.n, 6);
}

/* each bad spec: -1, one line naming the flag and the spec, the set untouched */
static void bad(void **state)
{
	static const char *const specs[] = {
		"shape=anon,mlock", "size", "size=64X", "size=256M..64M/64M",
		"size=64M..256M/0", "size=64M..256M", "threads=1..100000/1", "stall=",
		/* the tables say what may be swept, and in which range */
		"size=0,4M", "size=1e3M", "threads=0,2",
		"stall_from=kill,read",		/* not sweepable */
		"count=10,20",			/* not a key of threads */
		"churn_threads=1,2",		/* no churn contender */
	};
	char want[64], *said;
	size_t i;

	(void)state;
	one("b");
	for (i = 0; i < ARRAY_SIZE(specs); i++) {
		stderr_begin();
		assert_int_equal(sweep_apply(&set, specs[i]), -1);
		said = stderr_end();
		snprintf(want, sizeof(want), "--sweep '%s': ", specs[i]);
		if (!strstr(said, want) || strchr(said, '\n') != strrchr(said, '\n'))
			fail_msg("%s: expected one line with \"%s\", got: %s", specs[i], want, said);
		free(said);
		assert_int_equal(set.n, 1);	/* untouched on error */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(list),
		cmocka_unit_test(range),
		cmocka_unit_test(one_unit),
		cmocka_unit_test(axis),
		cmocka_unit_test(twice),
		cmocka_unit_test(bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
