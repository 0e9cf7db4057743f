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
	FILE *out;			/* where the summary line goes; NULL: stdout */
};

/* Returns the exit code: 0, 1 error, 2 when something regressed. */
int report_run(const struct rb_report_args *args);

enum rb_plot_kind {
	PLOT_ECDF = 1 << 0,
	PLOT_BOX = 1 << 1,
	PLOT_PHASES = 1 << 2,
	PLOT_OUTCOME = 1 << 3,
	PLOT_SWEEP = 1 << 4,
	PLOT_HEATMAP = 1 << 5,		/* 2-D sweeps */
	PLOT_RACE = 1 << 6,		/* race-window figure (report_race.h) */
	PLOT_ALL = (1 << 7) - 1,
	/* box plots only on request: the ECDFs show the same runs better */
	PLOT_DEFAULT = PLOT_ALL & ~PLOT_BOX,
};

struct rb_plot_kind_name {
	const char *name;
	unsigned kind;
};
extern const struct rb_plot_kind_name rb_plot_kinds[];	/* NULL-name terminated */

struct rb_plot_args {
	struct rb_compare_args cmp;	/* db, sides, filters */
	const char *out_dir, *plots_dir;
	unsigned kinds;			/* enum rb_plot_kind mask */
	int width, height;		/* 0: RB_PLOT_W x RB_PLOT_H */
	FILE *out;			/* the list of images; NULL: stdout */
};

/* Only the plots (reapbench plot); prints the images made. Exit code. */
int plot_run(const struct rb_plot_args *args);

/* evidence.txt (the verdict first, RB_EVIDENCE_LINES lines) and
 * appendix.txt (everything it refers to). */
int report_evidence(FILE *f, const struct rb_cmp *c, const struct rb_cmp_meta *m,
		    const struct rb_plotter *plots);
int report_appendix(FILE *f, const struct rb_cmp *c, const struct rb_cmp_meta *m,
		    const struct rb_plotter *plots);
int report_html(FILE *f, const struct rb_cmp *c, const struct rb_cmp_meta *m,
		const struct rb_plotter *plots);
/* data.json: the comparison, every value behind it and the plot names. */
int report_data_json(FILE *f, const struct rb_cmp *c, const struct rb_cmp_meta *m,
		     const struct rb_sample *a, const struct rb_sample *b,
		     const struct rb_plotter *plots);

#endif
