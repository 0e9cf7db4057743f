/* Shared state of one metric computation (metrics*.c only). */
#ifndef REAPBENCH_METRICS_INTERNAL_H
#define REAPBENCH_METRICS_INTERNAL_H

#include "metrics.h"

struct rb_analysis {
	const struct rb_runctx *ctx;
	const struct rb_events *evs;
	struct rb_metrics *out;
	uint64_t t_trigger;	/* kernel view of the kill (signal_generate / mark_victim) */
	uint64_t t_trigger_user; /* the base of the user-clock metrics */
	uint64_t mm;		/* the victim's mm_struct, 0 if never seen */
	uint64_t t_end;		/* last event */
	pid_t reaper_tid;
	/* exit_mmap's span as exit_mmap_us measures it (metrics_exit_mmap);
	 * exit_end 0 when it measured none */
	uint64_t exit_start, exit_end, exit_mm;
	pid_t exit_tid;		/* the thread that tore the mm down */
};

/* Fill a: the kill's moment, the victim's mm, the reaper's thread. */
void analysis_init(struct rb_analysis *a, const struct rb_runctx *ctx,
		   const struct rb_events *evs, struct rb_metrics *out);
enum rb_role role_of(const struct rb_analysis *a, pid_t tid);
bool is_victim_tid(const struct rb_runctx *ctx, pid_t tid);
double ns_to_us(uint64_t ns);

void metrics_exit_mmap(struct rb_analysis *a);
void metrics_lock_waits(struct rb_analysis *a);
void metrics_reaper(struct rb_analysis *a);
/* After metrics_exit_mmap: did the reaper or process_mrelease meet it? */
void metrics_reaper_met_exit(struct rb_analysis *a);

#endif
