/* reapbench report A B -o DIR: evidence.txt, plots, index.html, data.json. */
#ifndef REAPBENCH_REPORT_H
#define REAPBENCH_REPORT_H

#include <stdio.h>

#include "compare.h"
#include "compare_fmt.h"
#include "report_plot.h"

struct rb_report_args {
	struct rb_compare_args cmp;	/* db, sides, filters, cfg; format unused */
	const char *out_dir;
	const char *plots_dir;		/* NULL: search (see plotter_init) */
	int no_plots;
};

/* Returns the exit code: 0, 1 error, 2 when something regressed. */
int report_run(const struct rb_report_args *args);

int report_evidence(FILE *f, const struct rb_cmp *c, const struct rb_cmp_meta *m,
		    const struct rb_plotter *plots);
int report_html(FILE *f, const struct rb_cmp *c, const struct rb_cmp_meta *m,
		const struct rb_plotter *plots);
/* data.json: the comparison, every value behind it and the plot names. */
int report_data_json(FILE *f, const struct rb_cmp *c, const struct rb_cmp_meta *m,
		     const struct rb_sample *a, const struct rb_sample *b,
		     const struct rb_plotter *plots);

#endif
