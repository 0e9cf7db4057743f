/*
 * The store's interface on whichever backend RB_TEST_DB names: a SQLite file
 * or a postgresql:// URI of an empty database (tests/offline/store-backends.t
 * runs this once per backend). Schema creation and reopening, run sets and
 * runs with their UUIDs and host, every read query (GLOB filters included,
 * which PostgreSQL gets as regexes), run-set resolution by label, id and
 * host, `died` marking, push from a local SQLite store into this one,
 * idempotent, and a guest's store imported (kernel run) and merged (ab).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "common.h"
#include "store.h"
#include "store_import.h"
#include "store_push.h"
#include "store_query.h"

static const char *db;
static char local[128];

static void add_run(struct rb_store *st, int64_t set, int seq, const char *scenario, bool valid)
{
	struct rb_metrics m;
	struct rb_run_record r = {
		.seq = seq, .scenario = scenario, .shape = "anon", .trigger = "kill",
		.contenders = "", .params_json = "{\"size_bytes\": 8388608}", .rep = seq,
		.started_at = "2026-01-01T00:00:00Z", .wall_us = 1000.5 + seq,
		.sweep_param = strchr(scenario, '@') ? "threads" : NULL, .sweep_value = seq,
	};
	int64_t id;

	memset(&m, 0, sizeof(m));
	m.valid = valid;
	if (!valid)
		snprintf(m.invalid_reason, sizeof(m.invalid_reason), "lost events");
	metrics_set(&m, "exit_mmap_us", 100.25 + seq);
	metrics_set_text(&m, "reaper_outcome", "reaped");
	metrics_set_absent(&m, "mrelease_us", "no process_mrelease");
	assert_int_equal(store_run_add(st, set, &r, &m, &id), 0);
	assert_true(id > 0);
}

struct rows { int n; double sum; int absent, text; char first[64]; };

static int count_row(const struct rb_metric_row *row, void *ctx)
{
	struct rows *r = ctx;

	if (!r->n)
		snprintf(r->first, sizeof(r->first), "%s/%s", row->scenario, row->name);
	r->n++;
	if (row->has_value)
		r->sum += row->value;
	r->absent += row->absent != NULL;
	r->text += row->text != NULL;
	return 0;
}

static int count_scenario(const char *scenario, void *ctx)
{
	(void)scenario;
	++*(int *)ctx;
	return 0;
}

#define N_FIRST_OPENS 8

/* Writers opening the empty store at once: one creates the schema, all get
 * in and write a run set (the first test: the store is still empty). */
static void test_concurrent_first_open(void **state)
{
	struct rb_store st;
	int64_t *ids;
	size_t n;
	int ok = 0;

	(void)state;
	for (int i = 0; i < N_FIRST_OPENS; i++) {
		pid_t pid = fork();

		assert_true(pid >= 0);
		if (!pid) {
			int64_t set;

			if (store_open(db, &st) ||
			    store_runset_begin(&st, "first-open", "k", "c", 1, "{}", &set) ||
			    store_runset_end(&st, set, "complete"))
				_exit(1);
			store_close(&st);
			_exit(0);
		}
	}
	for (int i = 0; i < N_FIRST_OPENS; i++) {
		int status;

		if (wait(&status) > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
			ok++;
	}
	assert_int_equal(ok, N_FIRST_OPENS);
	assert_int_equal(store_open_readonly(db, &st), 0);
	assert_int_equal(st.schema, RB_STORE_SCHEMA);
	assert_int_equal(store_q_runset_ids(&st, "first-open", &ids, &n), 0);
	assert_int_equal(n, N_FIRST_OPENS);
	free(ids);
	store_close(&st);
}

static void test_write_and_read(void **state)
{
	struct rb_store st, ro;
	struct rb_runset_info info;
	struct rows rows = { 0 };
	int64_t set, other, id, *ids;
	size_t n;
	bool stored;
	int scen = 0;

	(void)state;
	assert_int_equal(store_open(db, &st), 0);
	assert_int_equal(st.schema, RB_STORE_SCHEMA);
	assert_int_equal(store_runset_begin(&st, "base", "6.12.0", "reapbench run", 42, "{}", &set), 0);
	add_run(&st, set, 1, "anon-8M-kill", true);
	add_run(&st, set, 2, "anon-8M-kill", true);
	add_run(&st, set, 3, "anon-8M-kill", false);
	add_run(&st, set, 4, "threads@threads=4", true);
	assert_int_equal(store_runset_end(&st, set, "complete"), 0);
	assert_int_equal(store_runset_begin(&st, "patched", "6.13.0", "c", 7, "{}", &other), 0);
	add_run(&st, other, 1, "anon-8M-kill", true);
	assert_int_equal(store_runset_end(&st, other, "complete"), 0);
	store_close(&st);

	/* a second writer's open finds the schema there and changes nothing */
	assert_int_equal(store_open(db, &st), 0);
	store_close(&st);

	assert_int_equal(store_open_readonly(db, &ro), 0);
	assert_int_equal(store_q_runset(&ro, set, NULL, &info), 0);
	assert_string_equal(info.label, "base");
	assert_string_equal(info.status, "complete");
	assert_int_equal(info.seed, 42);
	assert_int_equal(info.runs_valid, 3);
	assert_int_equal(info.runs_invalid, 1);
	assert_string_equal(info.invalid_reason, "lost events");
	assert_non_null(info.uuid);
	assert_int_equal(strlen(info.uuid), 36);
	assert_int_equal(info.uuid[14], '4');		/* version 4 */
	assert_non_null(info.host);
	store_q_runset_free(&info);
	/* the scenario filter counts within it only */
	assert_int_equal(store_q_runset(&ro, set, "anon-*", &info), 0);
	assert_int_equal(info.runs_valid, 2);
	store_q_runset_free(&info);

	/* GLOB filters: *, ?, [..], and a literal '.' and '+' in a name */
	assert_int_equal(store_q_metrics(&ro, set, "anon-*", "exit_mmap_us", count_row, &rows), 0);
	assert_int_equal(rows.n, 2);
	assert_true(rows.sum == 101.25 + 102.25);
	memset(&rows, 0, sizeof(rows));
	assert_int_equal(store_q_metrics(&ro, set, "anon-?M-kill", "[em]*", count_row, &rows), 0);
	assert_int_equal(rows.n, 4);		/* exit_mmap_us, mrelease_us x 2 runs */
	assert_int_equal(rows.absent, 2);
	memset(&rows, 0, sizeof(rows));
	assert_int_equal(store_q_metrics(&ro, set, "anon.8M*", NULL, count_row, &rows), 0);
	assert_int_equal(rows.n, 0);		/* '.' is not a wildcard */
	memset(&rows, 0, sizeof(rows));
	assert_int_equal(store_q_summary(&ro, set, count_row, &rows), 0);
	assert_int_equal(rows.n, 9);		/* 3 valid runs x 3 metrics */
	assert_int_equal(rows.text, 3);
	assert_string_equal(rows.first, "anon-8M-kill/exit_mmap_us");
	memset(&rows, 0, sizeof(rows));
	assert_int_equal(store_q_metric_values(&ro, set, "exit_mmap_us", count_row, &rows), 0);
	assert_int_equal(rows.n, 3);
	assert_int_equal(store_q_metric_stored(&ro, set, "mrelease_us", &stored), 0);
	assert_true(stored);
	assert_int_equal(store_q_metric_stored(&ro, set, "nope", &stored), 0);
	assert_false(stored);
	assert_int_equal(store_q_scenarios(&ro, set, count_scenario, &scen), 0);
	assert_int_equal(scen, 2);

	/* resolution: label, #id, bare id, newest */
	assert_int_equal(store_runset_resolve(&ro, "patched", &id), 0);
	assert_int_equal(id, other);
	{
		char spec[32];

		snprintf(spec, sizeof(spec), "#%lld", (long long)set);
		assert_int_equal(store_runset_resolve(&ro, spec, &id), 0);
		assert_int_equal(id, set);
	}
	assert_int_equal(store_runset_latest(&ro, &id), 0);
	assert_int_equal(id, other);
	assert_int_equal(store_runset_resolve(&ro, "missing", &id), -1);
	assert_int_equal(store_q_runset_ids(&ro, "pat*", &ids, &n), 0);
	assert_int_equal(n, 1);
	free(ids);
	assert_int_equal(store_q_runset_ids_on_host(&ro, NULL, "no-such-host", &ids, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_runset_resolve_on_host(&ro, "base", "no-such-host", &id), -1);
	store_close(&ro);
}

static void test_died(void **state)
{
	struct rb_store st;
	struct rb_runset_info info;
	int64_t id;
	pid_t pid;
	int status;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {	/* a writer that exits without ending its run set */
		int64_t set;

		if (store_open(db, &st) || store_runset_begin(&st, "killed", "k", "c", 1, "{}", &set))
			_exit(1);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(store_open(db, &st), 0);
	assert_int_equal(store_runset_resolve(&st, "killed", &id), 0);
	assert_int_equal(store_q_runset(&st, id, NULL, &info), 0);
	assert_string_equal(info.status, "died");
	store_q_runset_free(&info);
	store_close(&st);
}

static int64_t count_all_runs(struct rb_store *st, const char *label_glob)
{
	int64_t *ids, total = 0;
	size_t n;

	assert_int_equal(store_q_runset_ids(st, label_glob, &ids, &n), 0);
	for (size_t i = 0; i < n; i++) {
		struct rb_runset_info info;

		assert_int_equal(store_q_runset(st, ids[i], NULL, &info), 0);
		total += info.runs_valid + info.runs_invalid;
		store_q_runset_free(&info);
	}
	free(ids);
	return total;
}

static void test_push(void **state)
{
	struct rb_store src, dst;
	struct store_push_stats ps;
	int64_t set, id;

	(void)state;
	assert_int_equal(store_open(local, &src), 0);
	snprintf(src.host, sizeof(src.host), "lab-host-7");
	assert_int_equal(store_runset_begin(&src, "pushed", "6.14.0", "c", 3, "{}", &set), 0);
	add_run(&src, set, 1, "anon-8M-kill", true);
	add_run(&src, set, 2, "anon-8M-kill", false);
	assert_int_equal(store_runset_end(&src, set, "complete"), 0);
	assert_int_equal(store_open(db, &dst), 0);
	assert_int_equal(store_push(&src, &dst, &ps), 0);
	assert_int_equal(ps.runsets_new, 1);
	assert_int_equal(ps.runs_new, 2);
	assert_int_equal(ps.metrics_new, 6);
	/* again: nothing new, nothing twice */
	assert_int_equal(store_push(&src, &dst, &ps), 0);
	assert_int_equal(ps.runsets_new, 0);
	assert_int_equal(ps.runsets_known, 1);
	assert_int_equal(ps.runs_new, 0);
	assert_int_equal(ps.runs_known, 2);
	/* a run added later is pushed alone */
	add_run(&src, set, 3, "anon-8M-kill", true);
	assert_int_equal(store_push(&src, &dst, &ps), 0);
	assert_int_equal(ps.runs_new, 1);
	assert_int_equal(ps.runs_known, 2);
	assert_int_equal(count_all_runs(&dst, "pushed"), 3);
	/* the host is the writer's, found by --host */
	assert_int_equal(store_runset_resolve_on_host(&dst, "pushed", "lab-host-7", &id), 0);
	assert_true(id > 0);
	store_close(&dst);
	store_close(&src);
}

static void test_import(void **state)
{
	struct rb_store g, st;
	struct store_import imp = { .label = "guest-6.12", .command = "reapbench kernel run",
				    .kernel_json = "{\"name\": \"6.12\"}" };
	struct rb_runset_info info;
	struct rb_run_boot *boots;
	char guest[160];
	int64_t set;
	size_t n;

	(void)state;
	snprintf(guest, sizeof(guest), "%s.guest", local);
	assert_int_equal(store_open(guest, &g), 0);
	assert_int_equal(store_runset_begin(&g, "in-guest", "6.12.0-guest", "c", 5, "{}", &set), 0);
	add_run(&g, set, 1, "anon-8M-kill", true);
	add_run(&g, set, 2, "anon-8M-kill", false);
	store_close(&g);	/* left running: the guest stopped */
	assert_int_equal(store_open(db, &st), 0);
	assert_int_equal(store_import_guest(&st, guest, &imp), 0);
	assert_int_equal(imp.runsets, 1);
	assert_int_equal(imp.runs, 2);
	assert_int_equal(imp.valid_runs, 1);
	assert_int_equal(store_q_runset(&st, imp.last_runset_id, NULL, &info), 0);
	assert_string_equal(info.label, "guest-6.12");
	assert_string_equal(info.kernel_release, "6.12.0-guest");
	assert_string_equal(info.status, "died");
	assert_non_null(strstr(info.info_json, "\"kernel_spec\""));
	assert_non_null(info.uuid);
	store_q_runset_free(&info);
	/* a second boot merged into it: 4 runs, the boots counted */
	imp.merge_into = imp.last_runset_id;
	assert_int_equal(store_import_guest(&st, guest, &imp), 0);
	assert_int_equal(store_runset_boot_ids(&st, imp.merge_into, &boots, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(boots[0].boot_id[0] != 0, 1);
	free(boots);
	assert_int_equal(store_q_runset(&st, imp.merge_into, NULL, &info), 0);
	assert_non_null(strstr(info.info_json, "\"boots\":2"));
	assert_int_equal(info.runs_valid + info.runs_invalid, 4);
	store_q_runset_free(&info);
	store_close(&st);
	unlink(guest);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_concurrent_first_open),
		cmocka_unit_test(test_write_and_read),
		cmocka_unit_test(test_died),
		cmocka_unit_test(test_push),
		cmocka_unit_test(test_import),
	};
	char dir[] = "/tmp/test_store_backend-XXXXXX";
	int rc;

	db = getenv("RB_TEST_DB");
	if (!db || !*db || !mkdtemp(dir)) {
		printf("1..0 # SKIP RB_TEST_DB names no store\n");
		return 0;
	}
	snprintf(local, sizeof(local), "%s/local.db", dir);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	unlink(local);
	snprintf(local, sizeof(local), "%s/local.db.guest-wal", dir);
	unlink(local);
	snprintf(local, sizeof(local), "%s/local.db.guest-shm", dir);
	unlink(local);
	snprintf(local, sizeof(local), "%s/local.db-wal", dir);
	unlink(local);
	snprintf(local, sizeof(local), "%s/local.db-shm", dir);
	unlink(local);
	rmdir(dir);
	return rc;
}
