/*
 * reapbench bisect: git bisect run over a kernel git tree, each step an A/B
 * of the tested commit against the good one in QEMU, decided by
 * bisect_decide(). Everything lives in a state directory in the cache:
 *
 *   $REAPBENCH_CACHE/bisect/TREE-GOOD12-BAD12/
 *     wt/          a worktree of the tree (`git worktree add --no-checkout`):
 *                  git bisect runs there, never in the user's checkout
 *     steps        one line per decided commit (what a resumed bisect replays)
 *     bisect.log   one line per step: commit, class, shift with interval,
 *                  boots, wall time; then the first bad commit
 *     bisect.db    the run sets (unless --db)
 *     evidence-C12/  the report of the first bad commit's step
 */
#ifndef REAPBENCH_KERNEL_BISECT_H
#define REAPBENCH_KERNEL_BISECT_H

#include <stdbool.h>

#include "kernel_git.h"

struct kernel_bisect {
	char tree[4096];		/* realpath */
	char good[KGIT_ID_LEN], bad[KGIT_ID_LEN];
	const char *metric;
	double shift_us;
	long boots, max_boots;		/* per side and step; more up to max when inconclusive */
	const char *fragment, *base;	/* config */
	const char *db;			/* NULL: STATE/bisect.db */
	const char *state;		/* NULL: the default state directory */
	int nrun;
	char **run_args;		/* reapbench run options in each guest */
	const char *command;		/* the command line, for the log */
};

/* The whole bisect (driver): 0 first bad commit found, 1 error or undecided. */
int kernel_bisect_run(struct kernel_bisect *b);

/* One step, as `git bisect run` calls it: 0 good, 1 bad, 125 skip, 128 abort. */
int kernel_bisect_step(struct kernel_bisect *b);

#endif
