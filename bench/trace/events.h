/*
 * The decoded event stream of one run: the kernel tracepoints reapbench
 * enables, reduced to the fields the metrics need. The same struct is filled
 * from the live ring buffer (trace.c) and from recorded fixtures (this file's
 * text format), so the metric code never knows which one it reads.
 */
#ifndef REAPBENCH_EVENTS_H
#define REAPBENCH_EVENTS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum rb_ev_kind {
	EV_LOCK_START,		/* mmap_lock:mmap_lock_start_locking */
	EV_LOCK_ACQUIRED,	/* mmap_lock:mmap_lock_acquire_returned */
	EV_LOCK_RELEASED,	/* mmap_lock:mmap_lock_released */
	EV_EXIT_MMAP,		/* mmap:exit_mmap (6.1+) */
	EV_CONTENTION_BEGIN,	/* lock:contention_begin (5.19+) */
	EV_CONTENTION_END,	/* lock:contention_end */
	EV_MARK_VICTIM,		/* oom:mark_victim */
	EV_WAKE_REAPER,		/* oom:wake_reaper */
	EV_START_REAPING,	/* oom:start_task_reaping */
	EV_FINISH_REAPING,	/* oom:finish_task_reaping */
	EV_SKIP_REAPING,	/* oom:skip_task_reaping */
	EV_PROCESS_EXIT,	/* sched:sched_process_exit */
	EV_SIGNAL_GENERATE,	/* signal:signal_generate */
	EV_MRELEASE_ENTER,	/* syscalls:sys_enter_process_mrelease */
	EV_MRELEASE_EXIT,	/* syscalls:sys_exit_process_mrelease */
	EV_EXIT_MMAP_ENTRY,	/* kprobe at exit_mmap(), where the kernel has kprobe_events */
	EV_UNMAP_VMAS_ENTRY,	/* kprobe at unmap_vmas(): where exit_mmap's unmap starts */
	EV_NR_KINDS
};

struct rb_event_desc {
	const char *system;
	const char *name;
	/* false: the run works without it, the metrics it feeds become absent */
	bool required;
};

/* Indexed by enum rb_ev_kind. */
extern const struct rb_event_desc rb_event_descs[EV_NR_KINDS];

struct rb_event {
	uint64_t ts_ns;		/* trace clock "mono" == CLOCK_MONOTONIC */
	uint32_t kind;		/* enum rb_ev_kind */
	int32_t cpu;
	int32_t tid;		/* common_pid: the thread the event fired in */
	int32_t target;		/* pid field of oom/signal/exit events */
	uint64_t mm;		/* mm field (mmap_lock, exit_mmap) */
	uint64_t lock_addr;	/* lock_addr (contention_*) */
	int64_t val;		/* write / sig / ret / contention flags, per kind */
	int32_t success;	/* acquire_returned success; contention_end ret */
	uint32_t seq;		/* arrival order: ties in ts_ns keep it */
};

/* A growable array of events in time order. */
struct rb_events {
	struct rb_event *ev;
	size_t n, cap;
	uint64_t lost;		/* ring-buffer losses observed while recording */
};

int rb_events_push(struct rb_events *evs, const struct rb_event *e);
void rb_events_sort(struct rb_events *evs);
void rb_events_free(struct rb_events *evs);

int rb_event_kind_by_name(const char *name);

/* Text form, one event per line: "ts_ns cpu tid name key=val ...". */
int rb_event_write(FILE *f, const struct rb_event *e);
/* Parse one line; returns 1 on an event, 0 on a blank/comment line, -1 on error. */
int rb_event_parse(const char *line, struct rb_event *e);

#endif
