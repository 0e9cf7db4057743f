/*
 * Phases across unlike lock patterns, on a store built here: run set "6.12"
 * (exit_flavour read+write) against "design" whose scenario oom-design ran
 * unlocked+write: the unmap shrank by 890 us and the teardown grew by 890 us
 * while exit_mmap_us stayed the same [hand]; its write hold grew too (no
 * phase: a real change for the reaper). Scenario oom-same has the same
 * shifts under one flavour on both sides. In oom-mixed both sides mostly ran
 * read+write with A's values, but 6 of B's 21 runs ran reap+write with a
 * 5 ms teardown: its phases compare the 15 read+write runs only. Checks the
 * classes, the families, the exit code, and the lines in every format and
 * in evidence.txt.
 */
#include <limits.h>
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

#include <jansson.h>

#include "bisect_decide.h"
#include "common.h"
#include "compare.h"
#include "compare_fmt.h"
#include "exit_phases.h"
#include "phase_moves.h"
#include "report.h"
#include "store.h"
#include "report_fixture.h"

#define RUNS 21	/* odd: the medians are values (A unmap 910, B 20) */

static char db_path[] = "/tmp/reapbench-test-phase-moves-XXXXXX";

static void add(struct rb_store *st, int64_t set, const char *scen, int seq,
		const struct rb_metrics *m)
{
	struct rb_run_record r = {
		.seq = seq, .scenario = scen, .shape = "anon", .trigger = "oom",
		.contenders = "", .params_json = "{}", .rep = seq, .started_at = "now",
	};
	int64_t id;

	assert_int_equal(store_run_add(st, set, &r, m, &id), 0);
}

/* One run: B's unmap 890 us shorter, its teardown 890 us longer, the sum the
 * same values in another order; `flavour` names B's lock pattern. */
static void run(struct rb_metrics *m, int b, int i, const char *flavour)
{
	memset(m, 0, sizeof(*m));
	m->valid = true;
	metrics_set(m, "exit_mmap_us", 1000 + (b ? RUNS - 1 - i : i));
	metrics_set(m, "exit_unmap_us", (b ? 10 : 900) + i);
	metrics_set(m, "exit_teardown_us", (b ? 970 : 80) + i);
	metrics_set(m, "exit_write_hold_us", (b ? 970 : 80) + i);
	metrics_set_text(m, "exit_flavour", b ? flavour : "read+write");
}

/* oom-mixed: A's values; B's runs 0-2 and 18-20 ran reap+write, with the
 * unmap in the teardown (no exit_write_hold_us: only phases and the sum). */
static void mixed(struct rb_metrics *m, int b, int i)
{
	int other = b && (i < 3 || i > 17);

	memset(m, 0, sizeof(*m));
	m->valid = true;
	metrics_set(m, "exit_mmap_us", 1000 + i);
	metrics_set(m, "exit_unmap_us", other ? 10 : 900 + i);
	metrics_set(m, "exit_teardown_us", other ? 5000 : 80 + i);
	metrics_set_text(m, "exit_flavour", other ? "reap+write" : "read+write");
}

static int setup(void **state)
{
	struct rb_metrics *m = calloc(1, sizeof(*m));
	struct rb_store st;
	int64_t set[2];
	int i, b;

	(void)state;
	if (!m || store_create(db_path, &st))
		return -1;
	if (store_runset_begin(&st, "6.12", "6.12.0", "test", 1, "{}", &set[0]) ||
	    store_runset_begin(&st, "design", "6.12.0-rfc", "test", 1, "{}", &set[1]))
		return -1;
	for (b = 0; b < 2; b++)
		for (i = 0; i < RUNS; i++) {
			run(m, b, i, "unlocked+write");
			add(&st, set[b], "oom-design", i, m);
			run(m, b, i, "read+write");
			add(&st, set[b], "oom-same", i, m);
			mixed(m, b, i);
			add(&st, set[b], "oom-mixed", i, m);
		}
	store_close(&st);
	free(m);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	drop_store(db_path);
	return 0;
}

static const struct rb_cmp_row *row(const struct rb_cmp *c, const char *scen, const char *metric)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!strcmp(c->rows[i].scenario, scen) && !strcmp(c->rows[i].metric, metric))
			return &c->rows[i];
	fail_msg("no row %s %s", scen, metric);
	return NULL;
}

static void load(struct rb_ab *ab, struct rb_cmp *c)
{
	struct rb_cmp_cfg cfg;

	compare_cfg_default(&cfg);
	assert_int_equal(ab_load(db_path, "6.12", "design", NULL, NULL, ab), 0);
	assert_int_equal(compare_samples(&ab->smp[0], &ab->smp[1], &cfg, c), 0);
}

/* Unlike patterns: the phases are "moved", out of the families; the sum and
 * the write hold keep their verdicts. Like patterns: the phases are judged. */
static void test_classes(void **state)
{
	const struct rb_flavours *fl;
	struct rb_cmp c;
	struct rb_ab ab;

	(void)state;
	load(&ab, &c);
	fl = phase_flavours_of(&c, "oom-design");
	assert_non_null(fl);
	assert_string_equal(fl->a, "read+write");
	assert_string_equal(fl->b, "unlocked+write");
	assert_int_equal(fl->a_hits, RUNS);
	assert_int_equal(fl->b_runs, RUNS);
	assert_true(fl->differ);
	assert_false(phase_flavours_of(&c, "oom-same")->differ);

	assert_int_equal(row(&c, "oom-design", "exit_unmap_us")->verdict, VERDICT_MOVED);
	assert_int_equal(row(&c, "oom-design", "exit_teardown_us")->verdict, VERDICT_MOVED);
	assert_true(isnan(row(&c, "oom-design", "exit_unmap_us")->p_family));
	assert_int_equal(row(&c, "oom-design", "exit_write_hold_us")->verdict, VERDICT_REGRESSED);
	assert_int_equal(row(&c, "oom-design", "exit_mmap_us")->verdict, VERDICT_INCONCLUSIVE);
	assert_false(isnan(row(&c, "oom-design", "exit_mmap_us")->p_family));

	assert_int_equal(row(&c, "oom-same", "exit_unmap_us")->verdict, VERDICT_IMPROVED);
	assert_int_equal(row(&c, "oom-same", "exit_teardown_us")->verdict, VERDICT_REGRESSED);
	assert_int_equal(row(&c, "oom-same", "exit_write_hold_us")->verdict, VERDICT_REGRESSED);

	assert_int_equal(c.n_moved, 2);
	/* 2 write holds and 2 like-pattern phases regressed or improved, 0 moved */
	assert_int_equal(c.n_regressed, 3);
	assert_int_equal(c.n_improved, 1);
	/* BH over the secondary rows: the moved ones are not in the family */
	assert_int_equal(c.n_secondary, 6);
	assert_string_equal(rb_verdict_names[VERDICT_MOVED], "moved");
	compare_free(&c);
	ab_free(&ab);
}

static char *render(const char *format, const char *scen, int *rc);
static char *flat(char *s);

/* Like patterns, B mixed: the phases take B's 15 read+write runs and find
 * nothing (on all 21 the teardown would regress); the sum keeps every run. */
static void test_like_subset(void **state)
{
	const struct rb_cmp_row *r;
	struct rb_cmp c;
	struct rb_ab ab;
	int rc;
	char *out;

	(void)state;
	load(&ab, &c);
	assert_true(phase_flavours_of(&c, "oom-mixed")->like_only);
	assert_false(phase_flavours_of(&c, "oom-same")->like_only);
	r = row(&c, "oom-mixed", "exit_teardown_us");
	assert_int_equal(r->a.d.n, RUNS);
	assert_int_equal(r->b.d.n, 15);
	assert_true(r->b.d.max < 100);
	assert_int_equal(r->verdict, VERDICT_INCONCLUSIVE);
	assert_int_equal(row(&c, "oom-mixed", "exit_unmap_us")->b.d.n, 15);
	assert_int_equal(row(&c, "oom-mixed", "exit_mmap_us")->b.d.n, RUNS);
	compare_free(&c);
	ab_free(&ab);

	out = flat(render("text", "oom-mixed", &rc));
	assert_non_null(strstr(out, "Phases over the runs of one lock pattern: exit_flavour "
			    "read+write in 21 of 21 runs of A and 15 of 21 of B; the other runs "
			    "count in exit_mmap_us only."));
	assert_null(strstr(out, "Work moved"));
	assert_int_equal(rc, RB_EXIT_OK);
	free(out);
}

/* The rule and the words: one owner for both. */
static void test_rule_and_words(void **state)
{
	const struct rb_exit_phase *p;
	char buf[160];

	(void)state;
	assert_true(phase_flavours_differ("read+write", "unlocked+write"));
	assert_false(phase_flavours_differ("read+write", "read+write"));
	assert_false(phase_flavours_differ(NULL, "read+write"));
	/* every phase of exit_phases.h has words; the write hold is no phase */
	for (p = rb_exit_phases; p->metric; p++)
		assert_non_null(phase_words(p->metric));
	assert_null(phase_words("exit_write_hold_us"));
	assert_null(phase_words("exit_mmap_us"));
	phase_moved_into(buf, sizeof(buf), phase_words("exit_unmap_us"),
			 phase_words("exit_teardown_us"));
	assert_string_equal(buf, "the read-locked unmap moved into the write-locked section");
}

/* The most common flavour decides; a tie goes to the first by name, so the
 * rule does not depend on which side is A. */
static void test_dominant(void **state)
{
	struct rb_sample a = { 0 }, b = { 0 };
	struct rb_cmp_cfg cfg;
	struct rb_cmp c;
	double v;
	int i;

	(void)state;
	compare_cfg_default(&cfg);
	for (i = 0; i < 8; i++) {
		v = 100 + i;
		/* A: 5 read+write, 3 reap+write; B: 4 and 4 (a tie) */
		assert_int_equal(sample_add(&a, "s", NULL, 0, "exit_flavour", i, NULL,
					    i < 5 ? "read+write" : "reap+write", NULL), 0);
		assert_int_equal(sample_add(&b, "s", NULL, 0, "exit_flavour", i, NULL,
					    i < 4 ? "read+write" : "reap+write", NULL), 0);
		assert_int_equal(sample_add(&a, "s", NULL, 0, "exit_unmap_us", i, &v, NULL, NULL), 0);
		assert_int_equal(sample_add(&b, "s", NULL, 0, "exit_unmap_us", i, &v, NULL, NULL), 0);
	}
	assert_int_equal(compare_samples(&a, &b, &cfg, &c), 0);
	assert_string_equal(c.flavours[0].a, "read+write");
	assert_int_equal(c.flavours[0].a_hits, 5);
	/* the tie: "read+write" sorts before "reap+write" ('d' < 'p') */
	assert_string_equal(c.flavours[0].b, "read+write");
	assert_int_equal(c.flavours[0].b_hits, 4);
	assert_false(c.flavours[0].differ);
	assert_int_not_equal(row(&c, "s", "exit_unmap_us")->verdict, VERDICT_MOVED);
	compare_free(&c);
	sample_free(&a);
	sample_free(&b);
}

static char *render(const char *format, const char *scen, int *rc)
{
	struct rb_compare_args args = { .db_path = db_path, .a = "6.12", .b = "design",
					.format = format, .scenario_glob = scen };
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	assert_non_null(f);
	compare_cfg_default(&args.cfg);
	*rc = compare_run(&args, f);
	fclose(f);
	return out;
}

/* The line with its wrapping undone: what a reader reads. */
static char *flat(char *s)
{
	return unwrap_text(s, 1);
}

#define MOVED_LINE "Work moved: the lock pattern differs (exit_flavour A read+write, 21 of " \
	"21 runs; B unlocked+write, 21 of 21), so the phases are not judged (class moved). " \
	"Medians: down unmap -890 us (910 -> 20); up teardown +890 us (90 -> 980); the " \
	"read-locked unmap moved into the write-locked section; their sum exit_mmap_us is " \
	"what counts: +0 us (1010 -> 1010), inconclusive."

/* Every human format prints the one line; the exit code follows the sum and
 * the write hold, never the moved phases. */
static void test_formats(void **state)
{
	static const char *const formats[] = { "text", "brief", "lkp", "md" };
	size_t i;
	int rc;
	char *out;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(formats); i++) {
		out = flat(render(formats[i], "oom-design", &rc));
		if (!strstr(out, MOVED_LINE))
			fail_msg("%s: no moved line in:\n%s", formats[i], out);
		/* the write hold regressed: exit 2 for it, not for the phases */
		assert_int_equal(rc, RB_EXIT_REGRESSION);
		free(out);
	}
	out = render("text", "oom-design", &rc);
	assert_non_null(strstr(out, "2 phase rows moved: exit_flavour differs between the sides,"));
	assert_non_null(strstr(out, "secondary, welch p="));
	free(out);
	/* like patterns: no moved line */
	out = render("text", "oom-same", &rc);
	assert_null(strstr(out, "Work moved"));
	assert_null(strstr(out, "phase rows moved"));
	assert_int_equal(rc, RB_EXIT_REGRESSION);
	free(out);
	out = render("csv", "oom-design", &rc);
	assert_non_null(strstr(out, ",note\n"));
	assert_non_null(strstr(out, "\"" MOVED_LINE "\"\n"));
	assert_non_null(strstr(out, ",moved,secondary,"));
	free(out);
}

/* Without the write hold nothing regressed: the moved teardown does not
 * make the exit code 2 (it would under like patterns). */
static void test_exit_code(void **state)
{
	struct rb_compare_args args = { .db_path = db_path, .a = "6.12", .b = "design",
					.format = "brief", .metric_glob = "exit_[fmtu]*" };
	FILE *f = fopen("/dev/null", "w");

	(void)state;
	assert_non_null(f);
	compare_cfg_default(&args.cfg);
	args.scenario_glob = "oom-design";
	assert_int_equal(compare_run(&args, f), RB_EXIT_OK);
	args.scenario_glob = "oom-same";
	assert_int_equal(compare_run(&args, f), RB_EXIT_REGRESSION);
	fclose(f);
}

/* A metric filter that leaves exit_flavour out still finds the lock
 * patterns: the teardown alone is moved, and no exit_flavour row is shown;
 * bisect on a phase across patterns is not comparable. */
static void test_filtered(void **state)
{
	struct rb_compare_args args = { .db_path = db_path, .a = "6.12", .b = "design",
					.format = "brief", .scenario_glob = "oom-design",
					.metric_glob = "exit_teardown_us" };
	struct bisect_decision d;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	(void)state;
	assert_non_null(f);
	compare_cfg_default(&args.cfg);
	assert_int_equal(compare_run(&args, f), RB_EXIT_OK);
	fclose(f);
	assert_non_null(strstr(out, "Work moved: the lock pattern differs (exit_flavour A "
			    "read+write, 21 of"));
	assert_null(strstr(out, "exit_flavour=read+write "));
	assert_non_null(strstr(out, "\nexit_teardown_us "));
	free(out);
	assert_int_equal(bisect_decide(db_path, "6.12", "design", "exit_teardown_us", 1000, &d), 0);
	assert_int_equal(d.cls, BISECT_INCONCLUSIVE);
	assert_non_null(strstr(d.why, "not comparable: exit_flavour differs"));
}

static void test_json(void **state)
{
	json_t *root, *fl, *rows, *r;
	json_error_t err;
	size_t i, moved = 0;
	int rc;
	char *out = render("json", NULL, &rc);

	(void)state;
	root = json_loads(out, 0, &err);
	assert_non_null(root);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(root, "summary"),
							    "moved")), 2);
	fl = json_object_get(root, "flavours");
	assert_int_equal(json_array_size(fl), 3);
	r = json_array_get(fl, 0);
	assert_string_equal(json_string_value(json_object_get(r, "scenario")), "oom-design");
	assert_string_equal(json_string_value(json_object_get(json_object_get(r, "b"),
							      "exit_flavour")), "unlocked+write");
	assert_true(json_is_true(json_object_get(r, "differ")));
	assert_string_equal(json_string_value(json_object_get(r, "moved")), MOVED_LINE);
	assert_true(json_is_null(json_object_get(r, "phases_over_flavour")));
	r = json_array_get(fl, 1);
	assert_string_equal(json_string_value(json_object_get(r, "scenario")), "oom-mixed");
	assert_true(json_is_null(json_object_get(r, "moved")));
	assert_string_equal(json_string_value(json_object_get(r, "phases_over_flavour")),
			    "read+write");
	assert_true(json_is_null(json_object_get(json_array_get(fl, 2), "moved")));
	assert_true(json_is_null(json_object_get(json_array_get(fl, 2), "phases_over_flavour")));
	rows = json_object_get(root, "rows");
	for (i = 0; i < json_array_size(rows); i++)
		moved += !strcmp(json_string_value(json_object_get(json_array_get(rows, i),
								   "verdict")), "moved");
	assert_int_equal(moved, 2);
	json_decref(root);
	free(out);
}

/* evidence.txt: the phase table without p for the phases, the moved line,
 * and the moved rows counted in the verdict paragraph. */
static void test_evidence(void **state)
{
	char dir[] = "/tmp/reapbench-test-phase-moves-out-XXXXXX";
	struct rb_report_args args = {
		.cmp = { .db_path = db_path, .a = "6.12", .b = "design",
			 .scenario_glob = "oom-design", .metric_glob = "exit_[fmtu]*" },
		.no_plots = 1,
	};
	char *ev = NULL, *said = NULL;
	int rc;

	(void)state;
	assert_non_null(mkdtemp(dir));
	args.out_dir = dir;
	assert_int_equal(report_quietly(&args, &said, &rc), 0);
	assert_int_equal(rc, RB_EXIT_OK);
	free(said);
	ev = slurp_in(dir, "evidence.txt", NULL);
	assert_non_null(strstr(ev, "\nunmap        0.91   0.02 "));
	assert_non_null(strstr(ev, "2 moved"));
	flat(ev);
	if (!strstr(ev, MOVED_LINE))
		fail_msg("no moved line in evidence.txt:\n%s", ev);
	free(ev);
	assert_int_equal(rm_rf(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_like_subset),
		cmocka_unit_test(test_rule_and_words),
		cmocka_unit_test(test_dominant),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_exit_code),
		cmocka_unit_test(test_filtered),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_evidence),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
