/*
 * The metric table (bench/metrics/metric_table.c): every metric computed from
 * the recorded fixtures and from perf stat output has an entry; families match
 * one dotted part; the entries are consistent; --no-trace keeps exactly the
 * metrics whose source is not the tracepoints.
 */
#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "common.h"
#include "metric_table.h"

int perf_stat_parse(const char *path, struct rb_metrics *m);	/* bench/run/perf_stat.c */

static void assert_all_known(const struct rb_metrics *m, const char *from)
{
	int i;

	assert_true(m->n > 0);
	for (i = 0; i < m->n; i++)
		if (!metric_def_find(m->m[i].name))
			fail_msg("%s: metric %s has no entry in the metric table", from,
				 m->m[i].name);
}

/* Every name metrics_compute() gives on every recorded run. */
static void fixtures_covered(void **state)
{
	static struct rb_runctx ctx;
	static struct rb_events evs;
	static struct rb_metrics m;
	glob_t g;
	size_t i;

	(void)state;
	assert_int_equal(glob("tests/fixtures/*/*.events", 0, NULL, &g), 0);
	assert_true(g.gl_pathc >= 6);
	for (i = 0; i < g.gl_pathc; i++) {
		assert_int_equal(runctx_load_fixture(g.gl_pathv[i], &ctx, &evs), 0);
		metrics_compute(&ctx, &evs, &m);
		rb_events_free(&evs);
		assert_true(m.n >= 40);		/* the per-role lock metrics are all there */
		assert_all_known(&m, g.gl_pathv[i]);
	}
	globfree(&g);
}

/* perf stat -x, lines (as perf 6.1 prints them) -> perf.<event>[_us]. */
static void perf_stat_covered(void **state)
{
	static const char out[] =
		"# started on Mon Nov 30 08:00:00 2026\n\n"
		"1.52,msec,task-clock,1520000,100.00,0.5,CPUs utilized\n"
		"12,,page-faults,1520000,100.00,7.9,K/sec\n"
		"3,,context-switches,1520000,100.00,1.9,K/sec\n"
		"<not supported>,,cycles,0,100.00,,\n";
	static struct rb_metrics m;
	char path[] = "/tmp/reapbench-test-perfstat-XXXXXX";
	const struct rb_metric *x;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, out, sizeof(out) - 1), (ssize_t)sizeof(out) - 1);
	close(fd);
	assert_int_equal(perf_stat_parse(path, &m), 0);
	unlink(path);
	assert_int_equal(m.n, 4);
	assert_all_known(&m, "perf stat");
	x = metrics_get(&m, "perf.task-clock_us");
	assert_non_null(x);
	assert_int_equal(metric_def_find(x->name)->unit, RB_UNIT_US);
	assert_int_equal(metric_def_find("perf.page-faults")->unit, RB_UNIT_COUNT);
	assert_int_equal(metric_def_find("perf.cycles")->direction, RB_DIR_NONE);
}

static void lookup(void **state)
{
	const struct rb_metric_def *d;

	(void)state;
	d = metric_def_find("exit_mmap_us");
	assert_non_null(d);
	assert_string_equal(d->name, "exit_mmap_us");
	assert_int_equal(d->kind, RB_KIND_PRIMARY);
	assert_int_equal(d->source, RB_SRC_TRACE);
	assert_string_equal(metric_def_find("lock_wait_us.reaper.max")->name,
			    "lock_wait_us.<role>.max");
	assert_string_equal(metric_def_find("trylock_fail_n.contender")->name,
			    "trylock_fail_n.<role>");
	/* the narrower family first: a msec event is a duration */
	assert_string_equal(metric_def_find("perf.task-clock_us")->name, "perf.<event>_us");
	assert_string_equal(metric_def_find("perf.cycles")->name, "perf.<event>");
	/* a placeholder is one dotted part, never empty, never the whole name */
	assert_null(metric_def_find("lock_wait_us.victim.x.sum"));
	assert_null(metric_def_find("lock_wait_us..sum"));
	assert_null(metric_def_find("lock_acquire_n."));
	assert_null(metric_def_find("exit_mmap"));
	assert_null(metric_def_find("exit_mmap_us.x"));
	assert_null(metric_def_find(""));
	/* the fix: a harness timing has no direction */
	d = metric_def_find("victim_life_us");
	assert_int_equal(d->direction, RB_DIR_NONE);
	assert_int_equal(d->kind, RB_KIND_TOOL_HEALTH);
	assert_string_equal(metric_unit("memcg_peak_bytes"), "bytes");
	assert_string_equal(metric_unit("vma_n"), "count");
	assert_string_equal(metric_unit("reaper_outcome"), "text");
	assert_string_equal(metric_unit("nope"), "");
}

/* Names unique; a text metric with a direction names its good value, nothing
 * else does; the help is one line that Markdown and man can carry. */
static void entries_consistent(void **state)
{
	const struct rb_metric_def *d, *e;
	size_t i, j, primary = 0;

	(void)state;
	for (i = 0; (d = metric_def_at(i)); i++) {
		assert_true(d->unit < RB_UNIT_NR && d->direction < RB_DIR_NR);
		assert_true(d->kind < RB_KIND_NR && d->source < RB_SRC_NR);
		for (j = 0; j < i; j++) {
			e = metric_def_at(j);
			if (!strcmp(d->name, e->name))
				fail_msg("%s twice in the table", d->name);
		}
		if ((d->unit == RB_UNIT_TEXT && d->direction != RB_DIR_NONE) != (d->hit != NULL))
			fail_msg("%s: a text metric with a direction, and only it, names a hit",
				 d->name);
		if (!d->help[0] || strpbrk(d->help, "|\n"))
			fail_msg("%s: help must be one line without '|'", d->name);
		/* a name that is not a family finds its own entry */
		if (!strchr(d->name, '<') && metric_def_find(d->name) != d)
			fail_msg("%s is shadowed by an earlier entry", d->name);
		primary += d->kind == RB_KIND_PRIMARY;
	}
	assert_true(i >= 39);
	assert_int_equal(primary, 3);	/* kill_to_reaped_us, exit_mmap_us, reaper_outcome */
}

/* --no-trace: the user-space and perf metrics stay, the rest says "tracing off";
 * an OOM kill's user-clock metric whose reason names an event goes too. */
static void untraced(void **state)
{
	static struct rb_metrics m;
	const char *gone[] = { "exit_mmap_us", "lock_wait_us.victim.sum", "lost_events",
			       "reaper_outcome", "unknown_metric", "mem_release_us" };
	const char *kept[] = { "kill_to_reaped_us", "victim_life_us", "memcg_peak_bytes",
			       "vma_n", "perf.task-clock_us", "mrelease_ret" };
	size_t i;

	(void)state;
	metrics_set(&m, "exit_mmap_us", 5);
	metrics_set(&m, "lock_wait_us.victim.sum", 1);
	metrics_set(&m, "lost_events", 0);
	metrics_set_text(&m, "reaper_outcome", "reaped");
	metrics_set(&m, "unknown_metric", 1);
	metrics_set_absent(&m, "mem_release_us", "no oom:mark_victim event for the victim");
	metrics_set(&m, "kill_to_reaped_us", 7);
	metrics_set(&m, "victim_life_us", 9);
	metrics_set(&m, "memcg_peak_bytes", 4096);
	metrics_set(&m, "vma_n", 3);
	metrics_set(&m, "perf.task-clock_us", 2);
	metrics_set_text(&m, "mrelease_ret", "0");
	metrics_mark_untraced(&m);
	for (i = 0; i < ARRAY_SIZE(gone); i++)
		assert_string_equal(metrics_get(&m, gone[i])->absent, "tracing off");
	for (i = 0; i < ARRAY_SIZE(kept); i++)
		assert_string_equal(metrics_get(&m, kept[i])->absent, "");
	assert_true(metrics_get(&m, "victim_life_us")->value == 9);
	assert_string_equal(metrics_get(&m, "mrelease_ret")->text, "0");
}

/* The documents' forms carry every entry; man text escapes its hyphens. */
static void printed_forms(void **state)
{
	char *buf = NULL;
	size_t len = 0, n = 0, entries = 0;
	FILE *f;

	(void)state;
	f = open_memstream(&buf, &len);
	metric_table_print(f, RB_DOC_MD);
	fclose(f);
	assert_non_null(strstr(buf, "| metric | unit | better | kind | source | what |\n"));
	assert_non_null(strstr(buf, "| `victim_life_us` | us | none | tool_health | user | "));
	assert_non_null(strstr(buf, "| `reaper_outcome` | text | higher | primary | trace | "));
	for (char *p = buf; (p = strstr(p, "\n| `")); p++)
		n++;
	while (metric_def_at(entries))
		entries++;
	assert_int_equal(n, entries);
	free(buf);

	f = open_memstream(&buf, &len);
	metric_table_print(f, RB_DOC_MAN);
	fclose(f);
	assert_non_null(strstr(buf, ".TP\n.B perf.<event>_us\nus; lower is better; secondary; "
				    "source perf.\n\\-\\-perf\\-stat: "));
	assert_null(strstr(buf, "user-space"));
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fixtures_covered),
		cmocka_unit_test(perf_stat_covered),
		cmocka_unit_test(lookup),
		cmocka_unit_test(entries_consistent),
		cmocka_unit_test(untraced),
		cmocka_unit_test(printed_forms),
	};

	return cmocka_run_group_tests_name("metric_table", tests, NULL, NULL);
}
