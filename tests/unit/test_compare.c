/*
 * compare on a small store built here through bench/store.c, with designed
 * effects: a clear improvement, a clear regression, a change under the noise
 * floor, absent metrics, an invalid run that must be ignored, and reaper
 * outcomes for Fisher. Expected verdicts follow from the design [hand];
 * Fisher's p for 20/0 vs 10/10 is from tests/unit/ref_stats.py fisher() [py]
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

#define near_eq(x, y) assert_true(fabs((x) - (y)) < 1e-9)

static char db_path[] = "/tmp/reapbench-test-compare-XXXXXX";

static void set_num(struct rb_metrics *m, const char *name, double v)
{
	struct rb_metric *x = &m->m[m->n++];

	snprintf(x->name, sizeof(x->name), "%s", name);
	x->value = v;
}

static void set_text(struct rb_metrics *m, const char *name, const char *t)
{
	struct rb_metric *x = &m->m[m->n++];

	snprintf(x->name, sizeof(x->name), "%s", name);
	snprintf(x->text, sizeof(x->text), "%s", t);
}

static void set_absent(struct rb_metrics *m, const char *name, const char *why)
{
	struct rb_metric *x = &m->m[m->n++];

	snprintf(x->name, sizeof(x->name), "%s", name);
	snprintf(x->absent, sizeof(x->absent), "%s", why);
}

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
				set_num(m, "exit_mmap_us", points[k] / 4 + i);
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
		set_num(m, "exit_mmap_us", 100 + i);
		set_num(m, "exit_teardown_us", 50 + i);
		set_num(m, "lock_wait_us.victim", 10 + i);
		set_num(m, "contention_us", 5 + i);
		set_absent(m, "mrelease_us", "no process_mrelease in this trigger");
		set_text(m, "reaper_outcome", "reaped");
		add_run(st, a, "kill", i, m);

		memset(m, 0, sizeof(*m));
		m->valid = true;
		set_num(m, "exit_mmap_us", 80 + i);		/* -18%: improved */
		set_num(m, "exit_teardown_us", 50.5 + i);	/* +1%: under the floor */
		set_num(m, "lock_wait_us.victim", 20 + i);	/* +51%: regressed */
		if (i < 3)
			set_absent(m, "contention_us", "lock:contention_begin not available");
		else
			set_num(m, "contention_us", 5 + i);
		set_num(m, "mrelease_us", 30 + i);
		set_text(m, "reaper_outcome", i < 10 ? "reaped" : "failed");
		add_run(st, b, "kill", i, m);
	}
	/* an invalid run with absurd values: must not count anywhere */
	memset(m, 0, sizeof(*m));
	m->valid = false;
	snprintf(m->invalid_reason, sizeof(m->invalid_reason), "lost 12 events");
	set_num(m, "exit_mmap_us", 1e9);
	set_text(m, "reaper_outcome", "failed");
	add_run(st, b, "kill", 99, m);
	build_sweep(st, m);
	free(m);
}

static int setup(void **state)
{
	struct rb_store st;
	int fd = mkstemp(db_path);

	(void)state;
	if (fd < 0)
		return -1;
	close(fd);
	unlink(db_path);
	if (store_open(db_path, &st))
		return -1;
	build_ab(&st);
	store_close(&st);
	return 0;
}

static int teardown(void **state)
{
	char p[sizeof(db_path) + 8];

	(void)state;
	/* RB_TEST_KEEP_DB=1 keeps the store to look at by hand */
	if (getenv("RB_TEST_KEEP_DB")) {
		fprintf(stderr, "# kept %s\n", db_path);
		return 0;
	}
	unlink(db_path);
	snprintf(p, sizeof(p), "%s-wal", db_path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", db_path);
	unlink(p);
	return 0;
}

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
	assert_int_equal(c.n, 8);
	/* [hand] sweep points are rows of their own, 256 before 1024, 5 runs each */
	assert_string_equal(c.rows[6].scenario, "sweep@size_mb=256");
	assert_string_equal(c.rows[7].scenario, "sweep@size_mb=1024");
	assert_int_equal(c.rows[6].a.d.n, 5);
	near_eq(c.rows[7].b.d.median, 258);
	assert_int_equal(c.rows[7].verdict, VERDICT_UNCHANGED);
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

	assert_int_equal(find_row(&c, "exit_teardown_us")->verdict, VERDICT_UNCHANGED);
	assert_int_equal(find_row(&c, "lock_wait_us.victim")->verdict, VERDICT_REGRESSED);

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
	const char *fmts[] = { "text", "lkp", "md" };
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
	assert_non_null(strstr(out, "regressed *"));
	assert_non_null(strstr(out, "improved *"));
	assert_null(strstr(out, "unchanged *"));
	free(out);
	out = render("lkp", &ret);
	assert_non_null(strstr(out, "%stddev     %change         %stddev"));
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
	assert_int_equal(json_array_size(rows), 8);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(root, "method"),
							    "bootstrap_seed")), RB_BOOT_SEED);
	assert_string_equal(json_string_value(json_object_get(root, "reproduce")),
			    "reapbench compare base '#2'");
	json_decref(root);
	free(out);

	out = render("csv", &ret);
	for (p = out; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 9);
	assert_int_equal(strncmp(out, "scenario,metric,unit,n_a,median_a", 33), 0);
	free(out);
}

static void test_filters_and_errors(void **state)
{
	struct rb_compare_args args = { .db_path = db_path, .a = "base", .b = "patch",
					.format = "csv", .metric_glob = "exit_*" };
	FILE *devnull = fopen("/dev/null", "w");

	(void)state;
	compare_cfg_default(&args.cfg);
	/* only the improved exit_mmap_us and the unchanged teardown: no regression */
	assert_int_equal(compare_run(&args, devnull), RB_EXIT_OK);
	args.format = "xml";
	assert_int_equal(compare_run(&args, devnull), RB_EXIT_ERROR);
	args.format = "text";
	args.b = "no-such-label";
	assert_int_equal(compare_run(&args, devnull), RB_EXIT_ERROR);
	/* a missing store is an error and is not created */
	args.db_path = "/tmp/reapbench-test-no-such.db";
	args.b = "patch";
	assert_int_equal(compare_run(&args, devnull), RB_EXIT_ERROR);
	assert_int_not_equal(access(args.db_path, F_OK), 0);
	fclose(devnull);
}

/* A/A: 40 runs of identical noise, 4 metrics, 20 random splits. Holm holds the
 * chance of any flag per split at <= 5%; 5 or more flagged splits of 20 would
 * happen with probability < 0.003 if that holds. */
static void test_split(void **state)
{
	const char *names[] = { "exit_mmap_us", "exit_unmap_us", "kill_to_exit_us",
				"lock_wait_us.victim" };
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verdicts),
		cmocka_unit_test(test_72_columns),
		cmocka_unit_test(test_text_content),
		cmocka_unit_test(test_json_csv),
		cmocka_unit_test(test_filters_and_errors),
		cmocka_unit_test(test_split),
	};

	return cmocka_run_group_tests_name("compare", tests, setup, teardown);
}
