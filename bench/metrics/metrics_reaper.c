/*
 * The oom_reaper's outcome for an OOM victim, from the oom:* events:
 *   not_needed  no wake_reaper: the victim's exit_mmap set MMF_OOM_SKIP
 *               before the reaper's timer fired (the timer returns silently)
 *   reaped      start_task_reaping .. finish_task_reaping
 *   failed      only skip_task_reaping, as many as the reaper's retries (10)
 *   skipped     skip_task_reaping (trylock failed or MMF_OOM_SKIP already set)
 */
#include <stdio.h>

#include "metrics_internal.h"

#define OOM_REAP_RETRIES 10

static const char *const reaper_metrics[] = {
	"reaper_outcome", "reaper_attempts", "reaper_wake_us", "reaper_start_us", "reaper_finish_us",
};

static void all_absent(struct rb_metrics *out, const char *why)
{
	unsigned i;

	for (i = 0; i < sizeof(reaper_metrics) / sizeof(reaper_metrics[0]); i++)
		metrics_set_absent(out, reaper_metrics[i], why);
}

void metrics_reaper(struct rb_analysis *a)
{
	struct rb_metrics *out = a->out;
	uint64_t t_mark = 0, t_wake = 0, t_start = 0, t_finish = 0;
	unsigned starts = 0, skips = 0, finishes = 0;
	const char *outcome;
	size_t i;

	if (!a->ctx->oom_kill)
		return all_absent(out, "not an OOM kill: the oom_reaper is not involved");
	if (!a->ctx->have[EV_WAKE_REAPER] || !a->ctx->have[EV_MARK_VICTIM])
		return all_absent(out, "kernel lacks the oom:* tracepoints");
	for (i = 0; i < a->evs->n; i++) {
		const struct rb_event *e = &a->evs->ev[i];

		if (!is_victim_tid(a->ctx, e->target))
			continue;
		switch (e->kind) {
		case EV_MARK_VICTIM:
			if (!t_mark)
				t_mark = e->ts_ns;
			break;
		case EV_WAKE_REAPER:
			if (!t_wake)
				t_wake = e->ts_ns;
			break;
		case EV_START_REAPING:
			if (!t_start)
				t_start = e->ts_ns;
			starts++;
			break;
		case EV_FINISH_REAPING:
			if (!t_finish)
				t_finish = e->ts_ns;
			finishes++;
			break;
		case EV_SKIP_REAPING:
			skips++;
			break;
		default:
			break;
		}
	}
	if (!t_wake)
		outcome = "not_needed";
	else if (finishes)
		outcome = "reaped";
	else if (skips >= OOM_REAP_RETRIES)
		outcome = "failed";
	else
		outcome = "skipped";
	metrics_set_text(out, "reaper_outcome", outcome);
	metrics_set(out, "reaper_attempts", starts + skips);
#define SINCE_MARK(name, t)							\
	do {									\
		if ((t) && t_mark)						\
			metrics_set(out, name, ns_to_us((t) - t_mark));	\
		else								\
			metrics_set_absent(out, name, "the reaper did not get that far"); \
	} while (0)
	SINCE_MARK("reaper_wake_us", t_wake);
	SINCE_MARK("reaper_start_us", t_start);
	SINCE_MARK("reaper_finish_us", t_finish);
#undef SINCE_MARK
}
