/*
 * Copy run sets from one store to another (`reapbench push`): a host that ran
 * without network pushes its local store to the shared one later. Run sets and
 * runs are matched by UUID, so pushing again copies only what is new (runs a
 * run set gained since, its final status), and writers pushing at once never
 * duplicate a run.
 */
#ifndef REAPBENCH_STORE_PUSH_H
#define REAPBENCH_STORE_PUSH_H

#include "store.h"

struct store_push_stats {
	int runsets_new, runsets_known;	/* run sets created in dst / already there */
	int runs_new, runs_known;
	int metrics_new;
};

/* Every run set of src (open for writing: an older schema gets its UUIDs) into
 * dst (open for writing), one transaction per run set. 0, or -1 with a message. */
int store_push(struct rb_store *src, struct rb_store *dst, struct store_push_stats *ps);

#endif
