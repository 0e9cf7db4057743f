/* The metric table (metric_table.h) and its lookup. */
#include "metric_table.h"

#include <stdbool.h>
#include <string.h>

#include "common.h"

#define US RB_UNIT_US
#define BYTES RB_UNIT_BYTES
#define COUNT RB_UNIT_COUNT
#define TEXT RB_UNIT_TEXT
#define LOWER RB_DIR_LOWER
#define HIGHER RB_DIR_HIGHER
#define NONE RB_DIR_NONE
#define PRIMARY RB_KIND_PRIMARY
#define SECONDARY RB_KIND_SECONDARY
#define DESCRIPTOR RB_KIND_DESCRIPTOR
#define HEALTH RB_KIND_TOOL_HEALTH
#define TRACE RB_SRC_TRACE
#define USER RB_SRC_USER
#define PERF RB_SRC_PERF

/*
 * In the order the documents list them. A name is matched against the
 * entries in this order, first match wins: put a family's narrower entry
 * (perf.<event>_us) before its wider one (perf.<event>).
 */
static const struct rb_metric_def metric_defs[] = {
	/* the figures a change to the teardown path is judged by */
	{ "exit_mmap_us", US, LOWER, PRIMARY, TRACE, NULL,
	  "exit_mmap's entry (kprobe; exit_phase_method=kprobe) or, on kernels without "
	  "kprobes (6.18 here), its first mmap_lock start_locking .. mmap:exit_mmap / final "
	  "release, in the thread that tore the mm down; compare only like methods" },
	{ "kill_to_reaped_us", US, LOWER, PRIMARY, USER, NULL,
	  "trigger .. waitpid() return (user-space CLOCK_MONOTONIC = trace clock mono; an OOM "
	  "kill's moment is oom:mark_victim)" },
	{ "reaper_outcome", TEXT, HIGHER, PRIMARY, TRACE, "reaped",
	  "the oom_reaper's outcome from the oom:* events and its mmap_lock trylock: reaped "
	  "(at the first attempt), reaped_after_retries (after failed attempts), found_oom_skip "
	  "(got the lock, found MMF_OOM_SKIP set by exit_mmap), unable_to_reap (10 failed "
	  "trylocks, HZ/10 apart), not_needed (no oom:wake_reaper before the victim's "
	  "exit_mmap was done: the 2 s timer then finds MMF_OOM_SKIP and emits nothing), "
	  "skipped (a last skip_task_reaping with no reaper lock event to tell why); absent if "
	  "tracing stopped during the retries; better: a higher share of reaped" },
	/* exit_mmap's parts */
	{ "exit_prelock_us", US, LOWER, SECONDARY, TRACE, NULL,
	  "exit_mmap's entry (kprobe) .. its first mmap_lock start_locking "
	  "(mmu_notifier_release on 6.x); absent without kprobes" },
	{ "exit_write_hold_us", US, LOWER, SECONDARY, TRACE, NULL,
	  "exit_mmap's write-locked time (acquired .. released, summed over its write "
	  "sections): how long the reaper, process_mrelease and readers were locked out" },
	{ "exit_unmap_us", US, LOWER, SECONDARY, TRACE, NULL,
	  "the read-locked unmap phase of exit_mmap (6.1+; absent where the unmap runs under "
	  "the write lock or without a lock)" },
	{ "exit_read_wait_us", US, LOWER, SECONDARY, TRACE, NULL,
	  "the wait for the unmap phase's read lock (6.1+)" },
	{ "exit_teardown_us", US, LOWER, SECONDARY, TRACE, NULL,
	  "the write-locked teardown phase of exit_mmap (absent where the teardown takes no lock)" },
	{ "exit_write_wait_us", US, LOWER, SECONDARY, TRACE, NULL,
	  "the wait for the teardown phase's write lock" },
	{ "exit_handover_us", US, LOWER, SECONDARY, TRACE, NULL,
	  "exit_mmap's first lock .. its unmap, when lock sections end before the unmap (the "
	  "hand-over's self-reap and write barrier, 5.17's self-reap), where kprobes mark "
	  "exit_mmap's entry and unmap_vmas" },
	{ "exit_flavour", TEXT, NONE, DESCRIPTOR, TRACE, NULL,
	  "the lock pattern exit_mmap showed: read+write on the kernels upstream shipped (6.1+); "
	  "on the design kernels (kernels/README.md) reap+barrier+unlocked (hand-over, <=5.16), "
	  "unlocked+write (2018 RFC), reap+write (5.17-5.19), and for an mm that is no OOM "
	  "victim unlocked (hand-over) or write-only (5.17-5.19)" },
	{ "exit_mmap_in", TEXT, NONE, DESCRIPTOR, TRACE, NULL,
	  "in whose thread exit_mmap ran: victim, reaper, mrelease, contender, none" },
	{ "exit_phase_method", TEXT, NONE, DESCRIPTOR, TRACE, NULL,
	  "how exit_mmap's start was told apart from exit_mm's read section: kprobe (at "
	  "exit_mmap's entry), exit-order (sched_process_exit fires before exit_mm, as on "
	  "6.18), pattern (a read section directly before the final write section)" },
	/* from the kill to the memory */
	{ "kill_to_exit_us", US, LOWER, SECONDARY, TRACE, NULL,
	  "signal:signal_generate SIGKILL / oom:mark_victim .. sched:sched_process_exit of the "
	  "last victim thread (after exit_mmap on 6.12, before exit_mm on 6.18: compare only "
	  "between kernels of one ordering)" },
	{ "mem_release_us", US, LOWER, SECONDARY, USER, NULL,
	  "trigger .. memcg usage below 10% of memcg_peak_bytes (polled every ~20 us)" },
	{ "relief_us", US, LOWER, SECONDARY, USER, NULL,
	  "oom:mark_victim .. a second allocator's allocation in the memcg succeeded "
	  "(multi-task scenarios; absent without one)" },
	{ "extra_oom_kill_n", COUNT, LOWER, SECONDARY, USER, NULL,
	  "tasks other than the victim that the OOM killer killed: memcg-oom-multi's allocator "
	  "dead of a SIGKILL reapbench did not send; other OOM triggers memcg_oom_kill_n - 1 "
	  "(with memory.oom.group the count may hold the victim twice)" },
	{ "oom_skip_to_freed_us", US, LOWER, SECONDARY, TRACE, NULL,
	  "MMF_OOM_SKIP set .. memory freed: absent, no tracepoint marks MMF_OOM_SKIP (up to "
	  "6.18)" },
	{ "mrelease_us", US, LOWER, SECONDARY, USER, NULL,
	  "duration of the process_mrelease(2) call" },
	{ "mrelease_ret", TEXT, HIGHER, SECONDARY, USER, "0",
	  "process_mrelease's return: 0 or the errno name; better: a higher share of 0" },
	{ "mrelease_start_after_kill_us", US, NONE, DESCRIPTOR, USER, NULL,
	  "when process_mrelease started after the kill (a harness timing: the race's setting)" },
	/* the oom_reaper */
	{ "reaper_attempts", COUNT, LOWER, SECONDARY, TRACE, NULL,
	  "the oom_reaper's attempts on the victim (oom:start_task_reaping plus "
	  "oom:skip_task_reaping): 1 plus its retries; 0 when not woken" },
	{ "reaper_wake_us", US, LOWER, SECONDARY, TRACE, NULL,
	  "oom:mark_victim .. oom:wake_reaper" },
	{ "reaper_start_us", US, LOWER, SECONDARY, TRACE, NULL,
	  "oom:mark_victim .. oom:start_task_reaping" },
	{ "reaper_finish_us", US, LOWER, SECONDARY, TRACE, NULL,
	  "oom:mark_victim .. oom:finish_task_reaping" },
	{ "reaper_met_exit", TEXT, NONE, DESCRIPTOR, TRACE, NULL,
	  "yes when an mmap_lock section of the oom_reaper or process_mrelease on the victim's "
	  "mm (start_locking .. release, or .. a failed trylock) overlapped exit_mmap's span "
	  "(exit_mmap_us's start .. end): the race happened; no when neither took the lock in "
	  "it; absent without an exit_mmap span or when neither acts on the trigger" },
	/* mmap_lock waits on the victim's mm, by role */
	{ "lock_wait_us.<role>.sum", US, LOWER, SECONDARY, TRACE, NULL,
	  "start_locking .. acquire_returned on the victim's mm, summed, by role: victim, "
	  "reaper, mrelease, contender" },
	{ "lock_wait_us.<role>.max", US, LOWER, SECONDARY, TRACE, NULL,
	  "the longest of those waits, by role" },
	{ "lock_acquire_n.<role>", COUNT, NONE, DESCRIPTOR, TRACE, NULL,
	  "mmap_lock acquisitions on the victim's mm, by role" },
	{ "lock_hold_us.<role>.sum", US, LOWER, SECONDARY, TRACE, NULL,
	  "acquire_returned success=1 .. released per thread on the victim's mm, summed, by "
	  "role" },
	{ "lock_hold_us.<role>.max", US, LOWER, SECONDARY, TRACE, NULL,
	  "the longest of those holds, by role" },
	{ "trylock_fail_n.<role>", COUNT, LOWER, SECONDARY, TRACE, NULL,
	  "failed mmap_lock trylocks on the victim's mm (success=0, no lock:contention_begin "
	  "in between), by role: reaper = its mmap_read_trylock, victim = its page faults' "
	  "mmap_read_trylock; before 5.19 (no contention events) killable failures count too" },
	{ "lock_intr_n.<role>", COUNT, NONE, DESCRIPTOR, TRACE, NULL,
	  "killable mmap_lock waits on the victim's mm that gave up (success=0 after "
	  "lock:contention_begin: -EINTR), by role: mrelease = process_mrelease's "
	  "mmap_read_lock_killable, victim = a page fault's killable fallback" },
	{ "contention_us", US, LOWER, SECONDARY, TRACE, NULL,
	  "rwsem lock:contention_begin .. contention_end nested in those waits, summed" },
	{ "contention_n", COUNT, LOWER, SECONDARY, TRACE, NULL,
	  "rwsem lock:contention_begin events nested in those waits" },
	/* what the run was */
	{ "memcg_peak_bytes", BYTES, NONE, DESCRIPTOR, USER, NULL,
	  "the peak usage of the run's memcg: memory.peak (v1 max_usage_in_bytes) for OOM "
	  "kills, the usage at the trigger otherwise" },
	{ "thp_huge_bytes", BYTES, NONE, DESCRIPTOR, USER, NULL,
	  "what the thp shape really got as huge pages (AnonHugePages, read by the victim "
	  "from /proc/self)" },
	{ "vma_n", COUNT, NONE, DESCRIPTOR, USER, NULL,
	  "the mappings the vmas shape really built (read by the victim from /proc/self)" },
	/* race scenarios (workloads: pgtables, memcg-oom-multi) */
	{ "pgtable_bytes", BYTES, NONE, DESCRIPTOR, USER, NULL,
	  "the page tables the pgtables shape really built (VmPTE, read by the victim from "
	  "/proc/self/status)" },
	/* the harness and the tracer */
	{ "lost_events", COUNT, LOWER, HEALTH, TRACE, NULL,
	  "ring-buffer losses; > 0 marks the run invalid" },
	{ "trace_events_n", COUNT, NONE, HEALTH, TRACE, NULL,
	  "events decoded for the run" },
	{ "victim_life_us", US, NONE, HEALTH, USER, NULL,
	  "fork .. reaped: a harness timing (population, settling, teardown), not a cost" },
	{ "memcg_oom_kill_n", COUNT, NONE, HEALTH, USER, NULL,
	  "OOM kills in the suite's memcg (memory.events); a memcg-oom run without one is "
	  "invalid" },
	/* perf beside the tracepoints */
	{ "perf.<event>_us", US, LOWER, SECONDARY, PERF, NULL,
	  "--perf-stat: a perf stat event perf reports in msec (task-clock), of the victim's "
	  "threads over the teardown window" },
	{ "perf.<event>", COUNT, NONE, DESCRIPTOR, PERF, NULL,
	  "--perf-stat: a perf stat counter (page-faults, context-switches, ...) of the "
	  "victim's threads over the teardown window; unsupported ones absent with perf's "
	  "reason" },
	{ "perf_lock.mmap_contended_n", COUNT, NONE, DESCRIPTOR, PERF, NULL,
	  "--perf-lock: perf lock contention's mmap_lock contentions, beside contention_n" },
	{ "perf_lock.mmap_wait_total_us", US, LOWER, SECONDARY, PERF, NULL,
	  "--perf-lock: perf lock contention's total mmap_lock wait, beside contention_us" },
	{ "perf_lock.mmap_wait_max_us", US, LOWER, SECONDARY, PERF, NULL,
	  "--perf-lock: perf lock contention's longest mmap_lock wait" },
	{ "perf_lock.rows_n", COUNT, NONE, HEALTH, PERF, NULL,
	  "--perf-lock: rows perf lock contention printed" },
};

/* Does a stored name fit an entry? A <placeholder> stands for one or more
 * characters of one dotted part: lock_wait_us.<role>.sum fits
 * lock_wait_us.victim.sum, not lock_wait_us.victim.x.sum. */
static bool name_fits(const char *entry, const char *name)
{
	const char *rest;
	size_t k;

	for (; *entry && *entry != '<'; entry++, name++)
		if (*entry != *name)
			return false;
	if (!*entry)
		return !*name;
	rest = strchr(entry, '>');
	if (!rest)
		return false;
	for (k = 0; name[k] && name[k] != '.'; k++)
		if (name_fits(rest + 1, name + k + 1))
			return true;
	return false;
}

const struct rb_metric_def *metric_def_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(metric_defs); i++)
		if (name_fits(metric_defs[i].name, name))
			return &metric_defs[i];
	return NULL;
}

const struct rb_metric_def *metric_def_at(size_t i)
{
	return i < ARRAY_SIZE(metric_defs) ? &metric_defs[i] : NULL;
}

const char *metric_unit_name(enum rb_metric_unit u)
{
	static const char *const names[RB_UNIT_NR] = {
		[RB_UNIT_US] = "us", [RB_UNIT_BYTES] = "bytes", [RB_UNIT_COUNT] = "count",
		[RB_UNIT_TEXT] = "text",
	};

	return u < RB_UNIT_NR ? names[u] : "";
}

const char *metric_direction_name(enum rb_direction d)
{
	static const char *const names[RB_DIR_NR] = {
		[RB_DIR_NONE] = "none", [RB_DIR_LOWER] = "lower", [RB_DIR_HIGHER] = "higher",
	};

	return d < RB_DIR_NR ? names[d] : "";
}

const char *metric_kind_name(enum rb_metric_kind k)
{
	static const char *const names[RB_KIND_NR] = {
		[RB_KIND_PRIMARY] = "primary", [RB_KIND_SECONDARY] = "secondary",
		[RB_KIND_DESCRIPTOR] = "descriptor", [RB_KIND_TOOL_HEALTH] = "tool_health",
	};

	return k < RB_KIND_NR ? names[k] : "";
}

const char *metric_source_name(enum rb_metric_source s)
{
	static const char *const names[RB_SRC_NR] = {
		[RB_SRC_TRACE] = "trace", [RB_SRC_USER] = "user", [RB_SRC_PERF] = "perf",
	};

	return s < RB_SRC_NR ? names[s] : "";
}

const char *metric_unit(const char *name)
{
	const struct rb_metric_def *d = metric_def_find(name);

	return d ? metric_unit_name(d->unit) : "";
}
