/*
 * Runs grouped by the boot they ran in: the boot (a QEMU boot, a host reboot)
 * is the unit of replication, so every test and interval downstream works on
 * these groups rather than on the pooled runs.
 */
#ifndef REAPBENCH_BOOTS_H
#define REAPBENCH_BOOTS_H

#include <stddef.h>
#include <stdint.h>

#define RB_WARMUP_DEFAULT 1	/* runs discarded after each boot */

struct rb_boots {
	size_t n_boots;
	size_t n;		/* kept runs */
	size_t n_warmup;	/* runs discarded as warm-up */
	size_t n_absent;	/* NaN values skipped */
	int64_t *boot_id;	/* [n_boots], in order of first appearance */
	size_t *start;		/* [n_boots + 1]: boot i owns x[start[i] .. start[i+1]) */
	double *x;		/* [n] kept values, grouped by boot, run order kept */
};

/*
 * Group x[i] (NaN = absent) by boot[i]. Input is in run order; the first
 * `warmup` present runs of each boot are discarded. Boots left with no run are
 * dropped. Returns 0, or -1 on allocation failure (out is then empty).
 */
int boots_group(const double *x, const int64_t *boot, size_t n, unsigned warmup,
		struct rb_boots *out);
void boots_free(struct rb_boots *b);

/* Runs of boot i. */
static inline size_t boots_runs(const struct rb_boots *b, size_t i)
{
	return b->start[i + 1] - b->start[i];
}

/* True when every kept value is > 0, so the log scale is defined. */
int boots_all_positive(const struct rb_boots *b);

#endif
