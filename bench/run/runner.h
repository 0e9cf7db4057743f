/* One victim's life: memcg, populate, contenders, trace, trigger, reap, metrics. */
#ifndef REAPBENCH_RUNNER_H
#define REAPBENCH_RUNNER_H

#include <signal.h>

#include "perf_window.h"
#include "trace.h"
#include "workload.h"

/* Set by SIGINT/SIGTERM: finish cleanup, keep what is stored, stop. */
extern volatile sig_atomic_t rb_stop;
void runner_install_signals(void);

struct rb_run_opts {
	int timeout_ms;		/* populate and reap each */
	const char *save_events_dir; /* write a fixture per run, NULL: no */
	int save_events_fd;	/* that directory, opened with safe_dir_open */
	int seq;		/* run number within the set (memcg name) */
	bool pid_filter;	/* record lock events of the roles' threads only */
	bool no_trace;		/* tracing off: tracepoint metrics absent (probe effect) */
	struct rb_perf *perf;	/* perf beside the run (perf_window.h), NULL: none */
};

/*
 * Returns 0 when the run happened (metrics filled, valid or not), 1 when it was
 * interrupted (nothing to store), -1 on error. evs receives the decoded events.
 */
int run_one(struct rb_run *run, struct rb_trace *t, const struct rb_run_opts *o,
	    struct rb_events *evs, struct rb_metrics *m);

/* The oom_reaper kthread's pid (0 if none). */
pid_t find_oom_reaper(void);

/*
 * Memory a run may use: refuse limits that could push the host into a global
 * OOM (MemAvailable minus a reserve). Returns 0 or prints why and returns -1.
 */
int check_memory_budget(uint64_t limit_bytes, const char *what);
/* The memcg limit for a victim footprint: footprint plus headroom for the process.
 * -1 (printed) when it does not fit in 64 bits. */
int memcg_limit_for(uint64_t footprint, uint64_t *limit);

#endif
