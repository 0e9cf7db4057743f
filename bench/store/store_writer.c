/*
 * Who writes a run set, and run sets whose writer is gone (status `died`).
 * A process is its pid, its start time after boot and the boot id: a pid can
 * be reused, the three together cannot.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <inttypes.h>
#include <unistd.h>

#include "common.h"
#include "store_internal.h"

#define BOOT_ID_FILE "/proc/sys/kernel/random/boot_id"

static int read_boot_id(char boot_id[RB_BOOT_ID_LEN])
{
	char *s = read_file_str(BOOT_ID_FILE);

	if (!s)
		return err_msg("%s: cannot read\n", BOOT_ID_FILE);
	snprintf(boot_id, RB_BOOT_ID_LEN, "%s", rstrip(s));
	free(s);
	return 0;
}

/* Field 22 of /proc/PID/stat (starttime, clock ticks after boot); -1 when gone. */
static int proc_start(long pid, uint64_t *start)
{
	char path[64], *stat, *p;
	int field, rc = -1;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	stat = read_file_str(path);
	if (!stat)
		return -1;
	p = strrchr(stat, ')');		/* comm may hold spaces and parentheses */
	for (field = 2; p && field < 22; field++)
		p = strchr(p + 1, ' ');
	if (p && sscanf(p + 1, "%" SCNu64, start) == 1)
		rc = 0;
	free(stat);
	return rc;
}

int store_writer_identity(char boot_id[RB_BOOT_ID_LEN], uint64_t *start)
{
	if (read_boot_id(boot_id))
		return -1;
	if (proc_start((long)getpid(), start))
		return err_msg("/proc/self/stat: cannot read the start time\n");
	return 0;
}

/* This boot's start as the store's ISO-8601 UTC text (btime in /proc/stat). */
static int boot_time_iso(char *buf, size_t len)
{
	char *stat = read_file_str("/proc/stat"), *p;
	long long btime;
	time_t t;
	struct tm tm;
	int rc = -1;

	p = stat ? strstr(stat, "\nbtime ") : NULL;
	if (p && sscanf(p + 7, "%lld", &btime) == 1) {
		t = (time_t)btime;
		gmtime_r(&t, &tm);
		strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
		rc = 0;
	}
	free(stat);
	return rc;
}

static bool writer_gone(sqlite3_stmt *s, const char *my_boot, const char *boot_start)
{
	const char *boot = store_col_text(s, 3), *started = store_col_text(s, 4);
	uint64_t start;

	if (!boot)	/* written before schema 3: gone if it started before this boot */
		return boot_start && started && strcmp(started, boot_start) < 0;
	if (strcmp(boot, my_boot))
		return true;
	return proc_start((long)sqlite3_column_int64(s, 1), &start) ||
	       start != (uint64_t)sqlite3_column_int64(s, 2);
}

int store_mark_died(struct rb_store *st)
{
	sqlite3_stmt *s, *u;
	char boot_start[32];
	bool have_boot_start = !boot_time_iso(boot_start, sizeof(boot_start));
	int rc;

	if (store_prepare(st, "SELECT id, writer_pid, writer_start, boot_id, started_at, label"
			  " FROM runsets WHERE status='running'", &s))
		return -1;
	if (store_prepare(st, "UPDATE runsets SET status='died' WHERE id=?", &u)) {
		sqlite3_finalize(s);
		return -1;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (!writer_gone(s, st->boot_id, have_boot_start ? boot_start : NULL))
			continue;
		sqlite3_reset(u);
		sqlite3_bind_int64(u, 1, sqlite3_column_int64(s, 0));
		if (sqlite3_step(u) != SQLITE_DONE) {
			rc = SQLITE_ERROR;
			break;
		}
		fprintf(stderr, "reapbench: %s: run set #%lld \"%s\" was left running by a process "
			"that is gone: marked died\n", st->path, (long long)sqlite3_column_int64(s, 0),
			store_col_text(s, 5) ? store_col_text(s, 5) : "");
	}
	sqlite3_finalize(u);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return err_msg("%s: %s\n", st->path, sqlite3_errmsg(st->db));
	return 0;
}
