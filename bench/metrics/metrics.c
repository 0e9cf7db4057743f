/*
 * Metric computation from a decoded event stream (doc/DESIGN.md "Metrics").
 * Everything here is pure: the same fixture always gives the same metrics.
 */
#include <stdio.h>
#include <string.h>

#include "metrics_internal.h"

double ns_to_us(uint64_t ns)
{
	return (double)ns / 1000.0;
}

bool is_victim_tid(const struct rb_runctx *ctx, pid_t tid)
{
	int i;

	if (tid == ctx->victim_pid)
		return true;
	for (i = 0; i < ctx->n_victim_tids; i++)
		if (ctx->victim_tids[i] == tid)
			return true;
	return false;
}

enum rb_role role_of(const struct rb_analysis *a, pid_t tid)
{
	int i;

	if (tid <= 0)
		return ROLE_NONE;
	if (is_victim_tid(a->ctx, tid))
		return ROLE_VICTIM;
	if (tid == a->ctx->mrelease_tid)
		return ROLE_MRELEASE;
	if (tid == a->reaper_tid)
		return ROLE_REAPER;
	for (i = 0; i < a->ctx->n_contender_tids; i++)
		if (a->ctx->contender_tids[i] == tid)
			return ROLE_CONTENDER;
	return ROLE_NONE;
}

/* The kernel's view of the kill: mark_victim for OOM kills, signal_generate otherwise. */
static void find_trigger(struct rb_analysis *a)
{
	const struct rb_runctx *ctx = a->ctx;
	size_t i;

	a->t_trigger = 0;
	for (i = 0; i < a->evs->n; i++) {
		const struct rb_event *e = &a->evs->ev[i];

		if (ctx->oom_kill && e->kind == EV_MARK_VICTIM && is_victim_tid(ctx, e->target)) {
			a->t_trigger = e->ts_ns;
			break;
		}
		if (!ctx->oom_kill && e->kind == EV_SIGNAL_GENERATE && e->val == 9 &&
		    is_victim_tid(ctx, e->target) && e->ts_ns + 1000000 >= ctx->t_trigger_ns) {
			a->t_trigger = e->ts_ns;
			break;
		}
	}
	/* Without the event, the user-space timestamp taken just before the kill. */
	if (!a->t_trigger && !ctx->oom_kill)
		a->t_trigger = ctx->t_trigger_ns;
	a->t_trigger_user = ctx->oom_kill ? a->t_trigger : ctx->t_trigger_ns;
}

/* The victim's mm: from its own mmap_lock events, the ones nearest the kill. */
static void find_victim_mm(struct rb_analysis *a)
{
	size_t i;

	a->mm = 0;
	for (i = 0; i < a->evs->n; i++) {
		const struct rb_event *e = &a->evs->ev[i];

		if (e->kind > EV_LOCK_RELEASED || !is_victim_tid(a->ctx, e->tid))
			continue;
		a->mm = e->mm;
		if (e->ts_ns >= a->t_trigger)
			break;
	}
}

static void metrics_kill_times(struct rb_analysis *a)
{
	const struct rb_runctx *ctx = a->ctx;
	struct rb_metrics *out = a->out;
	uint64_t t_exit = 0;
	size_t i;

	if (!a->t_trigger) {
		const char *why = ctx->have[EV_MARK_VICTIM] ? "no oom:mark_victim event for the victim"
				  : "kernel lacks oom:mark_victim: the moment of the OOM kill is unknown";

		metrics_set_absent(out, "kill_to_exit_us", why);
		metrics_set_absent(out, "kill_to_reaped_us", why);
		metrics_set_absent(out, "mem_release_us", why);
		return;
	}
	for (i = 0; i < a->evs->n; i++) {
		const struct rb_event *e = &a->evs->ev[i];

		if (e->kind == EV_PROCESS_EXIT && e->ts_ns >= a->t_trigger &&
		    is_victim_tid(ctx, e->target))
			t_exit = e->ts_ns;
	}
	if (t_exit)
		metrics_set(out, "kill_to_exit_us", ns_to_us(t_exit - a->t_trigger));
	else
		metrics_set_absent(out, "kill_to_exit_us", "no sched_process_exit of the victim traced");
	if (ctx->t_reaped_ns > a->t_trigger_user)
		metrics_set(out, "kill_to_reaped_us", ns_to_us(ctx->t_reaped_ns - a->t_trigger_user));
	else
		metrics_set_absent(out, "kill_to_reaped_us", "victim was not reaped after the trigger");
	if (ctx->t_mem_released_ns >= a->t_trigger_user && ctx->mem_peak_bytes)
		metrics_set(out, "mem_release_us",
			    ns_to_us(ctx->t_mem_released_ns - a->t_trigger_user));
	else
		metrics_set_absent(out, "mem_release_us",
				   "memcg usage never fell below 10% of memcg_peak_bytes while watched");
}

static void metrics_mrelease(struct rb_analysis *a)
{
	const struct rb_runctx *ctx = a->ctx;
	struct rb_metrics *out = a->out;
	const char *why = "trigger does not call process_mrelease";
	char ret[24];

	if (!ctx->mrelease_tid) {
		metrics_set_absent(out, "mrelease_us", why);
		metrics_set_absent(out, "mrelease_ret", why);
		metrics_set_absent(out, "mrelease_start_after_kill_us", why);
		return;
	}
	metrics_set(out, "mrelease_us", ns_to_us(ctx->t_mrelease_end_ns - ctx->t_mrelease_start_ns));
	if (ctx->mrelease_errno) {
		const char *name = strerrorname_np(ctx->mrelease_errno);

		if (name)
			snprintf(ret, sizeof(ret), "%s", name);
		else
			snprintf(ret, sizeof(ret), "errno%d", ctx->mrelease_errno);
	} else {
		snprintf(ret, sizeof(ret), "0");
	}
	metrics_set_text(out, "mrelease_ret", ret);
	if (ctx->t_mrelease_start_ns >= ctx->t_trigger_ns)
		metrics_set(out, "mrelease_start_after_kill_us",
			    ns_to_us(ctx->t_mrelease_start_ns - ctx->t_trigger_ns));
	else
		metrics_set(out, "mrelease_start_after_kill_us", 0);
}

/* The reaper's thread: the kthread user space found, else learnt from its own oom events. */
static void find_reaper(struct rb_analysis *a)
{
	size_t i;

	a->reaper_tid = a->ctx->reaper_pid;
	for (i = 0; !a->reaper_tid && i < a->evs->n; i++)
		if (a->evs->ev[i].kind == EV_START_REAPING || a->evs->ev[i].kind == EV_SKIP_REAPING)
			a->reaper_tid = a->evs->ev[i].tid;
}

void analysis_init(struct rb_analysis *a, const struct rb_runctx *ctx,
		   const struct rb_events *evs, struct rb_metrics *out)
{
	*a = (struct rb_analysis){ .ctx = ctx, .evs = evs, .out = out };
	a->t_end = evs->n ? evs->ev[evs->n - 1].ts_ns : 0;
	find_trigger(a);
	find_victim_mm(a);
	find_reaper(a);
}

/*
 * What the multi-task scenarios measure: relief (a second allocator in the
 * memcg gets its memory) and the time from MMF_OOM_SKIP to the memory
 * being freed, the window in which the OOM killer may pick another victim.
 */
static void metrics_relief(struct rb_analysis *a)
{
	const struct rb_runctx *ctx = a->ctx;

	if (!ctx->t_relief_ns)
		metrics_set_absent(a->out, "relief_us", "no second allocator got its allocation "
				   "after the kill (none in this scenario, or it was killed)");
	else if (!ctx->oom_kill || !a->t_trigger || ctx->t_relief_ns < a->t_trigger_user)
		metrics_set_absent(a->out, "relief_us", "no OOM kill before the allocation succeeded");
	else
		metrics_set(a->out, "relief_us", ns_to_us(ctx->t_relief_ns - a->t_trigger_user));
	metrics_set_absent(a->out, "oom_skip_to_freed_us",
			   "no tracepoint marks MMF_OOM_SKIP being set (none up to 6.18)");
}

void metrics_compute(const struct rb_runctx *ctx, const struct rb_events *evs,
		     struct rb_metrics *out)
{
	struct rb_analysis a;
	char why[96];

	memset(out, 0, sizeof(*out));
	out->valid = true;
	analysis_init(&a, ctx, evs, out);

	metrics_kill_times(&a);
	metrics_exit_mmap(&a);
	metrics_mrelease(&a);
	metrics_reaper(&a);
	metrics_reaper_met_exit(&a);
	metrics_lock_waits(&a);
	metrics_relief(&a);

	metrics_set(out, "trace_events_n", (double)evs->n);
	metrics_set(out, "lost_events", (double)evs->lost);
	if (evs->lost) {
		snprintf(why, sizeof(why), "ring buffer lost %llu events",
			 (unsigned long long)evs->lost);
		metrics_invalidate(out, why);
	}
	if (!ctx->t_reaped_ns)
		metrics_invalidate(out, "victim was not reaped");
}
