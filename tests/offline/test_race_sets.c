/*
 * report and plot with more than two run sets, from a store built here:
 * four run sets (designA..designD) of scenario "race" swept over stall at
 * 1990, 2000 and 2010 ms, 5 runs per point, with reaper_outcome,
 * reaper_met_exit, exit_flavour, extra OOM kills and relief set by hand,
 * and a scenario "plain" (a kill: no reaper) that gets no race row.
 * report A B C D writes the race-window figure with all four, the
 * race-designs table with the counts below, index.html and data.json, and
 * each later set against A in DIR/designA-vs-X/; plot A B C draws the
 * figure with three; report A B keeps the two-set layout (no pair folders).
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
#include <jansson.h>

#include "common.h"
#include "plots_dir.h"
#include "report.h"
#include "store.h"
#include "report_fixture.h"

static char db_path[] = "/tmp/reapbench-test-sets-XXXXXX";
static char out4[PATH_MAX], out3[PATH_MAX], out2[PATH_MAX];
static char *said4, *said3, *said2;
static int rc4, rc3, rc2;

static const double stall_us[] = { 1990000, 2000000, 2010000 };
static const char *const labels[] = { "designA", "designB", "designC", "designD" };

/*
 * [hand] run i (0..4) at point k (0..2) of design d:
 * A: reaped; met no; read+write.
 * B: point 0 not_needed, else i 0 reaped_after_retries, others reaped
 *    (reaped 8, after retries 2, not_needed 5); met yes for i 0 (3 runs).
 * C: i 0,1 found_oom_skip (6), i 2 unable_to_reap (3), i 3,4 not_needed (6);
 *    met yes for i < 2 (6); reap+write; extra OOM kill 1 for odd i (sum 6
 *    in 6 runs); relief 2000 + 100 i + 10 k us: median 2210, R-7 quartiles
 *    2105 and 2315.
 * D: i < 4 skipped (12), i 4 absent; met yes for i < 3 (9), no for i 3 (3),
 *    absent for i 4 (3); unlocked+write but absent for i 4; relief 3000 +
 *    100 i + 10 k: median 3210 [3105, 3315].
 */
static void fill(struct rb_metrics *m, int d, int k, int i)
{
	static const char *const flav[] = { "read+write", "read+write", "reap+write",
					    "unlocked+write" };
	const char *out;

	switch (d) {
	case 0: out = "reaped"; break;
	case 1: out = !k ? "not_needed" : !i ? "reaped_after_retries" : "reaped"; break;
	case 2: out = i < 2 ? "found_oom_skip" : i == 2 ? "unable_to_reap" : "not_needed"; break;
	default: out = i < 4 ? "skipped" : NULL; break;
	}
	if (out)
		metrics_set_text(m, "reaper_outcome", out);
	else
		metrics_set_absent(m, "reaper_outcome", "tracing stopped before the oom_reaper's "
				   "last attempt");
	if (d == 3 && i == 4) {
		metrics_set_absent(m, "reaper_met_exit", "no exit_mmap span: test");
		metrics_set_absent(m, "exit_flavour", "test");
	} else {
		metrics_set_text(m, "reaper_met_exit", i < d ? "yes" : "no");
		metrics_set_text(m, "exit_flavour", flav[d]);
	}
	metrics_set(m, "mem_release_us", 1900000 + 10000 * k + 1000 * i + d);
	metrics_set(m, "extra_oom_kill_n", d == 2 ? i % 2 : 0);
	if (d >= 2)
		metrics_set(m, "relief_us", (d == 2 ? 2000 : 3000) + 100 * i + 10 * k);
	else
		metrics_set_absent(m, "relief_us", "no second allocator");
}

static int build_store(void)
{
	struct rb_metrics *m = calloc(1, sizeof(*m));
	struct rb_store st;
	int64_t set, id;
	int d, k, i, ret = 0;

	if (!m || store_create(db_path, &st))
		return -1;
	for (d = 0; d < 4 && !ret; d++) {
		ret = store_runset_begin(&st, labels[d], "6.12.0", "test", 1, "{}", &set);
		for (k = 0; k < 3 && !ret; k++)
			for (i = 0; i < 5 && !ret; i++) {
				memset(m, 0, sizeof(*m));
				fill(m, d, k, i);
				ret = add_race_run(&st, set, k * 5 + i, i, stall_us[k], m);
			}
		for (i = 0; i < 2 && !ret; i++) {
			struct rb_run_record r = {
				.seq = 100 + i, .scenario = "plain", .shape = "anon",
				.trigger = "kill", .contenders = "", .params_json = "{}",
				.rep = i, .started_at = "now",
			};

			memset(m, 0, sizeof(*m));
			m->valid = true;
			metrics_set_absent(m, "reaper_outcome", "not an OOM kill");
			metrics_set_absent(m, "reaper_met_exit", "neither acts");
			metrics_set(m, "exit_mmap_us", 1000 + i);
			ret = store_run_add(&st, set, &r, m, &id);
		}
	}
	store_close(&st);
	free(m);
	return ret;
}

static int run_report(char *dir, int n, char **said)
{
	struct rb_report_args args = {
		.cmp = { .db_path = db_path, .a = labels[0], .b = labels[1],
			 .reproduce = "reapbench report -o DIR designA ..." },
		.out_dir = dir, .plots_dir = tpl_dir,
		.sets = n > 2 ? labels : NULL, .n_sets = n > 2 ? n : 0,
	};
	int rc;

	if (!mkdtemp(strcpy(dir, "/tmp/reapbench-test-sets-out-XXXXXX")) ||
	    report_quietly(&args, said, &rc))
		return -100;
	return rc;
}

static int setup(void **state)
{
	struct rb_plot_args pa = {
		.cmp = { .db_path = db_path, .a = labels[0], .b = labels[1] },
		.plots_dir = tpl_dir, .kinds = PLOT_RACE | PLOT_OUTCOME, .sets = labels,
		.n_sets = 3,
	};
	size_t len;

	(void)state;
	if (build_store() || find_templates())
		return -1;
	rc4 = run_report(out4, 4, &said4);
	rc2 = run_report(out2, 2, &said2);
	if (!mkdtemp(strcpy(out3, "/tmp/reapbench-test-sets-out-XXXXXX")))
		return -1;
	pa.out_dir = out3;
	pa.out = open_memstream(&said3, &len);
	if (!pa.out)
		return -1;
	compare_cfg_default(&pa.cmp.cfg);
	rc3 = plot_run(&pa);
	fclose(pa.out);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(said4);
	free(said3);
	free(said2);
	unlink_store(db_path);
	return rm_rf(out4) | rm_rf(out3) | rm_rf(out2);
}

static char *slurp(const char *dir, const char *name)
{
	return slurp_in(dir, name, NULL);
}

static int exists(const char *dir, const char *name)
{
	char path[2 * PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return access(path, F_OK) == 0;
}

/* Runs of blanks as one space: the table's columns are aligned by width. */
static char *squeeze(char *s)
{
	char *r = s, *w = s;

	for (; *r; r++)
		if (*r != ' ' || (w > s && w[-1] != ' '))
			*w++ = *r;
	*w = 0;
	return s;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (; (hay = strstr(hay, needle)); hay++)
		n++;
	return n;
}

static void figure_of_four(void **state)
{
	char *svg = slurp(out4, "race-window.svg"), *dat = slurp(out4, "data/race-window.dat");
	char *txt = slurp(out4, "race-window.txt"), *png = slurp(out4, "race-window.png");

	(void)state;
	assert_true(rc4 == RB_EXIT_OK || rc4 == RB_EXIT_REGRESSION);
	assert_memory_equal(png, "\x89PNG", 4);
	/* one column of panels per run set, on one figure */
	assert_non_null(strstr(svg, "designA: reaper outcome"));
	assert_non_null(strstr(svg, "designD: reaper outcome"));
	assert_non_null(strstr(svg, "designC: mem_release (median"));
	assert_non_null(strstr(svg, "run sets: designA, designB, designC, designD"));
	assert_int_equal(count(dat, "# run set "), 4);
	assert_non_null(strstr(dat, "# run set designD"));
	/* each run set and its n (runs with a reaper_outcome text) */
	assert_non_null(strstr(txt, "designA: n 15 (reaped 15, not_needed 0, found_oom_skip 0, "
				    "unable_to_reap 0)"));
	assert_non_null(strstr(txt, "designB: n 15 (reaped 10, not_needed 5, found_oom_skip 0, "
				    "unable_to_reap 0)"));
	assert_non_null(strstr(txt, "designC: n 15 (reaped 0, not_needed 6, found_oom_skip 6, "
				    "unable_to_reap 3)"));
	assert_non_null(strstr(txt, "designD: n 12 (reaped 0, not_needed 0, found_oom_skip 0, "
				    "unable_to_reap 0)"));
	assert_non_null(strstr(said4, txt));
	free(svg);
	free(dat);
	free(txt);
	free(png);
}

static void designs_table(void **state)
{
	char *txt = squeeze(slurp(out4, "race-designs.txt"));

	(void)state;
	assert_non_null(strstr(txt, "\nrun set scenario pts runs met y/n/- reaped "
				    "reaped_after_retries found_oom_skip unable_to_reap not_needed "
				    "skipped absent extra kills relief ms\n"));
	assert_non_null(strstr(txt, "\ndesignA race 3 15 0/15/0 15 0 0 0 0 0 0 0 (0) absent\n"));
	assert_non_null(strstr(txt, "\ndesignB race 3 15 3/12/0 8 2 0 0 5 0 0 0 (0) absent\n"));
	assert_non_null(strstr(txt, "\ndesignC race 3 15 6/9/0 0 0 6 3 6 0 0 6 (6) "
				    "2.210 [2.105, 2.315] (15)\n"));
	assert_non_null(strstr(txt, "\ndesignD race 3 15 9/3/3 0 0 0 0 0 12 3 0 (0) "
				    "3.210 [3.105, 3.315] (15)\n"));
	/* the kill scenario had no reaper: no row */
	assert_null(strstr(txt, "plain"));
	assert_non_null(strstr(txt, "\n designC race reap+write 15\n"));
	assert_non_null(strstr(txt, "\n designD race unlocked+write 12, absent 3\n"));
	/* one line per reason, each scenario once */
	assert_non_null(strstr(txt, "\nrelief_us absent in 2 of 4 rows (race): no second allocator\n"));
	/* report's short form */
	assert_non_null(strstr(said4, "race: designC race: 15 runs, met exit_mmap 6 (no 9, "
				      "absent 0); found_oom_skip 6 unable_to_reap 3 not_needed 6; "
				      "extra OOM kills 6 in 6 runs; relief ms 2.210 [2.105, 2.315] "
				      "(15)\n"));
	assert_non_null(strstr(said4, "race: designD race: 15 runs, met exit_mmap 9 (no 3, "
				      "absent 3); skipped 12 absent 3; extra OOM kills 0 in 0 runs; "
				      "relief ms 3.210 [3.105, 3.315] (15)\n"));
	free(txt);
}

static void pairs_index_json(void **state)
{
	static const char *const pairs[] = { "designA-vs-designB", "designA-vs-designC",
					     "designA-vs-designD" };
	char *html = slurp(out4, "index.html"), *json = slurp(out4, "data.json"), name[128];
	json_t *root, *rows, *c;
	json_error_t err;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(pairs); i++) {
		/* each later set against A: the two-set report */
		snprintf(name, sizeof(name), "%s/evidence.txt", pairs[i]);
		assert_true(exists(out4, name));
		snprintf(name, sizeof(name), "%s/race-window.png", pairs[i]);
		assert_true(exists(out4, name));
		snprintf(name, sizeof(name), "href=\"%s/index.html\"", pairs[i]);
		assert_non_null(strstr(html, name));
	}
	assert_false(exists(out4, "designA-vs-designA"));
	assert_non_null(strstr(html, "src=\"race-window.png\""));
	assert_non_null(strstr(html, "<section id=\"race-designs\">"));
	assert_non_null(strstr(html, "<td class=l>designC</td><td class=l>race</td><td>3</td>"
				     "<td>15</td><td>6</td><td>9</td><td>0</td>"));
	/* the pair reports printed no tables of their own: each table once */
	assert_int_equal(count(said4, "race: designB race:"), 1);
	assert_int_equal(count(said4, "race window of race over stall"), 1);
	assert_non_null(strstr(said4, ": index.html, data.json, race-designs.txt, 1 plots "
				      "(PNG+SVG) of 4 run sets; each against designA in "));
	root = json_loads(json, 0, &err);
	assert_non_null(root);
	assert_int_equal(json_array_size(json_object_get(root, "run_sets")), 4);
	rows = json_object_get(root, "race_designs");
	assert_int_equal(json_array_size(rows), 4);
	c = json_array_get(rows, 2);
	assert_string_equal(json_string_value(json_object_get(c, "run_set")), "designC");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(c, "reaper_outcome"),
							    "found_oom_skip")), 6);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(c, "reaper_met_exit"),
							    "yes")), 6);
	assert_true(json_real_value(json_object_get(json_object_get(c, "relief_us"), "median"))
		    == 2210);
	c = json_array_get(rows, 3);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(c, "reaper_met_exit"),
							    "absent")), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(root, "run_sets"), 3), "pair_dir")), "designA-vs-designD");
	json_decref(root);
	free(html);
	free(json);
}

static void plot_three(void **state)
{
	char *svg = slurp(out3, "race-window.svg");

	(void)state;
	assert_int_equal(rc3, RB_EXIT_OK);
	assert_non_null(strstr(svg, "designC: reaper outcome"));
	assert_null(strstr(svg, "designD"));
	assert_true(exists(out3, "designA-vs-designB/outcome.png"));
	assert_true(exists(out3, "designA-vs-designC/race-window.svg"));
	assert_false(exists(out3, "designA-vs-designD"));
	/* the images made, one line each */
	assert_non_null(strstr(said3, "/race-window.png "));
	assert_non_null(strstr(said3, "/designA-vs-designC/race-window.png "));
	free(svg);
}

/* Two run sets: the layout of before, the race table added beside it. */
static void two_sets_unchanged(void **state)
{
	char *txt = slurp(out2, "race-window.txt"), *designs = slurp(out2, "race-designs.txt");
	char *json = slurp(out2, "data.json"), *html = slurp(out2, "index.html");

	(void)state;
	assert_true(rc2 == RB_EXIT_OK || rc2 == RB_EXIT_REGRESSION);
	assert_false(exists(out2, "designA-vs-designB"));
	assert_true(exists(out2, "evidence.txt"));
	assert_true(exists(out2, "compare.txt"));
	assert_non_null(strstr(txt, "designB: n 15 (reaped 10"));
	assert_null(strstr(txt, "designC"));
	assert_non_null(strstr(squeeze(designs), "\ndesignB race 3 15 3/12/0 8 2 0 0 5 0 0"));
	assert_null(strstr(designs, "designC"));
	assert_non_null(strstr(json, "\"race_designs\""));
	assert_non_null(strstr(json, "\"samples\""));
	assert_non_null(strstr(html, "href=\"#race-designs\""));
	assert_non_null(strstr(said2, "race: designA race: 15 runs, met exit_mmap 0 (no 15, "
				      "absent 0); reaped 15; extra OOM kills 0 in 0 runs\n"));
	free(txt);
	free(designs);
	free(json);
	free(html);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(figure_of_four),
		cmocka_unit_test(designs_table),
		cmocka_unit_test(pairs_index_json),
		cmocka_unit_test(plot_three),
		cmocka_unit_test(two_sets_unchanged),
	};

	return cmocka_run_group_tests_name("race_sets", tests, setup, teardown);
}
