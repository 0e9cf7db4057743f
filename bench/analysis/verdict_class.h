/*
 * What a row's interval and adjusted p say, in four classes:
 *   equivalent    the whole interval lies inside (-margin, +margin), the
 *                 change this machine and kernel show between A/A halves
 *   regressed /   otherwise, the adjusted p < alpha (the interval then
 *   improved      excludes 0); the direction is the estimate's sign, taken
 *                 with the metric's better direction
 *   inconclusive  neither: more boots are needed to say
 * A metric without a better direction that moved is "changed"; a row
 * outside the families (adj p NaN) or without a test is "n/a".
 * An exit_mmap phase of a scenario whose two sides ran different lock
 * patterns (exit_flavour) is "moved": its time sits in another phase on the
 * other side, so it is left out of the families and not judged; the sum
 * exit_mmap_us is (phase_moves.h).
 */
#ifndef REAPBENCH_VERDICT_CLASS_H
#define REAPBENCH_VERDICT_CLASS_H

#include "stats.h"

enum rb_class {
	CLASS_NA,
	CLASS_REGRESSED,
	CLASS_IMPROVED,
	CLASS_EQUIVALENT,
	CLASS_INCONCLUSIVE,
	CLASS_CHANGED,
	CLASS_MOVED,	/* phase_moves.h: never from verdict_classify() */
};

extern const char *const rb_class_names[];

/* est, lo, hi: estimate and interval on the test's scale (0 = no change);
 * margin: NaN when none is known (then nothing is "equivalent"). */
enum rb_class verdict_classify(double est, double lo, double hi, double p_adj, double alpha,
			       double margin, enum rb_better better);

/* True when the class settles the question (used by --until-resolved). */
int verdict_resolved(enum rb_class c);

#endif
