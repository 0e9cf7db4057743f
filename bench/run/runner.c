#include "runner.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "safefile.h"
#include "memcg.h"
#include "metric_table.h"
#include "victim.h"

volatile sig_atomic_t rb_stop;

/* One run's runner side, behind run->svc: the pieces never see it. */
struct runner_state {
	struct rb_run *run;
	struct rb_trace *t;
	struct rb_memcg memcg;
	/* run->ctx.victim_tids and the trace pid filter: the FUSE server thread adds tids */
	pthread_mutex_t tids_lock;
};

static void on_stop(int sig)
{
	(void)sig;
	rb_stop = 1;
}

void runner_install_signals(void)
{
	/* No SA_RESTART: a blocking wait returns EINTR and the loop unwinds. */
	struct sigaction sa = { .sa_handler = on_stop };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

pid_t find_oom_reaper(void)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	pid_t found = 0;

	if (!d)
		return 0;
	while (!found && (de = readdir(d))) {
		char path[300], *comm;
		int pid = atoi(de->d_name);

		if (pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/comm", pid);
		comm = read_file_str(path);
		if (comm && !strcmp(rstrip(comm), "oom_reaper"))
			found = pid;
		free(comm);
	}
	closedir(d);
	return found;
}

int memcg_limit_for(uint64_t footprint, uint64_t *limit)
{
	if (__builtin_add_overflow(footprint, footprint / 16, limit) ||
	    __builtin_add_overflow(*limit, 32ULL << 20, limit))
		return err_msg("a victim of %" PRIu64 " bytes: its memcg limit overflows\n",
			       footprint);
	return 0;
}

static uint64_t meminfo_kb(const char *key)
{
	char *s = read_file_str("/proc/meminfo"), *p;
	uint64_t v = 0;

	if (s && (p = strstr(s, key)))
		v = strtoull(p + strlen(key), NULL, 10);
	free(s);
	return v;
}

int check_memory_budget(uint64_t limit_bytes, const char *what)
{
	uint64_t avail, total, reserve, need;

	if (__builtin_mul_overflow(meminfo_kb("MemAvailable:"), 1024, &avail) ||
	    __builtin_mul_overflow(meminfo_kb("MemTotal:"), 1024, &total) || !avail)
		return err_msg("cannot read MemAvailable from /proc/meminfo\n");
	reserve = total / 8 > (1ULL << 30) ? total / 8 : (1ULL << 30);
	if (__builtin_add_overflow(limit_bytes, reserve, &need) || need > avail)
		return err_msg("%s: refused: needs a %" PRIu64 " MiB memcg but only %" PRIu64
			       " MiB are available and %" PRIu64 " MiB stay reserved for the "
			       "host (a global OOM must never happen)\n", what,
			       limit_bytes >> 20, avail >> 20, reserve >> 20);
	return 0;
}

static void save_fixture(const struct rb_run_opts *o, const struct rb_run *run,
			 const struct rb_events *evs)
{
	struct safe_file sf;
	struct utsname u;
	char name[256];
	FILE *f;
	size_t i;

	snprintf(name, sizeof(name), "run-%d-%s-%s.events", o->seq, run->shape->name,
		 run->trigger->name);
	if (safe_file_create(&sf, o->save_events_fd, name)) {
		err_msg("%s/%s: not saved\n", o->save_events_dir, name);
		return;
	}
	f = sf.f;
	uname(&u);
	fprintf(f, "# kernel %s, mmap_lock flavour %s\n", u.release, trace_mmap_lock_flavour());
	runctx_write(f, &run->ctx);
	fprintf(f, "# lost=%" PRIu64 "\n", evs->lost);
	for (i = 0; i < evs->n; i++)
		rb_event_write(f, &evs->ev[i]);
	safe_file_commit(&sf);
}

static void sleep_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	nanosleep(&ts, NULL);
}

/*
 * Wait for the victim to be reaped while watching its memcg usage fall below
 * 10% of the peak (mem_release_us). A kill's peak is the usage at the
 * trigger; an OOM kill's comes after it, at most the limit: once the usage
 * is below 10% of the limit it is falling, the peak is behind it and is read
 * (memory.peak) to fix the threshold.
 */
static int wait_reaped(struct rb_run *run, struct rb_memcg *memcg, int timeout_ms,
		       uint64_t limit)
{
	uint64_t deadline = now_ns() + (uint64_t)timeout_ms * 1000000ULL;
	uint64_t threshold = run->ctx.mem_peak_bytes / 10, peak;
	bool reaped = false, released = false, peak_known = !run->trigger->oom_kill;

	while (!(reaped && released)) {
		uint64_t now = now_ns(), usage;

		if (!reaped) {
			int status;
			pid_t r = waitpid(run->victim, &status, WNOHANG);

			if (r == run->victim) {
				run->ctx.t_reaped_ns = now_ns();
				reaped = true;
			} else if (r < 0 && errno != EINTR) {
				return err_msg("waitpid: %s\n", strerror(errno));
			}
		}
		if (!released && !memcg_usage(memcg, &usage)) {
			if (!peak_known && usage < limit / 10) {
				if (!memcg_peak(memcg, &peak) && peak > run->ctx.mem_peak_bytes)
					run->ctx.mem_peak_bytes = peak;
				threshold = run->ctx.mem_peak_bytes / 10;
				peak_known = true;
			}
			if (peak_known && usage < threshold) {
				run->ctx.t_mem_released_ns = now;
				released = true;
			}
		}
		if (rb_stop)
			return 1;
		if (now > deadline) {
			if (!reaped)
				return err_msg("victim %d not reaped within %d ms\n", run->victim,
					       timeout_ms);
			break;	/* reaped, but usage stays up (page cache): no release time */
		}
		sleep_us(20);
	}
	return 0;
}

/* Only the roles' threads: a busy machine's mmap_lock traffic would overflow the buffer. */
static int filter_roles(struct rb_run *run, struct rb_trace *t, bool on)
{
	static int pids[RB_MAX_TIDS + RB_MAX_CONTENDERS + 2];
	int i, n = 0;

	if (!on)
		return trace_filter_pids(t, pids, 0) < 0 ? -1 : 0;
	for (i = 0; i < run->ctx.n_victim_tids; i++)
		pids[n++] = run->ctx.victim_tids[i];
	for (i = 0; i < run->ctx.n_contender_tids; i++)
		pids[n++] = run->ctx.contender_tids[i];
	if (run->ctx.mrelease_tid)
		pids[n++] = run->ctx.mrelease_tid;
	if (run->ctx.reaper_pid)
		pids[n++] = run->ctx.reaper_pid;
	switch (trace_filter_pids(t, pids, n)) {
	case 0:
		run->ctx.pid_filter = true;
		return 0;
	case 1:
		return 0;
	default:
		return -1;
	}
}

static int runner_track_tid(void *runner, pid_t tid)
{
	struct runner_state *rs = runner;
	struct rb_run *run = rs->run;
	int i, rc = 0;

	pthread_mutex_lock(&rs->tids_lock);
	for (i = 0; i < run->ctx.n_victim_tids; i++)
		if (run->ctx.victim_tids[i] == tid)
			goto out;
	if (run->ctx.n_victim_tids == RB_MAX_TIDS) {
		rc = -1;
		goto out;
	}
	run->ctx.victim_tids[run->ctx.n_victim_tids++] = tid;
	if (run->ctx.pid_filter)
		rc = filter_roles(run, rs->t, true);
out:
	pthread_mutex_unlock(&rs->tids_lock);
	return rc;
}

static int runner_oom_kills(void *runner, uint64_t *n)
{
	struct runner_state *rs = runner;

	return memcg_oom_kills(&rs->memcg, n);
}

/*
 * An OOM victim's reaper acts OOM_REAPER_DELAY (2 s) after the kill and
 * retries a failed trylock up to 10 times, HZ/10 apart: keep tracing until
 * its outcome is settled (metrics_reaper_progress), or at most for the
 * retries plus a margin after its wake. No wake_reaper by the time the
 * victim's exit_mmap is done means the timer will find MMF_OOM_SKIP and
 * return without an event: tracing stops at once (reaper_outcome not_needed).
 */
#define REAPER_MARGIN_NS (400 * 1000000ULL)
#define REAPER_DELAY_NS (2000 * 1000000ULL)
#define REAPER_POLL_US 10000

static int follow_reaper(struct rb_run *run, struct rb_trace *t, struct rb_events *evs)
{
	const uint64_t budget = RB_OOM_REAP_RETRIES * RB_OOM_REAP_RETRY_NS + REAPER_MARGIN_NS;
	uint64_t t_wake, t0 = now_ns();

	for (;;) {
		enum rb_reaper_progress p;
		uint64_t deadline;

		if (trace_collect(t, evs))
			return -1;
		p = metrics_reaper_progress(&run->ctx, evs, &t_wake);
		if (p == RB_REAPER_SILENT || p == RB_REAPER_DONE)
			break;
		/* woken: its retries; not yet (exit_mmap not seen): the delay too */
		deadline = t_wake ? t_wake + budget : t0 + REAPER_DELAY_NS + budget;
		if (now_ns() > deadline || rb_stop)
			break;
		sleep_us(REAPER_POLL_US);
	}
	debug_msg("run: reaper followed for %.1f ms\n", (now_ns() - t0) / 1e6);
	return 0;
}

static int runner_attach(void *runner, pid_t pid)
{
	struct runner_state *rs = runner;

	return memcg_attach(&rs->memcg, pid);
}

static int runner_oom_group(void *runner, bool on)
{
	struct runner_state *rs = runner;

	return memcg_set_oom_group(&rs->memcg, on);
}

static int runner_room(void *runner, uint64_t *bytes)
{
	struct runner_state *rs = runner;
	uint64_t limit, usage;

	if (memcg_limit(&rs->memcg, &limit) || memcg_usage(&rs->memcg, &usage))
		return -1;
	*bytes = limit > usage ? limit - usage : 0;
	return 0;
}

static int runner_oom_events_open(void *runner)
{
	struct runner_state *rs = runner;

	return memcg_open_oom_events(&rs->memcg);
}

static void stop_contenders(struct rb_run *run)
{
	int i;

	for (i = run->n_contenders - 1; i >= 0; i--)
		run->contenders[i]->stop(run);
}

int run_one(struct rb_run *run, struct rb_trace *t, const struct rb_run_opts *o,
	    struct rb_events *evs, struct rb_metrics *m)
{
	uint64_t footprint, limit, usage = 0, peak = 0, oom_kills = 0, t0 = now_ns(), t_fork;
	int rc = -1, i, started = 0, k;
	bool finished = false;
	struct runner_state rs = { .run = run, .t = t };
	struct rb_run_services svc = { .runner = &rs, .track_tid = runner_track_tid,
				       .oom_kills = runner_oom_kills, .attach = runner_attach,
				       .oom_group = runner_oom_group, .room = runner_room,
				       .oom_events_open = runner_oom_events_open };
	struct rb_memcg *memcg = &rs.memcg;

	memset(&run->ctx, 0, sizeof(run->ctx));
	run->others_oom_killed = -1;
	pthread_mutex_init(&rs.tids_lock, NULL);
	run->svc = &svc;
	memset(evs, 0, sizeof(*evs));
	run->pidfd = run->go_fd = -1;
	run->victim = 0;
	if (run->shape->footprint(run->params, &footprint) || memcg_limit_for(footprint, &limit) ||
	    memcg_create(memcg, o->seq, limit))
		goto out_lock;
	debug_msg("run %d: memcg %s ready after %.1f ms\n", o->seq, memcg->path,
		  (now_ns() - t0) / 1e6);
	t_fork = now_ns();	/* victim_life_us: fork -> reaped, for the harness overhead */
	if (victim_start(run, memcg, o->timeout_ms))
		goto out_memcg;
	debug_msg("run %d: victim %d populated after %.1f ms\n", o->seq, run->victim,
		  (now_ns() - t0) / 1e6);
	run->ctx.reaper_pid = find_oom_reaper();
	run->ctx.oom_kill = run->trigger->oom_kill;
	for (k = 0; k < EV_NR_KINDS; k++)
		run->ctx.have[k] = t->have[k];
	if (run->trigger->prepare && run->trigger->prepare(run))
		goto out_victim;
	for (i = 0; i < run->n_contenders; i++, started++)
		if (run->contenders[i]->start(run))
			goto out_trigger;
	if (rb_stop) {
		rc = 1;
		goto out_trigger;
	}
	memcg_usage(memcg, &usage);
	run->ctx.mem_peak_bytes = usage;
	if (perf_window_start(o->perf, run->victim))
		goto out_trigger;
	pthread_mutex_lock(&rs.tids_lock);
	k = !o->no_trace && filter_roles(run, t, o->pid_filter);
	pthread_mutex_unlock(&rs.tids_lock);
	if (k)
		goto out_trigger;
	if (!o->no_trace && trace_start(t))
		goto out_trigger;
	if (run->trigger->fire(run)) {
		trace_stop(t);
		goto out_trigger;
	}
	rc = wait_reaped(run, memcg, o->timeout_ms, limit);
	debug_msg("run %d: reaped after %.1f ms\n", o->seq, (now_ns() - t0) / 1e6);
	/*
	 * The victim's own events are in the buffer once waitpid() returned;
	 * the trigger's thread (process_mrelease) is joined before tracing
	 * stops. An OOM victim's reaper is followed until it is done.
	 */
	if (run->trigger->finish)
		run->trigger->finish(run);
	finished = true;
	sleep_us(run->trigger->oom_kill ? 2000 : 200);
	if (rc == 0 && run->trigger->oom_kill && !o->no_trace && follow_reaper(run, t, evs))
		rc = -1;
	trace_stop(t);
out_trigger:
	perf_window_stop(o->perf);
	run->n_contenders = started;
	stop_contenders(run);
	if (run->trigger->finish && !finished)
		run->trigger->finish(run);
out_victim:
	if (run->victim && !run->ctx.t_reaped_ns) {
		kill(run->victim, SIGKILL);
		waitpid(run->victim, NULL, 0);
	}
	victim_release(run);
	if (rc == 0) {
		if (!memcg_peak(memcg, &peak) && peak > run->ctx.mem_peak_bytes &&
		    run->trigger->oom_kill)
			run->ctx.mem_peak_bytes = peak;
		if (!o->no_trace && trace_collect(t, evs))
			rc = -1;
	}
	if (rc == 0) {
		metrics_compute(&run->ctx, evs, m);
		for (i = 0; i < run->n_facts; i++)	/* what the shape really built */
			metrics_set(m, run->facts[i].name, run->facts[i].value);
		if (run->trigger->oom_kill) {
			if (!memcg_oom_kills(memcg, &oom_kills)) {
				metrics_set(m, "memcg_oom_kill_n", (double)oom_kills);
				/* the trigger knows its tasks; the count may count a
				 * victim twice (memory.oom.group) */
				if (oom_kills && run->others_oom_killed >= 0)
					metrics_set(m, "extra_oom_kill_n", run->others_oom_killed);
				else if (oom_kills)
					metrics_set(m, "extra_oom_kill_n", (double)(oom_kills - 1));
				else
					metrics_set_absent(m, "extra_oom_kill_n",
							   "the victim was not OOM-killed");
				if (!oom_kills)
					metrics_invalidate(m, "the victim was not OOM-killed");
			}
		} else {
			metrics_set_absent(m, "extra_oom_kill_n", "not an OOM-kill trigger");
		}
		metrics_set(m, "memcg_peak_bytes", (double)run->ctx.mem_peak_bytes);
		metrics_set(m, "victim_life_us", (double)(run->ctx.t_reaped_ns - t_fork) / 1e3);
		perf_window_store(o->perf, m);
		if (o->no_trace)
			metrics_mark_untraced(m);
		if (o->save_events_dir)
			save_fixture(o, run, evs);
	}
out_memcg:
	memcg_remove(memcg);
	debug_msg("run %d: done after %.1f ms\n", o->seq, (now_ns() - t0) / 1e6);
out_lock:
	/* every thread that could call track_tid was joined by trigger->finish */
	run->svc = NULL;
	pthread_mutex_destroy(&rs.tids_lock);
	return rc;
}
