/*
 * The race-window figure: per run set (one per design or kernel), over the
 * swept offset of a race sweep (stall, mrelease_delay_us), the shares of who
 * won the race with Wilson 95% intervals and n (stall: the reaper's outcome
 * classes; mrelease_delay_us: where exit_mmap ran, whether process_mrelease
 * met it at the mmap_lock or failed), and the median
 * mem_release_us with its IQR; plus a table per run set of n, extra OOM kills
 * and relief time (race-window.txt, also printed by report).
 */
#ifndef REAPBENCH_REPORT_RACE_H
#define REAPBENCH_REPORT_RACE_H

#include <stdio.h>

#include "compare.h"
#include "report_plot.h"

/* One figure per base scenario swept over a race offset (none: 0 made).
 * b is ignored with one run set (p->single). The table also goes to `out`
 * when not NULL. Returns the number of figures made, -1 on error. */
int plot_race(struct rb_plotter *p, const struct rb_sample *a, const struct rb_sample *b,
	      FILE *out);
/* The same for `sets` run sets side[k] named labels[k]: one column of
 * panels per run set on one figure (report and plot with more than two). */
int plot_race_sets(struct rb_plotter *p, const struct rb_sample *const *side,
		   const char *const *labels, int sets, FILE *out);

#endif
