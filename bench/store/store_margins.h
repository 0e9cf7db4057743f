/*
 * Equivalence margins learned from A/A run sets (schema 4): one row per
 * source run set, scenario and metric, with the kernel and machine the A/A
 * boots measured and when the margin was built. `reapbench margin build`
 * writes them; compare, report and ab read the ones matching their A side.
 *
 *   margins(id, runset_label, kernel_release, machine, built_at, scenario,
 *           metric, scale, margin, boots, warmup, seed)
 *       scale: "log" or "linear", the scale of the test the margin is on;
 *       margin: the 95th percentile of |mean(half 1) - mean(half 2)| over
 *       splits of the boot summaries (boot_test.h); boots: how many
 *       UNIQUE(runset_label, scenario, metric): a rebuild replaces
 */
#ifndef REAPBENCH_STORE_MARGINS_H
#define REAPBENCH_STORE_MARGINS_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

struct rb_margin {
	char *runset_label, *kernel_release, *machine, *built_at;
	char *scenario, *metric, *scale;
	double margin;
	long boots;
	unsigned warmup;
	uint64_t seed;
};

/* Insert or replace one margin; built_at is set by the store (UTC). */
int store_margin_put(struct rb_store *st, const struct rb_margin *m);

/*
 * Margins for kernel_release (NULL: any) built from runset_label (NULL: any),
 * newest first, into *out (malloc'd; free with store_margins_free). A store
 * older than schema 4 has none: *n = 0. 0, or -1 with a message.
 */
int store_margins_load(struct rb_store *st, const char *kernel_release,
		       const char *runset_label, struct rb_margin **out, size_t *n);
void store_margins_free(struct rb_margin *m, size_t n);

#endif
