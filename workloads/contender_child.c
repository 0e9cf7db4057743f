#include "contender_child.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define READY_TIMEOUT_MS 10000

int contender_child_start(struct rb_run *run, void (*body)(struct rb_run *run, int ready_fd),
			  const char *name, pid_t *pid)
{
	struct pollfd pfd;
	int p[2], r;
	pid_t parent = getpid();
	char c;

	if (run->ctx.n_contender_tids >= RB_MAX_CONTENDERS)
		return err_msg("%s: too many contender tasks\n", name);
	if (pipe2(p, O_CLOEXEC))
		return err_msg("%s: pipe: %s\n", name, strerror(errno));
	fflush(NULL);
	*pid = fork();
	if (*pid < 0) {
		close(p[0]);
		close(p[1]);
		return err_msg("%s: fork: %s\n", name, strerror(errno));
	}
	if (!*pid) {
		struct sigaction dfl = { .sa_handler = SIG_DFL };
		sigset_t none;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(1);
		/* the runner's SIGINT handler is not ours: die with the signal */
		sigaction(SIGINT, &dfl, NULL);
		sigaction(SIGTERM, &dfl, NULL);
		sigaction(SIGHUP, &dfl, NULL);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		prctl(PR_SET_NAME, name);
		close(p[0]);
		body(run, p[1]);
		_exit(0);
	}
	close(p[1]);
	pfd = (struct pollfd){ .fd = p[0], .events = POLLIN };
	do
		r = poll(&pfd, 1, READY_TIMEOUT_MS);
	while (r < 0 && errno == EINTR);
	if (r <= 0 || read(p[0], &c, 1) != 1) {
		close(p[0]);
		contender_child_stop(*pid);
		*pid = 0;
		return err_msg("%s: the contender did not start\n", name);
	}
	close(p[0]);
	run->ctx.contender_tids[run->ctx.n_contender_tids++] = *pid;
	return 0;
}

void contender_child_ready(int *ready_fd)
{
	char c = 'r';

	if (*ready_fd < 0)
		return;
	if (write(*ready_fd, &c, 1) != 1)
		_exit(1);
	close(*ready_fd);
	*ready_fd = -1;
}

void contender_child_stop(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

int contender_slot(const struct rb_run *run, const struct rb_contender_ops *ops)
{
	int i;

	for (i = 0; i < run->n_contenders; i++)
		if (run->contenders[i] == ops)
			return i;
	return 0;
}

int contender_child_start_slot(struct rb_run *run, const struct rb_contender_ops *ops,
			       void (*body)(struct rb_run *run, int ready_fd), const char *name)
{
	pid_t pid;

	if (contender_child_start(run, body, name, &pid))
		return -1;
	run->contender_priv[contender_slot(run, ops)] = (void *)(intptr_t)pid;
	return 0;
}

void contender_child_stop_slot(struct rb_run *run, const struct rb_contender_ops *ops)
{
	int slot = contender_slot(run, ops);

	contender_child_stop((pid_t)(intptr_t)run->contender_priv[slot]);
	run->contender_priv[slot] = NULL;
}
