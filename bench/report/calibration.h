/*
 * Calibration: when B's kernel spec has a [calibration] section (a patch that
 * adds a known amount to one metric), the comparison states what it
 * recovered with the method's calibration estimator, the p10 shift with its
 * boot-resampled interval (doc/STATISTICS.md section 4).
 */
#ifndef REAPBENCH_CALIBRATION_H
#define REAPBENCH_CALIBRATION_H

#include <stdbool.h>

#include "compare.h"

#define RB_CAL_QSHIFT 1		/* rb_qshift_names[1]: "p10" */
#define RB_CAL_TOLERANCE 0.10	/* "recovered" within 10% of the known shift */

struct rb_calibration {
	char metric[64];
	double known_us;		/* from B's run set info: kernel_spec.calibration */
	const struct rb_cmp_row *row;	/* the first row of that metric, NULL: none */
	double est, lo, hi;		/* the p10 shift; lo/hi NaN under 5 boots a side */
	bool within;			/* |est - known| <= 10% of |known| */
};

/* From B's info_json: 1 and *out filled when B is a calibration, else 0. */
int calibration_find(const struct rb_cmp *c, const char *info_json_b, struct rb_calibration *out);

#endif
