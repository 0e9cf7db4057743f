/*
 * A/B comparison of two run sets: per scenario and metric, descriptives of
 * each side, and the boot-level method of doc/STATISTICS.md: runs grouped by
 * boot (warm-up discarded), Welch's test on per-boot summaries (log scale:
 * a ratio), Hodges-Lehmann and quantile shifts in the metric's unit, Holm
 * over the primary rows and Benjamini-Hochberg over the secondary ones, and
 * a class: regressed, improved, equivalent, inconclusive (or changed / n/a).
 * The run-level Mann-Whitney / Fisher p and the bootstrap ratio of medians
 * are kept as descriptions.
 */
#ifndef REAPBENCH_COMPARE_H
#define REAPBENCH_COMPARE_H

#include <stdint.h>
#include <stdio.h>

#include "boot_test.h"
#include "effects.h"
#include "margins.h"
#include "multiplicity.h"
#include "metric_table.h"
#include "stats.h"
#include "store.h"
#include "store_query.h"

#define RB_MIN_N 3	/* fewer values than this on a side: n/a, no test */

/* One observation of one metric in one valid run. */
struct rb_obs {
	int64_t run;
	char *boot;	/* the boot the run measured, NULL when not recorded */
	double value;
	char *text;	/* text metric value, or NULL */
	char *absent;	/* why not measurable, or NULL */
};

/* One scenario (at one sweep point) and one metric. */
struct rb_series {
	char *scenario;		/* display key: "name" or "name@param=value" */
	char *metric;
	char *base;		/* the scenario name alone */
	char *sweep_param;	/* NULL unless a sweep point */
	double sweep_value;
	char *sweep2_param;	/* second parameter of a 2-D sweep point, else NULL */
	double sweep2_value;
	struct rb_obs *o;
	size_t n, cap;
	int context;		/* loaded to tell the lock pattern only: no row */
};

/* The metric values of one run set (or a part of one), series sorted by
 * scenario then metric. */
struct rb_sample {
	struct rb_series *s;
	size_t n, cap;
};

int sample_load(struct rb_store *st, int64_t runset_id, const char *scenario_glob,
		const char *metric_glob, struct rb_sample *out);
/* With a metric filter that left exit_flavour out: its series loaded as
 * context (phase_moves.h decides the lock pattern from them; no row). */
int sample_load_flavours(struct rb_store *st, int64_t runset_id, const char *scenario_glob,
			 struct rb_sample *smp);
void sample_free(struct rb_sample *smp);
/* Record the boot of run `run` on every observation of it (seam for the
 * store's per-run boot ids). 0, or -1 when out of memory. */
int sample_set_boot(struct rb_sample *smp, int64_t run, const char *boot);
/* Append one observation (copies the strings); sweep_param may be NULL. */
int sample_add(struct rb_sample *smp, const char *scenario, const char *sweep_param,
	       double sweep_value, const char *metric, int64_t run, const double *value,
	       const char *text, const char *absent);

/* Where a series sits: no sweep (param NULL), a 1-D sweep point, or a point
 * of a 2-D sweep (param2 set); values in the parameters' stored units. */
struct rb_sweep_point {
	const char *param;
	double value;
	const char *param2;
	double value2;
};

/* sample_add for any sweep point; pt may be NULL (no sweep). */
int sample_add_at(struct rb_sample *smp, const char *scenario, const struct rb_sweep_point *pt,
		  const char *metric, int64_t run, const double *value, const char *text,
		  const char *absent);

/* The series of one scenario point and metric, created empty when new;
 * NULL when out of memory. */
struct rb_series *sample_series(struct rb_sample *smp, const char *scenario,
				const struct rb_sweep_point *pt, const char *metric);

/* sample_add_at for a copy of an observation, its boot included. */
int sample_add_obs(struct rb_sample *smp, const char *scenario, const struct rb_sweep_point *pt,
		   const char *metric, const struct rb_obs *o);

/*
 * Run sets of one scenario each under different names (a "kill" set against
 * a "kill+mrelease" set) are compared with each other: both sides' scenario
 * becomes "<A name> vs <B name>". Returns 1 and a note when it paired them,
 * 0 when the names already match or either side holds several scenarios.
 */
/* Order of two series of one base by sweep point: first parameter's value,
 * then the second's (numeric, not by name); 0 for the same point. */
int sweep_point_cmp(const struct rb_series *a, const struct rb_series *b);

int sample_pair_single(struct rb_sample *a, struct rb_sample *b, char *note, size_t len);

struct rb_cmp_cfg {
	double alpha;
	unsigned resamples;
	unsigned long seed;
	unsigned warmup;	/* runs discarded after each boot (RB_WARMUP_DEFAULT) */
	const char *margin_from;	/* A/A run-set label the margins come from, NULL: newest */
	/* Equivalence margin of a scenario's metric on the test's scale, NaN when
	 * none is stored for that scale; *from names where it came from
	 * (margins.h: learned from A/A run sets). */
	double (*margin)(const char *scenario, const char *metric, enum rb_scale scale,
			 const char **from, void *ctx);
	void *margin_ctx;
};

void compare_cfg_default(struct rb_cmp_cfg *cfg);

struct rb_side {
	struct rb_desc d;		/* numeric metrics */
	size_t hits, total;		/* text metrics: runs with the "hit" value */
	double share;			/* hits / total */
	size_t absent;			/* runs where the metric is absent */
	const char *absent_reason;	/* first reason seen (points into the sample) */
};

struct rb_cmp_row {
	const char *scenario, *metric;	/* point into the samples */
	const char *base, *sweep_param;	/* scenario name; sweep parameter or NULL */
	double sweep_value;
	const char *sweep2_param;	/* 2-D sweep points: the second parameter, else NULL */
	double sweep2_value;
	int is_text;
	const char *hit;		/* text metrics: the value counted, e.g. "reaped" */
	enum rb_better better;
	struct rb_side a, b;
	double change;			/* median B/A - 1, or share B - share A */
	struct rb_ratio_ci ci;		/* numeric only */
	const char *test;		/* "mann-whitney-exact", "mann-whitney-normal", "fisher", NULL */
	double p, p_adj;		/* NaN when not tested */
	const char *untested;		/* why there is no test, NULL when tested */
	double min_p;			/* smallest p these n allow (Mann-Whitney), else 0 */
	enum rb_verdict verdict;
	/* the boot-level method */
	enum rb_family family;
	struct rb_boot_test bt;		/* the verdict's test and interval */
	struct rb_effects fx;		/* numeric only */
	double p_family;		/* Holm (primary) or BH (secondary) adjusted bt.p */
	double margin;			/* equivalence margin on bt's scale, NaN: none */
	const char *margin_from;	/* the A/A run set it was learned from, NULL: none */
	size_t warmup_a, warmup_b;	/* runs discarded as warm-up */
	int boots_unrecorded;		/* the store had no boot ids: runs taken as boots */
};

/* The lock pattern each side of one scenario ran (phase_moves.h owns the
 * rule that decides `differ`). */
struct rb_flavours {
	const char *scenario;		/* points into the samples */
	const char *a, *b;		/* each side's most common exit_flavour, NULL: none */
	size_t a_hits, a_runs, b_hits, b_runs;	/* runs with that flavour, runs with one */
	int differ;			/* phase rows are "moved", not judged */
	int like_only;			/* same pattern, a side mixed: phases over its runs only */
};

struct rb_cmp {
	struct rb_cmp_cfg cfg;
	struct rb_cmp_row *rows;
	size_t n;
	size_t n_tested, n_regressed, n_improved, n_changed;
	size_t n_primary, n_secondary, n_equivalent, n_inconclusive;
	size_t n_moved;			/* phase rows across unlike lock patterns */
	struct rb_flavours *flavours;	/* one per scenario with an exit_flavour */
	size_t n_flavours;
	struct rb_sample like[2];	/* A's and B's phase series cut to one flavour */
	int boots_unrecorded;		/* some row had no boot ids */
	int underpowered;		/* no tested row can reach alpha after Holm */
};

int compare_samples(const struct rb_sample *a, const struct rb_sample *b,
		    const struct rb_cmp_cfg *cfg, struct rb_cmp *out);
/*
 * The equivalence margin of one A/A series on the scale compare would test it
 * on (compare_boot.h series_aa_margin), with the series' family; NaN when the
 * series has too few boots or none recorded; *boots: the boots it saw.
 */
double compare_series_margin(const struct rb_series *s, const struct rb_cmp_cfg *cfg,
			     enum rb_family *family, enum rb_scale *scale, size_t *boots);
/* `ab --until-resolved`: 1 when the comparison has primary rows and every one
 * is regressed, improved, equivalent or changed; 0 otherwise. */
int compare_primary_resolved(const struct rb_cmp *c);
void compare_free(struct rb_cmp *c);

/* The metric table's direction (metric_table.h) as a compare rule: a metric
 * without one, or not in the table, is BETTER_UNKNOWN and can only be
 * "changed"; for a text metric *hit is the value whose share counts
 * (reaper_outcome=reaped). A text rule says nothing about a number, and back. */
enum rb_better metric_better(const char *metric, int is_text, const char **hit);

/* A/A self-check: `repeats` random halves of one sample, split by boot within
 * each scenario (by run when the store recorded no boots). Reports per split
 * how many rows were flagged. */
struct rb_split_result {
	unsigned repeats;
	size_t rows_tested, rows_flagged;	/* summed over the splits */
	size_t rows_raw;			/* unadjusted p < alpha: should be ~alpha */
	size_t primary_tested, primary_flagged;	/* the primary family's rows alone */
	unsigned splits_with_flag;
	unsigned long seed;
	size_t boots_min;			/* fewest boots on a side of a tested row */
};

int compare_split(const struct rb_sample *smp, unsigned repeats, const struct rb_cmp_cfg *cfg,
		  FILE *log, struct rb_split_result *res);

/* What `reapbench compare` was asked; compare_run() returns the exit code. */
struct rb_compare_args {
	const char *db_path;
	const char *a, *b;		/* run-set label, "#id" or id */
	const char *scenario_glob, *metric_glob;
	const char *host;		/* both sides among this host's run sets; NULL: any */
	const char *format;
	int split;			/* A/A self-check on run set a */
	unsigned repeats;		/* splits for the self-check */
	const char *reproduce;		/* the command line, for the output */
	struct rb_cmp_cfg cfg;
};

int compare_run(const struct rb_compare_args *args, FILE *out);

/* Both sides of a comparison, loaded from the store (report reuses it). */
struct rb_ab {
	struct rb_store st;
	struct rb_runset_info info[2];
	struct rb_sample smp[2];
	char pairing[512];		/* non-empty: scenarios paired across names */
	struct rb_margin_set margins;	/* loaded by ab_margins() */
};

int ab_load(const char *db_path, const char *a, const char *b, const char *scenario_glob,
	    const char *metric_glob, struct rb_ab *ab);
/* The same, a and b resolved among the run sets host wrote (NULL: any host). */
int ab_load_on_host(const char *db_path, const char *a, const char *b, const char *host,
		    const char *scenario_glob, const char *metric_glob, struct rb_ab *ab);
void ab_free(struct rb_ab *ab);
/* Load the A/A margins matching A (cfg->margin_from: only that run set's) and
 * point cfg's margin callback at them; they live until ab_free(). With
 * --margin-from and none matching: one line and -1. */
int ab_margins(struct rb_ab *ab, struct rb_cmp_cfg *cfg);

#endif
