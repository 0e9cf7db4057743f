/* The gnuplot templates of the source tree for the report tests: these
 * binaries live in tests/offline/, the templates in plots/. */
#ifndef REAPBENCH_TEST_PLOTS_DIR_H
#define REAPBENCH_TEST_PLOTS_DIR_H

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char tpl_dir[PATH_MAX];

static int find_templates(void)
{
	char exe[PATH_MAX - 32];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return -1;
	exe[n] = 0;
	*strrchr(exe, '/') = 0;
	snprintf(tpl_dir, sizeof(tpl_dir), "%s/../../plots", exe);
	return 0;
}

#endif
