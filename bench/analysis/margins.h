/*
 * Equivalence margins for a comparison: the ones `reapbench margin build`
 * stored from A/A run sets (store_margins.h), matched to the A side's kernel
 * release and machine, by scenario, metric and the scale of the row's test.
 */
#ifndef REAPBENCH_MARGINS_H
#define REAPBENCH_MARGINS_H

#include <stddef.h>

#include "boot_test.h"
#include "store.h"
#include "store_margins.h"
#include "store_query.h"

#define RB_MACHINE_LEN 256

struct rb_margin_set {
	struct rb_margin *m;		/* newest first */
	size_t n;
	char machine[RB_MACHINE_LEN];	/* A's machine; "" when unknown */
	char **from;			/* "LABEL (kernel K, built T)" per entry */
};

/*
 * What identifies the machine a run set measured, from its info_json: CPU
 * model, CPUs online and memory ("" when the info has none of these).
 */
void runset_machine(const char *info_json, char *buf, size_t len);

/* Load the margins for run set a (its kernel and machine), only those built
 * from from_label when it is not NULL. 0, or -1 with a message. */
int margin_set_load(struct rb_store *st, const struct rb_runset_info *a, const char *from_label,
		    struct rb_margin_set *out);
void margin_set_free(struct rb_margin_set *ms);

/* The rb_cmp_cfg.margin callback; ctx is a struct rb_margin_set. */
double margin_set_lookup(const char *scenario, const char *metric, enum rb_scale scale,
			 const char **from, void *ctx);

#endif
