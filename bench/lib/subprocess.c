/* posix_spawn with redirections, extra environment, a timeout (see subprocess.h). */
#include "subprocess.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "argv.h"
#include "common.h"

extern char **environ;

/* environ with s->env set on top (a NAME= given replaces the inherited one). */
static char **merged_env(const char *const *add)
{
	size_t n = 0, a = 0, o = 0;
	char **env;

	while (environ[n])
		n++;
	while (add && add[a])
		a++;
	env = calloc(n + a + 1, sizeof(*env));
	if (!env)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(environ[i], '=');
		size_t klen = eq ? (size_t)(eq - environ[i]) + 1 : strlen(environ[i]);
		bool replaced = false;

		for (size_t j = 0; j < a && !replaced; j++)
			replaced = !strncmp(add[j], environ[i], klen);
		if (!replaced)
			env[o++] = environ[i];
	}
	for (size_t j = 0; j < a; j++)
		env[o++] = (char *)add[j];
	return env;
}

/* Open what io names for the child's stream target; -1 when inherited. */
static int io_open(const struct rb_io *io, int target, int *opened)
{
	*opened = -1;
	switch (io->kind) {
	case RB_IO_INHERIT:
		return -1;
	case RB_IO_NULL:
		*opened = open("/dev/null", (target ? O_WRONLY : O_RDONLY) | O_CLOEXEC);
		return *opened;
	case RB_IO_FD:
		return io->fd;
	case RB_IO_FILE:
		*opened = target ? open(io->path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
					0644)
				 : open(io->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		return *opened;
	case RB_IO_STDOUT:
		return target == STDERR_FILENO ? STDOUT_FILENO : -1;
	}
	return -1;
}

int rb_spawn_start(const struct rb_spawn *s, pid_t *pid)
{
	const struct rb_io *io[3] = { &s->in, &s->out, &s->err };
	int opened[3] = { -1, -1, -1 }, fd, rc = -1, err;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	char **env = merged_env(s->env);

	if (!env)
		return err_msg("out of memory\n");
	if (rb_verbose) {
		char *line = rb_argv_join("+", -1, s->argv);

		fprintf(stderr, "%s\n", line ? line : "+ (out of memory)");
		free(line);
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&attr);
	/* a timeout kills the child's whole group: a script's children too */
	if (s->timeout_ms > 0 &&
	    (posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP) ||
	     posix_spawnattr_setpgroup(&attr, 0)))
		goto oom;
	for (int t = 0; t < 3; t++) {
		fd = io_open(io[t], t, &opened[t]);
		if (fd < 0 && io[t]->kind != RB_IO_INHERIT && io[t]->kind != RB_IO_STDOUT) {
			err_msg("%s: %s: %s\n", s->argv[0],
				io[t]->kind == RB_IO_FILE ? io[t]->path : "/dev/null", strerror(errno));
			goto out;
		}
		/* stdout must be in place before stderr follows it */
		if (fd >= 0 && posix_spawn_file_actions_adddup2(&fa, fd, t))
			goto oom;
	}
	/* dup2 onto itself clears close-on-exec in the child (glibc >= 2.29) */
	for (int i = 0; i < s->n_keep; i++)
		if (posix_spawn_file_actions_adddup2(&fa, s->keep_fds[i], s->keep_fds[i]))
			goto oom;
	fflush(NULL);	/* our buffered output comes before the child's */
	err = strchr(s->argv[0], '/') ? posix_spawn(pid, s->argv[0], &fa, &attr, s->argv, env)
				       : posix_spawnp(pid, s->argv[0], &fa, &attr, s->argv, env);
	if (err)
		err_msg("cannot run %s: %s\n", s->argv[0], strerror(err));
	else
		rc = 0;
	goto out;
oom:
	err_msg("out of memory\n");
out:
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	for (int t = 0; t < 3; t++)
		if (opened[t] >= 0)
			close(opened[t]);
	free(env);
	return rc;
}

/* now + ms in ns, 0 for none; saturates instead of wrapping */
static uint64_t deadline_after(long ms)
{
	uint64_t now = now_ns();

	if (ms <= 0)
		return 0;
	if ((uint64_t)ms > (UINT64_MAX - now) / 1000000ULL)
		return UINT64_MAX;
	return now + (uint64_t)ms * 1000000ULL;
}

static int decode(int status, const char *what)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	err_msg("%s died of signal %d\n", what, WTERMSIG(status));
	return RB_SPAWN_FAILED;
}

int rb_spawn_wait(pid_t pid, long timeout_ms, const char *what)
{
	const struct timespec tick = { 0, 5 * 1000 * 1000 };
	uint64_t deadline = deadline_after(timeout_ms);
	int status;
	pid_t r;

	for (;;) {
		r = waitpid(pid, &status, deadline ? WNOHANG : 0);
		if (r == pid)
			return decode(status, what);
		if (r < 0 && errno != EINTR) {
			err_msg("waiting for %s: %s\n", what, strerror(errno));
			return RB_SPAWN_FAILED;
		}
		if (r == 0 && now_ns() >= deadline) {
			/* its own group when started with a timeout (rb_spawn_start) */
			if (kill(-pid, SIGKILL))
				kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			err_msg("%s: killed after %ld ms\n", what, timeout_ms);
			return RB_SPAWN_TIMEOUT;
		}
		if (r == 0)
			nanosleep(&tick, NULL);
	}
}

int rb_spawn_run(const struct rb_spawn *s)
{
	pid_t pid;

	if (rb_spawn_start(s, &pid))
		return RB_SPAWN_FAILED;
	return rb_spawn_wait(pid, s->timeout_ms, s->argv[0]);
}

int rb_spawn_capture(const struct rb_spawn *s, char **out)
{
	struct rb_spawn c = *s;
	size_t len = 0, cap = 4096;
	int pipefd[2], rc;
	uint64_t deadline;
	ssize_t n;
	pid_t pid;

	*out = malloc(cap);
	if (!*out)
		return err_msg("out of memory\n"), RB_SPAWN_FAILED;
	**out = 0;
	if (pipe2(pipefd, O_CLOEXEC))
		return err_msg("pipe: %s\n", strerror(errno)), RB_SPAWN_FAILED;
	c.out = (struct rb_io){ .kind = RB_IO_FD, .fd = pipefd[1] };
	rc = rb_spawn_start(&c, &pid);
	close(pipefd[1]);
	if (rc) {
		close(pipefd[0]);
		return RB_SPAWN_FAILED;
	}
	deadline = deadline_after(s->timeout_ms);
	for (;;) {
		struct pollfd pfd = { .fd = pipefd[0], .events = POLLIN };
		uint64_t now = now_ns(), left_ms = deadline > now ? (deadline - now) / 1000000ULL + 1 : 0;

		/* past the deadline: stop reading, the wait kills it */
		if (deadline && (now >= deadline ||
				 poll(&pfd, 1, left_ms > INT_MAX ? INT_MAX : (int)left_ms) == 0))
			break;
		if (len + 1 >= cap) {
			char *m = cap < SIZE_MAX / 2 ? realloc(*out, cap * 2) : NULL;

			if (!m)
				break;
			*out = m;
			cap *= 2;
		}
		n = read(pipefd[0], *out + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	(*out)[len] = 0;
	close(pipefd[0]);
	return rb_spawn_wait(pid, s->timeout_ms, s->argv[0]);
}

bool rb_spawn_have(const char *name)
{
	const char *path = getenv("PATH");
	char *dup, *dir, *save = NULL;
	char exe[PATH_MAX];
	bool found = false;

	if (strchr(name, '/'))
		return access(name, X_OK) == 0;
	dup = strdup(path && *path ? path : "/usr/bin:/bin");
	for (dir = dup ? strtok_r(dup, ":", &save) : NULL; dir && !found;
	     dir = strtok_r(NULL, ":", &save)) {
		snprintf(exe, sizeof(exe), "%s/%s", dir, name);
		found = access(exe, X_OK) == 0;
	}
	free(dup);
	return found;
}
