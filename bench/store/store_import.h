/*
 * Import the run sets a QEMU guest wrote (its own reapbench store) into the
 * host store, relabelled with the kernel spec's name and carrying the spec.
 */
#ifndef REAPBENCH_STORE_IMPORT_H
#define REAPBENCH_STORE_IMPORT_H

#include <stdint.h>

#include "store.h"

struct store_import {
	/* in; the strings stay the caller's */
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
 * Open guest_db (a store of schema 2 or later) read-only, copy every run set with its
 * runs and metrics in one transaction (all or nothing). The guest's
 * kernel_release is kept, and each run's boot_id is the guest boot it
 * measured; a guest store from before schema 3 has none, so its runs get one
 * fresh id (this import is one boot). A guest run set left `running` (the
 * guest stopped mid-run) is imported as `died`. With merge_into, the guest's
 * runs are appended to that host run set (seq continues after its last run;
 * one boot's runs after another's, for A/B with several boots per side) and
 * its info_json counts the boots. st must be open for writing.
 * Returns 0, or -1 with a message.
 */
int store_import_guest(struct rb_store *st, const char *guest_db, struct store_import *imp);

#endif
