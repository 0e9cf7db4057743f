/*
 * --life SIZE [--log FILE]: one whole victim life for hyperfine (make
 * crosscheck): fork a child that writes every page of SIZE of private
 * anonymous memory, SIGKILL it once it is ready, waitpid. No memcg, no
 * tracing: what a user's own stopwatch sees. With --log, appends one line
 * "populate_us=<fork -> ready> kill_to_reaped_us=<kill -> waitpid>" measured
 * with CLOCK_MONOTONIC, the clock reapbench's kill_to_reaped_us uses.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "selfbench.h"

/*
 * Append to log without following a planted name: O_NOFOLLOW, and an existing
 * file must be a regular file of ours (in /tmp anyone could have made it).
 */
static FILE *append_own(const char *log)
{
	int fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	struct stat st;
	FILE *f;

	if (fd < 0) {
		err_msg("%s: cannot append: %s\n", log, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_uid != geteuid()) {
		err_msg("%s: refused: not a regular file of uid %u\n", log, (unsigned)geteuid());
		close(fd);
		return NULL;
	}
	f = fdopen(fd, "a");
	if (!f)
		close(fd);
	return f;
}

int sb_life(const char *size, const char *log)
{
	uint64_t bytes, t_fork, t_ready, t_kill, t_reaped;
	int ready[2];
	pid_t pid;
	char c;

	if (parse_size(size, &bytes) || pipe(ready))
		return err_msg("--life '%s': expected a size like 64M\n", size);
	t_fork = now_ns();
	pid = fork();
	if (pid < 0)
		return err_msg("fork failed\n");
	if (!pid) {
		char *p = bytes ? mmap(NULL, bytes, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) : NULL;

		if (p == MAP_FAILED)
			_exit(1);
		if (bytes)
			memset(p, 1, bytes);
		if (write(ready[1], "r", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(ready[1]);
	if (read(ready[0], &c, 1) != 1) {
		waitpid(pid, NULL, 0);
		return err_msg("--life: the victim failed to populate\n");
	}
	t_ready = now_ns();
	t_kill = now_ns();
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	t_reaped = now_ns();
	if (log) {
		FILE *f = append_own(log);

		if (!f)
			return -1;
		fprintf(f, "populate_us=%.1f kill_to_reaped_us=%.1f\n", (t_ready - t_fork) / 1e3,
			(t_reaped - t_kill) / 1e3);
		fclose(f);
	}
	return 0;
}
