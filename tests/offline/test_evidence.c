/*
 * evidence.txt of a calibration A/B from a fixture store: 6 boots a side of
 * one scenario, B's write-locked teardown 1 ms longer, both run sets stored
 * with a kernel spec (patch text, .config, spec INI stating the known shift,
 * QEMU accelerator) and machine facts, like `reapbench ab` stores them.
 * Checks what a reader sees: the headline, A and B with the patch's subject
 * and git blob id, the differing config option by name, the machine line,
 * the known and recovered shift, the phase table in ms, per-boot medians;
 * and that the config, spec, paths and tool counters went to appendix.txt.
 * REAPBENCH_TEST_EVIDENCE_DIR keeps the report (evidence_limits.t lints it).
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

#include "common.h"
#include "report.h"
#include "store.h"
#include "report_fixture.h"

static char db_path[] = "/tmp/reapbench-test-evidence-XXXXXX";
static char out_dir[PATH_MAX];
static int report_rc;

#define PATCH "From: t <t@localhost>\\nSubject: [PATCH] mm: calibration: 1 ms delay in " \
	      "the teardown\\n\\nNot for merging.\\n"
/* `git hash-object` of PATCH's text */
#define PATCH_BLOB "92ea9368d96b"

static const char *info(int b)
{
	static char buf[2][2048];

	snprintf(buf[b], sizeof(buf[b]),
		 "{\"cpus_online\": 2, \"kernel_version\": \"#1 SMP PREEMPT_DYNAMIC\","
		 " \"cmdline\": \"console=ttyS0 rdinit=/init\", \"hypervisor\": true,"
		 " \"numa\": {\"nodes\": [{\"node\": 0}, {\"node\": 1}]},"
		 " \"kernel_spec\": {\"name\": \"%s\", \"kind\": \"debian-source\","
		 " \"accel\": \"tcg\", \"topology\": {\"nodes\": 2, \"cpus\": 2},"
		 " \"console_log\": \"/var/cache/reapbench/run/console.log\","
		 " \"patches\": [%s],"
		 " \"spec_ini\": \"[kernel]\\nname = %s\\n%s\", %s"
		 " \"kernel_config\": \"CONFIG_HZ=250\\nCONFIG_PREEMPT_VOLUNTARY=y\\n%s\"}}",
		 b ? "6.12+calibrate" : "6.12",
		 b ? "{\"file\": \"calibrate.patch\", \"text\": \"" PATCH "\"}" : "",
		 b ? "6.12+calibrate" : "6.12",
		 b ? "[calibration]\\nmetric = exit_teardown_us\\nknown_shift_us = 1000\\n" : "",
		 b ? "\"calibration\": {\"metric\": \"exit_teardown_us\", \"known_shift_us\": 1000},"
		   : "",
		 b ? "CONFIG_CALIBRATE_DELAY=y\\n" : "");
	return buf[b];
}

static void put(struct rb_metrics *m, const char *name, double v)
{
	struct rb_metric *x = &m->m[m->n++];

	snprintf(x->name, sizeof(x->name), "%s", name);
	x->value = v;
}

static void put_text(struct rb_metrics *m, const char *name, const char *t)
{
	struct rb_metric *x = &m->m[m->n++];

	snprintf(x->name, sizeof(x->name), "%s", name);
	snprintf(x->text, sizeof(x->text), "%s", t);
}

/* Boot k of side b: runs whose teardown is 500 us (+1000 on B) plus noise. */
static void add_boot(struct rb_store *st, int64_t set, int b, int k, struct rb_metrics *m)
{
	for (int i = 0; i < 6; i++) {
		struct rb_run_record r = {
			.seq = k * 6 + i, .scenario = "anon-8M-kill", .shape = "anon",
			.trigger = "kill", .contenders = "", .params_json = "{}", .rep = i,
			.started_at = "now",
		};
		double noise = 7.0 * ((k * 5 + i * 3) % 7) + 3.0 * k;
		double unmap = 400 + noise, teardown = 500 + noise + (b ? 1000 : 0);
		int64_t id;

		memset(m, 0, sizeof(*m));
		m->valid = true;
		put(m, "exit_unmap_us", unmap);
		put(m, "exit_read_wait_us", 0.5);
		put(m, "exit_write_wait_us", 0.3);
		put(m, "exit_teardown_us", teardown);
		put(m, "exit_mmap_us", unmap + teardown + 1);
		put(m, "kill_to_reaped_us", unmap + teardown + 60);
		put(m, "trace_events_n", 40 + i);
		put(m, "lost_events", 0);
		put_text(m, "exit_flavour", "read+write");
		snprintf(st->boot_id, sizeof(st->boot_id), "boot-%d-%d", b, k);
		assert_int_equal(store_run_add(st, set, &r, m, &id), 0);
	}
}

static int setup(void **state)
{
	struct rb_metrics *m = calloc(1, sizeof(*m));
	const char *keep = getenv("REAPBENCH_TEST_EVIDENCE_DIR");
	struct rb_report_args args = {
		.cmp = { .db_path = db_path, .a = "6.12", .b = "6.12+calibrate",
			 .reproduce = "reapbench report -o results/x 6.12 6.12+calibrate" },
		.no_plots = 1,
	};
	struct rb_store st;
	int64_t set[2];
	char *said = NULL;

	(void)state;
	if (!m || store_create(db_path, &st))
		return -1;
	for (int b = 0; b < 2; b++)
		if (store_runset_begin(&st, b ? "6.12+calibrate" : "6.12", "6.12.117-rb-6.12",
				       "reapbench ab --boots 6 -d /tmp/x.db -o results/x 6.12 "
				       "6.12+calibrate --size 8M --trigger kill --runs 6", 1, info(b),
				       &set[b]))
			return -1;
	for (int k = 0; k < 6; k++)
		for (int b = 0; b < 2; b++)
			add_boot(&st, set[b], b, k, m);
	store_close(&st);
	free(m);
	if (keep)
		snprintf(out_dir, sizeof(out_dir), "%s", keep);
	else if (!mkdtemp(strcpy(out_dir, "/tmp/reapbench-test-evidence-out-XXXXXX")))
		return -1;
	args.out_dir = out_dir;
	if (report_quietly(&args, &said, &report_rc))
		return -1;
	free(said);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink_store(db_path);
	if (!getenv("REAPBENCH_TEST_EVIDENCE_DIR"))
		return rm_rf(out_dir);
	return 0;
}

/* The text with each line break and the indent after it made one blank:
 * what a reader reads, wherever the wrapping fell. */
static char *flat(char *s)
{
	return unwrap_text(s, 0);
}

static char *slurp(const char *name)
{
	return slurp_in(out_dir, name, NULL);
}

static void test_headline_and_sides(void **state)
{
	char *ev = flat(slurp("evidence.txt"));

	(void)state;
	assert_int_equal(report_rc, RB_EXIT_REGRESSION);
	/* verdict first: the first line says what B did, in ms */
	assert_true(!strncmp(ev, "B regresses exit_mmap_us by +1.00 ms [+0.99, +1.01] on "
			     "anon-8M-kill; 2", 70));
	assert_non_null(strstr(ev, "other metrics regressed (below).\n\nA: "));
	assert_non_null(strstr(ev, "A: 6.12.117-rb-6.12, spec 6.12, no patch\n"));
	assert_non_null(strstr(ev, "B: 6.12.117-rb-6.12, spec 6.12+calibrate, patch \"mm:"));
	assert_non_null(strstr(ev, "(blob " PATCH_BLOB ")"));
	assert_non_null(strstr(ev, "Config: 1 option differs: CONFIG_CALIBRATE_DELAY\n"));
	assert_non_null(strstr(ev, "Machine: QEMU TCG guest, 2 CPUs, 2 NUMA nodes, HZ 250, "
				   "PREEMPT_VOLUNTARY\n"));
	free(ev);
}

static void test_calibration_and_tables(void **state)
{
	char *ev = flat(slurp("evidence.txt")), *cal;

	(void)state;
	cal = strstr(ev, "Calibration: B adds a known +1.00 ms to exit_teardown_us; recovered "
		     "+1.00 [+0.99, +1.01] ms at p10, +1.00 [");
	assert_non_null(cal);
	assert_non_null(strstr(ev, "Phases of exit_mmap (ms; shift B-A"));
	assert_non_null(strstr(ev, "\nteardown     0.53   1.53 +1.00 [+0.99,+1.01] +1.00 ["));
	assert_non_null(strstr(ev, "only the write-locked section moved at p50 (longer)"));
	assert_non_null(strstr(ev, "\nexit_mmap "));
	assert_non_null(strstr(ev, "exit_flavour=read+write    A 100% of 36      B 100% of 36"));
	/* 6 boots a side, warm-up dropped: six medians per side */
	assert_non_null(strstr(ev, "6 boots of A and 6 of B, 30 and 30 runs after 1 warm-up"));
	assert_non_null(strstr(ev, "exit_mmap_us (ms): A 0.94 0.95 0.97 0.96 0.95 0.97 | B 1.94"));
	assert_non_null(strstr(ev, "$ reapbench ab --boots 6 -o results/x 6.12 6.12+calibrate "));
	assert_null(strstr(ev, "reapbench report -o"));	/* ab's command is the recipe */
	free(ev);
}

static void test_kept_out(void **state)
{
	char *ev = slurp("evidence.txt"), *ap = slurp("appendix.txt"), *line;
	size_t lines = 0;

	(void)state;
	for (line = ev; *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : "") {
		size_t n = strcspn(line, "\n");

		lines++;
		if (n > RB_TEXT_COLS)
			fail_msg("evidence.txt: %zu columns: %.*s", n, (int)n, line);
	}
	assert_true(lines <= 60);
	assert_null(strstr(ev, "CONFIG_HZ="));
	assert_null(strstr(ev, "/var/cache"));
	assert_null(strstr(ev, "/tmp/"));
	assert_null(strstr(ev, "trace_events_n"));
	assert_null(strstr(ev, "console=ttyS0"));
	/* ... and all of it is in the appendix, multi-line values unbroken */
	assert_non_null(strstr(ap, "\n        CONFIG_HZ=250\n"));
	assert_non_null(strstr(ap, "known_shift_us = 1000"));
	assert_non_null(strstr(ap, "/var/cache/reapbench/run/console.log"));
	assert_non_null(strstr(ap, "trace_events_n"));
	assert_non_null(strstr(ap, "--db /tmp/reapbench-test-evidence-"));
	free(ev);
	free(ap);
}

/* 3 boots a side: no quantile intervals (they need 5), so the phase note
 * says which phases moved by the boot-level test, the p column. */
static void test_phases_without_intervals(void **state)
{
	char db[] = "/tmp/reapbench-test-evidence3-XXXXXX", saved[PATH_MAX], *ev, *said = NULL;
	struct rb_metrics *m = calloc(1, sizeof(*m));
	struct rb_report_args args = {
		.cmp = { .db_path = db, .a = "6.12", .b = "6.12+calibrate",
			 .reproduce = "reapbench report -o x 6.12 6.12+calibrate" },
		.no_plots = 1,
	};
	struct rb_store st;
	int64_t set[2];
	int rc;

	(void)state;
	assert_non_null(m);
	assert_int_equal(store_create(db, &st), 0);
	for (int b = 0; b < 2; b++)
		assert_int_equal(store_runset_begin(&st, b ? "6.12+calibrate" : "6.12",
						    "6.12.117-rb-6.12", "reapbench ab --boots 3", 1,
						    info(b), &set[b]), 0);
	for (int k = 0; k < 3; k++)
		for (int b = 0; b < 2; b++)
			add_boot(&st, set[b], b, k, m);
	store_close(&st);
	free(m);
	snprintf(saved, sizeof(saved), "%s", out_dir);
	assert_non_null(mkdtemp(strcpy(out_dir, "/tmp/reapbench-test-evidence3-out-XXXXXX")));
	args.out_dir = out_dir;
	assert_int_equal(report_quietly(&args, &said, &rc), 0);
	free(said);
	ev = flat(slurp("evidence.txt"));
	assert_non_null(strstr(ev, "Of the work, only the write-locked section moved at p50 "
				   "(longer); the other phases did not by the boot-level test (p)."));
	assert_non_null(strstr(ev, "(no intervals below 5 boots a side: moves by the p column)"));
	assert_null(strstr(ev, "every interval holds 0"));
	free(ev);
	assert_int_equal(rm_rf(out_dir), 0);
	snprintf(out_dir, sizeof(out_dir), "%s", saved);
	unlink_store(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_headline_and_sides),
		cmocka_unit_test(test_calibration_and_tables),
		cmocka_unit_test(test_kept_out),
		cmocka_unit_test(test_phases_without_intervals),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
