/* reapbench trend: a metric's median and CI over many run sets. */
#ifndef REAPBENCH_REPORT_TREND_H
#define REAPBENCH_REPORT_TREND_H

#include <stdio.h>

struct rb_trend_args {
	const char *db_path;
	const char *metric, *scenario;	/* must select one series per run set */
	const char **labels;		/* GLOB patterns; none: every run set */
	size_t n_labels;
	const char *host;		/* GLOB on the writing host; NULL: every host */
	int by_host;			/* one series per host (a shared store) */
	int by_time;			/* order by start time, not kernel version */
	const char *out_dir;		/* NULL: text only */
	const char *plots_dir;
	unsigned resamples;
	unsigned long seed;
};

/* Prints the gnuplot-ready table to out; returns the exit code. */
int trend_run(const struct rb_trend_args *t, FILE *out);

#endif
