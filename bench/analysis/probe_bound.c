#include "probe_bound.h"

#include <math.h>

static bool cost_ok(double ns)
{
	return isfinite(ns) && fabs(ns) <= PB_MAX_COST_NS;
}

/* events x ps into *acc; false when either step leaves int64. */
static bool mul_add(int64_t *acc, uint64_t events, int64_t ps)
{
	int64_t prod, sum;

	if (events > (uint64_t)INT64_MAX || __builtin_mul_overflow((int64_t)events, ps, &prod) ||
	    __builtin_add_overflow(*acc, prod, &sum))
		return false;
	*acc = sum;
	return true;
}

int probe_bound_add(struct probe_bound *b, uint64_t events, double cost_ns, double lo_ns,
		    double hi_ns)
{
	struct probe_bound n = *b;

	if (!cost_ok(cost_ns) || !cost_ok(lo_ns) || !cost_ok(hi_ns) || lo_ns > cost_ns ||
	    cost_ns > hi_ns)
		return -1;
	if (!mul_add(&n.ps, events, (int64_t)llround(cost_ns * 1e3)) ||
	    !mul_add(&n.lo_ps, events, (int64_t)floor(lo_ns * 1e3)) ||
	    !mul_add(&n.hi_ps, events, (int64_t)ceil(hi_ns * 1e3)))
		return -1;
	*b = n;
	return 0;
}

void probe_bound_finish(struct probe_bound *b, double median_us)
{
	b->us = (double)b->ps / 1e6;
	b->lo_us = (double)b->lo_ps / 1e6;
	b->hi_us = (double)b->hi_ps / 1e6;
	b->bound_us = b->hi_us > 0 ? b->hi_us : 0;
	b->bound_pct = median_us > 0 && isfinite(median_us) ? 100 * b->bound_us / median_us : NAN;
}
