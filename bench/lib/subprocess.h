/*
 * Running other programs: the one way reapbench starts a child that execs
 * (gnuplot, perf, QEMU through the kernel scripts, its own binary). Built on
 * posix_spawn: nothing runs in the child between fork and exec but the
 * redirections asked for here.
 *
 * Who frees what: nothing here allocates for the caller except
 * rb_spawn_capture(), whose *out the caller frees.
 * (Not spawn.h: that name is <spawn.h>, which this file builds on.)
 */
#ifndef REAPBENCH_SUBPROCESS_H
#define REAPBENCH_SUBPROCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Where one of the child's stdin/stdout/stderr goes; zero means inherited. */
enum rb_io_kind {
	RB_IO_INHERIT = 0,
	RB_IO_NULL,		/* /dev/null */
	RB_IO_FD,		/* .fd, dup'ed onto the stream */
	RB_IO_FILE,		/* .path: stdin reads it; stdout/stderr create it (O_EXCL|O_NOFOLLOW) */
	RB_IO_STDOUT,		/* stderr only: wherever stdout goes */
};

struct rb_io {
	enum rb_io_kind kind;
	int fd;
	const char *path;
};

struct rb_spawn {
	char *const *argv;		/* argv[0] without a '/' is looked up in $PATH */
	const char *const *env;		/* NULL-terminated "NAME=value" set on top of the
					   environment; NULL for none */
	struct rb_io in, out, err;
	const int *keep_fds;		/* descriptors the child inherits although
					   close-on-exec (perf's --control fds) */
	int n_keep;
	long timeout_ms;		/* rb_spawn_run/capture: SIGKILL after this, 0 none;
					   with one the child leads a process group of
					   its own and the kill takes the group */
};

/* rb_spawn_wait's results besides an exit status 0..255. */
enum {
	RB_SPAWN_FAILED = -1,	/* not started, died of a signal, or wait failed (message given) */
	RB_SPAWN_TIMEOUT = -2,	/* killed after the timeout (message given) */
};

/* Start the child; 0 and *pid, or -1 with a message naming argv[0]. */
int rb_spawn_start(const struct rb_spawn *s, pid_t *pid);

/*
 * Wait for pid (retrying on EINTR): its exit status 0..255, RB_SPAWN_TIMEOUT
 * after SIGKILL (to its process group when it leads one) once timeout_ms
 * passed (0: wait for ever), RB_SPAWN_FAILED
 * when it died of a signal. what names it in messages.
 */
int rb_spawn_wait(pid_t pid, long timeout_ms, const char *what);

/* Start and wait: the exit status, or RB_SPAWN_FAILED / RB_SPAWN_TIMEOUT. */
int rb_spawn_run(const struct rb_spawn *s);

/*
 * Start, read the child's stdout into *out (malloc'd, NUL-terminated; the
 * caller frees it, also on failure) and wait. s->out is ignored;
 * s->err = RB_IO_STDOUT captures stderr too. Returns as rb_spawn_run.
 */
int rb_spawn_capture(const struct rb_spawn *s, char **out);

/* Whether NAME is an executable file in $PATH (or, with a '/', at that path). */
bool rb_spawn_have(const char *name);

#endif
