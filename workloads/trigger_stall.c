/*
 * stall: a memcg-OOM-killed victim kept from exiting for `stall`, so that
 * the kernel's own oom_reaper (it waits OOM_REAPER_DELAY, 2 s, after the
 * kill) finds it still alive and reaps it; near 2 s the reaper races the
 * victim's exit_mmap.
 *
 * After "go" a victim thread blocks in read() on the hold file of the
 * suite's FUSE server (fuse_stall.c). Once the server reports the READ
 * parked, the victim allocates past its memcg limit and is OOM-killed; the
 * blocked thread stays in state D until the server answers, `stall` after
 * it saw the memcg's oom_kill counter move (stall_from=kill, default) or
 * after the READ arrived (stall_from=read).
 *
 * Measured here (6.18, 128M): the counter is seen 0.1-4 ms after
 * oom:mark_victim (the kernel prints the kill report in between) and
 * wake_reaper follows 2008-2034 ms later; with stall_from=read the kill comes
 * 25-70 ms after the clock started, so the victim is held that much less.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "fuse_hold.h"
#include "workload.h"

#define CHUNK (1UL << 20)
#define HELD_WAIT_NS (10 * NSEC_PER_SEC)

struct stall_priv {
	struct fuse_stall *fs;
	struct rb_run *run;
	uint64_t stall_us;
	bool from_kill;
};

static const struct rb_param_def stall_table[] = {
	{ "stall", RB_PARAM_DURATION, "3s", 0, 600000000, NULL, true,
	  "how long the FUSE read holds the killed victim" },
	{ "stall_from", RB_PARAM_ENUM, "kill", 0, 0, "kill|read", false,
	  "the stall counts from the seen OOM kill, or from the read's arrival" },
	{ .name = NULL },
};

static int stall_params(const struct rb_params *p, uint64_t *stall_us, bool *from_kill)
{
	const char *from;

	if (params_get_duration_us(p, stall_table, "stall", stall_us) ||
	    params_get_str(p, stall_table, "stall_from", &from))
		return -1;
	*from_kill = !strcmp(from, "kill");
	return 0;
}

static const char *stall_unsupported(const struct rb_params *p)
{
	static char why[160];
	uint64_t timeout;

	(void)p;
	if (access("/dev/fuse", R_OK | W_OK))
		return "no /dev/fuse (kernel without CONFIG_FUSE_FS or no device node)";
	/* A request timeout would abort the held READ before the stall ends. */
	if (!read_file_u64("/proc/sys/fs/fuse/max_request_timeout", &timeout) && timeout) {
		snprintf(why, sizeof(why), "/proc/sys/fs/fuse/max_request_timeout is %llu s, "
			 "FUSE would abort the held read; set it to 0",
			 (unsigned long long)timeout);
		return why;
	}
	return NULL;
}

/* ---- in the victim ---- */

static __attribute__((noreturn)) void victim_fail(const char *what)
{
	fprintf(stderr, "reapbench: stall victim: %s: %s\n", what, strerror(errno));
	_exit(3);
}

static void *hold_reader(void *arg)
{
	static char buf[4096];

	/* blocks until the server answers; SIGKILL cannot end it once the server has it */
	if (read((int)(intptr_t)arg, buf, sizeof(buf)) < 0)
		fprintf(stderr, "reapbench: stall victim: hold read: %s\n", strerror(errno));
	for (;;)
		pause();
	return NULL;
}

/* The parent's mount, from mountinfo (a name in /tmp could be anyone's). */
static int open_in_mount(const char *name)
{
	int fd = fuse_stall_open_in_parent(name);

	if (fd < 0)
		victim_fail(name);
	return fd;
}

static void wait_held(int state_fd)
{
	struct timespec ts = { 0, 100 * 1000 };
	uint64_t t0 = now_ns();
	char c = 0;

	while (now_ns() - t0 < HELD_WAIT_NS) {
		if (pread(state_fd, &c, 1, 0) == 1 && c == '1')
			return;
		nanosleep(&ts, NULL);
	}
	errno = ETIMEDOUT;
	victim_fail("the FUSE server never got the hold read");
}

static void stall_victim_go(const struct rb_params *p)
{
	int hold = open_in_mount("hold"), state = open_in_mount("state");
	pthread_t t;

	(void)p;
	if (pthread_create(&t, NULL, hold_reader, (void *)(intptr_t)hold))
		victim_fail("pthread_create");
	wait_held(state);
	for (;;) {	/* past the memcg limit: the OOM killer kills us */
		void *m = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			       -1, 0);

		if (m == MAP_FAILED)
			pause();
		else
			touch_pages(m, CHUNK);
	}
}

/* ---- in reapbench ---- */

/* The reader thread is the one that will run exit_mmap: make it a traced victim thread. */
static void reader_arrived(void *arg, pid_t tid)
{
	struct rb_run *run = arg;

	if (run_track_tid(run, tid))
		err_msg("stall: reader thread %d not tracked\n", (int)tid);
}

static int stall_prepare(struct rb_run *run)
{
	struct stall_priv *s = calloc(1, sizeof(*s));

	if (!s)
		return err_msg("out of memory\n");
	if (stall_params(run->params, &s->stall_us, &s->from_kill)) {
		free(s);
		return -1;
	}
	s->fs = fuse_hold_start(run, s->stall_us, s->from_kill, reader_arrived);
	if (!s->fs) {
		free(s);
		return -1;
	}
	s->run = run;
	run->trigger_priv = s;
	debug_msg("stall: FUSE server at %s, stall %llu us from the %s\n", fuse_stall_dir(s->fs),
		  (unsigned long long)s->stall_us, s->from_kill ? "kill" : "read");
	return 0;
}

static int stall_fire(struct rb_run *run)
{
	char go = 'g';

	run->ctx.t_trigger_ns = now_ns();
	if (write(run->go_fd, &go, 1) != 1)
		return err_msg("cannot tell the victim to start the stall\n");
	return 0;
}

static double ms_since(uint64_t t, uint64_t base)
{
	return t && base ? ((double)t - (double)base) / 1e6 : -1;
}

static void stall_finish(struct rb_run *run)
{
	struct stall_priv *s = run->trigger_priv;
	struct fuse_stall_times t;
	uint64_t go;

	if (!s)
		return;
	fuse_stall_stop(s->fs, &t);
	go = run->ctx.t_trigger_ns;
	if (!t.t_read_ns)
		err_msg("stall: the victim's read never reached the FUSE server\n");
	else if (t.gave_up)
		err_msg("stall: no OOM kill seen within 30 s of the held read\n");
	/* -1: did not happen. The kernel's own kill time is oom:mark_victim in the events. */
	debug_msg("stall: after go: read held %.3f ms, kill seen %.3f ms, answered %.3f ms "
		  "(held %.3f ms after the kill was seen)\n", ms_since(t.t_read_ns, go),
		  ms_since(t.t_kill_ns, go), ms_since(t.t_reply_ns, go),
		  ms_since(t.t_reply_ns, t.t_kill_ns));
	debug_msg("stall: kill seen at %llu ns (CLOCK_MONOTONIC), reader tid %d\n",
		  (unsigned long long)t.t_kill_ns, (int)t.reader_tid);
	/* the reader thread started after "ready": reader_arrived() added it already */
	free(s);
	run->trigger_priv = NULL;
}

const struct rb_trigger_ops trigger_stall = {
	.name = "stall",
	.help = "memcg OOM kill of a victim held in a FUSE read for `stall`: the oom_reaper reaps it",
	.params = stall_table,
	.oom_kill = true,
	.unsupported = stall_unsupported,
	.victim_go = stall_victim_go,
	.prepare = stall_prepare,
	.fire = stall_fire,
	.finish = stall_finish,
};
