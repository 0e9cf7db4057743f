/*
 * madvise: another process calling process_madvise(2) on the victim's
 * writable private ranges through a pidfd in a loop, as proactive
 * reclaimers do (madvise=cold, MADV_COLD, default; or pageout,
 * MADV_PAGEOUT): each call takes the victim's mmap_lock for reading.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "contender_child.h"
#include "syscalls.h"
#include "workload.h"

#ifndef __NR_process_madvise
#define __NR_process_madvise 440
#endif
#ifndef MADV_COLD
#define MADV_COLD 20
#endif
#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif
#define MAX_RANGES 1024		/* UIO_MAXIOV */

extern const struct rb_contender_ops contender_madvise;

static long sys_process_madvise(int pidfd, const struct iovec *iov, size_t n, int advice)
{
	return syscall(__NR_process_madvise, pidfd, iov, n, advice, 0);
}

static const struct rb_param_def madvise_table[] = {
	{ "madvise", RB_PARAM_ENUM, "cold", 0, 0, "cold|pageout", false,
	  "the advice: MADV_COLD or MADV_PAGEOUT" },
	{ .name = NULL },
};

static int advice_of(const struct rb_params *p)
{
	const char *a;

	if (params_get_str(p, madvise_table, "madvise", &a))
		return -1;
	return !strcmp(a, "pageout") ? MADV_PAGEOUT : MADV_COLD;
}

static const char *madvise_unsupported(const struct rb_params *p)
{
	(void)p;
	errno = 0;
	if (sys_process_madvise(-1, NULL, 0, MADV_COLD) < 0 && errno == ENOSYS)
		return "kernel has no process_madvise(2) (added in 5.10)";
	return NULL;
}

/* The victim's rw-p ranges from /proc/PID/maps, at most MAX_RANGES. */
static size_t victim_ranges(pid_t pid, struct iovec *iov)
{
	char path[64], line[512];
	size_t n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (n < MAX_RANGES && fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;
		char perms[8];

		if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) == 3 && !strcmp(perms, "rw-p")) {
			iov[n].iov_base = (void *)lo;
			iov[n].iov_len = hi - lo;
			n++;
		}
	}
	fclose(f);
	return n;
}

static void madvise_body(struct rb_run *run, int ready_fd)
{
	static struct iovec iov[MAX_RANGES];
	struct timespec gone = { 0, 100 * 1000 };
	int advice = advice_of(run->params), pidfd = sys_pidfd_open(run->victim);
	size_t n = victim_ranges(run->victim, iov);

	if (pidfd < 0 || !n)
		_exit(1);	/* never ready: start() reports it */
	for (;;) {
		if (sys_process_madvise(pidfd, iov, n, advice) < 0 && errno == ESRCH)
			nanosleep(&gone, NULL);	/* the victim's mm is gone */
		contender_child_ready(&ready_fd);
	}
}

static int madvise_start(struct rb_run *run)
{
	if (advice_of(run->params) < 0)
		return -1;
	return contender_child_start_slot(run, &contender_madvise, madvise_body, "reapbench-madv");
}

static void madvise_stop(struct rb_run *run)
{
	contender_child_stop_slot(run, &contender_madvise);
}

const struct rb_contender_ops contender_madvise = {
	.name = "madvise",
	.help = "a process calling process_madvise(2) on the victim's memory in a loop",
	.params = madvise_table,
	.unsupported = madvise_unsupported,
	.start = madvise_start,
	.stop = madvise_stop,
};
