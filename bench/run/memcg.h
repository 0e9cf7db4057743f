/*
 * Memory cgroups the suite creates: one per run, named reapbench-<pid>-<n>,
 * directly under the memory controller's root (cgroup v1 or v2, whichever
 * has the memory controller). The limit is set before the victim joins.
 */
#ifndef REAPBENCH_MEMCG_H
#define REAPBENCH_MEMCG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "memcg_root.h"

struct rb_memcg {
	char path[256];
	bool v2;
};


int memcg_create(struct rb_memcg *cg, int n, uint64_t limit_bytes);
int memcg_attach(const struct rb_memcg *cg, pid_t pid);
int memcg_usage(const struct rb_memcg *cg, uint64_t *bytes);
/* Peak usage since creation, where the kernel keeps one (v1 max_usage, v2 memory.peak). */
int memcg_peak(const struct rb_memcg *cg, uint64_t *bytes);
/* OOM kills inside this memcg (v2 memory.events, v1 memory.oom_control). */
int memcg_oom_kills(const struct rb_memcg *cg, uint64_t *n);
/* The limit set at creation (v2 memory.max, v1 memory.limit_in_bytes). */
int memcg_limit(const struct rb_memcg *cg, uint64_t *bytes);
/* memory.oom.group of this memcg (v2 only: -1 with errno ENOTSUP on v1); dies with it. */
int memcg_set_oom_group(const struct rb_memcg *cg, bool on);
/* The file memcg_oom_kills() reads, opened read-only (O_NOFOLLOW|O_CLOEXEC): for a helper. */
int memcg_open_oom_events(const struct rb_memcg *cg);
/* Kill what is left inside (only the suite's own victims can be there), then rmdir. */
int memcg_remove(struct rb_memcg *cg);

/*
 * Undo the settings memcg_create changed: +memory in the v2 root's
 * cgroup.subtree_control, if this process turned it on and no cgroup but its
 * own reapbench-<pid>-* is below the root (another live reapbench's memcg,
 * or any other cgroup created meanwhile, may rely on it: then it stays on).
 */
void memcg_restore(void);
/* That decision, from the names of the root's child cgroups. */
bool memcg_v2_may_disable(const char *const *children, size_t n, int self_pid);

/* Remove reapbench-<pid>-* cgroups whose reapbench is gone. Returns how many. */
int memcg_sweep_leftovers(void);

#endif
