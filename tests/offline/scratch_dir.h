/*
 * A scratch directory for a test program's group setup and teardown:
 * scratch_make() creates /tmp/NAME-XXXXXX in dir (at least 64 bytes),
 * scratch_remove() removes it with everything in it.
 * Include once per test program, after <cmocka.h>.
 */
#ifndef REAPBENCH_TEST_SCRATCH_DIR_H
#define REAPBENCH_TEST_SCRATCH_DIR_H

#include <stdio.h>
#include <stdlib.h>

static int scratch_make(char *dir, size_t size, const char *name)
{
	if ((size_t)snprintf(dir, size, "/tmp/%s-XXXXXX", name) >= size)
		return -1;
	return mkdtemp(dir) ? 0 : -1;
}

static int scratch_remove(const char *dir)
{
	char cmd[128];

	if ((size_t)snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir) >= sizeof(cmd))
		return -1;
	return system(cmd);
}

#endif
