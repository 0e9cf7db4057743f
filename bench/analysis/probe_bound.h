/*
 * The probe effect as a bound: events inside a metric's window times the
 * measured cost of one event (make bench-self, doc/PROBE-EFFECT.md).
 * Costs are carried as integer picoseconds so that a sum over event kinds
 * cannot overflow unnoticed; the interval's low end is rounded down and its
 * high end up, so the bound never understates what was measured.
 */
#ifndef REAPBENCH_PROBE_BOUND_H
#define REAPBENCH_PROBE_BOUND_H

#include <stdbool.h>
#include <stdint.h>

/* Refused as implausible: one event costing more than a second. */
#define PB_MAX_COST_NS 1e9

struct probe_bound {
	int64_t ps, lo_ps, hi_ps;	/* sum of events x cost: point, 95% CI */
	/* filled by probe_bound_finish() */
	double us, lo_us, hi_us;	/* the same in microseconds */
	double bound_us;		/* max(0, hi_us): what the probes can have added */
	double bound_pct;		/* bound_us / the metric's median x 100, NaN if none */
};

/*
 * Add `events` events of one kind costing cost_ns [lo_ns, hi_ns] each.
 * -1 (b unchanged) on a non-finite or out-of-range cost, lo > cost > hi,
 * or a sum that does not fit in 64 bits.
 */
int probe_bound_add(struct probe_bound *b, uint64_t events, double cost_ns, double lo_ns,
		    double hi_ns);
/* The microsecond figures and the share of median_us (NaN when median_us <= 0). */
void probe_bound_finish(struct probe_bound *b, double median_us);

#endif
