#include "victim.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "memcg.h"
#include "syscalls.h"

struct ready_msg {
	int status;		/* 0 ok, else populate failed */
	int ntids;
	pid_t tids[RB_MAX_TIDS];
	int nfacts;
	struct rb_fact facts[RB_MAX_FACTS];
};

static void reset_signals(void)
{
	struct sigaction sa = { .sa_handler = SIG_DFL };
	sigset_t none;
	int s;

	for (s = 1; s < NSIG; s++)
		sigaction(s, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

static bool read_full(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= n;
	}
	return true;
}

static void write_full(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		p += n;
		len -= n;
	}
}

static __attribute__((noreturn)) void victim_main(struct rb_run *run, pid_t parent,
						  int start_fd, int ready_fd, int go_fd)
{
	static struct ready_msg msg;
	char c;
	int i;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
	reset_signals();
	prctl(PR_SET_NAME, "reapbench-vict");
	if (!read_full(start_fd, &c, 1))	/* parent moved us into the memcg */
		_exit(1);
	msg.status = run->shape->populate(run->params);
	for (i = 0; !msg.status && i < run->n_contenders; i++)
		if (run->contenders[i]->victim_start)
			msg.status = run->contenders[i]->victim_start(run->params);
	msg.tids[0] = getpid();
	msg.ntids = 1;
	if (run->shape->victim_tids)
		msg.ntids += run->shape->victim_tids(msg.tids + 1, RB_MAX_TIDS - 1);
	if (!msg.status && run->shape->report)
		msg.nfacts = run->shape->report(msg.facts, RB_MAX_FACTS);
	write_full(ready_fd, &msg, sizeof(msg));
	if (msg.status)
		_exit(2);
	if (!read_full(go_fd, &c, 1))
		_exit(1);
	if (run->trigger->victim_go)
		run->trigger->victim_go(run->params);
	for (;;)
		pause();
}

static int wait_readable(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int r;

	do
		r = poll(&p, 1, timeout_ms);
	while (r < 0 && errno == EINTR);
	return r;
}

int victim_start(struct rb_run *run, struct rb_memcg *memcg, int timeout_ms)
{
	static struct ready_msg msg;
	int start[2], ready[2], go[2];
	pid_t parent = getpid(), pid;
	char c = 's';
	int i;

	if (pipe2(start, O_CLOEXEC) || pipe2(ready, O_CLOEXEC) || pipe2(go, O_CLOEXEC))
		return err_msg("pipe: %s\n", strerror(errno));
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return err_msg("fork: %s\n", strerror(errno));
	if (!pid) {
		close(start[1]);
		close(ready[0]);
		close(go[1]);
		victim_main(run, parent, start[0], ready[1], go[0]);
	}
	close(start[0]);
	close(ready[1]);
	close(go[0]);
	run->victim = pid;
	run->go_fd = go[1];
	run->pidfd = sys_pidfd_open(pid);
	if (run->pidfd < 0) {
		err_msg("pidfd_open: %s\n", strerror(errno));
		goto fail;
	}
	if (memcg_attach(memcg, pid))
		goto fail;
	if (write(start[1], &c, 1) != 1)
		goto fail;
	if (wait_readable(ready[0], timeout_ms) <= 0) {
		err_msg("victim did not populate its memory within %d ms\n", timeout_ms);
		goto fail;
	}
	if (!read_full(ready[0], &msg, sizeof(msg)) || msg.status) {
		err_msg("victim failed to populate its memory (shape %s)\n", run->shape->name);
		goto fail;
	}
	run->ctx.victim_pid = pid;
	run->ctx.n_victim_tids = msg.ntids;
	for (i = 0; i < msg.ntids; i++)
		run->ctx.victim_tids[i] = msg.tids[i];
	run->n_facts = msg.nfacts > 0 && msg.nfacts <= RB_MAX_FACTS ? msg.nfacts : 0;
	for (i = 0; i < run->n_facts; i++)
		run->facts[i] = msg.facts[i];
	close(start[1]);
	close(ready[0]);
	return 0;
fail:
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(start[1]);
	close(ready[0]);
	victim_release(run);
	run->victim = 0;
	return -1;
}

void victim_release(struct rb_run *run)
{
	if (run->pidfd > 0)
		close(run->pidfd);
	if (run->go_fd > 0)
		close(run->go_fd);
	run->pidfd = -1;
	run->go_fd = -1;
}
