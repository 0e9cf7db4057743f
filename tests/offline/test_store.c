/*
 * The store as a file: a foreign SQLite file is refused and left
 * byte-identical, 40 concurrent first opens all succeed with one schema, an
 * older store is upgraded in place, run sets of a process that is gone are
 * marked died, each run records the boot it measured (also through a guest
 * import), symbolic links are refused and readers never create. What the
 * store holds is checked with the sqlite3 command-line tool, not through
 * the code under test.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "scratch_dir.h"

#include "common.h"
#include "store.h"
#include "store_import.h"
#include "store_query.h"

#define N_CONCURRENT 40
#define N_ROUNDS 8

static char dir[64];

/* path of NAME in the test's directory (a static buffer per slot) */
static const char *at(int slot, const char *name)
{
	static char buf[4][256];

	snprintf(buf[slot], sizeof(buf[slot]), "%s/%s", dir, name);
	return buf[slot];
}

/* Run the sqlite3 tool on db; its output's first line (static buffer). */
static const char *sql(const char *db, const char *q)
{
	static char out[512];
	char cmd[2048];
	FILE *p;

	snprintf(cmd, sizeof(cmd), "sqlite3 -batch -noheader '%s' \"%s\" 2>&1", db, q);
	p = popen(cmd, "r");
	assert_non_null(p);
	out[0] = 0;
	if (!fgets(out, sizeof(out), p))
		out[0] = 0;
	pclose(p);
	out[strcspn(out, "\n")] = 0;
	return out;
}

/* The whole file (malloc'd), for byte comparisons. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc(n ? (size_t)n : 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static bool exists(const char *path)
{
	struct stat sb;

	return !lstat(path, &sb);
}

static const char *host_boot(void)
{
	static char id[RB_BOOT_ID_LEN];
	char *s = read_file_str("/proc/sys/kernel/random/boot_id");

	assert_non_null(s);
	snprintf(id, sizeof(id), "%s", rstrip(s));
	free(s);
	return id;
}

static void add_run(struct rb_store *st, int64_t set, int seq)
{
	static struct rb_metrics m;
	struct rb_run_record r = {
		.seq = seq, .scenario = "anon-8M-kill", .shape = "anon", .trigger = "kill",
		.contenders = "", .params_json = "{}", .rep = seq, .started_at = "x", .wall_us = 1,
	};
	int64_t id;

	memset(&m, 0, sizeof(m));
	m.valid = true;
	metrics_set(&m, "exit_mmap_us", 100 + seq);
	assert_int_equal(store_run_add(st, set, &r, &m, &id), 0);
}

/* A store as schema 2 wrote it (before application_id, pids and boot ids). */
static void make_v2_store(const char *db, const char *status)
{
	char q[2048];

	snprintf(q, sizeof(q),
		 "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
		 "CREATE TABLE runsets(id INTEGER PRIMARY KEY, label TEXT NOT NULL,"
		 " kernel_release TEXT, started_at TEXT, ended_at TEXT, suite_version TEXT,"
		 " git_commit TEXT, command TEXT, seed INTEGER, info_json TEXT, status TEXT);"
		 "CREATE TABLE runs(id INTEGER PRIMARY KEY, runset_id INTEGER NOT NULL"
		 " REFERENCES runsets(id) ON DELETE CASCADE, seq INTEGER, scenario TEXT, shape TEXT,"
		 " trigger TEXT, contenders TEXT, params_json TEXT, sweep_param TEXT,"
		 " sweep_value REAL, sweep2_param TEXT, sweep2_value REAL, rep INTEGER,"
		 " valid INTEGER NOT NULL, invalid_reason TEXT, started_at TEXT, wall_us REAL);"
		 "CREATE TABLE metrics(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
		 " name TEXT NOT NULL, value REAL, text TEXT, absent_reason TEXT,"
		 " PRIMARY KEY(run_id, name));"
		 "INSERT INTO meta VALUES('schema_version', '2');"
		 "INSERT INTO runsets(id, label, started_at, seed, info_json, status)"
		 " VALUES(1, 'old', '2001-01-01T00:00:00Z', 7, '{}', '%s');"
		 "INSERT INTO runs(id, runset_id, seq, scenario, valid, sweep2_param, sweep2_value)"
		 " VALUES(1, 1, 1, 's', 1, 'threads', 2), (2, 1, 2, 's', 1, 'threads', 4);"
		 "INSERT INTO metrics VALUES(1, 'exit_mmap_us', 10, NULL, NULL),"
		 " (2, 'exit_mmap_us', 20, NULL, NULL);", status);
	assert_string_equal(sql(db, q), "");
}

static void foreign_untouched(const char *db)
{
	char wal[300];
	size_t n0, n1;
	char *before = slurp(db, &n0), *after;
	struct rb_store st;

	assert_int_equal(store_open(db, &st), -1);
	assert_null(st.db);
	assert_int_equal(store_open_readonly(db, &st), -1);
	after = slurp(db, &n1);
	assert_int_equal(n0, n1);
	assert_memory_equal(before, after, n0);
	snprintf(wal, sizeof(wal), "%s-journal", db);
	assert_false(exists(wal));
	free(before);
	free(after);
}

static void test_foreign_file_untouched(void **state)
{
	const char *db = at(0, "foreign.db");
	int fd;

	(void)state;
	assert_string_equal(sql(db, "CREATE TABLE notes(x); INSERT INTO notes VALUES('keep');"), "");
	foreign_untouched(db);
	assert_string_equal(sql(db, "SELECT group_concat(name) FROM sqlite_master"), "notes");
	assert_string_equal(sql(db, "PRAGMA journal_mode"), "delete");

	/* a SQLite file without tables is someone's too */
	db = at(0, "header-only.db");
	assert_string_equal(sql(db, "PRAGMA user_version=7; VACUUM;"), "");
	foreign_untouched(db);
	assert_string_equal(sql(db, "SELECT count(*) FROM sqlite_master"), "0");

	/* one in WAL mode: its main file stays as it was */
	db = at(0, "foreign-wal.db");
	assert_string_equal(sql(db, "PRAGMA journal_mode=WAL; CREATE TABLE t(x);"), "wal");
	foreign_untouched(db);

	/* not SQLite at all */
	db = at(0, "text.db");
	fd = open(db, O_WRONLY | O_CREAT | O_EXCL, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "hello, not a database\n", 22), 22);
	close(fd);
	foreign_untouched(db);
}

/* One round: N_CONCURRENT fresh processes (exec'd, so they start with the
 * timing of separate reapbench invocations) open the new store db at once. */
static int concurrent_round(const char *db)
{
	int go[2], i, ok = 0, status;
	pid_t pids[N_CONCURRENT];

	assert_int_equal(pipe(go), 0);
	for (i = 0; i < N_CONCURRENT; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (!pids[i]) {
			char c;

			close(go[1]);
			(void)!read(go[0], &c, 1);	/* all start when the parent closes go */
			execl("/proc/self/exe", "test_store", "--open", db, (char *)NULL);
			_exit(127);
		}
	}
	close(go[0]);
	close(go[1]);
	for (i = 0; i < N_CONCURRENT; i++) {
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		ok += WIFEXITED(status) && WEXITSTATUS(status) == 0;
	}
	return ok;
}

static void test_concurrent_first_open(void **state)
{
	char db[300], app[32];
	int round;

	(void)state;
	snprintf(app, sizeof(app), "%d", RB_STORE_APP_ID);
	/* a race shows in some rounds only: main failed 2 rounds of 10 */
	for (round = 0; round < N_ROUNDS; round++) {
		snprintf(db, sizeof(db), "%s/concurrent-%d.db", dir, round);
		assert_int_equal(concurrent_round(db), N_CONCURRENT);
		assert_string_equal(sql(db, "SELECT group_concat(key || '=' || value) FROM meta"),
				    "schema_version=5");
		assert_string_equal(sql(db, "SELECT group_concat(name) FROM (SELECT name FROM"
					    " sqlite_master WHERE type='table' ORDER BY name)"),
				    "margins,meta,metrics,runs,runsets");
		assert_string_equal(sql(db, "PRAGMA application_id"), app);
		assert_string_equal(sql(db, "PRAGMA user_version"), "5");
		assert_string_equal(sql(db, "PRAGMA journal_mode"), "wal");
	}
}

static void test_upgrade_from_2(void **state)
{
	const char *db = at(0, "v2.db");
	struct rb_store st;
	struct rb_run_boot *boots;
	size_t n, len0, len1;
	char *before, *after, app[32];

	(void)state;
	make_v2_store(db, "complete");
	/* a reader reads it as it is and changes nothing */
	before = slurp(db, &len0);
	assert_int_equal(store_open_readonly(db, &st), 0);
	assert_int_equal(st.schema, 2);
	assert_int_equal(store_runset_boot_ids(&st, 1, &boots, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(boots[0].boot_id, "");
	free(boots);
	store_close(&st);
	after = slurp(db, &len1);
	assert_int_equal(len0, len1);
	assert_memory_equal(before, after, len0);
	free(before);
	free(after);

	/* a writer upgrades it in place, keeping every row */
	assert_int_equal(store_open(db, &st), 0);
	assert_int_equal(st.schema, 5);
	store_close(&st);
	assert_string_equal(sql(db, "SELECT value FROM meta WHERE key='schema_version'"), "5");
	assert_string_equal(sql(db, "SELECT count(*) FROM sqlite_master WHERE name='margins'"), "1");
	/* 4 -> 5: every run set and run gets its own UUID */
	assert_string_equal(sql(db, "SELECT count(DISTINCT uuid) || '/' || count(*) FROM runs"),
			    "2/2");
	assert_string_equal(sql(db, "SELECT count(*) FROM runsets WHERE uuid LIKE"
				    " '________-____-4___-____-____________'"), "1");
	snprintf(app, sizeof(app), "%d", RB_STORE_APP_ID);
	assert_string_equal(sql(db, "PRAGMA application_id"), app);
	assert_string_equal(sql(db, "SELECT count(*) FROM pragma_table_info('runs')"
				    " WHERE name='boot_id'"), "1");
	assert_string_equal(sql(db, "SELECT count(*) FROM pragma_table_info('runsets')"
				    " WHERE name IN ('writer_pid', 'writer_start', 'boot_id')"), "3");
	assert_string_equal(sql(db, "SELECT group_concat(value) FROM metrics"), "10.0,20.0");
	assert_string_equal(sql(db, "SELECT status FROM runsets WHERE id=1"), "complete");
}

static const char *status_of(struct rb_store *st, int64_t id)
{
	static char s[32];
	struct rb_runset_info info;

	assert_int_equal(store_q_runset(st, id, NULL, &info), 0);
	snprintf(s, sizeof(s), "%s", info.status ? info.status : "(null)");
	store_q_runset_free(&info);
	return s;
}

static void test_died(void **state)
{
	const char *db = at(0, "died.db");
	struct rb_store st, mine, again;
	int64_t dead_set, my_set, id;
	char q[256];
	pid_t pid;
	int status;

	(void)state;
	/* a writer that exits without ending its run set (as after kill -9) */
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		int64_t set;

		if (store_open(db, &st) || store_runset_begin(&st, "killed", "k", "c", 1, "{}", &set))
			_exit(1);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_string_equal(sql(db, "SELECT status FROM runsets WHERE label='killed'"), "running");
	snprintf(q, sizeof(q), "SELECT writer_pid = %d AND boot_id = '%s' FROM runsets"
		 " WHERE label='killed'", (int)pid, host_boot());
	assert_string_equal(sql(db, q), "1");

	/* this process's own run set is alive: left running */
	assert_int_equal(store_open(db, &mine), 0);
	assert_int_equal(store_runset_resolve(&mine, "killed", &dead_set), 0);
	assert_string_equal(status_of(&mine, dead_set), "died");
	assert_int_equal(store_runset_begin(&mine, "alive", "k", "c", 1, "{}", &my_set), 0);
	assert_int_equal(store_open(db, &again), 0);
	assert_string_equal(status_of(&again, my_set), "running");
	store_close(&again);

	/* the same pid in another boot is not this process */
	snprintf(q, sizeof(q), "UPDATE runsets SET boot_id='00000000-0000-0000-0000-000000000000'"
		 " WHERE id=%lld", (long long)my_set);
	assert_string_equal(sql(db, q), "");
	assert_int_equal(store_open(db, &again), 0);
	assert_string_equal(status_of(&again, my_set), "died");
	store_close(&again);

	/* written before schema 3 (no pid): died when it started before this boot */
	assert_string_equal(sql(db, "INSERT INTO runsets(id, label, started_at, status) VALUES"
				    " (100, 'old', '2000-01-01T00:00:00Z', 'running'),"
				    " (101, 'now', '2999-01-01T00:00:00Z', 'running')"), "");
	assert_int_equal(store_open(db, &again), 0);
	assert_int_equal(store_runset_resolve(&again, "#100", &id), 0);
	assert_string_equal(status_of(&again, 100), "died");
	assert_string_equal(status_of(&again, 101), "running");
	store_close(&again);
	store_close(&mine);
}

static void test_boot_ids(void **state)
{
	const char *db = at(0, "boots.db");
	struct rb_store st;
	struct rb_run_boot *boots;
	int64_t set;
	size_t n;

	(void)state;
	assert_int_equal(store_open(db, &st), 0);
	assert_int_equal(store_runset_begin(&st, "host", "k", "c", 1, "{}", &set), 0);
	add_run(&st, set, 1);
	add_run(&st, set, 2);
	assert_int_equal(store_runset_boot_ids(&st, set, &boots, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(boots[0].boot_id, host_boot());
	assert_string_equal(boots[1].boot_id, host_boot());
	assert_true(boots[0].valid && boots[1].valid);
	assert_true(boots[0].run_id < boots[1].run_id);
	free(boots);
	store_close(&st);
	assert_string_equal(sql(db, "SELECT count(DISTINCT boot_id) || ':' || count(*) FROM runs"),
			    "1:2");
}

/* Import guest into host; the boot ids of the imported runs, "a,b". */
static const char *import_boots(const char *host, const char *guest, int64_t merge_into,
				int64_t *set)
{
	static char ids[512];
	struct store_import imp = { .label = "guest", .command = "test", .kernel_json = "{}",
				    .merge_into = merge_into };
	struct rb_store st;
	struct rb_run_boot *boots;
	size_t n, i, len = 0;

	assert_int_equal(store_open(host, &st), 0);
	assert_int_equal(store_import_guest(&st, guest, &imp), 0);
	assert_int_equal(imp.runs, 2);
	*set = imp.last_runset_id;
	assert_int_equal(store_runset_boot_ids(&st, *set, &boots, &n), 0);
	ids[0] = 0;
	for (i = n - 2; i < n; i++)	/* the two runs this import added */
		len += snprintf(ids + len, sizeof(ids) - len, "%s%s", i > n - 2 ? "," : "",
				boots[i].boot_id);
	free(boots);
	store_close(&st);
	return ids;
}

static void test_import_boot_ids(void **state)
{
	const char *host = at(0, "host.db"), *guest3 = at(1, "guest3.db");
	const char *guest2 = at(2, "guest2.db");
	char first[512], *comma;
	struct rb_store st;
	int64_t set, set2;

	(void)state;
	/* a guest of this schema recorded its own boot */
	assert_int_equal(store_open(guest3, &st), 0);
	assert_int_equal(store_runset_begin(&st, "g", "k", "c", 1, "{}", &set), 0);
	add_run(&st, set, 1);
	add_run(&st, set, 2);
	store_close(&st);
	assert_string_equal(sql(guest3, "UPDATE runs SET boot_id='guest-boot-1'"), "");
	assert_string_equal(import_boots(host, guest3, 0, &set), "guest-boot-1,guest-boot-1");
	/* its run set was left running in the guest: imported as died */
	assert_int_equal(store_open(host, &st), 0);
	assert_string_equal(status_of(&st, set), "died");
	store_close(&st);

	/* a schema-2 guest recorded none: one fresh id for this import's boot */
	make_v2_store(guest2, "complete");
	snprintf(first, sizeof(first), "%s", import_boots(host, guest2, 0, &set));
	comma = strchr(first, ',');
	assert_non_null(comma);
	assert_int_equal(comma - first, 36);
	assert_memory_equal(first, comma + 1, 36);
	assert_string_not_equal(comma + 1, host_boot());
	assert_string_not_equal(comma + 1, "guest-boot-1");
	/* a second boot merged into the same run set gets another */
	{
		const char *second = import_boots(host, guest2, set, &set2);

		assert_int_equal(set2, set);
		assert_int_equal(strlen(second), 73);
		assert_memory_not_equal(second, first, 36);
	}
	/* its 2-D sweep values came along */
	assert_string_equal(sql(host, "SELECT count(*) FROM runs WHERE sweep2_param='threads'"), "4");
}

static void test_symlink_refused(void **state)
{
	const char *link = at(0, "link.db"), *target = at(1, "target.db");
	struct rb_store st;

	(void)state;
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(store_open(link, &st), -1);
	assert_false(exists(target));
	assert_int_equal(store_open_readonly(link, &st), -1);
	/* a real store behind it is not read through it either */
	assert_int_equal(store_open(target, &st), 0);
	store_close(&st);
	assert_int_equal(store_open_readonly(link, &st), -1);
	/* nor through a linked directory */
	assert_int_equal(mkdir(at(0, "real"), 0755), 0);
	assert_int_equal(symlink(at(0, "real"), at(1, "dirlink")), 0);
	assert_int_equal(store_open(at(0, "dirlink/x.db"), &st), -1);
	assert_false(exists(at(0, "real/x.db")));
}

static void test_reader_never_creates(void **state)
{
	const char *db = at(0, "missing.db");
	struct rb_store st;

	(void)state;
	assert_int_equal(store_open_readonly(db, &st), -1);
	assert_false(exists(db));
	assert_null(st.db);
}

static int setup(void **state)
{
	(void)state;
	return scratch_make(dir, sizeof(dir), "test_store");
}

static int teardown(void **state)
{
	(void)state;
	return scratch_remove(dir);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_foreign_file_untouched),
		cmocka_unit_test(test_concurrent_first_open),
		cmocka_unit_test(test_upgrade_from_2),
		cmocka_unit_test(test_died),
		cmocka_unit_test(test_boot_ids),
		cmocka_unit_test(test_import_boot_ids),
		cmocka_unit_test(test_symlink_refused),
		cmocka_unit_test(test_reader_never_creates),
	};

	if (argc == 3 && !strcmp(argv[1], "--open")) {	/* one of the concurrent openers */
		struct rb_store st;
		int rc = store_open(argv[2], &st);

		store_close(&st);
		return rc ? 1 : 0;
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}
