/*
 * The race-window figure of a kill+mrelease sweep, from a store built here:
 * three run sets (mA, mB, mC) of scenario "mrel" swept over
 * mrelease_delay_us at 0, 1000 and 2000 us, 6 runs per point, with no
 * reaper_outcome (no OOM kill) but exit_mmap_in, reaper_met_exit and
 * mrelease_ret set by hand; and a scenario "stallrace" swept over stall
 * (1990, 2010 ms, 3 runs, all reaped). report mA mB mC draws one figure per
 * base: race-window-mrel with the process_mrelease classes (n the runs with
 * an exit_mmap_in) and no marker, race-window-stallrace with the reaper's
 * classes and the oom_reaper-delay marker; race-designs.txt says where
 * exit_mmap ran and what process_mrelease returned.
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

static char db_path[] = "/tmp/reapbench-test-mrel-XXXXXX";
static char out_dir[PATH_MAX];
static char *said;
static int rc;

static const char *const labels[] = { "mA", "mB", "mC" };

/*
 * [hand] run i (0..5) at point k (0..2, delay 1000 k us) of design d:
 * mA: exit_mmap in victim; met yes for i < 3 - k (3, 2, 1); mrelease_ret 0,
 *     ESRCH for i >= 4 at k 1 (2) and i >= 1 at k 2 (5).
 * mB: exit_mmap in mrelease for i < 4 - 2k (4, 2, 0), else victim; met no;
 *     mrelease_ret 0, ESRCH for i >= 2 at k 1 and 2 (4 each).
 * mC: exit_mmap in victim but absent for k 0 i 5 (n 5 there: that run's met
 *     yes and ESRCH are not counted); met yes for i 0; mrelease_ret absent
 *     for i 4 (absent is no failure), EINTR for k 2 i 0, else 0.
 * mem_release_us 3000 + 100 i + 1000 k + d: mA at 0 us median 3.25 ms,
 * R-7 quartiles 3.125 and 3.375.
 */
static void fill(struct rb_metrics *m, int d, int k, int i)
{
	const char *in = "victim", *met = "no", *ret = "0";

	switch (d) {
	case 0:
		met = i < 3 - k ? "yes" : "no";
		ret = (k == 1 && i >= 4) || (k == 2 && i >= 1) ? "ESRCH" : "0";
		break;
	case 1:
		in = i < 4 - 2 * k ? "mrelease" : "victim";
		ret = k && i >= 2 ? "ESRCH" : "0";
		break;
	default:
		in = k == 0 && i == 5 ? NULL : "victim";
		met = i == 0 || in == NULL ? "yes" : "no";
		ret = i == 4 ? NULL : k == 2 && i == 0 ? "EINTR" : in ? "0" : "ESRCH";
		break;
	}
	metrics_set_absent(m, "reaper_outcome", "not an OOM kill: the oom_reaper is not involved");
	if (in)
		metrics_set_text(m, "exit_mmap_in", in);
	else
		metrics_set_absent(m, "exit_mmap_in", "no exit_mmap span: test");
	metrics_set_text(m, "reaper_met_exit", met);
	if (ret)
		metrics_set_text(m, "mrelease_ret", ret);
	else
		metrics_set_absent(m, "mrelease_ret", "test");
	metrics_set(m, "mem_release_us", 3000 + 100 * i + 1000 * k + d);
}

static int add_run(struct rb_store *st, int64_t set, struct rb_metrics *m, int seq,
		   const char *trigger, const char *param, double value, const char *unit)
{
	char scen[96];
	struct rb_run_record r = {
		.seq = seq, .scenario = scen, .shape = "anon", .trigger = trigger,
		.contenders = "", .params_json = "{}", .rep = seq, .started_at = "now",
		.sweep_param = param, .sweep_value = value,
	};
	int64_t id;

	snprintf(scen, sizeof(scen), "%s@%s=%.0f%s", strcmp(param, "stall") ? "mrel" : "stallrace",
		 param, strcmp(param, "stall") ? value : value / 1000, unit);
	m->valid = true;
	return store_run_add(st, set, &r, m, &id);
}

static int build_store(void)
{
	struct rb_metrics *m = calloc(1, sizeof(*m));
	struct rb_store st;
	int64_t set;
	int d, k, i, ret = 0;

	if (!m || store_create(db_path, &st))
		return -1;
	for (d = 0; d < 3 && !ret; d++) {
		ret = store_runset_begin(&st, labels[d], "6.12.0", "test", 1, "{}", &set);
		for (k = 0; k < 3 && !ret; k++)
			for (i = 0; i < 6 && !ret; i++) {
				memset(m, 0, sizeof(*m));
				fill(m, d, k, i);
				ret = add_run(&st, set, m, k * 6 + i, "kill+mrelease",
					      "mrelease_delay_us", 1000 * k, "us");
			}
		for (k = 0; k < 2 && !ret; k++)
			for (i = 0; i < 3 && !ret; i++) {
				memset(m, 0, sizeof(*m));
				metrics_set_text(m, "reaper_outcome", "reaped");
				metrics_set(m, "mem_release_us", 1990000 + 20000 * k + 1000 * i);
				ret = add_run(&st, set, m, 100 + k * 3 + i, "stall", "stall",
					      1990000 + 20000 * k, "ms");
			}
	}
	store_close(&st);
	free(m);
	return ret;
}

static int setup(void **state)
{
	struct rb_report_args args = {
		.cmp = { .db_path = db_path, .a = labels[0], .b = labels[1],
			 .reproduce = "reapbench report -o DIR mA mB mC" },
		.plots_dir = tpl_dir, .sets = labels, .n_sets = 3,
	};

	(void)state;
	if (build_store() || find_templates() ||
	    !mkdtemp(strcpy(out_dir, "/tmp/reapbench-test-mrel-out-XXXXXX")))
		return -1;
	args.out_dir = out_dir;
	return report_quietly(&args, &said, &rc);
}

static int teardown(void **state)
{
	(void)state;
	free(said);
	unlink_store(db_path);
	return rm_rf(out_dir);
}

static char *slurp(const char *name)
{
	return slurp_in(out_dir, name, NULL);
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

static void images(void **state)
{
	char *png = slurp("race-window-mrel.png"), *svg = slurp("race-window-mrel.svg");
	char *stall = slurp("race-window-stallrace.svg");

	(void)state;
	assert_true(rc == RB_EXIT_OK || rc == RB_EXIT_REGRESSION);
	assert_memory_equal(png, "\x89PNG", 4);
	/* the mrelease classes and panel title, no reaper-delay marker */
	assert_non_null(strstr(svg, "mA: process_mrelease vs exit_mmap"));
	assert_non_null(strstr(svg, "mC: process_mrelease vs exit_mmap"));
	assert_non_null(strstr(svg, "exit_mmap in mrelease"));
	assert_non_null(strstr(svg, "mrelease_ret not 0"));
	assert_non_null(strstr(svg, "mB: mem_release (median"));
	assert_null(strstr(svg, "oom_reaper delay"));
	assert_null(strstr(svg, "reaper outcome"));
	/* the stall sweep beside it keeps the reaper's classes and marker */
	assert_non_null(strstr(stall, "mA: reaper outcome"));
	assert_non_null(strstr(stall, "reaped (incl. retries)"));
	assert_non_null(strstr(stall, "oom_reaper delay"));
	assert_null(strstr(stall, "process_mrelease vs exit_mmap"));
	free(png);
	free(svg);
	free(stall);
}

static void data(void **state)
{
	char *dat = slurp("data/race-window-mrel.dat"), *b, *c;

	(void)state;
	assert_non_null(strstr(dat, "shares in % of n, the runs with a text in exit_mmap_in"));
	assert_null(strstr(dat, "# marker_x"));
	assert_non_null(strstr(dat, "\n# x n in_mrelease lo hi in_victim lo hi met_exit lo hi "
				    "mrelease_failed lo hi mem_n mem_median_ms mem_q1_ms mem_q3_ms\n"));
	/* mA: victim 6/6 (Wilson [60.9666, 100]); met 3/6, 2/6, 1/6; failed 0, 2, 5 of 6 */
	assert_non_null(strstr(dat, "\n0 6  0 0 39.0334  100 60.9666 100  50 18.7616 81.2384  "
				    "0 0 39.0334  6 3.25 3.125 3.375\n"));
	assert_non_null(strstr(dat, "\n1000 6  0 0 39.0334  100 60.9666 100  33.3333 9.67714 "
				    "70.0007  33.3333 9.67714 70.0007  6 "));
	assert_non_null(strstr(dat, "\n2000 6  0 0 39.0334  100 60.9666 100  16.6667 3.00534 "
				    "56.3503  83.3333 43.6497 96.9947  6 "));
	/* mB: exit_mmap in process_mrelease 4/6, 2/6, 0/6; failed 0, 4, 4 of 6 */
	b = strstr(dat, "# run set mB");
	assert_non_null(b);
	assert_non_null(strstr(b, "\n0 6  66.6667 29.9993 90.3229  33.3333 9.67714 70.0007  "
				  "0 0 39.0334  0 0 39.0334  6 "));
	assert_non_null(strstr(b, "\n1000 6  33.3333 9.67714 70.0007  66.6667 29.9993 90.3229  "
				  "0 0 39.0334  66.6667 29.9993 90.3229  6 "));
	assert_non_null(strstr(b, "\n2000 6  0 0 39.0334  100 60.9666 100  0 0 39.0334  "
				  "66.6667 29.9993 90.3229  6 "));
	/* mC at 0 us: n 5 (one run without exit_mmap_in; its met yes and ESRCH
	 * left out), met 1/5 (Wilson [3.62241, 62.4465]), an absent
	 * mrelease_ret no failure; at 2000 us EINTR is one */
	c = strstr(dat, "# run set mC");
	assert_non_null(c);
	assert_non_null(strstr(c, "\n0 5  0 0 43.4482  100 56.5518 100  20 3.62241 62.4465  "
				  "0 0 43.4482  6 "));
	assert_non_null(strstr(c, "\n2000 6  0 0 39.0334  100 60.9666 100  16.6667 3.00534 "
				  "56.3503  16.6667 3.00534 56.3503  6 "));
	free(dat);
}

static void tables(void **state)
{
	char *txt = slurp("race-window-mrel.txt"), *stall = slurp("race-window-stallrace.txt");
	char *designs = squeeze(slurp("race-designs.txt")), *json = slurp("data.json");
	json_t *root = json_loads(json, 0, NULL), *rows, *mb;
	char *sec, *end;

	(void)state;
	assert_non_null(strstr(txt, "race window of mrel over mrelease_delay_us\n"));
	assert_non_null(strstr(txt, "mA: n 18 (in_mrelease 0, in_victim 18, met_exit 6, "
				    "mrelease_failed 7)\n"));
	assert_non_null(strstr(txt, "mB: n 18 (in_mrelease 6, in_victim 12, met_exit 0, "
				    "mrelease_failed 8)\n"));
	assert_non_null(strstr(txt, "mC: n 17 (in_mrelease 0, in_victim 17, met_exit 3, "
				    "mrelease_failed 1)\n"));
	assert_non_null(strstr(said, txt));
	assert_non_null(strstr(stall, "mB: n 6 (reaped 6, not_needed 0, found_oom_skip 0, "
				      "unable_to_reap 0)\n"));
	/* race-designs: where exit_mmap ran and what process_mrelease returned */
	assert_non_null(strstr(designs, "\nexit_mmap ran in (exit_mmap_in); process_mrelease "
					"returned (mrelease_ret):\n"));
	assert_non_null(strstr(designs, "\n mA mrel victim 18; mrelease_ret 0 11, ESRCH 7\n"));
	assert_non_null(strstr(designs, "\n mB mrel mrelease 6, victim 12; mrelease_ret 0 10, "
					"ESRCH 8\n"));
	assert_non_null(strstr(designs, "\n mC mrel victim 17, absent 1; mrelease_ret 0 13, "
					"ESRCH 1, EINTR 1, absent 3\n"));
	/* the stall scenario had neither: no line in that section */
	sec = strstr(designs, "\nexit_mmap ran in");
	end = sec ? strstr(sec, "\nrelief_us") : NULL;
	assert_non_null(end);
	*end = 0;
	assert_null(strstr(sec, "stallrace"));
	*end = '\n';
	assert_non_null(strstr(designs, "\nmA stallrace 2 6 "));
	assert_non_null(strstr(said, "race: mB mrel: 18 runs, met exit_mmap 0 (no 18, absent 0); "
				     "absent 18; exit_mmap in mrelease 6, victim 12; mrelease_ret "
				     "0 10, ESRCH 8\n"));
	assert_non_null(root);
	rows = json_object_get(root, "race_designs");
	mb = json_array_get(rows, 2);
	assert_string_equal(json_string_value(json_object_get(mb, "run_set")), "mB");
	assert_string_equal(json_string_value(json_object_get(mb, "scenario")), "mrel");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(mb, "exit_mmap_in"),
							    "mrelease")), 6);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(mb, "mrelease_ret"),
							    "ESRCH")), 8);
	json_decref(root);
	free(txt);
	free(stall);
	free(designs);
	free(json);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(images),
		cmocka_unit_test(data),
		cmocka_unit_test(tables),
	};

	return cmocka_run_group_tests_name("race_mrelease", tests, setup, teardown);
}
