/*
 * Per-run metrics (doc/DESIGN.md "Metrics"). A metric is a number, a text value
 * (reaper_outcome, mrelease_ret) or absent with the reason the kernel or the
 * trigger cannot provide it. Absent is never stored as 0.
 */
#ifndef REAPBENCH_METRICS_H
#define REAPBENCH_METRICS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "events.h"

#define RB_MAX_METRICS 128
#define RB_MAX_TIDS 1024
#define RB_MAX_CONTENDERS 64

struct rb_metric {
	char name[48];
	double value;
	char text[24];		/* non-empty: a text metric */
	char absent[128];	/* non-empty: not measurable, and why */
};

struct rb_metrics {
	struct rb_metric m[RB_MAX_METRICS];
	int n;
	bool valid;
	char invalid_reason[160];
};

enum rb_role { ROLE_NONE, ROLE_VICTIM, ROLE_REAPER, ROLE_MRELEASE, ROLE_CONTENDER, ROLE_NR };
extern const char *const rb_role_names[ROLE_NR];

/* What user space knows about one run: who is who, and its own clock readings. */
struct rb_runctx {
	pid_t victim_pid;
	pid_t victim_tids[RB_MAX_TIDS];
	int n_victim_tids;
	pid_t mrelease_tid;		/* 0: no process_mrelease in this trigger */
	pid_t reaper_pid;		/* the oom_reaper kthread, 0 if not found */
	pid_t contender_tids[RB_MAX_CONTENDERS];
	int n_contender_tids;
	bool oom_kill;			/* the kernel picks the moment (memcg-oom, stall) */
	uint64_t t_trigger_ns;		/* user space: just before the kill (0 for oom kills) */
	uint64_t t_reaped_ns;		/* waitpid() returned */
	uint64_t t_mrelease_start_ns;	/* process_mrelease() called */
	uint64_t t_mrelease_end_ns;
	int mrelease_errno;		/* 0 on success */
	uint64_t mem_peak_bytes;	/* memcg_peak_bytes: usage at the trigger (kill), the
					 * memcg's peak (OOM kills) */
	uint64_t t_mem_released_ns;	/* usage fell below 10% of mem_peak_bytes (0: not seen) */
	uint64_t t_relief_ns;		/* a second allocator's allocation succeeded after the
					 * kill (0: no such allocator in the scenario) */
	bool have[EV_NR_KINDS];		/* which tracepoints were enabled */
	bool pid_filter;		/* lock events recorded for the roles' threads only */
};

/*
 * While the trace still runs: how far the oom_reaper got with an OOM victim.
 * SILENT: no oom:wake_reaper for it (once the victim's exit_mmap is done the
 * timer finds MMF_OOM_SKIP and returns without an event: not needed); ACTING:
 * woken, its last attempt not seen yet (*t_wake: when it was woken); DONE:
 * it reaped, found MMF_OOM_SKIP or gave up after its retries.
 */
enum rb_reaper_progress { RB_REAPER_SILENT, RB_REAPER_ACTING, RB_REAPER_DONE };
enum rb_reaper_progress metrics_reaper_progress(const struct rb_runctx *ctx,
						const struct rb_events *evs, uint64_t *t_wake);
/* The kernel's retries (MAX_OOM_REAP_RETRIES) and their spacing (HZ/10). */
#define RB_OOM_REAP_RETRIES 10
#define RB_OOM_REAP_RETRY_NS 100000000ULL

/* reaper_outcome's values, NULL-terminated, in the documents' order. */
extern const char *const rb_reaper_outcomes[];

/* Compute every metric of one run from its event stream. */
void metrics_compute(const struct rb_runctx *ctx, const struct rb_events *evs,
		     struct rb_metrics *out);

void metrics_set(struct rb_metrics *ms, const char *name, double value);
void metrics_set_text(struct rb_metrics *ms, const char *name, const char *text);
void metrics_set_absent(struct rb_metrics *ms, const char *name, const char *why);
const struct rb_metric *metrics_get(const struct rb_metrics *ms, const char *name);
void metrics_invalidate(struct rb_metrics *ms, const char *why);

/* Fixture context lines: "# ctx key=value" before the events. */
int runctx_write(FILE *f, const struct rb_runctx *ctx);
int runctx_parse_line(const char *line, struct rb_runctx *ctx);
/* Load a recorded run (context + events) from a fixture file. */
int runctx_load_fixture(const char *path, struct rb_runctx *ctx, struct rb_events *evs);

#endif
