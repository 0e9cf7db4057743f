/*
 * Plots of a comparison: gnuplot-ready data files plus the templates in
 * plots/, rendered once as PNG and once as SVG. The templates only plot; the
 * terminal, output and every label are set here through `gnuplot -e`.
 */
#ifndef REAPBENCH_REPORT_PLOT_H
#define REAPBENCH_REPORT_PLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "compare.h"
#include "metric_table.h"
#include "safefile.h"

#define RB_PLOT_W 800	/* readable at mail-attachment size */
#define RB_PLOT_H 500
#define RB_PLOT_TITLE_MAX 90	/* characters: a title line fits 800 px at 10 pt */
#define RB_PLOT_LABEL_MAX 40	/* a run set's name in keys and subtitles */
#define RB_PLOT_BAND_MIN_N 5	/* runs per point below which a sweep draws no IQR band */
/* mm/oom_kill.c OOM_REAPER_DELAY (2 * HZ, since 5.18): sweeps over a duration
 * that reaches it get a marker there */
#define RB_OOM_REAPER_DELAY_US 2e6

struct rb_plotter {
	char *tpl_dir;			/* where ecdf.gp etc. live */
	const char *out_dir;		/* images go here, data files in out_dir/data */
	int out_fd, data_fd;		/* the two, opened safely (safefile.h); closed by free */
	int inited;			/* plotter_init ran: a { 0 } plotter holds no fds */
	struct safe_file data;		/* the data file being written (one at a time) */
	int width, height;
	const char *label_a, *label_b;	/* kernels / run-set labels for titles and keys */
	int single;			/* one run set (label_b NULL): drawn alone, no A/B */
	int curated;			/* a report's set: sweeps of primary and flagged
					 * metrics only (plot draws every one) */
	char **made;			/* base names of the images written (no extension) */
	size_t n_made;
	char **captions;		/* what image i shows, one sentence; NULL: none */
	size_t n_captions;		/* entries of captions (<= n_made) */
};

/* gnuplot on PATH? report degrades to tables without it, plot refuses. */
int plot_have_gnuplot(void);

/* Find the templates: tpl_dir when given, else plots/ in the data-directory
 * search order (datadir.h). -1 with a message when there is no ecdf.gp.
 * out_dir is opened (created) with safe_dir_open, data/ created in it.
 * label_b NULL: one run set, each figure shows label_a's data alone and the
 * families ignore their B arguments. */
int plotter_init(struct rb_plotter *p, const char *tpl_dir, const char *out_dir,
		 const char *label_a, const char *label_b);
/* The same with out_dir already opened with safe_dir_open (the plotter keeps a copy). */
int plotter_init_at(struct rb_plotter *p, const char *tpl_dir, const char *out_dir, int out_fd,
		    const char *label_a, const char *label_b);
void plotter_free(struct rb_plotter *p);

/* Run template `tpl`.gp to out_dir/`name`.png and .svg (gnuplot writes to
 * its stdout: a file reapbench created, renamed into place). vars: extra gnuplot
 * assignments ("a='x'; b=2"), may be NULL. Templates also get datadir, la, lb
 * and single (1: plot the A columns alone, keys without "A:"). */
int plot_render(struct rb_plotter *p, const char *tpl, const char *name, const char *vars);

/* A string as a gnuplot single-quoted literal (quotes doubled) into buf. */
char *gp_quote(char *buf, size_t len, const char *s);
/* A file-name-safe form of a scenario/metric key. */
char *plot_slug(char *buf, size_t len, const char *s);

/* The plot families; each returns the number of images made, -1 on error. */
/* ECDFs of every numeric series, or with `only` set just the rows a report
 * leads with: flagged ones and those fig_ecdf_always() names. */
int plot_ecdfs(struct rb_plotter *p, const struct rb_sample *a, const struct rb_sample *b,
	       const struct rb_cmp *only);
/* Per scenario one panel figure of the exit_mmap phases not flagged (a
 * report's `only` rows): A against B where a patch should change nothing. */
int plot_ecdf_phases(struct rb_plotter *p, const struct rb_sample *a, const struct rb_sample *b,
		     const struct rb_cmp *c);
/* Box plots: `plot --kind box` only, never by default in a report. */
int plot_boxes(struct rb_plotter *p, const struct rb_cmp *c);
int plot_phases(struct rb_plotter *p, const struct rb_cmp *c);
int plot_outcomes(struct rb_plotter *p, const struct rb_sample *a, const struct rb_sample *b);
int plot_sweeps(struct rb_plotter *p, const struct rb_cmp *c);
/* 2-D sweeps: per base scenario and metric a grid over both parameters,
 * colour and printed value the median (one run set) or the ratio of medians
 * B/A; outcome shares (reaper_outcome=reaped) as % of runs, or B - A in points. */
int plot_heatmaps(struct rb_plotter *p, const struct rb_cmp *c);

/* Shared by the families (report_figs.c): the data file DIR/data/NAME.dat;
 * a template rendered with datafile, title, subtitle, xlab, ylab and extra
 * gnuplot assignments; "metric (unit)"; whether values want a log axis. */
FILE *fig_data_open(struct rb_plotter *p, const char *name, char *path, size_t len);
int fig_data_close(struct rb_plotter *p);
int fig_render(struct rb_plotter *p, const char *tpl, const char *name, const char *data,
	       const char *title, const char *xlab, const char *ylab, const char *extra);
char *fig_axis_label(char *buf, size_t len, const char *metric);
int fig_wants_log(double lo, double hi);
/* The image made last gets a caption (printf format): what it shows, one
 * sentence; index.html prints it. */
int fig_caption(struct rb_plotter *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "metric (unit)" in the unit fig_unit picks for values up to max; div set. */
char *fig_axis_label_in(char *buf, size_t len, const char *metric, double max, double *div);
/* The series / comparison row of a scenario and metric, NULL when none. */
const struct rb_series *fig_find_series(const struct rb_sample *s, const char *scenario,
					const char *metric);
const struct rb_cmp_row *fig_find_row(const struct rb_cmp *c, const char *scenario,
				      const char *metric);
/* Every value a row measured equal (on the side(s) drawn): nothing to draw. */
int fig_row_constant(const struct rb_plotter *p, const struct rb_cmp_row *r);
/* A metric to draw: primary or secondary in the metric table (numeric, or
 * text with a hit such as reaper_outcome=reaped), or one the table lacks;
 * descriptors and tool-health figures are not. */
bool fig_metric_plottable(const char *metric);
/* The unit to show a metric in for values up to max (us, ms, s; bytes, KiB,
 * MiB, GiB; others as stored) and the divisor from the stored unit. */
const char *fig_unit(const char *metric, double max, double *div);
/* s with the middle elided to at most max characters (more of the end is kept). */
char *fig_shorten(char *buf, size_t len, const char *s, size_t max);
/* A run set's name for keys and titles: the label without parenthesised
 * parts ("6.12 (A, ab-2026...)" -> "6.12"), else the release, shortened. */
char *fig_short_label(char *buf, size_t len, const char *label, const char *release);
/* Wilson score 95% interval of k successes in n trials (NaN when n is 0). */
void fig_wilson(double k, double n, double *lo, double *hi);
/* The numeric primary metrics of the table (exit_mmap_us, kill_to_reaped_us):
 * a report always draws their ECDFs. */
bool fig_ecdf_always(const struct rb_metric_def *d);

#endif
