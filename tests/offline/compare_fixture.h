/*
 * A small store with designed effects for the compare and report tests, built
 * through bench/store.c: base (A) and patch (B), 20 valid runs each of
 * scenario "kill" with a clear improvement (exit_mmap_us -18%), a clear
 * regression (lock_wait_us.victim.sum +51%, reaped share 100% -> 50%), a change
 * under the noise floor (exit_teardown_us +1%), absent metrics, an invalid
 * run with absurd values that must be ignored, and a 2-point sweep.
 * Include once per test program.
 */
#ifndef REAPBENCH_TEST_COMPARE_FIXTURE_H
#define REAPBENCH_TEST_COMPARE_FIXTURE_H

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store.h"
#include "report_fixture.h"

static char db_path[] = "/tmp/reapbench-test-compare-XXXXXX";

static void add_sweep_run(struct rb_store *st, int64_t set, const char *scen, int seq,
			  const char *sweep, double point, const struct rb_metrics *m)
{
	struct rb_run_record r = {
		.seq = seq, .scenario = scen, .shape = "anon", .trigger = "kill",
		.contenders = "", .params_json = "{}", .rep = seq, .started_at = "now",
		.sweep_param = sweep, .sweep_value = point,
	};
	int64_t id;

	assert_int_equal(store_run_add(st, set, &r, m, &id), 0);
}

static void add_run(struct rb_store *st, int64_t set, const char *scen, int seq,
		    const struct rb_metrics *m)
{
	add_sweep_run(st, set, scen, seq, NULL, 0, m);
}

/* A sweep over size_mb: points must stay apart and sort numerically. */
static void build_sweep(struct rb_store *st, struct rb_metrics *m)
{
	const double points[] = { 1024, 256 };
	int i, k, side;

	for (side = 1; side <= 2; side++)
		for (k = 0; k < 2; k++)
			for (i = 0; i < 5; i++) {
				memset(m, 0, sizeof(*m));
				m->valid = true;
				metrics_set(m, "exit_mmap_us", points[k] / 4 + i);
				/* the outcome flips over the sweep, the same on both sides */
				metrics_set_text(m, "reaper_outcome", points[k] > 512 ? "reaped" : "not_needed");
				add_sweep_run(st, side, "sweep", 100 + i, "size_mb", points[k], m);
			}
}

/* base (A) and patch (B), 20 valid runs each of scenario "kill" */
static void build_ab(struct rb_store *st)
{
	struct rb_metrics *m = calloc(1, sizeof(*m));
	int64_t a, b;
	int i;

	assert_non_null(m);
	assert_int_equal(store_runset_begin(st, "base", "6.1.0-a", "test", 1, "{}", &a), 0);
	assert_int_equal(store_runset_begin(st, "patch", "6.1.0-b", "test", 1, "{}", &b), 0);
	for (i = 0; i < 20; i++) {
		memset(m, 0, sizeof(*m));
		m->valid = true;
		metrics_set(m, "exit_mmap_us", 100 + i);
		metrics_set(m, "exit_teardown_us", 50 + i);
		metrics_set(m, "lock_wait_us.victim.sum", 10 + i);
		metrics_set(m, "contention_us", 5 + i);
		metrics_set_absent(m, "mrelease_us", "no process_mrelease in this trigger");
		metrics_set_text(m, "reaper_outcome", "reaped");
		add_run(st, a, "kill", i, m);

		memset(m, 0, sizeof(*m));
		m->valid = true;
		metrics_set(m, "exit_mmap_us", 80 + i);		/* -18%: improved */
		metrics_set(m, "exit_teardown_us", 50.5 + i);	/* +1%: under the floor */
		metrics_set(m, "lock_wait_us.victim.sum", 20 + i);	/* +51%: regressed */
		if (i < 3)
			metrics_set_absent(m, "contention_us", "lock:contention_begin not available");
		else
			metrics_set(m, "contention_us", 5 + i);
		metrics_set(m, "mrelease_us", 30 + i);
		metrics_set_text(m, "reaper_outcome", i < 10 ? "reaped" : "failed");
		add_run(st, b, "kill", i, m);
	}
	/* an invalid run with absurd values: must not count anywhere */
	memset(m, 0, sizeof(*m));
	m->valid = false;
	snprintf(m->invalid_reason, sizeof(m->invalid_reason), "lost 12 events");
	metrics_set(m, "exit_mmap_us", 1e9);
	metrics_set_text(m, "reaper_outcome", "failed");
	add_run(st, b, "kill", 99, m);
	build_sweep(st, m);
	free(m);
}

static int setup(void **state)
{
	struct rb_store st;

	(void)state;
	if (store_create(db_path, &st))
		return -1;
	build_ab(&st);
	store_close(&st);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	drop_store(db_path);
	return 0;
}

#endif
