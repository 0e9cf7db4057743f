/*
 * Who writes a run set, and run sets whose writer is gone (status `died`).
 * A process is its pid, its start time after boot and the boot id: a pid can
 * be reused, the three together cannot.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <inttypes.h>
#include <unistd.h>
#include <sys/random.h>

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

static bool writer_gone(struct store_stmt *s, const char *my_boot, const char *boot_start)
{
	const char *boot = store_col_text(s, 3), *started = store_col_text(s, 4);
	uint64_t start;

	if (!boot)	/* written before schema 3: gone if it started before this boot */
		return boot_start && started && strcmp(started, boot_start) < 0;
	if (strcmp(boot, my_boot))
		return true;
	return proc_start((long)store_col_int64(s, 1), &start) ||
	       start != (uint64_t)store_col_int64(s, 2);
}

int store_mark_died(struct rb_store *st)
{
	struct store_stmt *s, *u;
	char boot_start[32];
	bool have_boot_start = !boot_time_iso(boot_start, sizeof(boot_start));
	int rc;

	if (store_prepare(st, "SELECT id, writer_pid, writer_start, boot_id, started_at, label,"
			  " machine_id FROM runsets WHERE status='running'", &s))
		return -1;
	if (store_prepare(st, "UPDATE runsets SET status='died' WHERE id=?", &u)) {
		store_finalize(s);
		return -1;
	}
	while ((rc = store_step(s)) == STORE_ROW) {
		/* another host's run set (pushed while running): not ours to judge */
		const char *machine = store_col_text(s, 6);

		if (machine && *machine && st->machine_id[0] && strcmp(machine, st->machine_id))
			continue;
		if (!writer_gone(s, st->boot_id, have_boot_start ? boot_start : NULL))
			continue;
		store_reset(u);
		if (store_bind_int64(u, 1, store_col_int64(s, 0)) || store_step(u) != STORE_DONE) {
			rc = -1;
			break;
		}
		fprintf(stderr, "reapbench: %s: run set #%lld \"%s\" was left running by a process "
			"that is gone: marked died\n", st->path, (long long)store_col_int64(s, 0),
			store_col_text(s, 5) ? store_col_text(s, 5) : "");
	}
	store_finalize(u);
	store_finalize(s);
	return rc == STORE_DONE ? 0 : -1;
}

void store_host_identity(char host[RB_HOST_LEN], char machine_id[RB_MACHINE_ID_LEN])
{
	char *id = read_file_str("/etc/machine-id");

	if (gethostname(host, RB_HOST_LEN))
		host[0] = 0;
	host[RB_HOST_LEN - 1] = 0;
	snprintf(machine_id, RB_MACHINE_ID_LEN, "%s", id ? rstrip(id) : "");
	free(id);
}

int store_uuid(char uuid[RB_UUID_LEN])
{
	unsigned char b[16];
	size_t got = 0;

	while (got < sizeof(b)) {
		ssize_t n = getrandom(b + got, sizeof(b) - got, 0);

		if (n < 0)
			return err_msg("getrandom: %s\n", strerror(errno));
		got += (size_t)n;
	}
	b[6] = (b[6] & 0x0f) | 0x40;	/* version 4 */
	b[8] = (b[8] & 0x3f) | 0x80;	/* variant 1 */
	snprintf(uuid, RB_UUID_LEN, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
		 b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
	return 0;
}
