#include "verdict_class.h"

#include <math.h>

const char *const rb_class_names[] = {
	[CLASS_NA] = "n/a",
	[CLASS_REGRESSED] = "regressed",
	[CLASS_IMPROVED] = "improved",
	[CLASS_EQUIVALENT] = "equivalent",
	[CLASS_INCONCLUSIVE] = "inconclusive",
	[CLASS_CHANGED] = "changed",
	[CLASS_MOVED] = "moved",
};

enum rb_class verdict_classify(double est, double lo, double hi, double p_adj, double alpha,
			       double margin, enum rb_better better)
{
	if (isnan(est) || isnan(lo) || isnan(hi) || isnan(p_adj))
		return CLASS_NA;
	if (margin > 0 && lo > -margin && hi < margin)
		return CLASS_EQUIVALENT;
	if (p_adj >= alpha || (lo <= 0 && hi >= 0))
		return CLASS_INCONCLUSIVE;
	if (better == BETTER_UNKNOWN)
		return CLASS_CHANGED;
	return (est > 0) == (better == BETTER_HIGHER) ? CLASS_IMPROVED : CLASS_REGRESSED;
}

int verdict_resolved(enum rb_class c)
{
	return c == CLASS_REGRESSED || c == CLASS_IMPROVED || c == CLASS_EQUIVALENT ||
		c == CLASS_CHANGED;
}
