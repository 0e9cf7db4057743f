/*
 * A run set as hyperfine's JSON export (hyperfine 1.x, as Debian 12's 1.15
 * writes it), so hyperfine's own scripts (advanced_statistics.py,
 * plot_histogram.py, welch_ttest.py, plot_parametrized.py) read our data:
 *
 *   {"results": [{"command": SCENARIO, "mean", "stddev", "median", "user",
 *                 "system", "min", "max": seconds,
 *                 "times": [seconds, in run order], "exit_codes": [0, ...],
 *                 "parameters": {SWEEP_PARAM: "VALUE"} (sweep points only)}]}
 *
 * One result per scenario, from the valid runs that have metric M as a
 * number; M must be a duration in microseconds (name ends in "_us").
 * "user"/"system": hyperfine's CPU time of the benchmarked command. We do not
 * measure them and none of hyperfine's scripts reads them, so they are null
 * (never a made-up 0). "stddev" is the sample standard deviation (n-1) like
 * hyperfine's, null for a single run as hyperfine writes it.
 */
#ifndef REAPBENCH_EXPORT_HYPERFINE_H
#define REAPBENCH_EXPORT_HYPERFINE_H

#include <jansson.h>
#include <stdint.h>

#include "store.h"

/*
 * Build the document. Returns NULL after printing why (unknown metric, not a
 * _us metric, no valid value in the run set). The caller json_decref()s it.
 */
json_t *hyperfine_export(struct rb_store *st, int64_t runset_id, const char *metric);

#endif
