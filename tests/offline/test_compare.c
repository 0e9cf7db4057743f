/*
 * compare on a small store built here through bench/store.c, with designed
 * effects: a clear improvement, a clear regression, a change under the noise
 * floor, absent metrics, an invalid run that must be ignored, and reaper
 * outcomes for Fisher. Expected verdicts follow from the design [hand];
 * Fisher's p for 20/0 vs 10/10 is from tests/offline/ref_stats.py fisher() [py]
 * and by hand.
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

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <jansson.h>

#include "common.h"
#include "compare.h"
#include "compare_fmt.h"
#include "store.h"
#include "summary.h"

#include "capture_stderr.h"

#define near_eq(x, y) assert_true(fabs((x) - (y)) < 1e-9)

#include "compare_fixture.h"

static const struct rb_cmp_row *find_row(const struct rb_cmp *c, const char *metric)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!strcmp(c->rows[i].metric, metric))
			return &c->rows[i];
	fail_msg("no row for %s", metric);
	return NULL;
}

static void load_cmp(struct rb_ab *ab, struct rb_cmp *c, const char *metric_glob)
{
	struct rb_cmp_cfg cfg;

	compare_cfg_default(&cfg);
	assert_int_equal(ab_load(db_path, "base", "patch", NULL, metric_glob, ab), 0);
	assert_int_equal(compare_samples(&ab->smp[0], &ab->smp[1], &cfg, c), 0);
}

static void test_verdicts(void **state)
{
	const struct rb_cmp_row *r;
	struct rb_cmp c;
	struct rb_ab ab;

	(void)state;
	load_cmp(&ab, &c, NULL);
	assert_int_equal(c.n, 10);
	/* [hand] sweep points are rows of their own, 256 before 1024, 5 runs each */
	assert_string_equal(c.rows[6].scenario, "sweep@size_mb=256");
	assert_string_equal(c.rows[8].scenario, "sweep@size_mb=1024");
	assert_int_equal(c.rows[6].a.d.n, 5);
	near_eq(c.rows[8].b.d.median, 258);
	/* identical sides, but no A/A margin stored: inconclusive, never "unchanged" */
	assert_int_equal(c.rows[8].verdict, VERDICT_INCONCLUSIVE);
	assert_true(c.rows[8].bt.lo < 0 && c.rows[8].bt.hi > 0);
	/* an outcome identical on both sides is not tested and does not count in Holm */
	assert_string_equal(c.rows[9].untested, "all values equal");
	/* the invalid run is counted, not used */
	assert_int_equal(ab.info[1].runs_valid, 30);
	assert_int_equal(ab.info[1].runs_invalid, 1);
	assert_string_equal(ab.info[1].invalid_reason, "lost 12 events");

	r = find_row(&c, "exit_mmap_us");
	assert_int_equal(r->b.d.n, 20);
	assert_true(r->b.d.max < 100);
	assert_true(fabs(r->change - (89.5 / 109.5 - 1)) < 1e-12);	/* [hand] medians */
	assert_int_equal(r->verdict, VERDICT_IMPROVED);
	assert_string_equal(r->test, "mann-whitney-exact");
	assert_true(r->ci.lo <= r->ci.ratio && r->ci.ratio <= r->ci.hi && r->ci.hi < 1);
	/* the boot-level method: a primary row on the log scale; the store has no
	 * boot ids, so each run stands for its boot and the row says so.
	 * [hand] b_j - a_i = -20 + (j - i): the Hodges-Lehmann shift is -20 us,
	 * the min and median shifts too (80 - 100, 89.5 - 109.5) */
	assert_int_equal(r->family, FAMILY_PRIMARY);
	assert_int_equal(r->bt.scale, SCALE_LOG);
	assert_true(r->boots_unrecorded && c.boots_unrecorded);
	assert_int_equal(r->bt.boots_a, 20);
	near_eq(r->fx.hl.est, -20);
	near_eq(r->fx.q[0].est, -20);
	near_eq(r->fx.q[3].est, -20);
	assert_true(r->bt.ratio_hi < 1 && r->p_family < 0.05);
	/* [hand] b_j > a_i needs j > i + 20: no pair */
	near_eq(r->fx.p_b_gt_a, 0);
	assert_int_equal(find_row(&c, "lock_wait_us.victim.sum")->family, FAMILY_SECONDARY);

	/* +1% against a spread of 50..69: the interval holds 0, no floor needed */
	assert_int_equal(find_row(&c, "exit_teardown_us")->verdict, VERDICT_INCONCLUSIVE);
	assert_int_equal(find_row(&c, "lock_wait_us.victim.sum")->verdict, VERDICT_REGRESSED);

	/* absent is counted with its reason, never a 0 */
	r = find_row(&c, "contention_us");
	assert_int_equal(r->b.absent, 3);
	assert_int_equal(r->b.d.n, 17);
	assert_string_equal(r->b.absent_reason, "lock:contention_begin not available");
	r = find_row(&c, "mrelease_us");
	assert_int_equal(r->a.absent, 20);
	assert_int_equal(r->a.d.n, 0);
	assert_int_equal(r->verdict, VERDICT_NA);

	/* [py] fisher(20, 0, 10, 10) = 0.00043591979 (ref_stats.py); [hand] the table
	 * a=20 has C(20,10)/C(40,30) = 184756/847660528, a=10 mirrors it: twice that */
	r = find_row(&c, "reaper_outcome");
	assert_true(r->is_text);
	assert_string_equal(r->hit, "reaped");
	assert_int_equal(r->a.hits, 20);
	assert_int_equal(r->b.hits, 10);
	assert_int_equal(r->b.total, 20);
	assert_true(fabs(r->p - 0.00043591979075850045) < 1e-12);
	assert_int_equal(r->verdict, VERDICT_REGRESSED);

	assert_int_equal(c.n_tested, 7);
	assert_int_equal(c.n_regressed, 2);
	compare_free(&c);
	ab_free(&ab);
}

/* Columns of a UTF-8 line: count every byte that does not continue a character. */
static size_t columns(const char *s)
{
	size_t n = 0;

	for (; *s && *s != '\n'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static char *render(const char *format, int *ret)
{
	struct rb_compare_args args = {
		.db_path = db_path, .a = "base", .b = "#2", .format = format,
		.reproduce = "reapbench compare base '#2'",
	};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	compare_cfg_default(&args.cfg);
	*ret = compare_run(&args, f);
	fclose(f);
	return buf;
}

static void test_72_columns(void **state)
{
	const char *fmts[] = { "text", "brief", "lkp", "md" };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(fmts); i++) {
		int ret;
		char *out = render(fmts[i], &ret), *line;

		assert_int_equal(ret, RB_EXIT_REGRESSION);
		assert_non_null(strstr(out, "exit_mmap_us"));
		for (line = out; *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : "")
			if (columns(line) > RB_TEXT_COLS)
				fail_msg("%s: %zu columns: %.80s", fmts[i], columns(line), line);
		free(out);
	}
}

static void test_text_content(void **state)
{
	int ret;
	char *out = render("text", &ret);

	(void)state;
	/* significant rows carry the star; absent says why */
	assert_non_null(strstr(out, "absent: no process_mrelease in this trigger"));
	assert_non_null(strstr(out, "seed 20261127"));
	/* the fixture never ends its run sets: the header says they are running */
	assert_non_null(strstr(out, "# A: base (#1) kernel 6.1.0-a [running]"));
	assert_non_null(strstr(out, "regressed *"));
	assert_non_null(strstr(out, "improved *"));
	assert_null(strstr(out, "unchanged *"));
	free(out);
	out = render("lkp", &ret);
	assert_non_null(strstr(out, "%stddev    %change         %stddev"));
	assert_non_null(strstr(out, "-18.26%*"));	/* [hand] 89.5/109.5 - 1 */
	free(out);
}

static void test_json_csv(void **state)
{
	json_error_t err;
	json_t *root, *rows;
	int ret;
	char *out = render("json", &ret), *p;
	size_t lines = 0;

	(void)state;
	root = json_loads(out, 0, &err);
	if (!root)
		fail_msg("json: %s at line %d", err.text, err.line);
	rows = json_object_get(root, "rows");
	assert_int_equal(json_array_size(rows), 10);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(root, "method"),
							    "bootstrap_seed")), RB_BOOT_SEED);
	assert_string_equal(json_string_value(json_object_get(root, "reproduce")),
			    "reapbench compare base '#2'");
	/* the boot-level block: exit_mmap_us (row 1) is primary, HL -20 us [hand] */
	{
		json_t *b = json_object_get(json_array_get(rows, 1), "boots");

		assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 1),
								      "metric")), "exit_mmap_us");
		assert_string_equal(json_string_value(json_object_get(b, "family")), "primary");
		assert_string_equal(json_string_value(json_object_get(b, "scale")), "log");
		assert_false(json_is_true(json_object_get(b, "boots_recorded")));
		near_eq(json_real_value(json_object_get(json_object_get(b, "hl_shift"), "est")), -20);
		assert_true(json_is_null(json_object_get(b, "margin")));
	}
	assert_string_equal(json_string_value(json_object_get(json_object_get(root, "method"),
							      "unit")), "boot");
	json_decref(root);
	free(out);

	out = render("csv", &ret);
	for (p = out; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 11);
	assert_int_equal(strncmp(out, "scenario,metric,unit,n_a,median_a", 33), 0);
	assert_non_null(strstr(out, ",family,scale,boots_a,boots_b,boot_p,p_family,"));
	assert_non_null(strstr(out, "\"exit_mmap_us\",us,"));
	free(out);
}

/* compare_run() fails with exit 1 and says msg on stderr. */
static void expect_compare_error(const struct rb_compare_args *args, FILE *out, const char *msg)
{
	char *said;

	stderr_begin();
	assert_int_equal(compare_run(args, out), RB_EXIT_ERROR);
	said = stderr_end();
	if (!strstr(said, msg))
		fail_msg("expected '%s' on stderr, got: %s", msg, said);
	free(said);
}

static void test_filters_and_errors(void **state)
{
	struct rb_compare_args args = { .db_path = db_path, .a = "base", .b = "patch",
					.format = "csv", .metric_glob = "exit_*" };
	char *csv = NULL, *line;
	size_t len = 0;
	FILE *out = open_memstream(&csv, &len);
	int rows = 0;

	(void)state;
	assert_non_null(out);
	compare_cfg_default(&args.cfg);
	/* only the improved exit_mmap_us and the inconclusive teardown: no regression */
	assert_int_equal(compare_run(&args, out), RB_EXIT_OK);
	fclose(out);
	/* every row after the header is an exit_* metric, and there are some */
	for (line = strchr(csv, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
		if (!strstr(line, ",\"exit_"))
			fail_msg("metric filter exit_* let through: %.*s",
				 (int)strcspn(line + 1, "\n"), line + 1);
		rows++;
	}
	assert_true(rows >= 2);
	free(csv);

	out = fopen("/dev/null", "w");
	assert_non_null(out);
	args.format = "xml";
	expect_compare_error(&args, out, "unknown format 'xml'");
	args.format = "text";
	args.b = "no-such-label";
	expect_compare_error(&args, out, "no run set 'no-such-label'");
	/* a missing store is an error and is not created */
	args.db_path = "/tmp/reapbench-test-no-such.db";
	args.b = "patch";
	expect_compare_error(&args, out, "reapbench-test-no-such.db: no such store");
	assert_int_not_equal(access(args.db_path, F_OK), 0);
	fclose(out);
}

/* A/A: 40 runs of identical noise, 4 metrics, 20 random splits. Holm holds the
 * chance of any flag per split at <= 5%; 5 or more flagged splits of 20 would
 * happen with probability < 0.003 if that holds. */
/* The metric table's directions as compare rules: costs lower, outcomes by their
 * good value, the rest none. */
static void test_metric_rules(void **state)
{
	const char *hit;

	(void)state;
	assert_int_equal(metric_better("exit_mmap_us", 0, &hit), BETTER_LOWER);
	assert_int_equal(metric_better("lock_wait_us.victim.max", 0, &hit), BETTER_LOWER);
	assert_int_equal(metric_better("trylock_fail_n.reaper", 0, &hit), BETTER_LOWER);
	assert_int_equal(metric_better("trace_events_n", 0, &hit), BETTER_UNKNOWN);
	assert_int_equal(metric_better("memcg_peak_bytes", 0, &hit), BETTER_UNKNOWN);
	assert_int_equal(metric_better("lock_acquire_n.victim", 0, &hit), BETTER_UNKNOWN);
	assert_int_equal(metric_better("mrelease_start_after_kill_us", 0, &hit), BETTER_UNKNOWN);
	assert_int_equal(metric_better("reaper_outcome", 1, &hit), BETTER_HIGHER);
	assert_string_equal(hit, "reaped");
	assert_int_equal(metric_better("mrelease_ret", 1, &hit), BETTER_HIGHER);
	assert_string_equal(hit, "0");
	assert_int_equal(metric_better("exit_flavour", 1, &hit), BETTER_UNKNOWN);
	/* a harness timing, not a cost (it was lower-is-better before the metric table) */
	assert_int_equal(metric_better("victim_life_us", 0, &hit), BETTER_UNKNOWN);
	assert_string_equal(metric_unit("lock_wait_us.victim.max"), "us");
	assert_string_equal(metric_unit("memcg_peak_bytes"), "bytes");
	assert_string_equal(metric_unit("exit_flavour"), "text");
	assert_string_equal(metric_unit("no_such_metric"), "");
}

/* One scenario per side under different names (kill vs kill+mrelease run
 * sets) are paired; constant rows stay out of Holm; tiny n is called out. */
static void test_pairing_and_power(void **state)
{
	const double v[] = { 10, 11, 12 }, w[] = { 20, 21, 22 }, zero = 0;
	struct rb_sample a = { 0 }, b = { 0 };
	struct rb_cmp_cfg cfg;
	struct rb_cmp c;
	char note[256];
	int64_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		assert_int_equal(sample_add(&a, "anon-kill", NULL, 0, "exit_mmap_us", i, &v[i],
					    NULL, NULL), 0);
		assert_int_equal(sample_add(&a, "anon-kill", NULL, 0, "lost_events", i, &zero,
					    NULL, NULL), 0);
		assert_int_equal(sample_add(&b, "anon-kill+mrelease", NULL, 0, "exit_mmap_us",
					    10 + i, &w[i], NULL, NULL), 0);
		assert_int_equal(sample_add(&b, "anon-kill+mrelease", NULL, 0, "lost_events",
					    10 + i, &zero, NULL, NULL), 0);
	}
	assert_int_equal(sample_pair_single(&a, &b, note, sizeof(note)), 1);
	assert_string_equal(a.s[0].scenario, "anon-kill vs anon-kill+mrelease");
	assert_string_equal(b.s[1].base, "anon-kill vs anon-kill+mrelease");
	compare_cfg_default(&cfg);
	assert_int_equal(compare_samples(&a, &b, &cfg, &c), 0);
	assert_int_equal(c.n, 2);
	/* lost_events is 0 everywhere: equivalent (exactly), not a family member */
	assert_string_equal(c.rows[1].untested, "all values equal");
	assert_int_equal(c.rows[1].verdict, VERDICT_EQUIVALENT);
	assert_int_equal(c.n_tested, 1);
	/* [hand] 3 vs 3 can reach at best p = 2/C(6,3) = 0.1 > 0.05 */
	assert_true(c.rows[0].min_p == 0.1);
	assert_true(c.underpowered);
	compare_free(&c);
	/* the same names are left alone */
	assert_int_equal(sample_pair_single(&a, &a, note, sizeof(note)), 0);
	sample_free(&a);
	sample_free(&b);
}

static void test_split(void **state)
{
	const char *names[] = { "exit_mmap_us", "exit_unmap_us", "kill_to_exit_us",
				"lock_wait_us.victim.sum" };
	struct rb_sample smp = { 0 };
	struct rb_split_result res;
	struct rb_cmp_cfg cfg;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	int64_t run;
	size_t k;

	(void)state;
	gsl_rng_set(r, 7);
	for (run = 1; run <= 40; run++)
		for (k = 0; k < ARRAY_SIZE(names); k++) {
			double v = 1000 + 50 * gsl_ran_gaussian(r, 1);

			assert_int_equal(sample_add(&smp, "aa", NULL, 0, names[k], run, &v, NULL, NULL), 0);
		}
	compare_cfg_default(&cfg);
	assert_int_equal(compare_split(&smp, 20, &cfg, NULL, &res), 0);
	assert_int_equal(res.repeats, 20);
	assert_int_equal(res.rows_tested, 20 * ARRAY_SIZE(names));
	assert_true(res.splits_with_flag < 5);
	sample_free(&smp);
	gsl_rng_free(r);
}

/* summary (run's table): the points of a sweep in value order, not in the
 * shuffled order their first runs happened to take; other scenarios as before */
static void test_summary_sweep_order(void **state)
{
	static const struct {
		const char *scen;
		double point;	/* 0: not a sweep point */
	} runs[] = {	/* in run (seq) order, as a shuffled sweep stores them */
		{ "plain", 0 }, { "s@stall=2000ms", 2e6 }, { "s@stall=500ms", 5e5 },
		{ "s@stall=2500ms", 2.5e6 }, { "s@stall=1500ms", 1.5e6 }, { "last", 0 },
		{ "s@stall=500ms", 5e5 },
	};
	static const char *const want[] = { "plain", "s@stall=500ms", "s@stall=1500ms",
					    "s@stall=2000ms", "s@stall=2500ms", "last" };
	char path[] = "/tmp/reapbench-test-summary-XXXXXX", *buf = NULL, *at, *prev = NULL;
	struct rb_metrics *m = calloc(1, sizeof(*m));
	struct rb_store st;
	int64_t set;
	size_t len, i;
	FILE *f;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0 && m);
	close(fd);
	unlink(path);
	assert_int_equal(store_open(path, &st), 0);
	assert_int_equal(store_runset_begin(&st, "sum", "6.1.0-a", "test", 1, "{}", &set), 0);
	for (i = 0; i < ARRAY_SIZE(runs); i++) {
		memset(m, 0, sizeof(*m));
		m->valid = true;
		metrics_set(m, "exit_mmap_us", 100 + i);
		add_sweep_run(&st, set, runs[i].scen, (int)i, runs[i].point ? "stall" : NULL,
			      runs[i].point, m);
	}
	f = open_memstream(&buf, &len);
	assert_int_equal(summary_print(&st, set, f), 0);
	fclose(f);
	store_close(&st);
	unlink(path);
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		char line[64];

		snprintf(line, sizeof(line), "\n%s ", want[i]);
		at = strstr(buf, line);
		if (!at || (prev && at < prev))
			fail_msg("summary: %s missing or out of order:\n%s", want[i], buf);
		prev = at;
	}
	free(buf);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verdicts),
		cmocka_unit_test(test_72_columns),
		cmocka_unit_test(test_text_content),
		cmocka_unit_test(test_json_csv),
		cmocka_unit_test(test_filters_and_errors),
		cmocka_unit_test(test_metric_rules),
		cmocka_unit_test(test_pairing_and_power),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_summary_sweep_order),
	};

	return cmocka_run_group_tests_name("compare", tests, setup, teardown);
}
