/*
 * `perf lock contention` on a perf lock recording -> mmap_lock summary.
 * Without BPF, perf names no lock, only the caller of the contended lock:
 * the rwsem rows whose caller is a function that takes a process's mmap_lock
 * (table below) are the mmap_lock rows. System-wide: other processes'
 * mmap_lock contention in the same window counts too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "subprocess.h"
#include "perf_window.h"

int perf_lock_summarise(const char *data, struct rb_metrics *m);

static const char *const mmap_lock_callers[] = {
	"exit_mmap", "exit_mm", "acct_collect", "process_mrelease", "__oom_reap_task_mm",
	"oom_reap_task_mm", "lock_mm_and_find_vma", "do_user_addr_fault", "vm_mmap_pgoff",
	"__vm_munmap", "vm_munmap", "do_vmi_munmap", "__do_sys_brk", "do_madvise",
	"do_mprotect_pkey", "__do_sys_mremap", "get_user_pages_unlocked",
	"__access_remote_vm", NULL,
};

static bool is_mmap_lock_caller(const char *caller)
{
	size_t len = strcspn(caller, "+");
	int i;

	if (!strncmp(caller, "mmap_", 5))	/* mmap_read_lock_killable() & co. not inlined */
		return true;
	for (i = 0; mmap_lock_callers[i]; i++)
		if (strlen(mmap_lock_callers[i]) == len && !strncmp(caller, mmap_lock_callers[i], len))
			return true;
	return false;
}

static double to_us(double v, const char *unit)
{
	if (!strcmp(unit, "ns"))
		return v / 1e3;
	if (!strcmp(unit, "ms"))
		return v * 1e3;
	if (!strcmp(unit, "s"))
		return v * 1e6;
	return v;	/* "us" */
}

int perf_lock_summarise(const char *data, struct rb_metrics *m)
{
	char *argv[] = { "perf", "lock", "contention", "-i", (char *)data, "-E", "100000", NULL };
	struct rb_spawn s = { .argv = argv, .err = { .kind = RB_IO_STDOUT }, .timeout_ms = 600000 };
	double total_us = 0, max_us = 0;
	unsigned long contended = 0;
	int rows = 0, header = 0, rc;
	char *text = NULL, *line, *save = NULL;

	rc = rb_spawn_capture(&s, &text);
	for (line = text ? strtok_r(text, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
		char tu[8], mu[8], au[8], type[32], caller[128];
		double tot, mx, avg;
		unsigned long n;

		if (strstr(line, "contended") && strstr(line, "caller"))
			header = 1;
		if (sscanf(line, "%lu %lf %7s %lf %7s %lf %7s %31s %127s", &n, &tot, tu, &mx, mu, &avg,
			   au, type, caller) != 9)
			continue;
		rows++;
		if (strncmp(type, "rwsem", 5) || !is_mmap_lock_caller(caller))
			continue;
		debug_msg("perf lock: mmap_lock row: %s\n", line);
		contended += n;
		total_us += to_us(tot, tu);
		if (to_us(mx, mu) > max_us)
			max_us = to_us(mx, mu);
	}
	free(text);
	if (rc != 0 || !header)
		return -1;
	metrics_set(m, "perf_lock.mmap_contended_n", (double)contended);
	metrics_set(m, "perf_lock.mmap_wait_total_us", total_us);
	if (contended)
		metrics_set(m, "perf_lock.mmap_wait_max_us", max_us);
	else
		metrics_set_absent(m, "perf_lock.mmap_wait_max_us", "no mmap_lock contention");
	metrics_set(m, "perf_lock.rows_n", (double)rows);
	return 0;
}
