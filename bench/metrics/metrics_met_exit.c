/*
 * reaper_met_exit: did the oom_reaper or process_mrelease meet the victim's
 * exit_mmap at its mmap_lock? "yes" when a lock section of either on the
 * victim's mm, from start_locking to its release (or to a failed trylock's
 * acquire_returned), overlaps exit_mmap's span as exit_mmap_us measures it:
 * a trylock that failed in exit_mmap's write hold, a read hold exit_mmap's
 * write lock waited for, a reap while exit_mmap unmapped. "no" when neither
 * took the lock in that span (the span ended inside the trace, so no later
 * attempt can meet it). Sections of the thread that tore the mm down from
 * exit_mmap's start on are exit_mmap's own (process_mrelease's mmput() can
 * run it) and do not count.
 */
#include <stdio.h>

#include "metrics_internal.h"

/* One role's open lock section while walking the events. */
struct open_section {
	uint64_t start;
	bool open;
};

static bool overlaps(const struct rb_analysis *a, uint64_t from, uint64_t to)
{
	return from <= a->exit_end && to >= a->exit_start;
}

/* Walk the reaper's and process_mrelease's lock events on the mm. */
static bool met(const struct rb_analysis *a)
{
	struct open_section sec[ROLE_NR] = { 0 };
	size_t i;

	for (i = 0; i < a->evs->n; i++) {
		const struct rb_event *e = &a->evs->ev[i];
		enum rb_role r;

		if (e->kind > EV_LOCK_RELEASED || e->mm != a->exit_mm)
			continue;
		if (e->tid == a->exit_tid && e->ts_ns >= a->exit_start)
			continue;
		r = role_of(a, e->tid);
		if (r != ROLE_REAPER && r != ROLE_MRELEASE)
			continue;
		switch (e->kind) {
		case EV_LOCK_START:
			sec[r] = (struct open_section){ e->ts_ns, true };
			break;
		case EV_LOCK_ACQUIRED:
			if (!sec[r].open) /* no start_locking seen: the section starts here */
				sec[r] = (struct open_section){ e->ts_ns, true };
			if (!e->success) {
				if (overlaps(a, sec[r].start, e->ts_ns))
					return true;
				sec[r].open = false;
			}
			break;
		case EV_LOCK_RELEASED:
			if (sec[r].open && overlaps(a, sec[r].start, e->ts_ns))
				return true;
			sec[r].open = false;
			break;
		default:
			break;
		}
	}
	/* a section still open when the trace ended holds on past it */
	for (i = 0; i < ROLE_NR; i++)
		if (sec[i].open && overlaps(a, sec[i].start, a->t_end))
			return true;
	return false;
}

void metrics_reaper_met_exit(struct rb_analysis *a)
{
	const struct rb_runctx *ctx = a->ctx;
	const struct rb_metric *span = metrics_get(a->out, "exit_mmap_us");
	char why[sizeof(span->absent)];

	if (!ctx->oom_kill && !ctx->mrelease_tid) {
		metrics_set_absent(a->out, "reaper_met_exit",
				   "neither the oom_reaper nor process_mrelease acts on this trigger");
	} else if (!a->exit_end) {
		snprintf(why, sizeof(why), "no exit_mmap span: %s",
			 span && span->absent[0] ? span->absent : "not measured");
		metrics_set_absent(a->out, "reaper_met_exit", why);
	} else if (!a->reaper_tid && !ctx->mrelease_tid && !ctx->have[EV_WAKE_REAPER]) {
		metrics_set_absent(a->out, "reaper_met_exit",
				   "the oom_reaper's thread is unknown: kernel lacks the oom:* "
				   "tracepoints");
	} else {
		/* no reaper event at all: it never took the lock (it reaps only after
		 * oom:wake_reaper, each attempt ends in an oom:* event) */
		metrics_set_text(a->out, "reaper_met_exit", met(a) ? "yes" : "no");
	}
}
