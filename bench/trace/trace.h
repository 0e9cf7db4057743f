/*
 * The suite's own tracefs instance ("reapbench-<pid>"): created disabled,
 * trace clock "mono" (== CLOCK_MONOTONIC), overwrite off so that losses are
 * counted rather than silent, the events of events.h enabled where the kernel
 * has them. Destroyed on every exit path; leftovers of killed runs are swept.
 */
#ifndef REAPBENCH_TRACE_H
#define REAPBENCH_TRACE_H

#include <stdbool.h>
#include <stddef.h>

#include "events.h"

struct tracefs_instance;
struct tracefs_dynevent;
struct tep_handle;
struct tep_format_field;

struct rb_trace_fields {
	int id;
	struct tep_format_field *mm, *write, *success, *pid, *sig, *lock_addr, *flags, *ret;
};

struct rb_trace {
	struct tracefs_instance *inst;
	struct tep_handle *tep;
	char name[64];
	bool have[EV_NR_KINDS];
	struct rb_trace_fields f[EV_NR_KINDS];
	short *kind_by_id;	/* event id -> kind, -1 if not ours */
	int max_id;
	unsigned long long lost_before;
	int ncpus;
	/* exit_mmap and unmap_vmas entry (trace.c's kprobes[]), NULL without kprobes */
	struct tracefs_dynevent *kprobe[2];
	char kprobe_name[2][48];
};

/* Mount tracefs if nothing has (remembered and undone by trace_unmount_if_mounted). */
int trace_ensure_mounted(void);
void trace_unmount_if_mounted(void);

int trace_open(struct rb_trace *t, size_t buffer_kb);
/*
 * Record the high-volume events (mmap_lock, lock contention) of these threads
 * only (n == 0, or too many: of every thread). Other events are never filtered.
 * Returns 0 when filtered, 1 when every thread is recorded, -1 on error.
 */
int trace_filter_pids(struct rb_trace *t, const int *pids, int n);
/*
 * Register (on) or unregister (off) the instance's probes: every event
 * trace_open() enabled. Off, the kernel runs as if reapbench were not there,
 * which tracing_on 0 alone does not give (each enabled event still costs
 * ~150 ns, make bench-self). For runs that are not traced at all.
 */
int trace_set_events(struct rb_trace *t, bool on);
int trace_start(struct rb_trace *t);
int trace_stop(struct rb_trace *t);
/*
 * Drain the ring buffer into evs (time-sorted) and count losses into evs->lost.
 * May be called while tracing is on: each call appends what arrived since.
 */
int trace_collect(struct rb_trace *t, struct rb_events *evs);
void trace_close(struct rb_trace *t);

/* Destroy instances named reapbench-<pid> whose process is gone. Returns how many. */
int trace_sweep_leftovers(void);

/* Which of our events exist on this kernel, without an instance. */
void trace_probe_events(bool have[EV_NR_KINDS]);
/* "memcg_id", "memcg_path" or "none": the mmap_lock field flavour. */
const char *trace_mmap_lock_flavour(void);

#endif
