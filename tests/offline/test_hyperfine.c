/*
 * reapbench export --format hyperfine: field names and units as hyperfine
 * 1.x writes them (its scripts read results[].command/times/mean/stddev),
 * from a store made here: two scenarios, an invalid run, an absent value.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "export_hyperfine.h"

#include "capture_stderr.h"

static char db_path[64];

static void add_run(struct rb_store *st, int64_t set, int seq, const char *scenario,
		    bool valid, const char *metric, double us, const char *absent)
{
	static struct rb_metrics m;
	struct rb_run_record r = {
		.seq = seq, .scenario = scenario, .shape = "anon", .trigger = "kill",
		.contenders = "", .params_json = "{}", .rep = seq, .started_at = "x",
		.wall_us = 1,
	};
	int64_t id;

	memset(&m, 0, sizeof(m));
	m.valid = true;
	if (!valid)
		metrics_invalidate(&m, "test: invalid");
	if (absent)
		metrics_set_absent(&m, metric, absent);
	else
		metrics_set(&m, metric, us);
	metrics_set(&m, "trace_events_n", 16);
	assert_int_equal(store_run_add(st, set, &r, &m, &id), 0);
}

static int setup(void **state)
{
	static struct rb_store st;
	int64_t set;
	int fd;

	snprintf(db_path, sizeof(db_path), "/tmp/test_hyperfine-XXXXXX");
	fd = mkstemp(db_path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(store_open(db_path, &st), 0);
	assert_int_equal(store_runset_begin(&st, "t", "6.18", "test", 1, "{}", &set), 0);
	/* interleaved like a real run set; A: 1000, 3000, 2000 us valid; B: 5000 us */
	add_run(&st, set, 1, "A", true, "kill_to_reaped_us", 1000, NULL);
	add_run(&st, set, 2, "B", true, "kill_to_reaped_us", 5000, NULL);
	add_run(&st, set, 3, "A", true, "kill_to_reaped_us", 3000, NULL);
	add_run(&st, set, 4, "A", false, "kill_to_reaped_us", 99000, NULL);
	add_run(&st, set, 5, "B", true, "kill_to_reaped_us", 0, "not reaped");
	add_run(&st, set, 6, "A", true, "kill_to_reaped_us", 2000, NULL);
	add_run(&st, set, 7, "C", false, "kill_to_reaped_us", 7000, NULL);
	*state = &st;
	return 0;
}

static int teardown(void **state)
{
	store_close(*state);
	unlink(db_path);
	return 0;
}

static double num(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	assert_non_null(v);
	assert_true(json_is_number(v));
	return json_number_value(v);
}

static void test_shape_and_units(void **state)
{
	static const char *const keys[] = {
		"command", "mean", "stddev", "median", "user", "system", "min", "max",
		"times", "exit_codes",
	};
	json_t *root, *res, *a, *b, *times;
	char *said;
	size_t i;

	stderr_begin();
	root = hyperfine_export(*state, 1, "kill_to_reaped_us");
	said = stderr_end();
	assert_non_null(root);
	res = json_object_get(root, "results");
	assert_true(json_is_array(res));
	/* C has no valid run: left out (hyperfine's scripts fail on empty times), and said so */
	assert_int_equal(json_array_size(res), 2);
	assert_non_null(strstr(said, "scenario C left out"));
	free(said);
	a = json_array_get(res, 0);
	b = json_array_get(res, 1);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		assert_non_null(json_object_get(a, keys[i]));
	assert_string_equal(json_string_value(json_object_get(a, "command")), "A");
	assert_string_equal(json_string_value(json_object_get(b, "command")), "B");
	/* seconds, run order, valid runs only */
	times = json_object_get(a, "times");
	assert_int_equal(json_array_size(times), 3);
	assert_true(fabs(json_real_value(json_array_get(times, 0)) - 0.001) < 1e-12);
	assert_true(fabs(json_real_value(json_array_get(times, 1)) - 0.003) < 1e-12);
	assert_true(fabs(json_real_value(json_array_get(times, 2)) - 0.002) < 1e-12);
	assert_true(fabs(num(a, "mean") - 0.002) < 1e-12);
	assert_true(fabs(num(a, "median") - 0.002) < 1e-12);
	assert_true(fabs(num(a, "min") - 0.001) < 1e-12);
	assert_true(fabs(num(a, "max") - 0.003) < 1e-12);
	assert_true(fabs(num(a, "stddev") - 0.001) < 1e-12);	/* sample sd (n-1) */
	/* not measured: null, never 0 */
	assert_true(json_is_null(json_object_get(a, "user")));
	assert_true(json_is_null(json_object_get(a, "system")));
	assert_int_equal(json_array_size(json_object_get(a, "exit_codes")), 3);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(a, "exit_codes"), 0)), 0);
	/* one run: hyperfine writes stddev null */
	assert_int_equal(json_array_size(json_object_get(b, "times")), 1);
	assert_true(json_is_null(json_object_get(b, "stddev")));
	json_decref(root);
}

static void test_refuses_non_durations(void **state)
{
	char *said;

	stderr_begin();
	assert_null(hyperfine_export(*state, 1, "trace_events_n"));
	said = stderr_end();
	assert_non_null(strstr(said, "--metric 'trace_events_n': hyperfine times are seconds"));
	free(said);
	stderr_begin();
	assert_null(hyperfine_export(*state, 1, "no_such_us"));
	said = stderr_end();
	assert_non_null(strstr(said, "--metric 'no_such_us': "));	/* names the flag and metric */
	free(said);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shape_and_units),
		cmocka_unit_test(test_refuses_non_durations),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
