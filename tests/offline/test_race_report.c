/*
 * The race-window figure from a store built here: two run sets (designA,
 * designB) of scenario "race" swept over stall at 1990, 2000 and 2010 ms,
 * 10 runs per point, with outcomes and metrics set by hand. report writes
 * race-window.png/.svg, its .dat carries n and the Wilson bounds, the table
 * (race-window.txt and report's output) n, extra OOM kills and relief, and
 * the marker at the 2000 ms reaper delay is drawn.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "common.h"
#include "plots_dir.h"
#include "report.h"
#include "store.h"
#include "report_fixture.h"

static char db_path[] = "/tmp/reapbench-test-race-XXXXXX";
static char out_dir[PATH_MAX];
static char *report_said;
static int report_rc;

static const double stall_us[] = { 1990000, 2000000, 2010000 };

/* [hand] designA: 1990 ms all not_needed; 2000 ms 7 reaped + 1 reaped after
 * retries (8 of 10 reaped: Wilson [49.0162, 94.3318] %) + 2 not_needed;
 * 2010 ms all reaped. designB: 1990 ms 5 found_oom_skip + 5 not_needed,
 * then all reaped, one extra OOM kill per run, relief 1000 + 10 i us. */
static const char *outcome(int design, int point, int i)
{
	if (design == 0)
		return point == 0 ? "not_needed" :
		       point == 2 ? "reaped" :
		       i == 0 ? "reaped_after_retries" : i < 8 ? "reaped" : "not_needed";
	return point == 0 ? (i < 5 ? "found_oom_skip" : "not_needed") : "reaped";
}

static int build_store(void)
{
	struct rb_metrics *m = calloc(1, sizeof(*m));
	const char *labels[] = { "designA", "designB" };
	struct rb_store st;
	int64_t set;
	int d, k, i, ret = 0;

	if (!m || store_create(db_path, &st))
		return -1;
	for (d = 0; d < 2 && !ret; d++) {
		ret = store_runset_begin(&st, labels[d], "6.12.0", "test", 1, "{}", &set);
		for (k = 0; k < 3 && !ret; k++)
			for (i = 0; i < 10 && !ret; i++) {
				memset(m, 0, sizeof(*m));
				metrics_set_text(m, "reaper_outcome", outcome(d, k, i));
				metrics_set(m, "mem_release_us", 1900000 + 10000 * k + 1000 * i + d);
				metrics_set(m, "extra_oom_kill_n", d);
				if (d)
					metrics_set(m, "relief_us", 1000 + 10 * i);
				else
					metrics_set_absent(m, "relief_us", "no second allocator");
				ret = add_race_run(&st, set, k * 10 + i, i, stall_us[k], m);
			}
	}
	store_close(&st);
	free(m);
	return ret;
}

static int setup(void **state)
{
	struct rb_report_args args = {
		.cmp = { .db_path = db_path, .a = "designA", .b = "designB",
			 .reproduce = "reapbench report -o DIR designA designB" },
		.out_dir = out_dir, .plots_dir = tpl_dir,
	};

	(void)state;
	if (build_store() || find_templates() ||
	    !mkdtemp(strcpy(out_dir, "/tmp/reapbench-test-race-out-XXXXXX")))
		return -1;
	return report_quietly(&args, &report_said, &report_rc);
}

static int teardown(void **state)
{
	(void)state;
	free(report_said);
	unlink_store(db_path);
	return rm_rf(out_dir);
}

static char *slurp(const char *name)
{
	return slurp_in(out_dir, name, NULL);
}

static void test_images(void **state)
{
	char *png = slurp("race-window.png"), *svg = slurp("race-window.svg"), *html;

	(void)state;
	assert_true(report_rc == RB_EXIT_OK || report_rc == RB_EXIT_REGRESSION);
	assert_memory_equal(png, "\x89PNG", 4);
	assert_non_null(strstr(svg, "<svg"));
	/* the reaper-delay marker is drawn, and each design has its panels */
	assert_non_null(strstr(svg, "oom_reaper delay"));
	assert_non_null(strstr(svg, "designA: reaper outcome"));
	assert_non_null(strstr(svg, "designB: mem_release (median"));
	html = slurp("index.html");
	assert_non_null(strstr(html, "src=\"race-window.png\""));
	free(png);
	free(svg);
	free(html);
}

static void test_data(void **state)
{
	char *dat = slurp("data/race-window.dat"), *b;

	(void)state;
	assert_non_null(strstr(dat, "# marker_x 2000 "));
	/* designA at 2000 ms: n 10, reaped 8/10 with Wilson [49.0162, 94.3318] %,
	 * not_needed 2/10 [5.66822, 50.9838] % (100 - the first, by symmetry) */
	assert_non_null(strstr(dat, "\n2000 10  80 49.0162 94.3318  20 5.66822 50.9838 "));
	/* the mem_release IQR is there at n 10: median of 1910..1919 ms = 1914.5 */
	assert_non_null(strstr(dat, "  10 1914.5 1912.25 1916.75\n"));
	/* designB in its own block: 1990 ms, 5 of 10 found MMF_OOM_SKIP */
	b = strstr(dat, "# run set designB");
	assert_non_null(b);
	assert_non_null(strstr(b, "\n1990 10  0 0 27.7533  50 23.6593 76.3407  50 23.6593 76.3407  0 0 27.7533 "));
	free(dat);
}

static void test_table(void **state)
{
	char *txt = slurp("race-window.txt");

	(void)state;
	assert_non_null(strstr(txt, "designA: n 30 (reaped 18, not_needed 12, "
				    "found_oom_skip 0, unable_to_reap 0)"));
	assert_non_null(strstr(txt, "relief_us         absent: no second allocator"));
	assert_non_null(strstr(txt, "designB: n 30 (reaped 20, not_needed 5, "
				    "found_oom_skip 5, unable_to_reap 0)"));
	assert_non_null(strstr(txt, "extra_oom_kill_n  sum 30, mean 1 per run (n 30)"));
	assert_non_null(strstr(txt, "relief_us         median 1.045 ms [IQR 1.020, 1.070] (n 30)"));
	/* report printed the same table */
	assert_non_null(strstr(report_said, txt));
	free(txt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_images),
		cmocka_unit_test(test_data),
		cmocka_unit_test(test_table),
	};

	return cmocka_run_group_tests_name("race_report", tests, setup, teardown);
}
