/*
 * What the store and report tests do around their own data: make a fresh
 * store at a temporary name, remove it with its WAL files, run report with
 * its output kept from the TAP stream, read back a file it wrote, and remove
 * the output folder. Include after <cmocka.h>; every helper is static inline,
 * so a test that needs only some of them builds under -Werror.
 */
#ifndef REAPBENCH_TEST_REPORT_FIXTURE_H
#define REAPBENCH_TEST_REPORT_FIXTURE_H

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"
#include "store.h"

/* A new, empty store at a name made from path, a mkstemp template that is
 * rewritten in place. 0, or -1 when either step fails. */
static inline int store_create(char *path, struct rb_store *st)
{
	int fd = mkstemp(path);

	if (fd < 0)
		return -1;
	close(fd);
	unlink(path);
	return store_open(path, st) ? -1 : 0;
}

/* One valid run of a race sweep over stall: scenario race@stall=<ms>ms,
 * swept at stall_us, with the metrics in m. store_run_add's result. */
static inline int add_race_run(struct rb_store *st, int64_t set, int seq, int rep,
			       double stall_us, struct rb_metrics *m)
{
	char scen[64];
	struct rb_run_record r = {
		.seq = seq, .scenario = scen, .shape = "anon", .trigger = "stall",
		.contenders = "", .params_json = "{}", .rep = rep, .started_at = "now",
		.sweep_param = "stall", .sweep_value = stall_us,
	};
	int64_t id;

	snprintf(scen, sizeof(scen), "race@stall=%.0fms", stall_us / 1000);
	m->valid = true;
	return store_run_add(st, set, &r, m, &id);
}

/* Remove a test store with its WAL and shared-memory files. */
static inline void unlink_store(const char *path)
{
	char p[PATH_MAX];

	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

/* unlink_store, unless RB_TEST_KEEP_DB=1 keeps the store to look at by hand. */
static inline void drop_store(const char *path)
{
	if (getenv("RB_TEST_KEEP_DB")) {
		fprintf(stderr, "# kept %s\n", path);
		return;
	}
	unlink_store(path);
}

/* rm -rf of a folder a test made with mkdtemp. 0, or -1 when it failed. */
static inline int rm_rf(const char *dir)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) ? -1 : 0;
}

/* report_run with the default compare settings; what it prints goes to
 * *said (freed by the caller), so the TAP stream stays clean. Its exit code
 * in *rc; -1 when no buffer could be opened. */
static inline int report_quietly(struct rb_report_args *args, char **said, int *rc)
{
	size_t len;

	args->out = open_memstream(said, &len);
	if (!args->out)
		return -1;
	compare_cfg_default(&args->cmp.cfg);
	*rc = report_run(args);
	fclose(args->out);
	return 0;
}

/* The whole file at path, NUL-terminated (the caller frees it); its length
 * in *len when len is not NULL. A missing file fails the test. */
static inline char *slurp_path(const char *path, size_t *len)
{
	char *buf;
	FILE *f;
	long n;

	f = fopen(path, "rb");
	if (!f)
		fail_msg("%s: missing", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, n, f), (size_t)n);
	fclose(f);
	if (len)
		*len = n;
	return buf;
}

/* slurp_path of dir/name. */
static inline char *slurp_in(const char *dir, const char *name, size_t *len)
{
	char path[2 * PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return slurp_path(path, len);
}

/*
 * Text as a reader reads it, in place: each line break with the indent after
 * it becomes one blank. With join_lines, a line break is one blank too unless
 * it ends a paragraph or starts a blank line, a comment (#), a table row (|),
 * a quoted line or the metric header. Returns s.
 */
static inline char *unwrap_text(char *s, int join_lines)
{
	char *r = s, *w = s;

	for (; *r; r++) {
		if (*r == '\n' && r[1] == ' ') {
			*w++ = ' ';
			while (r[1] == ' ')
				r++;
			continue;
		}
		if (join_lines && *r == '\n' && r[-1] != '\n' && r[1] && r[1] != '\n' &&
		    r[1] != '#' && r[1] != '|' && r[1] != '"' && strncmp(r + 1, "metric", 6)) {
			*w++ = ' ';
			continue;
		}
		*w++ = *r;
	}
	*w = 0;
	return s;
}

#endif
