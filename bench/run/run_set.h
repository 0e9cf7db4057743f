/*
 * A run set: the plan of a scenario set (every check that can be made before
 * anything is created) and its execution (store, tracefs instance, memcgs,
 * the shuffled runs). `reapbench run` parses options into these; `run
 * --check` stops after the plan.
 */
#ifndef REAPBENCH_RUN_SET_H
#define REAPBENCH_RUN_SET_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "perf_window.h"
#include "scenario.h"
#include "store.h"

/* What the plan found for one scenario. */
struct rb_plan_item {
	const char *skip;	/* NULL: runs; else why the machine cannot run it */
	uint64_t footprint;	/* bytes the victim charges */
	uint64_t limit;		/* its memcg limit */
	uint64_t wait_us;	/* the trigger's duration parameters (e.g. stall) */
};

struct rb_plan {
	struct rb_plan_item item[RB_MAX_SCENARIOS];
	int runnable;		/* scenarios not skipped */
	int runs;		/* their runs in total */
	double expected_s;	/* rough duration of those runs */
};

/*
 * Check every scenario of set and fill plan, creating nothing: parameters
 * against their tables, the pieces' unsupported() reasons (skips), the
 * footprint and memcg limit (overflow-checked), the host's memory budget, and
 * that the trigger's wait fits in timeout_s (the runner's limit to reap a
 * victim). Prints the first problem and returns -1; 0 otherwise (runnable may
 * be 0).
 */
int run_set_plan(const struct rb_scenario_set *set, long timeout_s, struct rb_plan *plan);
/* The plan as text: one line per scenario, then the totals. */
void run_set_plan_print(const struct rb_scenario_set *set, const struct rb_plan *plan, FILE *f);

struct rb_run_set_opts {
	const char *label;	/* NULL: the kernel release */
	const char *db;		/* the store's path (for messages) */
	const char *command;	/* the command line, stored with the run set */
	const char *save_events;	/* a fixture per run into this directory, NULL: no */
	int save_events_fd;		/* that directory, opened with safe_dir_open */
	uint64_t seed;		/* shuffle seed of the run order */
	long buffer_kb, timeout_s;
	bool quiet, no_trace, no_pid_filter;
	struct rb_perf *perf;	/* NULL-safe: perf beside the runs */
};

/*
 * Run a planned set into st (open): sweeps leftovers, opens the tracefs
 * instance, begins the run set, runs the shuffled order, ends the run set.
 * *set_id gets the run set (0: none was begun). Returns the number of stored
 * runs, or -1 on error; rb_stop tells an interruption apart. Everything it
 * created is removed on every path (the store stays open: the caller's).
 */
int run_set_execute(struct rb_scenario_set *set, const struct rb_plan *plan,
		    const struct rb_run_set_opts *o, struct rb_store *st, int64_t *set_id);

#endif
