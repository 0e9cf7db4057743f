/* reapbench-selfbench: the suite's own cost (make bench-self). */
#ifndef REAPBENCH_SELFBENCH_H
#define REAPBENCH_SELFBENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rb_run;
struct rb_events;
struct rb_metrics;

/* Median of v[0..n) (sorts a copy). */
double sb_median(const double *v, size_t n);

/*
 * Events decoded per second: reapbench's trace_collect() vs `perf script`,
 * the same tracepoints, the same mmap/munmap workload of `iters` iterations.
 * Also prints reapbench's peak RSS while decoding it. 0 or -1.
 */
int sb_decode_rate(const char *self_exe, long iters, long buffer_kb);

/* The workload: mmap + munmap of one page, iters times (6 mmap_lock events each). */
int sb_churn(long iters);

/* One victim life (fork, populate SIZE, SIGKILL, waitpid) for hyperfine; see life.c. */
int sb_life(const char *size, const char *log);

/* (e) probecost.c: the states of the suite's instance the microbenchmark compares. */
enum sb_cost_state { SB_COST_OFF, SB_COST_ARMED, SB_COST_RECORDED, SB_COST_FILTERED, SB_COST_NR };
extern const char *const sb_cost_state_names[SB_COST_NR];

struct sb_cost_est {
	double ns, lo_ns, hi_ns;	/* per event vs off: median of repetitions, 95% CI */
	size_t n;
};

/* The two workloads of (e): lock kinds (pid-filtered) and the other kinds. */
enum sb_cost_wl { SB_COST_WL_LOCK, SB_COST_WL_OTHER, SB_COST_WL_NR };
extern const char *const sb_cost_wl_names[SB_COST_WL_NR];
extern const char *const sb_cost_wl_what[SB_COST_WL_NR];

struct sb_cost_result {
	double events_per_iter;		/* events of one iteration, counted in the trace */
	double iter_ns[SB_COST_NR];	/* median CPU ns of one iteration per state */
	struct sb_cost_est cost[SB_COST_NR];	/* per event vs off; [SB_COST_OFF] unused */
};

struct sb_event_cost {
	long reps, iters;
	bool pinned;			/* the thread ran on one CPU */
	struct sb_cost_result wl[SB_COST_WL_NR];
	uint64_t lost;			/* ring-buffer losses in the recorded blocks */
	const char *flavour;		/* mmap_lock field flavour (memcg_id, memcg_path) */
	char load_start[48], load_end[48];	/* /proc/loadavg around the measurement */
};

/* Runs the microbenchmark (root, tracefs). 0 or -1. */
int sb_probe_cost(long reps, long iters, struct sb_event_cost *out);
void sb_probe_cost_print(const struct sb_event_cost *c);
/* How many tracefs instances besides ours exist (other tools' probes). */
int sb_other_instances(void);

/*
 * windows.c: the recorded events inside each measured window of a traced run,
 * and the bound table (events x cost) of make bench-self.
 */
enum sb_window { SB_W_KILL_TO_REAPED, SB_W_EXIT_MMAP, SB_W_EXIT_UNMAP, SB_W_EXIT_TEARDOWN,
		 SB_W_EXIT_PRELOCK, SB_W_NR };

struct sb_windows {
	size_t cap, n[SB_W_NR];
	double *value[SB_W_NR];		/* the metric, us */
	/* recorded tracepoint events of the suite's threads: lock kinds, the other kinds */
	double *suite_lock[SB_W_NR], *suite_other[SB_W_NR];
	double *others[SB_W_NR];	/* events of other threads (unfiltered kinds) */
	/* runs with every thread recorded: other threads' lock events, which the pid
	 * filter drops in a real run */
	size_t n_unfiltered[SB_W_NR];
	double *filtered_out[SB_W_NR];
	double *kprobes[SB_W_NR];	/* exit_mmap entry kprobe hits inside it */
};

int sb_windows_init(struct sb_windows *w, size_t cap);
void sb_windows_free(struct sb_windows *w);
/* Count the events of one traced run's windows (the metrics it has); a run without
 * the pid filter counts only what the filter would have dropped. */
void sb_windows_add(struct sb_windows *w, const struct rb_run *run, const struct rb_events *evs,
		    const struct rb_metrics *m);
/* Print the table; ab_pct/lo/hi: the on/off A/B of kill_to_reaped_us (NaN: none). */
void sb_windows_print(const struct sb_windows *w, const struct sb_event_cost *c,
		      double ab_pct, double ab_lo, double ab_hi);

#endif
