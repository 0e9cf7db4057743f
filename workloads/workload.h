/*
 * Victim shapes, triggers and contenders: each one file filling an ops
 * struct, all listed in one table (registry.c). A piece that this kernel or
 * machine cannot do says why through ->unsupported(), and the run is skipped
 * with that reason (exit 4), never measured with a stand-in.
 */
#ifndef REAPBENCH_WORKLOAD_H
#define REAPBENCH_WORKLOAD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "metrics.h"
#include "params.h"

struct rb_run;

/*
 * What a piece may ask of the runner during a run. The runner fills it in;
 * pieces call run_track_tid() and run_oom_kills() below and never see the
 * runner's state (memcg, trace instance, locks).
 */
struct rb_run_services {
	void *runner;	/* opaque to the pieces */
	/* record tid as a victim thread (and trace it); safe from any thread */
	int (*track_tid)(void *runner, pid_t tid);
	/* OOM kills so far in the run's memcg */
	int (*oom_kills)(void *runner, uint64_t *n);
	/* move a helper process of the piece into the run's memcg */
	int (*attach)(void *runner, pid_t pid);
	/* memory.oom.group of the run's memcg (v2 only); the memcg and the setting die together */
	int (*oom_group)(void *runner, bool on);
	/* bytes the run's memcg can still charge: its limit minus its usage */
	int (*room)(void *runner, uint64_t *bytes);
	/* open the OOM kill count's file read-only, for a helper to poll (its fd) */
	int (*oom_events_open)(void *runner);
};

/* The victim size every shape takes: one page up to 1 TiB, sweepable. */
#define RB_SIZE_PARAM(deflt, text) \
	{ "size", RB_PARAM_SIZE, deflt, 4096, 1ULL << 40, NULL, true, text }

/* A number a shape measured inside its victim; stored as a metric (unit in the name). */
struct rb_fact {
	char name[40];
	double value;
};
#define RB_MAX_FACTS 4

struct rb_shape_ops {
	const char *name;
	const char *help;
	const struct rb_param_def *params;	/* its keys (params.h); NULL: none */
	/* NULL when this shape can run here, else the reason it cannot */
	const char *(*unsupported)(const struct rb_params *p);
	/* bytes the populated victim charges to its memcg (for limits and the safety check) */
	int (*footprint)(const struct rb_params *p, uint64_t *bytes);
	/* in the victim process, inside its memcg: build the memory; 0 on success */
	int (*populate)(const struct rb_params *p);
	/* in the victim: extra threads it started (their tids) for exit attribution */
	int (*victim_tids)(pid_t *tids, int max);
	/* in the victim after populate: what really got built (e.g. thp_huge_bytes). NULL: none */
	int (*report)(struct rb_fact *facts, int max);
};

struct rb_trigger_ops {
	const char *name;
	const char *help;
	const struct rb_param_def *params;
	bool oom_kill;			/* the kernel's OOM killer picks the moment */
	const char *(*unsupported)(const struct rb_params *p);
	/* in the victim after "go": e.g. allocate past the memcg limit. NULL: wait */
	void (*victim_go)(const struct rb_params *p);
	/* in reapbench: prepare before tracing starts (threads, servers) */
	int (*prepare)(struct rb_run *run);
	/* in reapbench: fire; fills run->ctx.t_trigger_ns and friends */
	int (*fire)(struct rb_run *run);
	/* after the victim was reaped: join threads, fill the context */
	void (*finish)(struct rb_run *run);
};

struct rb_contender_ops {
	const char *name;
	const char *help;
	const struct rb_param_def *params;
	const char *(*unsupported)(const struct rb_params *p);
	/* in the victim after populate: start threads that contend from inside. NULL: none */
	int (*victim_start)(const struct rb_params *p);
	/* start before the trigger: fills run->ctx.contender_tids */
	int (*start)(struct rb_run *run);
	void (*stop)(struct rb_run *run);
};

/* One victim's life, shared by the runner and the pieces. */
struct rb_run {
	const struct rb_params *params;
	const struct rb_shape_ops *shape;
	const struct rb_trigger_ops *trigger;
	const struct rb_contender_ops *contenders[8];
	int n_contenders;
	pid_t victim;
	int pidfd;
	int go_fd;			/* write a byte: the victim runs trigger->victim_go */
	struct rb_runctx ctx;
	void *trigger_priv;
	const struct rb_run_services *svc;	/* set by the runner */
	void *contender_priv[8];
	struct rb_fact facts[RB_MAX_FACTS];	/* from shape->report, stored as metrics */
	int n_facts;
	/*
	 * Tasks of the run other than the victim that the OOM killer killed, set
	 * by a trigger that starts such tasks (memcg-oom-multi); -1: the trigger
	 * has none, extra_oom_kill_n then comes from the memcg's oom_kill count.
	 */
	int others_oom_killed;
};

const struct rb_shape_ops *shape_find(const char *name);
const struct rb_trigger_ops *trigger_find(const char *name);
const struct rb_contender_ops *contender_find(const char *name);
/* The table entry of a key of any piece (the first found), or NULL: for plot axes. */
const struct rb_param_def *piece_param_find(const char *name);
/* NULL-terminated lists, for `reapbench list` */
extern const struct rb_shape_ops *const rb_shapes[];
extern const struct rb_trigger_ops *const rb_triggers[];
extern const struct rb_contender_ops *const rb_contenders[];

/* Helpers for pieces. */
/*
 * For pieces whose victim starts a thread after "ready": record tid as a
 * victim thread (and trace its lock events). Thread-safe: the FUSE server
 * thread calls it while the runner waits. -1 when full or no runner.
 */
int run_track_tid(struct rb_run *run, pid_t tid);
/* OOM kills so far in the run's memcg; -1 when unknown. */
int run_oom_kills(const struct rb_run *run, uint64_t *n);
/* The other services of struct rb_run_services; -1 when there is no runner. */
int run_attach(struct rb_run *run, pid_t pid);
int run_oom_group(struct rb_run *run, bool on);
int run_memcg_room(const struct rb_run *run, uint64_t *bytes);
int run_oom_events_open(const struct rb_run *run);
/* The "oom_kill N" count in the text of memory.events / memory.oom_control; -1: none. */
int parse_oom_kill(const char *text, uint64_t *n);
int pin_to_cpu(pid_t tid, int cpu);
/* SCHED_FIFO where permitted; returns 0 or -1 (not fatal for callers). */
int try_sched_fifo(pid_t tid, int prio);
/* Touch every page of [p, p+len) so it is really charged. */
void touch_pages(void *p, size_t len);

#endif
