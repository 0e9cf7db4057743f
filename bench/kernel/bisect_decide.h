/*
 * What one bisect step decides from two run sets (the good commit's and the
 * tested commit's, booted alternately): a small interface so the rule can
 * follow the analysis layer. Written against compare_samples() before the
 * verdict classes landed; since they did, "significant" is compare's row
 * verdict (the boot-level class: Welch on per-boot summaries, family-adjusted)
 * while the size of the shift is the difference of the medians with the
 * bootstrap interval of their ratio. Equivalence is the interval within
 * +-shift/2, not compare's EQUIVALENT, which needs an A/A margin that nothing
 * stores yet; moving to the HL shift and its boot interval (row.fx, row.bt)
 * is the next step.
 */
#ifndef REAPBENCH_BISECT_DECIDE_H
#define REAPBENCH_BISECT_DECIDE_H

#include <stddef.h>

enum bisect_class {
	BISECT_REGRESSED,	/* the shift is there: a bad commit */
	BISECT_IMPROVED,	/* lower than good by at least half the shift: good */
	BISECT_EQUIVALENT,	/* the interval excludes half the shift: good */
	BISECT_INCONCLUSIVE,	/* neither: more boots, then skip */
};

extern const char *const bisect_class_names[];

struct bisect_decision {
	enum bisect_class cls;
	double median_good, median_test;	/* us */
	double shift, lo, hi;			/* test - good, us; 95% interval */
	double p_adj;				/* Mann-Whitney, Holm-adjusted; NaN untested */
	size_t n_good, n_test;			/* runs with the metric */
	char why[200];
};

/*
 * Compare run set label_test against label_good in db for one metric (the
 * first scenario that has it). shift_us is the shift sought: regressed when
 * the change is significant upward (Holm-adjusted Mann-Whitney), the
 * interval lies above 0 and the shift of the medians is at least
 * shift_us/2; equivalent when the whole interval lies within +-shift_us/2;
 * improved as regressed, downward. (A first rule that wanted the interval's
 * low end at shift_us/2 left the calibration commit inconclusive after 4
 * boots a side under TCG: +1104 us [+56, +1782], p_adj 2.5e-05.)
 * The interval is the bootstrap interval of the median ratio scaled by the
 * good side's median. 0, or -1 with a message (no such metric, too few runs).
 */
int bisect_decide(const char *db, const char *label_good, const char *label_test,
		  const char *metric, double shift_us, struct bisect_decision *d);

#endif
