/*
 * Where the memory controller lives (cgroup v1 or v2, the first mount in
 * /proc/self/mounts that has it): the run's memcgs are created there, and a
 * workload piece that needs a v2-only file (memory.oom.group) asks here.
 */
#ifndef REAPBENCH_MEMCG_ROOT_H
#define REAPBENCH_MEMCG_ROOT_H

#include <stdbool.h>
#include <stddef.h>

/* Fills root (e.g. /sys/fs/cgroup/memory) and v2; prints why and returns -1 if none. */
int memcg_find_root(char *root, size_t len, bool *v2);

#endif
