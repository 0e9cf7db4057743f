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
	/* More than two run sets (A first; cmp.a and cmp.b unused then): see
	 * report_sets_run(). n_sets 0: cmp.a against cmp.b. */
	const char *const *sets;
	int n_sets;
	int tables_elsewhere;		/* a pair of report_sets_run(): print only the
					 * summary line, the N-set report prints the tables */
};

/* Returns the exit code: 0, 1 error, 2 when something regressed. With
 * n_sets > 2 it is report_sets_run(). */
int report_run(const struct rb_report_args *args);
/*
 * N run sets: each later set against the first in DIR/<A>-vs-<X>/ (the
 * two-set report there), and in DIR itself the race-window figure with
 * every run set, race-designs.txt with all of them, index.html linking the
 * pair reports, data.json. Exit code as report_run's, 2 if any pair regressed.
 */
int report_sets_run(const struct rb_report_args *args);
/* The directory name of the pair a against x: "<a>-vs-<x>", each the short
 * label made file-name-safe. */
char *report_pair_dir(char *buf, size_t len, const char *label_a, const char *label_x);

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
	const char *const *sets;	/* more than two run sets, A first (n_sets > 2) */
	int n_sets;
};

/* Only the plots (reapbench plot); prints the images made. Exit code.
 * With n_sets > 2: plot_sets_run(). */
int plot_run(const struct rb_plot_args *args);
/* N run sets: the race-window figure with all of them in DIR, each later
 * set's plots against the first in DIR/<A>-vs-<X>/ (report_pair_dir). */
int plot_sets_run(const struct rb_plot_args *args);

/* Write DIR/name with fn(f, ctx): created O_EXCL under a temporary name in
 * the directory opened as dir_fd, renamed into place; -1 with a message. */
typedef int (*report_writer_fn)(FILE *f, void *ctx);
int report_write_file(int dir_fd, const char *dir, const char *name, report_writer_fn fn,
		      void *ctx);

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
