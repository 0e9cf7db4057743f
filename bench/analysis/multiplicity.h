/*
 * Families for multiplicity: the 1-3 primary metrics of a scenario under Holm
 * (family-wise error), secondary metrics under Benjamini-Hochberg (false
 * discovery rate), descriptors and tool-health counters outside any family
 * (never flagged; their p is shown unadjusted).
 */
#ifndef REAPBENCH_MULTIPLICITY_H
#define REAPBENCH_MULTIPLICITY_H

#include <stddef.h>

enum rb_family { FAMILY_PRIMARY, FAMILY_SECONDARY, FAMILY_NONE };

extern const char *const rb_family_names[];

/* Benjamini-Hochberg step-up adjustment (R's p.adjust(p, "BH")); NaN stays NaN
 * and does not count in m. */
void stats_bh(const double *p, double *adj, size_t n);

/* adj[i]: Holm within the primary rows, BH within the secondary rows, NaN for
 * FAMILY_NONE. Returns -1 on allocation failure. */
int family_adjust(const double *p, const enum rb_family *fam, double *adj, size_t n);

#endif
