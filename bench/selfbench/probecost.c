/*
 * (e) What one traced event costs on this kernel: a thread pinned to one CPU
 * runs blocks of `iters` iterations of two workloads, one per kind of event
 * the suite enables:
 *   lock    mprotect() of one page back and forth: each call takes the
 *           mmap_lock for writing (start_locking, acquire_returned, released);
 *           the kinds trace_filter_pids() filters (mmap_lock, lock contention)
 *   other   kill(self, SIGURG) with SIGURG ignored: one signal_generate; the
 *           kinds recorded for every thread (signal, oom, sched_process_exit)
 * under each state of the suite's own tracefs instance (opened by
 * trace_open(), filtered by trace_filter_pids(), as in a run):
 *
 *   off       the instance's events disabled (its probes unregistered)
 *   armed     events enabled, tracing_on 0, filter on another pid: the state
 *             before the trigger, and of the "untraced" runs of (a)
 *   recorded  tracing on, filter on this thread: the events are written
 *   filtered  tracing on, filter on another pid: the lock events are dropped
 *             by the filter (what other threads pay while a run is traced);
 *             the other kinds are not filtered, so for them it is "recorded"
 *
 * Every repetition runs the four in a fresh shuffled order; the cost of one
 * event is the median over repetitions of (state - off) / events per
 * iteration, the events counted from the trace of the recorded blocks, with
 * a percentile bootstrap 95% interval. Time is the thread's CPU time
 * (CLOCK_THREAD_CPUTIME_ID), which other work on the machine does not add to
 * while this thread waits for a CPU.
 */
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <tracefs.h>

#include "common.h"
#include "runner.h"
#include "selfbench.h"
#include "stats.h"
#include "trace.h"

#define BOOT_RESAMPLES 10000
#define BOOT_SEED 1

const char *const sb_cost_state_names[SB_COST_NR] = { "off", "armed", "recorded", "filtered" };

static uint64_t thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* CPU ns per iteration of mprotect(RO), mprotect(RW) on one page. */
static double lock_block(char *page, size_t len, long iters)
{
	uint64_t t0 = thread_cpu_ns();
	long i;

	for (i = 0; i < iters; i++) {
		mprotect(page, len, PROT_READ);
		mprotect(page, len, PROT_READ | PROT_WRITE);
	}
	return (double)(thread_cpu_ns() - t0) / (double)iters;
}

/* CPU ns per kill(self, SIGURG); the caller has SIGURG ignored (traced as "ignored"). */
static double signal_block(char *page, size_t len, long iters)
{
	uint64_t t0 = thread_cpu_ns();
	pid_t self = getpid();
	long i;

	(void)page;
	(void)len;
	for (i = 0; i < iters; i++)
		kill(self, SIGURG);
	return (double)(thread_cpu_ns() - t0) / (double)iters;
}

static bool is_lock_kind(const struct rb_event *e)
{
	return e->kind <= EV_LOCK_RELEASED;
}

static bool is_signal_kind(const struct rb_event *e)
{
	return e->kind == EV_SIGNAL_GENERATE;
}

static const struct {
	double (*block)(char *page, size_t len, long iters);
	bool (*counted)(const struct rb_event *e);
} workloads[SB_COST_WL_NR] = {
	[SB_COST_WL_LOCK] = { lock_block, is_lock_kind },
	[SB_COST_WL_OTHER] = { signal_block, is_signal_kind },
};

const char *const sb_cost_wl_names[SB_COST_WL_NR] = { "lock", "other" };
const char *const sb_cost_wl_what[SB_COST_WL_NR] = {
	"mprotect(RO)+mprotect(RW) of one page: mmap_lock events",
	"kill(self, SIGURG), ignored: signal:signal_generate",
};

static int set_state(struct rb_trace *t, enum sb_cost_state s, int self, int other,
		     bool *events_on)
{
	bool want = s != SB_COST_OFF;

	if (want != *events_on) {
		if (trace_set_events(t, want))
			return -1;
		*events_on = want;
	}
	if (want && trace_filter_pids(t, s == SB_COST_RECORDED ? &self : &other, 1) < 0)
		return -1;
	return s == SB_COST_RECORDED || s == SB_COST_FILTERED ? trace_start(t) : 0;
}

/* Drain the buffer; this thread's events of workload wl and the block's losses. */
static int drain(struct rb_trace *t, int self, int wl, uint64_t *mine, uint64_t *lost)
{
	struct rb_events evs = { 0 };
	size_t i;

	if (trace_collect(t, &evs))
		return -1;
	*mine = 0;
	for (i = 0; i < evs.n; i++)
		*mine += evs.ev[i].tid == self && workloads[wl].counted(&evs.ev[i]);
	*lost = evs.lost;
	rb_events_free(&evs);
	return 0;
}

/* The three load averages, for the output: other work moves every timing. */
static void read_loadavg(char *buf, size_t len)
{
	char *s = read_file_str("/proc/loadavg"), *p;
	int fields = 0;

	snprintf(buf, len, "%s", s ? s : "unknown");
	for (p = buf; *p; p++)
		if (*p == ' ' && ++fields == 3)
			*p = 0;
	free(s);
}

static int pin_to_last_cpu(cpu_set_t *saved)
{
	cpu_set_t one;
	int cpu;

	if (sched_getaffinity(0, sizeof(*saved), saved))
		return -1;
	for (cpu = CPU_SETSIZE - 1; cpu >= 0 && !CPU_ISSET(cpu, saved); cpu--)
		;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	return sched_setaffinity(0, sizeof(one), &one);
}

static void estimate(const double *d, size_t n, struct sb_cost_est *e)
{
	e->n = n;
	e->ns = sb_median(d, n);
	if (stats_boot_median_ci(d, n, BOOT_RESAMPLES, BOOT_SEED, &e->lo_ns, &e->hi_ns))
		e->lo_ns = e->hi_ns = e->ns;
}

/* (state - off) / events per iteration, per repetition, into est. */
static void per_event(double *const per_iter[SB_COST_NR], long done, double events_per_iter,
		      double *diff, struct sb_cost_result *res)
{
	long rep;
	int s;

	for (s = 0; s < SB_COST_NR; s++) {
		res->iter_ns[s] = sb_median(per_iter[s], done);
		if (s == SB_COST_OFF)
			continue;
		for (rep = 0; rep < done; rep++)
			diff[rep] = (per_iter[s][rep] - per_iter[SB_COST_OFF][rep]) / events_per_iter;
		estimate(diff, done, &res->cost[s]);
	}
}

int sb_probe_cost(long reps, long iters, struct sb_event_cost *out)
{
	const size_t len = (size_t)sysconf(_SC_PAGESIZE);
	double *per_iter[SB_COST_WL_NR][SB_COST_NR] = { { 0 } }, *diff = calloc(reps, sizeof(double));
	double *counts[SB_COST_WL_NR] = { 0 };
	int order[SB_COST_NR], self = gettid(), other = 1, s, wl;
	struct rb_trace t = { 0 };
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	bool events_on = true, pinned = false, sig_saved = false;
	char *page = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct sigaction ign = { .sa_handler = SIG_IGN }, old_urg;
	cpu_set_t saved;
	uint64_t mine, lost;
	long rep, done = 0;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	for (wl = 0; wl < SB_COST_WL_NR; wl++) {
		if (!(counts[wl] = calloc(reps, sizeof(double))))
			goto out;
		for (s = 0; s < SB_COST_NR; s++)
			if (!(per_iter[wl][s] = calloc(reps, sizeof(double))))
				goto out;
	}
	if (!diff || !r || page == MAP_FAILED)
		goto out;
	if (sigaction(SIGURG, &ign, &old_urg))
		goto out;
	sig_saved = true;
	gsl_rng_set(r, (unsigned long)now_ns());
	read_loadavg(out->load_start, sizeof(out->load_start));
	pinned = !pin_to_last_cpu(&saved);
	/* at most 3 events per call, 2 calls per iteration, well inside one CPU's buffer */
	if (trace_open(&t, (size_t)(iters * 6 * 96 / 1024 + 4096)))
		goto out;
	out->flavour = trace_mmap_lock_flavour();
	for (wl = 0; wl < SB_COST_WL_NR; wl++)
		workloads[wl].block(page, len, iters);	/* warm-up */
	for (rep = 0; rep < reps && !rb_stop; rep++) {
		for (s = 0; s < SB_COST_NR; s++)
			order[s] = s;
		gsl_ran_shuffle(r, order, SB_COST_NR, sizeof(int));
		for (s = 0; s < SB_COST_NR; s++) {
			int st = order[s];

			for (wl = 0; wl < SB_COST_WL_NR; wl++) {
				if (set_state(&t, st, self, other, &events_on))
					goto out;
				per_iter[wl][st][rep] = workloads[wl].block(page, len, iters);
				trace_stop(&t);
				if (drain(&t, self, wl, &mine, &lost))
					goto out;
				if (st == SB_COST_RECORDED) {
					counts[wl][rep] = (double)mine / (double)iters;
					out->lost += lost;
				}
			}
		}
		done++;
		if (isatty(STDERR_FILENO))
			fprintf(stderr, "\r(e) %ld/%ld repetitions", rep + 1, reps);
	}
	if (isatty(STDERR_FILENO))
		fputc('\n', stderr);
	if (done < 2)
		goto out;
	read_loadavg(out->load_end, sizeof(out->load_end));
	out->reps = done;
	out->iters = iters;
	out->pinned = pinned;
	for (wl = 0; wl < SB_COST_WL_NR; wl++) {
		struct sb_cost_result *res = &out->wl[wl];

		res->events_per_iter = sb_median(counts[wl], done);
		if (res->events_per_iter <= 0) {
			err_msg("(e) no %s events of the benchmark thread were recorded\n",
				sb_cost_wl_names[wl]);
			goto out;
		}
		per_event(per_iter[wl], done, res->events_per_iter, diff, res);
	}
	rc = 0;
out:
	trace_close(&t);
	if (sig_saved)
		sigaction(SIGURG, &old_urg, NULL);
	if (pinned)
		sched_setaffinity(0, sizeof(saved), &saved);
	if (page != MAP_FAILED)
		munmap(page, len);
	gsl_rng_free(r);
	for (wl = 0; wl < SB_COST_WL_NR; wl++) {
		for (s = 0; s < SB_COST_NR; s++)
			free(per_iter[wl][s]);
		free(counts[wl]);
	}
	free(diff);
	return rc;
}

/* Tracefs instances other than ours: their probes run in every state above. */
int sb_other_instances(void)
{
	char **names = tracefs_instances(NULL);
	char mine[64];
	int i, n = 0;

	snprintf(mine, sizeof(mine), "reapbench-%d", getpid());
	for (i = 0; names && names[i]; i++)
		n += strcmp(names[i], mine) != 0;
	tracefs_list_free(names);
	return n;
}

void sb_probe_cost_print(const struct sb_event_cost *c)
{
	char key[64];
	int s, wl;

	printf("# (e) cost of one event: %ld iterations per block, the 4 states of the suite's "
	       "instance in a shuffled order in each of %ld repetitions, thread CPU time%s; per "
	       "event = median over repetitions of (state - off) / events per iteration, 95%% CI "
	       "percentile bootstrap (%d resamples)\n",
	       c->iters, c->reps, c->pinned ? ", pinned to one CPU" : "", BOOT_RESAMPLES);
	printf("# (e) loadavg at its start: %s, at its end: %s\n", c->load_start, c->load_end);
	printf("probe_cost_other_instances          %10d   # tracefs instances of other tools: "
	       "their probes run in every state (not in the differences)\n", sb_other_instances());
	printf("probe_cost_lost                     %10llu   # ring-buffer losses in the recorded "
	       "blocks\n", (unsigned long long)c->lost);
	for (wl = 0; wl < SB_COST_WL_NR; wl++) {
		const struct sb_cost_result *res = &c->wl[wl];

		printf("# (e) %s: %s\n", sb_cost_wl_names[wl], sb_cost_wl_what[wl]);
		snprintf(key, sizeof(key), "probe_cost_%s_events_per_iter", sb_cost_wl_names[wl]);
		printf("%-36s%10.2f   # counted in the trace of the recorded blocks%s%s\n", key,
		       res->events_per_iter, wl == SB_COST_WL_LOCK ? "; fields: " : "",
		       wl == SB_COST_WL_LOCK ? c->flavour : "");
		for (s = 0; s < SB_COST_NR; s++) {
			snprintf(key, sizeof(key), "probe_cost_%s_iter_%s_ns", sb_cost_wl_names[wl],
				 sb_cost_state_names[s]);
			printf("%-36s%10.1f   # median CPU ns per iteration\n", key, res->iter_ns[s]);
		}
		for (s = SB_COST_ARMED; s < SB_COST_NR; s++) {
			snprintf(key, sizeof(key), "probe_cost_%s_%s_ns", sb_cost_wl_names[wl],
				 sb_cost_state_names[s]);
			printf("%-36s%10.1f   # per event, 95%% CI %.1f .. %.1f%s\n", key,
			       res->cost[s].ns, res->cost[s].lo_ns, res->cost[s].hi_ns,
			       s == SB_COST_ARMED ? " (events enabled, tracing_on 0)" :
			       s == SB_COST_RECORDED ? " (written to the ring buffer: the bound's cost)" :
			       wl == SB_COST_WL_LOCK ? " (dropped by the pid filter: other threads' cost)" :
			       " (not filtered by the suite: recorded)");
		}
	}
}
