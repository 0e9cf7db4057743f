/*
 * Sweeps: one scenario becomes one scenario per value of a parameter,
 *   PARAM=v1,v2,...     the values given
 *   PARAM=from..to/step every step from `from` up to `to` inclusive
 * over the keys the scenario's pieces mark sweepable in their tables
 * (params.h; `reapbench list` shows them), each value checked against the
 * key's range. Each point keeps its parameter name
 * and numeric value (in those units) in sweep_param / sweep_value, so that
 * plots can draw curves; its name gets "@PARAM=VALUE", every point of one
 * sweep in the same unit (the largest that divides them all: 1500ms, 2000ms).
 */
#ifndef REAPBENCH_SWEEP_H
#define REAPBENCH_SWEEP_H

#include <stddef.h>

#include "scenario.h"

/* Append the points of sc swept by spec to out; -1 with one line naming spec on bad input. */
int sweep_expand(const struct rb_scenario *sc, const char *spec, struct rb_scenario_set *out);
/* Replace every scenario of set by its sweep points. */
int sweep_apply(struct rb_scenario_set *set, const char *spec);

/* How a plot shows sweep values of param: the axis label into label ("stall (s)")
 * and the divisor from the stored unit, chosen by the largest value `max`:
 * durations in s, ms or us, sizes in MiB, counts (and unknown params) as stored. */
double sweep_axis(const char *param, double max, char *label, size_t len);

#endif
