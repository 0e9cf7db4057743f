/*
 * bisect_decide() on run sets built here, as a bisect step stores them (a good
 * and a tested side, runs grouped by boot, warm-up run first in each boot):
 * a clear regression over 3 boots a side is regressed; the same runs on both
 * sides are equivalent by the HL boot interval within +-X/2; a 0.1% change
 * with an A/A margin stored is equivalent by the margin; one boot a side, two
 * boots without a margin, and one run per boot stay inconclusive, each with
 * its reason; a metric outside the verdict families is refused. Each case
 * checks the class, the why and the numbers the bisect log prints.
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

#include "report_fixture.h"

#include "bisect_decide.h"
#include "capture_stderr.h"
#include "metrics.h"
#include "store.h"
#include "store_margins.h"

static char db_path[] = "/tmp/reapbench-test-bisect-decide-XXXXXX";

/* Noise of run i in boot k: 0..42 us within a boot, 3 us more per boot. */
static double noise(int k, int i)
{
	return 7.0 * ((k * 5 + i * 3) % 7) + 3.0 * k;
}

/*
 * A run set LABEL of `boots` boots x `runs` runs of anon-8M-kill whose
 * exit_mmap_us and exit_teardown_us are (500 + noise) * factor + add.
 */
static void runset(struct rb_store *st, const char *label, const char *kernel, int boots,
		   int runs, double factor, double add)
{
	struct rb_metrics *m = calloc(1, sizeof(*m));
	int64_t set, id;

	assert_non_null(m);
	assert_int_equal(store_runset_begin(st, label, kernel, "test", 1, "{}", &set), 0);
	for (int k = 0; k < boots; k++)
		for (int i = 0; i < runs; i++) {
			struct rb_run_record r = {
				.seq = k * runs + i, .scenario = "anon-8M-kill", .shape = "anon",
				.trigger = "kill", .contenders = "", .params_json = "{}",
				.rep = i + 1, .started_at = "now",
			};
			double v = (500 + noise(k, i)) * factor + add;

			memset(m, 0, sizeof(*m));
			m->valid = true;
			metrics_set(m, "exit_mmap_us", v);
			metrics_set(m, "exit_teardown_us", v);
			metrics_set(m, "trace_events_n", 40 + i);
			snprintf(st->boot_id, sizeof(st->boot_id), "%s-boot-%d", label, k);
			assert_int_equal(store_run_add(st, set, &r, m, &id), 0);
		}
	assert_int_equal(store_runset_end(st, set, "complete"), 0);
	free(m);
}

static int setup(void **state)
{
	struct rb_margin mg = {
		.runset_label = "aa", .kernel_release = "6.12-m", .machine = "",
		.scenario = "anon-8M-kill", .metric = "exit_mmap_us", .scale = "log",
		.margin = 0.1, .boots = 6, .warmup = 1, .seed = 1,
	};
	struct rb_store st;

	(void)state;
	if (store_create(db_path, &st))
		return -1;
	runset(&st, "reg-good", "6.12", 3, 6, 1, 0);
	runset(&st, "reg-test", "6.12", 3, 6, 1, 1000);
	runset(&st, "imp-good", "6.12", 3, 6, 1, 0);
	runset(&st, "imp-test", "6.12", 3, 6, 1, -400);
	runset(&st, "same-good", "6.12", 6, 6, 1, 0);
	runset(&st, "same-test", "6.12", 6, 6, 1, 0);
	runset(&st, "two-good", "6.12", 2, 6, 1, 0);
	runset(&st, "two-test", "6.12", 2, 6, 1, 0);
	runset(&st, "one-good", "6.12", 1, 15, 1, 0);
	runset(&st, "one-test", "6.12", 1, 15, 1, 1000);
	runset(&st, "single-good", "6.12", 6, 1, 1, 0);
	runset(&st, "single-test", "6.12", 6, 1, 1, 1000);
	/* kernel 6.12-m has an A/A margin of x0.905..x1.105 for exit_mmap_us */
	runset(&st, "m-good", "6.12-m", 4, 6, 1, 0);
	runset(&st, "m-test", "6.12-m", 4, 6, 1.001, 0);
	if (store_margin_put(&st, &mg))
		return -1;
	store_close(&st);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink_store(db_path);
	return 0;
}

static void decide(const char *good, const char *test, const char *metric, double shift_us,
		   struct bisect_decision *d)
{
	assert_int_equal(bisect_decide(db_path, good, test, metric, shift_us, d), 0);
	print_message("# %s vs %s: %s (%s)\n", good, test, bisect_class_names[d->cls], d->why);
}

static void assert_contains(const char *text, const char *part)
{
	if (!strstr(text, part))
		fail_msg("'%s' not in '%s'", part, text);
}

/* The log's effect text, and that it prints the decision's own numbers. */
static void assert_effect(const struct bisect_decision *d, const char *want)
{
	char got[160];

	bisect_decision_effect(d, got, sizeof(got));
	print_message("# effect: %s\n", got);
	assert_string_equal(got, want);
}

static void test_regression_three_boots(void **state)
{
	struct bisect_decision d;
	char want[160];

	(void)state;
	decide("reg-good", "reg-test", "exit_mmap_us", 1000, &d);
	assert_int_equal(d.cls, BISECT_REGRESSED);
	assert_string_equal(d.verdict, "regressed");
	assert_string_equal(d.p_name, "p_holm");	/* exit_mmap_us is primary */
	assert_true(d.p_family < 0.05);
	/* B is A + 1000 run for run: the HL shift is exactly 1000 us */
	assert_true(fabs(d.shift - 1000) < 1e-9);
	assert_int_equal(d.boots_good, 3);
	assert_int_equal(d.boots_test, 3);
	assert_int_equal(d.n_good, 18);
	assert_false(d.boots_unrecorded);
	/* 3 boots a side: no interval resampled by boot (it needs 5) */
	assert_true(isnan(d.lo) && isnan(d.hi));
	snprintf(want, sizeof(want), "class regressed (p_holm %.2g) and HL shift +1000 us, at"
		 " least 500 us up", d.p_family);
	assert_string_equal(d.why, want);
	snprintf(want, sizeof(want), "HL shift +1000 us [no boot interval]  p_holm %.2g"
		 "  median %.0f -> %.0f us", d.p_family, d.median_good, d.median_test);
	assert_effect(&d, want);
	assert_true(fabs(d.median_test - d.median_good - 1000) < 1e-9);
}

static void test_secondary_metric_names_bh(void **state)
{
	struct bisect_decision d;

	(void)state;
	decide("reg-good", "reg-test", "exit_teardown_us", 1000, &d);
	assert_int_equal(d.cls, BISECT_REGRESSED);
	assert_string_equal(d.p_name, "p_bh");
	assert_contains(d.why, "class regressed (p_bh ");
}

static void test_shift_below_half_is_not_regressed(void **state)
{
	struct bisect_decision d;

	(void)state;
	/* significant, but 1000 us is below half of the 3000 us sought; no
	 * interval by boot at 3 boots, so not equivalent either */
	decide("reg-good", "reg-test", "exit_mmap_us", 3000, &d);
	assert_int_equal(d.cls, BISECT_INCONCLUSIVE);
	assert_string_equal(d.verdict, "regressed");
	assert_contains(d.why, "no A/A margin stored, and no HL boot interval below 5 boots a"
			" side (3 and 3)");
}

static void test_improvement(void **state)
{
	struct bisect_decision d;
	char want[160];

	(void)state;
	decide("imp-good", "imp-test", "exit_mmap_us", 500, &d);
	assert_int_equal(d.cls, BISECT_IMPROVED);
	assert_true(fabs(d.shift + 400) < 1e-9);
	snprintf(want, sizeof(want), "class improved (p_holm %.2g) and HL shift -400 us, at"
		 " least 250 us down", d.p_family);
	assert_string_equal(d.why, want);
}

static void test_identical_equivalent_by_interval(void **state)
{
	struct bisect_decision d;
	char want[200];

	(void)state;
	decide("same-good", "same-test", "exit_mmap_us", 1000, &d);
	assert_int_equal(d.cls, BISECT_EQUIVALENT);
	assert_true(isnan(d.margin));
	assert_true(fabs(d.shift) < 1e-9);
	assert_int_equal(d.boots_good, 6);
	/* the interval resampled by boot exists at 6 boots and is well inside +-500 */
	assert_true(isfinite(d.lo) && isfinite(d.hi));
	assert_true(d.lo <= 0 && d.hi >= 0);
	assert_true(d.lo > -500 && d.hi < 500);
	snprintf(want, sizeof(want), "no A/A margin stored: HL boot interval [%+.0f, %+.0f]"
		 " within +-500 us (class %s)", d.lo, d.hi, d.verdict);
	assert_string_equal(d.why, want);
	assert_string_equal(d.verdict, "inconclusive");
	snprintf(want, sizeof(want), "HL shift +0 us [%+.0f, %+.0f]  p_holm %.2g  median %.0f"
		 " -> %.0f us", d.lo, d.hi, d.p_family, d.median_good, d.median_test);
	assert_effect(&d, want);
}

static void test_margin_equivalent(void **state)
{
	struct bisect_decision d;

	(void)state;
	decide("m-good", "m-test", "exit_mmap_us", 1000, &d);
	assert_int_equal(d.cls, BISECT_EQUIVALENT);
	assert_string_equal(d.verdict, "equivalent");
	assert_true(fabs(d.margin - 0.1) < 1e-12);
	assert_true(d.margin_log);
	/* 4 boots: no interval by boot, so the margin alone decided */
	assert_true(isnan(d.lo));
	assert_contains(d.why, "equivalent by the A/A margin x0.905..x1.105 (aa (6 boots, built ");
	assert_contains(d.why, "): boot-level interval inside it");
}

static void test_one_boot_a_side(void **state)
{
	struct bisect_decision d;

	(void)state;
	/* 15 runs in one boot a side, +1000 us: the runs would stand for boots */
	decide("one-good", "one-test", "exit_mmap_us", 1000, &d);
	assert_int_equal(d.cls, BISECT_INCONCLUSIVE);
	assert_true(d.boots_unrecorded);
	assert_string_equal(d.why, "runs stood for boots (one boot a side or no boot ids): the"
			    " boot-to-boot spread is unmeasured; want >= 2 boots a side");
	assert_true(fabs(d.shift - 1000) < 1e-9);
}

static void test_two_boots_without_margin(void **state)
{
	struct bisect_decision d;
	char want[200];

	(void)state;
	decide("two-good", "two-test", "exit_mmap_us", 1000, &d);
	assert_int_equal(d.cls, BISECT_INCONCLUSIVE);
	snprintf(want, sizeof(want), "class inconclusive (p_holm %.2g), no A/A margin stored,"
		 " and no HL boot interval below 5 boots a side (2 and 2)", d.p_family);
	assert_string_equal(d.why, want);
	snprintf(want, sizeof(want), "HL shift +0 us [no boot interval]  p_holm %.2g  median %.0f"
		 " -> %.0f us", d.p_family, d.median_good, d.median_test);
	assert_effect(&d, want);
}

static void test_one_run_per_boot(void **state)
{
	struct bisect_decision d;

	(void)state;
	/* the warm-up run is each boot's only run: no boot keeps a run */
	decide("single-good", "single-test", "exit_mmap_us", 1000, &d);
	assert_int_equal(d.cls, BISECT_INCONCLUSIVE);
	assert_string_equal(d.why, "0 and 0 boots with runs after warm-up (6 and 6 runs dropped):"
			    " the boot-level test wants >= 2 a side");
	/* the medians describe every run: 500, 516, 527, 538, 543, 554 (+1000) */
	assert_true(fabs(d.median_good - 532.5) < 1e-9);
	assert_true(fabs(d.median_test - 1532.5) < 1e-9);
	assert_effect(&d, "HL shift - [no boot interval]  p_holm -  median 532 -> 1532 us");
}

static void test_metric_outside_families(void **state)
{
	struct bisect_decision d;
	char *said;

	(void)state;
	stderr_begin();
	assert_int_equal(bisect_decide(db_path, "reg-good", "reg-test", "trace_events_n", 1000,
				       &d), -1);
	said = stderr_end();
	assert_contains(said, "bisect: trace_events_n is outside the verdict families");
	assert_int_equal(d.cls, BISECT_INCONCLUSIVE);
	free(said);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regression_three_boots),
		cmocka_unit_test(test_secondary_metric_names_bh),
		cmocka_unit_test(test_shift_below_half_is_not_regressed),
		cmocka_unit_test(test_improvement),
		cmocka_unit_test(test_identical_equivalent_by_interval),
		cmocka_unit_test(test_margin_equivalent),
		cmocka_unit_test(test_one_boot_a_side),
		cmocka_unit_test(test_two_boots_without_margin),
		cmocka_unit_test(test_one_run_per_boot),
		cmocka_unit_test(test_metric_outside_families),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
