/*
 * The oom_reaper's outcome for an OOM victim, from the oom:* events and the
 * reaper kthread's own mmap_lock trylock (mm/oom_kill.c, 6.x): the timer
 * fires OOM_REAPER_DELAY after the kill and returns without an event if
 * MMF_OOM_SKIP is already set, else emits wake_reaper. Each attempt then is
 * mmap_read_trylock (start_locking + acquire_returned in the kthread), and
 *   trylock failed         -> skip_task_reaping, retry HZ/10 later, at most 10
 *   MMF_OOM_SKIP found     -> skip_task_reaping, done
 *   else                   -> start_task_reaping .. finish_task_reaping, done
 * Classes (rb_reaper_outcomes[], the metric table's help says the same):
 *   reaped                the first attempt reaped
 *   reaped_after_retries  reaped after failed attempts
 *   found_oom_skip        the last attempt got the lock and found MMF_OOM_SKIP
 *                         (the victim's exit_mmap had set it)
 *   unable_to_reap        10 failed trylocks: the kernel's "unable to reap"
 *   not_needed            no wake_reaper while the trace ran, and the trace ran
 *                         until the victim's exit_mmap was done (the runner's
 *                         rule): the timer then finds MMF_OOM_SKIP
 *   skipped               a last skip_task_reaping whose cause the trace cannot
 *                         show (no mmap_lock event of the reaper recorded)
 */
#include <stdio.h>

#include "metrics_internal.h"

const char *const rb_reaper_outcomes[] = {
	"reaped", "reaped_after_retries", "found_oom_skip", "unable_to_reap", "not_needed",
	"skipped", NULL,
};

enum attempt { ATT_NONE, ATT_TRYLOCK_FAIL, ATT_FOUND_SKIP, ATT_UNKNOWN_SKIP, ATT_STARTED,
	       ATT_REAPED };

struct reaper_walk {
	uint64_t t_mark, t_wake, t_start, t_finish;
	unsigned attempts, retried;	/* retried: attempts that another one followed */
	enum attempt last;
};

static void walk(const struct rb_analysis *a, struct reaper_walk *w)
{
	int last_try = -1;	/* the reaper's last trylock: -1 none seen, 0 failed, 1 got it */
	size_t i;

	*w = (struct reaper_walk){ 0 };
	for (i = 0; i < a->evs->n; i++) {
		const struct rb_event *e = &a->evs->ev[i];

		if (e->kind == EV_LOCK_ACQUIRED) {
			if (a->reaper_tid > 0 && e->tid == a->reaper_tid && !e->val &&
			    (!a->mm || e->mm == a->mm))
				last_try = e->success ? 1 : 0;
			continue;
		}
		if (!is_victim_tid(a->ctx, e->target))
			continue;
		switch (e->kind) {
		case EV_MARK_VICTIM:
			if (!w->t_mark)
				w->t_mark = e->ts_ns;
			break;
		case EV_WAKE_REAPER:
			if (!w->t_wake)
				w->t_wake = e->ts_ns;
			break;
		case EV_SKIP_REAPING:
		case EV_START_REAPING:
			w->retried += w->attempts > 0;
			w->attempts++;
			if (e->kind == EV_START_REAPING) {
				w->last = ATT_STARTED;
				if (!w->t_start)
					w->t_start = e->ts_ns;
			} else {
				w->last = last_try < 0 ? ATT_UNKNOWN_SKIP :
					  last_try ? ATT_FOUND_SKIP : ATT_TRYLOCK_FAIL;
			}
			last_try = -1;
			break;
		case EV_FINISH_REAPING:
			w->last = ATT_REAPED;
			if (!w->t_finish)
				w->t_finish = e->ts_ns;
			break;
		default:
			break;
		}
	}
}

/*
 * Has the victim's exit_mmap finished (it sets MMF_OOM_SKIP on 6.1+)? Its
 * mmap:exit_mmap event says so; without the event (or without the victim's
 * mm) the victim's reaping does: the runner reads the trace after waitpid().
 */
static bool exit_mmap_done(const struct rb_analysis *a)
{
	size_t i;

	if (!a->ctx->have[EV_EXIT_MMAP] || !a->mm)
		return true;
	for (i = 0; i < a->evs->n; i++)
		if (a->evs->ev[i].kind == EV_EXIT_MMAP && a->evs->ev[i].mm == a->mm &&
		    a->evs->ev[i].ts_ns >= a->t_trigger)
			return true;
	return false;
}

/* The outcome class, NULL while the reaper may still act. */
static const char *outcome_of(const struct reaper_walk *w, bool exit_done)
{
	switch (w->last) {
	case ATT_NONE:
		return w->t_wake || !exit_done ? NULL : "not_needed";
	case ATT_REAPED:
		return w->retried ? "reaped_after_retries" : "reaped";
	case ATT_FOUND_SKIP:
		return "found_oom_skip";
	case ATT_TRYLOCK_FAIL:
		return w->attempts >= RB_OOM_REAP_RETRIES ? "unable_to_reap" : NULL;
	case ATT_UNKNOWN_SKIP:
		return w->attempts >= RB_OOM_REAP_RETRIES ? "skipped" : NULL;
	default:
		return NULL;
	}
}

enum rb_reaper_progress metrics_reaper_progress(const struct rb_runctx *ctx,
						const struct rb_events *evs, uint64_t *t_wake)
{
	struct rb_analysis a;
	struct reaper_walk w;

	analysis_init(&a, ctx, evs, NULL);
	walk(&a, &w);
	*t_wake = w.t_wake;
	if (!outcome_of(&w, exit_mmap_done(&a)))
		return RB_REAPER_ACTING;
	return w.last == ATT_NONE ? RB_REAPER_SILENT : RB_REAPER_DONE;
}

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
	struct reaper_walk w;
	const char *outcome;

	if (!a->ctx->oom_kill)
		return all_absent(out, "not an OOM kill: the oom_reaper is not involved");
	if (!a->ctx->have[EV_WAKE_REAPER] || !a->ctx->have[EV_MARK_VICTIM])
		return all_absent(out, "kernel lacks the oom:* tracepoints");
	walk(a, &w);
	outcome = outcome_of(&w, exit_mmap_done(a));
	if (!outcome && w.last == ATT_UNKNOWN_SKIP)
		outcome = "skipped";	/* the trace ended after it: no retry followed */
	if (outcome)
		metrics_set_text(out, "reaper_outcome", outcome);
	else
		metrics_set_absent(out, "reaper_outcome", w.t_wake || w.last != ATT_NONE ?
				   "tracing stopped before the oom_reaper's last attempt" :
				   "tracing stopped before the victim's exit_mmap was done");
	metrics_set(out, "reaper_attempts", w.attempts);
#define SINCE_MARK(name, t)							\
	do {									\
		if ((t) && w.t_mark)						\
			metrics_set(out, name, ns_to_us((t) - w.t_mark));	\
		else								\
			metrics_set_absent(out, name, "the reaper did not get that far"); \
	} while (0)
	SINCE_MARK("reaper_wake_us", w.t_wake);
	SINCE_MARK("reaper_start_us", w.t_start);
	SINCE_MARK("reaper_finish_us", w.t_finish);
#undef SINCE_MARK
}
