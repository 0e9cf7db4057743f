/* The data-directory search order (see datadir.h). */
#include "datadir.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

int rb_self_exe(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);

	if (n <= 0 || (size_t)n >= len - 1)
		return err_msg("cannot find this binary: /proc/self/exe: %s\n",
			       n < 0 ? strerror(errno) : "path too long");
	buf[n] = 0;
	return 0;
}

/* Root i of the search order into buf; -1 when that root does not apply. */
static int root(int i, char *buf, size_t len)
{
	const char *env = getenv("REAPBENCH_DATADIR");
	char *slash;
	ssize_t n;

	switch (i) {
	case 0:
		if (!env || !env[0])
			return -1;
		snprintf(buf, len, "%s", env);
		return 0;
	case 1:
		n = len > 1 ? readlink("/proc/self/exe", buf, len - 1) : -1;
		if (n <= 0)
			return -1;
		buf[n] = 0;
		slash = strrchr(buf, '/');
		if (!slash)
			return -1;
		*slash = 0;
		return 0;
	case 2:
		snprintf(buf, len, "%s", REAPBENCH_DATADIR);
		return 0;
	}
	return -1;
}

#define N_ROOTS 3

int rb_datadir_root(const char *entry, char *buf, size_t len)
{
	char path[PATH_MAX];

	for (int i = 0; i < N_ROOTS; i++) {
		if (root(i, buf, len))
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", buf, entry) < sizeof(path) &&
		    !access(path, F_OK))
			return 0;
	}
	if (len)
		buf[0] = 0;
	return -1;
}

int rb_datadir_find(const char *entry, char *buf, size_t len)
{
	char r[PATH_MAX];

	if (rb_datadir_root(entry, r, sizeof(r)) ||
	    (size_t)snprintf(buf, len, "%s/%s", r, entry) >= len) {
		if (len)
			buf[0] = 0;
		return -1;
	}
	return 0;
}

const char *rb_datadir_describe(char *buf, size_t len)
{
	static const char *const what[N_ROOTS] = { "$REAPBENCH_DATADIR", "beside the binary",
						    "the install dir" };
	char r[PATH_MAX];

	buf[0] = 0;
	for (int i = 0; i < N_ROOTS; i++) {
		size_t o = strlen(buf);

		if (!root(i, r, sizeof(r)))
			snprintf(buf + o, len - o, "%s%s (%s)", o ? ", " : "", r, what[i]);
	}
	return buf;
}
