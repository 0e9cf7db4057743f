/*
 * perf beside the tracepoints, over one victim's teardown window (from just
 * before the trigger to the victim being reaped):
 *
 *  --perf-stat: `perf stat -a -G CGROUP` with software counters, CGROUP a
 *    cgroup2 group holding only the victim (perf_cgroup.c says why not -p).
 *    Only the victim's own threads are counted (they run exit_mmap); the
 *    oom_reaper, the process_mrelease thread and contenders are other tasks.
 *    Started with its events disabled (-D -1) and enabled through
 *    --control fd:CTL,ACK; its "ack" arrives before the trigger, so nothing of
 *    perf's start-up falls in the window. The victim sleeps in pause() until
 *    the trigger, so the counts are its teardown. Metrics: perf.<event> (count)
 *    or perf.<event>_us (perf reports the event in msec: task-clock);
 *    "<not supported>"/"<not counted>" are stored absent with that reason.
 *  --perf-lock: `perf lock record -a` (perf record of lock:contention_begin/
 *    end, system-wide, same enable/ack handshake) over the same window, then
 *    `perf lock contention` on the file. The rows whose caller takes a
 *    process's mmap_lock are summed into perf_lock.mmap_contended_n,
 *    perf_lock.mmap_wait_total_us and perf_lock.mmap_wait_max_us, to be read
 *    beside reapbench's contention_n / contention_us.
 *
 * perf is found in $PATH (Debian: linux-perf). Every child is waited for and
 * every temporary file removed on every path.
 */
#ifndef REAPBENCH_PERF_WINDOW_H
#define REAPBENCH_PERF_WINDOW_H

#include <stdbool.h>
#include <sys/types.h>

#include "metrics.h"

#define PERF_STAT_DEFAULT_EVENTS \
	"task-clock,page-faults,minor-faults,major-faults,context-switches,cpu-migrations," \
	"cycles,instructions"

/* One perf child: its pid, control/ack pipes, output file. */
struct perf_child {
	pid_t pid;
	int ctl, ack;		/* our ends; -1 when closed */
	char out[64];		/* output file, "" when none */
};

struct rb_perf {
	bool stat, lock;
	const char *stat_events;	/* comma list for perf stat -e */
	struct perf_child st, lk;
	char cg[256];		/* perf stat -G: cgroup2 path of the victim's group */
	char cgdir[512];	/* that group's directory if we made it, else "" */
};

/* NULL when perf can run here, else why not (for a "skipped:" line, exit 4). */
const char *perf_unsupported(const struct rb_perf *p);

/* Before the trigger: start the children and wait until counting is on. NULL-safe. */
int perf_window_start(struct rb_perf *p, pid_t victim);
/* After the reap (and on every error path): stop the children. Idempotent, NULL-safe. */
void perf_window_stop(struct rb_perf *p);
/* After metrics_compute(): parse the outputs into m, remove the files. NULL-safe. */
void perf_window_store(struct rb_perf *p, struct rb_metrics *m);

/* perf_cgroup.c: put the victim in a cgroup2 group of its own / remove it. */
int perf_cgroup_enter(struct rb_perf *p, pid_t victim);
void perf_cgroup_remove(struct rb_perf *p);

/* Remove the output files left by a run that failed before perf_window_store(). */
void perf_window_cleanup(struct rb_perf *p);

#endif
