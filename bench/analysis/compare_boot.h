/*
 * One compare row by the boot-level method (doc/STATISTICS.md): the runs of
 * each side grouped by boot with warm-up discarded, Welch's test on per-boot
 * summaries, the effects in the metric's unit, the row's family.
 */
#ifndef REAPBENCH_COMPARE_BOOT_H
#define REAPBENCH_COMPARE_BOOT_H

#include "boot_test.h"
#include "boots.h"
#include "compare.h"
#include "effects.h"
#include "multiplicity.h"

/*
 * Which family a metric's row belongs to, from the metric table's kind:
 * primary -> Holm, secondary -> BH, descriptor / tool health / unknown /
 * no better direction -> outside.
 */
enum rb_family compare_family(const char *metric, enum rb_better better);

/*
 * Values of one side as doubles with boot keys: numbers as they are, text
 * metrics as 1 (the hit value) or 0, absent runs skipped. Boots are the
 * observations' boot ids in order of appearance; a series without recorded
 * boots, or with a single one (host runs of one boot), gives each run its own
 * boot and *unrecorded = 1.
 */
int side_boots(const struct rb_series *s, const char *hit, int is_text, unsigned warmup,
	       struct rb_boots *out, int *unrecorded);

/*
 * The equivalence margin of one scenario's metric from an A/A run set on this
 * machine and kernel: its runs grouped by boot (warm-up dropped), one summary
 * per boot on the scale the test would use, then boot_margin_from_aa(). NaN
 * with fewer than 4 boots or without boot ids (runs are not boots here);
 * *scale: the scale the margin is on.
 */
double series_aa_margin(const struct rb_series *s, const char *hit, int is_text,
			unsigned warmup, unsigned long seed, enum rb_scale *scale);

#endif
