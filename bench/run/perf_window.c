/* perf children over the teardown window: start with a handshake, stop, clean up. */
#include "perf_window.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "subprocess.h"

int perf_stat_parse(const char *path, struct rb_metrics *m);
int perf_lock_summarise(const char *data, struct rb_metrics *m);

const char *perf_unsupported(const struct rb_perf *p)
{
	/* Debian's /usr/bin/perf is a wrapper; "perf version" runs the real binary. */
	char *argv[] = { "perf", "version", NULL };
	struct rb_spawn s = { .argv = argv, .out = { .kind = RB_IO_NULL }, .err = { .kind = RB_IO_NULL },
			      .timeout_ms = 20000 };

	if (!p->stat && !p->lock)
		return NULL;
	if (rb_spawn_run(&s))
		return "perf not found or not runnable (Debian: apt-get install linux-perf)";
	return NULL;
}

static void child_reset(struct perf_child *c)
{
	c->pid = 0;
	c->ctl = c->ack = -1;
}

static int wait_ack(struct perf_child *c, int timeout_ms)
{
	struct pollfd pfd = { .fd = c->ack, .events = POLLIN };
	char buf[16] = "";
	ssize_t n;
	int r;

	do
		r = poll(&pfd, 1, timeout_ms);
	while (r < 0 && errno == EINTR);
	if (r <= 0)
		return -1;
	n = read(c->ack, buf, sizeof(buf) - 1);
	return n > 0 && !strncmp(buf, "ack", 3) ? 0 : -1;
}

/* Start argv (perf ... --control fd:C,A -D -1) and enable it; 0 once perf acked. */
static int child_start(struct perf_child *c, char **argv, const char *what)
{
	int ctl[2], ack[2], rc;
	char ctlarg[48];
	struct rb_spawn s = { .argv = argv };

	child_reset(c);
	if (pipe2(ctl, O_CLOEXEC) || pipe2(ack, O_CLOEXEC))
		return err_msg("pipe: %s\n", strerror(errno));
	snprintf(ctlarg, sizeof(ctlarg), "fd:%d,%d", ctl[0], ack[1]);
	for (int i = 0; argv[i]; i++)
		if (!strcmp(argv[i], "CONTROL"))
			argv[i] = ctlarg;
	{
		const int keep[] = { ctl[0], ack[1] };

		s.keep_fds = keep;
		s.n_keep = 2;
		if (!rb_verbose)
			s.out.kind = s.err.kind = RB_IO_NULL;
		rc = rb_spawn_start(&s, &c->pid);
	}
	if (rc) {
		c->pid = 0;
		close(ctl[0]);
		close(ctl[1]);
		close(ack[0]);
		close(ack[1]);
		return -1;
	}
	close(ctl[0]);
	close(ack[1]);
	c->ctl = ctl[1];
	c->ack = ack[0];
	/* perf opened its events disabled (-D -1): enabling and its ack end its start-up. */
	if (write(c->ctl, "enable\n", 7) != 7 || wait_ack(c, 20000)) {
		err_msg("%s did not start (run with -v to see perf's messages)\n", what);
		return -1;
	}
	return 0;
}

static void child_stop(struct perf_child *c, int grace_ms)
{
	int i, status;

	if (!c->pid)
		goto close_fds;
	for (i = 0; i < grace_ms; i++) {
		if (waitpid(c->pid, &status, WNOHANG) == c->pid)
			goto reaped;
		usleep(1000);
	}
	kill(c->pid, SIGINT);
	if (waitpid(c->pid, &status, 0) != c->pid)
		goto close_fds;
reaped:
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		debug_msg("perf child %d ended with status %#x\n", c->pid, status);
close_fds:
	if (c->ctl >= 0)
		close(c->ctl);
	if (c->ack >= 0)
		close(c->ack);
	child_reset(c);
}

static int tmpname(char *buf, size_t len, const char *stem)
{
	int fd;

	snprintf(buf, len, "/tmp/reapbench-%d-%s-XXXXXX", getpid(), stem);
	fd = mkstemp(buf);
	if (fd < 0)
		return err_msg("%s: %s\n", buf, strerror(errno));
	close(fd);
	return 0;
}

int perf_window_start(struct rb_perf *p, pid_t victim)
{
	if (!p)
		return 0;
	perf_window_cleanup(p);	/* a failed run's files */
	child_reset(&p->st);
	child_reset(&p->lk);
	if (p->stat) {
		char *argv[] = { "perf", "stat", "-x", ",", "-a", "-e", (char *)p->stat_events,
				 "-G", p->cg, "-D", "-1", "--control", "CONTROL", "-o", p->st.out,
				 NULL };

		if (perf_cgroup_enter(p, victim) || tmpname(p->st.out, sizeof(p->st.out), "stat") ||
		    child_start(&p->st, argv, "perf stat -e EVENTS (check the event names)"))
			goto fail;
	}
	if (p->lock) {
		/* perf lock record = perf record of the lock:contention_* tracepoints */
		char *argv[] = { "perf", "lock", "record", "-a", "-D", "-1", "--control", "CONTROL",
				 "-o", p->lk.out, NULL };

		if (tmpname(p->lk.out, sizeof(p->lk.out), "lock") ||
		    child_start(&p->lk, argv, "perf lock record"))
			goto fail;
	}
	return 0;
fail:
	perf_window_stop(p);
	return -1;
}

void perf_window_stop(struct rb_perf *p)
{
	if (!p)
		return;
	/* The victim is reaped: its counts are final, perf may stop now. */
	child_stop(&p->st, 0);
	child_stop(&p->lk, 0);
	perf_cgroup_remove(p);
}

void perf_window_store(struct rb_perf *p, struct rb_metrics *m)
{
	if (!p)
		return;
	if (p->stat && p->st.out[0] && perf_stat_parse(p->st.out, m))
		metrics_set_absent(m, "perf.task-clock_us", "perf stat wrote no readable output");
	if (p->lock && p->lk.out[0] && perf_lock_summarise(p->lk.out, m))
		metrics_set_absent(m, "perf_lock.mmap_contended_n",
				   "perf lock contention failed on the recording");
	perf_window_cleanup(p);
}

void perf_window_cleanup(struct rb_perf *p)
{
	if (!p)
		return;
	perf_cgroup_remove(p);
	if (p->st.out[0])
		unlink(p->st.out);
	if (p->lk.out[0])
		unlink(p->lk.out);
	p->st.out[0] = p->lk.out[0] = 0;
}
