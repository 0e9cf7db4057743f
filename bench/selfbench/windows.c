/*
 * (f) The probe-effect bound: for each measured window of a traced run, the
 * events the suite recorded inside it, times the cost of one recorded event
 * from (e), its upper 95% limit. Events of the suite's threads (victim,
 * reaper, contenders, process_mrelease, this process: the measured path) give
 * the bound; the events of other threads that the unfiltered kinds (oom,
 * signal, sched_process_exit) record give a second, conservative one, as if
 * each of them had run on the measured path. The window is rebuilt from the
 * metric's value and the end (or start) the metric code anchors it at.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "common.h"
#include "metrics.h"
#include "probe_bound.h"
#include "runner.h"
#include "selfbench.h"

static const char *const window_metric[SB_W_NR] = {
	"kill_to_reaped_us", "exit_mmap_us", "exit_unmap_us", "exit_teardown_us", "exit_prelock_us",
};

int sb_windows_init(struct sb_windows *w, size_t cap)
{
	int k;

	memset(w, 0, sizeof(*w));
	w->cap = cap;
	for (k = 0; k < SB_W_NR; k++)
		if (!(w->value[k] = calloc(cap, sizeof(double))) ||
		    !(w->suite_lock[k] = calloc(cap, sizeof(double))) ||
		    !(w->suite_other[k] = calloc(cap, sizeof(double))) ||
		    !(w->others[k] = calloc(cap, sizeof(double))) ||
		    !(w->filtered_out[k] = calloc(cap, sizeof(double))) ||
		    !(w->kprobes[k] = calloc(cap, sizeof(double))))
			return -1;
	return 0;
}

void sb_windows_free(struct sb_windows *w)
{
	int k;

	for (k = 0; k < SB_W_NR; k++) {
		free(w->value[k]);
		free(w->suite_lock[k]);
		free(w->suite_other[k]);
		free(w->others[k]);
		free(w->filtered_out[k]);
		free(w->kprobes[k]);
	}
	memset(w, 0, sizeof(*w));
}

static bool is_victim(const struct rb_runctx *ctx, int tid)
{
	int i;

	for (i = 0; i < ctx->n_victim_tids; i++)
		if (ctx->victim_tids[i] == tid)
			return true;
	return false;
}

/* The kinds trace_filter_pids() filters, costed by (e)'s lock workload. */
static bool is_lock_kind(uint32_t kind)
{
	return kind <= EV_LOCK_RELEASED || kind == EV_CONTENTION_BEGIN ||
	       kind == EV_CONTENTION_END;
}

static bool is_suite(const struct rb_runctx *ctx, int tid)
{
	int i;

	for (i = 0; i < ctx->n_contender_tids; i++)
		if (ctx->contender_tids[i] == tid)
			return true;
	return is_victim(ctx, tid) || tid == ctx->reaper_pid || tid == ctx->mrelease_tid ||
	       tid == getpid();
}

/* The victim's mmap:exit_mmap event after the trigger. */
static const struct rb_event *exit_mmap_event(const struct rb_runctx *ctx,
					      const struct rb_events *evs)
{
	size_t i;

	for (i = 0; i < evs->n; i++)
		if (evs->ev[i].kind == EV_EXIT_MMAP && evs->ev[i].ts_ns >= ctx->t_trigger_ns &&
		    is_victim(ctx, evs->ev[i].tid))
			return &evs->ev[i];
	return NULL;
}

/* Where exit_mmap_us ends: the release of the section open at the event, else the event. */
static uint64_t exit_mmap_end(const struct rb_events *evs, const struct rb_event *e)
{
	const struct rb_event *x;

	for (x = e + 1; x < evs->ev + evs->n && x->ts_ns <= e->ts_ns + 1000000000ULL; x++) {
		if (x->tid != e->tid || x->mm != e->mm)
			continue;
		if (x->kind == EV_LOCK_START)
			break;	/* a new section: the last one closed before the event */
		if (x->kind == EV_LOCK_RELEASED)
			return x->ts_ns;
	}
	return e->ts_ns;
}

/* Where exit_unmap_us ends: the read release before the final write section (0: none). */
static uint64_t exit_unmap_end(const struct rb_events *evs, const struct rb_event *e)
{
	const struct rb_event *x, *w = NULL;

	for (x = e; x >= evs->ev; x--)
		if (x->tid == e->tid && x->mm == e->mm && x->kind == EV_LOCK_START && x->val) {
			w = x;
			break;
		}
	for (x = w ? w - 1 : NULL; x && x >= evs->ev; x--)
		if (x->tid == e->tid && x->mm == e->mm && x->kind == EV_LOCK_RELEASED && !x->val)
			return x->ts_ns;
	return 0;
}

/* exit_mmap's entry kprobe in the tearing thread before the event (0: none). */
static uint64_t exit_mmap_entry(const struct rb_events *evs, const struct rb_event *e)
{
	const struct rb_event *x;
	uint64_t ts = 0;

	for (x = evs->ev; x < e; x++)
		if (x->kind == EV_EXIT_MMAP_ENTRY && x->tid == e->tid && x->mm == e->mm)
			ts = x->ts_ns;
	return ts;
}

static void count(struct sb_windows *w, int k, double value, const struct rb_runctx *ctx,
		  const struct rb_events *evs, uint64_t from, uint64_t to)
{
	size_t i, at = w->n[k];

	if (!ctx->pid_filter) {
		/* a run with every thread recorded: what the filter drops in a real one */
		if ((at = w->n_unfiltered[k]) == w->cap)
			return;
		w->filtered_out[k][at] = 0;
		for (i = 0; i < evs->n; i++)
			w->filtered_out[k][at] += evs->ev[i].ts_ns >= from && evs->ev[i].ts_ns <= to &&
						  !is_suite(ctx, evs->ev[i].tid) &&
						  is_lock_kind(evs->ev[i].kind);
		w->n_unfiltered[k]++;
		return;
	}
	if (at == w->cap)
		return;
	w->value[k][at] = value;
	w->suite_lock[k][at] = w->suite_other[k][at] = w->others[k][at] = w->kprobes[k][at] = 0;
	for (i = 0; i < evs->n; i++) {
		const struct rb_event *e = &evs->ev[i];

		if (e->ts_ns < from || e->ts_ns > to)
			continue;
		if (e->kind == EV_EXIT_MMAP_ENTRY)
			w->kprobes[k][at]++;
		else if (!is_suite(ctx, e->tid))
			w->others[k][at]++;
		else if (is_lock_kind(e->kind))
			w->suite_lock[k][at]++;
		else
			w->suite_other[k][at]++;
	}
	w->n[k]++;
}

void sb_windows_add(struct sb_windows *w, const struct rb_run *run, const struct rb_events *evs,
		    const struct rb_metrics *m)
{
	const struct rb_runctx *ctx = &run->ctx;
	const struct rb_event *e = exit_mmap_event(ctx, evs);
	uint64_t end = e ? exit_mmap_end(evs, e) : 0, entry = e ? exit_mmap_entry(evs, e) : 0;
	uint64_t unmap_end = e ? exit_unmap_end(evs, e) : 0;
	int k;

	for (k = 0; k < SB_W_NR; k++) {
		const struct rb_metric *v = metrics_get(m, window_metric[k]);
		uint64_t len;

		if (!v || v->absent[0] || v->text[0] || !(v->value >= 0))
			continue;
		len = (uint64_t)llround(v->value * 1e3);
		switch (k) {
		case SB_W_KILL_TO_REAPED:
			if (ctx->t_trigger_ns)
				count(w, k, v->value, ctx, evs, ctx->t_trigger_ns, ctx->t_trigger_ns + len);
			break;
		case SB_W_EXIT_MMAP:
		case SB_W_EXIT_TEARDOWN:	/* both end at the final write release */
			if (e && end >= len)
				count(w, k, v->value, ctx, evs, end - len, end);
			break;
		case SB_W_EXIT_UNMAP:
			if (unmap_end >= len)
				count(w, k, v->value, ctx, evs, unmap_end - len, unmap_end);
			break;
		case SB_W_EXIT_PRELOCK:
			if (entry)
				count(w, k, v->value, ctx, evs, entry, entry + len);
			break;
		}
	}
}

static double quantile(const double *v, size_t n, double q)
{
	double *c = malloc(n * sizeof(*c)), x;

	if (!c)
		return NAN;
	memcpy(c, v, n * sizeof(*c));
	gsl_sort(c, 1, n);
	x = gsl_stats_quantile_from_sorted_data(c, 1, n, q);
	free(c);
	return x;
}

/* p-quantile of a[i] + b[i] over runs (NaN without runs). */
static double quantile_sum(const double *a, const double *b, size_t n, double q)
{
	double *c = malloc(n * sizeof(*c)), x;
	size_t i;

	if (!c)
		return NAN;
	for (i = 0; i < n; i++)
		c[i] = a[i] + b[i];
	x = quantile(c, n, q);
	free(c);
	return x;
}

struct term {
	double events;
	const struct sb_cost_est *cost;
};

/* Sum of events x the cost of one event over n terms; -1 on overflow. */
static int bound(struct probe_bound *b, const struct term *t, int n, double median)
{
	int i;

	*b = (struct probe_bound){ 0 };
	for (i = 0; i < n; i++)
		if (t[i].events > 0 &&
		    probe_bound_add(b, (uint64_t)t[i].events, t[i].cost->ns, t[i].cost->lo_ns,
				    t[i].cost->hi_ns))
			return -1;
	probe_bound_finish(b, median);
	return 0;
}

void sb_windows_print(const struct sb_windows *w, const struct sb_event_cost *c,
		      double ab_pct, double ab_lo, double ab_hi)
{
	const struct sb_cost_est *lock = &c->wl[SB_COST_WL_LOCK].cost[SB_COST_RECORDED];
	const struct sb_cost_est *other = &c->wl[SB_COST_WL_OTHER].cost[SB_COST_RECORDED];
	const struct sb_cost_est *dropped = &c->wl[SB_COST_WL_LOCK].cost[SB_COST_FILTERED];
	double kill_pct = NAN, kill_all_pct = NAN;
	int k;

	printf("# (f) probe-effect bound per metric: events recorded inside the metric's window "
	       "in the traced runs of (a), p50/p90 over runs, x the cost of one recorded event of "
	       "(e). bound = p90 count x the upper 95%% limit, per kind: lock kinds (mmap_lock, "
	       "contention) x the lock cost, the other kinds x the other cost; effect = the same "
	       "at the p50 count and the point cost. ev_*: the suite's threads (victim, reaper, "
	       "contenders, this process: the measured path). all_* adds, as if they had run on "
	       "the path, other threads' events: xthr_p90 recorded (unfiltered kinds) x the "
	       "other cost, xflt_p90 dropped by the pid filter (lock kinds, counted in %zu extra "
	       "runs with every thread recorded) x the filtered lock cost\n",
	       w->n_unfiltered[SB_W_KILL_TO_REAPED]);
	printf("# (f) cost of one event, ns [95%% CI]: recorded lock %.1f [%.1f, %.1f], recorded "
	       "other %.1f [%.1f, %.1f], filtered lock %.1f [%.1f, %.1f]\n", lock->ns,
	       lock->lo_ns, lock->hi_ns, other->ns, other->lo_ns, other->hi_ns, dropped->ns,
	       dropped->lo_ns, dropped->hi_ns);
	printf("# %-20s %5s %10s %6s %6s %8s %7s %8s %8s %5s %9s %9s %9s %9s %9s\n", "metric",
	       "runs", "median_us", "ev_p50", "ev_p90", "lock_p90", "oth_p90", "xthr_p90",
	       "xflt_p90", "kp_90", "effect_us", "bound_us", "bound_%", "all_us", "all_%");
	for (k = 0; k < SB_W_NR; k++) {
		struct probe_bound b50, b90, all;
		double median, xthr90, xflt90 = 0, kp90;
		struct term t50[2], t90[4];
		size_t n = w->n[k];

		if (!n) {
			printf("%-22s absent: no traced run had this metric on this kernel\n",
			       window_metric[k]);
			continue;
		}
		median = sb_median(w->value[k], n);
		t50[0] = (struct term){ ceil(quantile(w->suite_lock[k], n, 0.5)), lock };
		t50[1] = (struct term){ ceil(quantile(w->suite_other[k], n, 0.5)), other };
		t90[0] = (struct term){ ceil(quantile(w->suite_lock[k], n, 0.9)), lock };
		t90[1] = (struct term){ ceil(quantile(w->suite_other[k], n, 0.9)), other };
		xthr90 = ceil(quantile(w->others[k], n, 0.9));
		if (w->n_unfiltered[k])
			xflt90 = ceil(quantile(w->filtered_out[k], w->n_unfiltered[k], 0.9));
		t90[2] = (struct term){ xthr90, other };
		t90[3] = (struct term){ xflt90, dropped };
		kp90 = ceil(quantile(w->kprobes[k], n, 0.9));
		if (bound(&b50, t50, 2, median) || bound(&b90, t90, 2, median) ||
		    bound(&all, t90, 4, median)) {
			printf("%-22s absent: the bound does not fit in 64-bit picoseconds\n",
			       window_metric[k]);
			continue;
		}
		printf("%-22s %5zu %10.1f %6.0f %6.0f %8.0f %7.0f %8.0f %8.0f %5.0f %9.3f %9.3f "
		       "%9.4f %9.3f %9.4f%s\n", window_metric[k], n, median,
		       ceil(quantile_sum(w->suite_lock[k], w->suite_other[k], n, 0.5)),
		       ceil(quantile_sum(w->suite_lock[k], w->suite_other[k], n, 0.9)),
		       t90[0].events, t90[1].events, xthr90, xflt90, kp90, b50.us, b90.bound_us,
		       b90.bound_pct, all.bound_us, all.bound_pct,
		       kp90 > 0 ? "   # kprobe hits not costed: (e) measures tracepoints" : "");
		if (k == SB_W_KILL_TO_REAPED) {
			kill_pct = b90.bound_pct;
			kill_all_pct = all.bound_pct;
		}
	}
	if (isnan(ab_pct) || isnan(kill_pct))
		return;
	printf("probe_check_kill_to_reaped_pct      %10.2f   # on/off A/B of (a), 95%% CI %.2f .. "
	       "%.2f; bound (f) %.4f%% (all %.4f%%): %s\n", ab_pct, ab_lo, ab_hi, kill_pct,
	       kill_all_pct, ab_lo > kill_all_pct ?
	       "the A/B sees more than the counted events explain" :
	       "consistent (the A/B interval reaches below the bound)");
}
