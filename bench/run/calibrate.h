/*
 * Calibrated race-window sweeps: `--sweep stall=calibrated[:SPAN/STEP]` and
 * `--sweep mrelease_delay_us=calibrated[:STEP]`. The sweep points are not
 * given but measured on this kernel and machine first, by a calibration run
 * set of CALIBRATE_RUNS runs stored beside the sweep (label "<label>-calibration"):
 *
 *   stall              the stall trigger held 3 s (the reaper reaps): the
 *                      median of reaper_start_us (oom:mark_victim ..
 *                      oom:start_task_reaping) is where the reaper starts
 *                      after the kill; the sweep is that median +-SPAN in
 *                      STEP (default 30ms/5ms), rounded to STEP. The stall
 *                      clock starts when the OOM kill is seen (stall_from=kill),
 *                      0.1-4 ms after mark_victim: inside the span.
 *   mrelease_delay_us  kill-pinned (kill+mrelease's pinning and scheduling,
 *                      no process_mrelease): the median of exit_mmap_us; the
 *                      sweep is 0 .. that median in STEP (default: a tenth).
 */
#ifndef REAPBENCH_CALIBRATE_H
#define REAPBENCH_CALIBRATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenario.h"
#include "store.h"

#define CALIBRATE_RUNS 3

struct rb_calibration {
	char param[32];		/* stall or mrelease_delay_us */
	const char *metric;	/* what the calibration runs measure */
	uint64_t span_us, step_us;	/* step 0: the default */
	double median_us;	/* filled by calibrate_resolve */
	int n;			/* runs the median is over */
};

/* Does spec ask for a calibrated sweep ("P=calibrated...")? */
bool calibrate_wanted(const char *spec);
/* Parse spec for the one scenario of set; -1 with one line naming the flag. */
int calibrate_parse(const char *spec, const struct rb_scenario_set *set,
		    struct rb_calibration *cal);
/* The calibration scenario (CALIBRATE_RUNS runs) of set's scenario into out. */
int calibrate_set(const struct rb_scenario_set *set, const struct rb_calibration *cal,
		  struct rb_scenario_set *out);
/*
 * From the stored calibration run set: the median into cal, and the sweep
 * it gives as an ordinary --sweep spec ("stall=1990ms..2050ms/5ms") into spec.
 * -1 with the reason when the metric is absent from every run.
 */
int calibrate_resolve(struct rb_store *st, int64_t set_id, struct rb_calibration *cal,
		      char *spec, size_t len);

#endif
