/*
 * Import the run sets a guest wrote (its own reapbench store) into the host
 * store, relabelled with the kernel spec's name and carrying the spec.
 */
#ifndef REAPBENCH_KERNEL_IMPORT_H
#define REAPBENCH_KERNEL_IMPORT_H

#include <stdint.h>

#include "store.h"

struct kernel_import {
	const char *label;		/* new run-set label (the spec name by default) */
	const char *command;		/* the host command line, stored as runsets.command */
	const char *kernel_json;	/* JSON object merged into info_json as "kernel_spec" */
	int64_t merge_into;		/* > 0: append the runs to this run set instead */
	/* out */
	int runsets;
	int runs;
	int valid_runs;
	int64_t last_runset_id;
};

/*
 * ATTACH guest_db, copy every run set with its runs and metrics in one
 * transaction (all or nothing). The guest's kernel_release is kept. With
 * merge_into, the guest's runs are appended to that host run set (seq
 * continues after its last run; one boot's runs after another's, for A/B
 * with several boots per side) and its info_json counts the boots.
 * Returns 0, or -1 with a message.
 */
int kernel_import_db(struct rb_store *st, const char *guest_db, struct kernel_import *imp);

#endif
