/*
 * Kernel sets (kernels/sets/NAME.ini): specs that are run together, e.g. the
 * four exit_mmap designs, so that one `reapbench ab @NAME` boots them all,
 * interleaved, on the same scenarios. The first spec is the baseline the
 * others are reported against.
 *
 *   [set]  name, description, specs (space-separated spec names)
 */
#ifndef REAPBENCH_KERNEL_SET_H
#define REAPBENCH_KERNEL_SET_H

#include "compare.h"
#include "kernel_spec.h"

#define KSET_MAX_SPECS 16

struct kernel_set {
	char *path;
	char *name;
	char *description;
	char *specs[KSET_MAX_SPECS];	/* spec names, each checked to load */
	int nspecs;
};

/*
 * Resolve SET (a name under kernels/sets/ or a path to an .ini) and parse it;
 * every spec it names must load. Bad input gets one "file:line: ..." message
 * and -1; nothing is allocated then.
 */
int kernel_set_load(const char *set, struct kernel_set *ks);
void kernel_set_free(struct kernel_set *ks);

/* The directory of the sets: DATADIR/kernels/sets (static string), or NULL. */
const char *kernel_set_dir(void);

/*
 * 'reapbench ab' with a set (@NAME) or more than two specs: build each spec,
 * boot them in turn (S1 S2 ... Sn, K rounds), the same RUN OPTIONS in every
 * boot, one run set per spec, then one report of all of them with cfg's
 * statistics (report_sets_run): each spec against the first in
 * OUT/<first>-vs-<spec>/, the race-window figure with every spec and
 * race-designs.txt in OUT. Each step is the code of `kernel build`,
 * `kernel run` and `report` (kernel_run.h, report.h). Returns an exit code:
 * 0, 2 (a report found a regression), 1, 4.
 */
int kernel_ab_set(const char *db, const char *out, long boots, const struct rb_cmp_cfg *cfg,
		  int nspec, char **specs, int nrun, char **run_opts);

#endif
