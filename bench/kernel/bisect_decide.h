/*
 * What one bisect step decides from two run sets (the good commit's and the
 * tested commit's, booted alternately), by the verdict classes of compare
 * (doc/STATISTICS.md, bench/analysis/verdict_class.h): the row's class comes
 * from the boot-level test (Welch on per-boot summaries, p adjusted in the
 * metric's family: Holm for primary metrics, BH for secondary ones) and the
 * A/A margin when one is stored; the size of the shift is the Hodges-Lehmann
 * shift in us with its interval resampled by boot (effects.h).
 */
#ifndef REAPBENCH_BISECT_DECIDE_H
#define REAPBENCH_BISECT_DECIDE_H

#include <stddef.h>

enum bisect_class {
	BISECT_REGRESSED,	/* the shift is there: a bad commit */
	BISECT_IMPROVED,	/* improved by at least half the shift: good */
	BISECT_EQUIVALENT,	/* no shift of half the size sought: good */
	BISECT_INCONCLUSIVE,	/* neither: more boots, then skip */
};

extern const char *const bisect_class_names[];

struct bisect_decision {
	enum bisect_class cls;
	const char *verdict;			/* compare's class of the row ("regressed", "n/a") */
	double median_good, median_test;	/* us, descriptive */
	double shift, lo, hi;			/* HL shift test - good, us; its interval
						 * resampled by boot (NaN below
						 * RB_RESAMPLE_MIN_BOOTS boots a side) */
	double p_family;			/* boot-level p, family-adjusted; NaN untested */
	const char *p_name;			/* "p_holm", "p_bh", or "p" outside the families */
	double margin;				/* A/A margin on the test's scale; NaN: none */
	int margin_log;				/* the margin is a log ratio */
	size_t boots_good, boots_test;		/* boots the test used (after warm-up) */
	size_t n_good, n_test;			/* runs with the metric */
	int boots_unrecorded;			/* runs stood for boots */
	char why[320];
};

/*
 * Compare run set label_test against label_good in db for one metric (the
 * first scenario that has it), with the A/A margins stored for the good
 * side's kernel and machine. shift_us (X) is the shift sought; for a metric
 * where lower is better, "up" below is worse (mirrored when higher is better):
 *   regressed    compare's class is regressed (boot-level p_family < alpha and
 *                its interval excludes 0, outside any A/A margin) and the HL
 *                shift is >= X/2 up;
 *   improved     the same downward;
 *   equivalent   with an A/A margin stored: compare's class is equivalent
 *                (the boot-level interval inside the margin); without one: the
 *                HL interval resampled by boot lies within +-X/2 (it needs
 *                RB_RESAMPLE_MIN_BOOTS boots a side);
 *   inconclusive otherwise, and whenever runs stood for boots (one boot a
 *                side, or no boot ids: nothing measured the boot-to-boot
 *                spread) or a side kept fewer than 2 boots after warm-up.
 * d->why says which rule decided, with its numbers. 0, or -1 with a message
 * (no such metric, a metric outside the verdict families).
 */
int bisect_decide(const char *db, const char *label_good, const char *label_test,
		  const char *metric, double shift_us, struct bisect_decision *d);

/* Nothing measured yet: inconclusive, every number NaN. */
void bisect_decision_init(struct bisect_decision *d);

/* "HL shift +1601 us [+956, +6503]  p_bh 7.3e-12  median 556 -> 2158 us" for
 * the log: "-" for a shift or p not measured, "[no boot interval]" below
 * RB_RESAMPLE_MIN_BOOTS boots a side, the medians left out when absent. */
void bisect_decision_effect(const struct bisect_decision *d, char *buf, size_t len);

#endif
