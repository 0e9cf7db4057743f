/*
 * The race per run set (design) and scenario: how many runs, in how many the
 * oom_reaper or process_mrelease met exit_mmap at its mmap_lock
 * (reaper_met_exit), the reaper's outcome classes, the exit_mmap flavours,
 * in whose thread exit_mmap ran and process_mrelease's returns (who won the
 * race with process_mrelease), extra OOM kills and relief time. Sweep points of a scenario are pooled
 * (the race-window figure shows them apart). Written by report as
 * race-designs.txt, in index.html and data.json, and briefly on stdout.
 * Only scenarios where the reaper or process_mrelease had a say (a
 * reaper_outcome or reaper_met_exit value in some run) get a row.
 */
#ifndef REAPBENCH_RACE_DESIGNS_H
#define REAPBENCH_RACE_DESIGNS_H

#include <stdio.h>

#include <jansson.h>

#include "compare.h"

#define RB_RACE_MAX_OUTCOMES 8	/* rb_reaper_outcomes[] entries (6 today) */

struct rb_race_count {
	char *name;
	size_t n;
};

/* The text metrics counted per row, in rb_race_text_metrics[] order. */
enum rb_race_text { RB_RACE_FLAVOUR, RB_RACE_RAN_IN, RB_RACE_MRELEASE_RET, RB_RACE_TEXTS };
extern const char *const rb_race_text_metrics[RB_RACE_TEXTS];

/* Each text's runs in first-seen order, then "absent" (the runs without a
 * text) when there are any; known: the runs with a text. */
struct rb_race_texts {
	struct rb_race_count *c;
	size_t n, known;
};

struct rb_race_row {
	const char *label;		/* the run set (points into the caller's labels) */
	char *scenario;			/* base scenario name */
	size_t points;			/* scenario keys pooled: sweep points, 1 without */
	size_t runs;			/* valid runs of the scenario */
	size_t met_yes, met_no, met_absent;	/* reaper_met_exit; absent: also not stored */
	size_t outcome[RB_RACE_MAX_OUTCOMES];	/* in rb_reaper_outcomes[] order */
	size_t outcome_other;		/* a text the table does not know */
	size_t outcome_absent;		/* no reaper_outcome (absent or not stored) */
	struct rb_race_texts text[RB_RACE_TEXTS];	/* exit_flavour, exit_mmap_in, mrelease_ret */
	double extra_sum;		/* extra_oom_kill_n summed */
	size_t extra_n, extra_pos;	/* runs with a value, with a value > 0 */
	struct rb_desc relief;		/* relief_us */
	const char *relief_absent;	/* the first reason when relief.n is 0 (into the sample) */
};

struct rb_race_designs {
	struct rb_race_row *rows;
	size_t n;
};

/* Rows for run set k = 0..n-1 (labels[k]), sets in order, scenarios in
 * the sample's order. 0, or -1 when out of memory. */
int race_designs_build(const struct rb_sample *const *smp, const char *const *labels, size_t n,
		       struct rb_race_designs *out);
void race_designs_free(struct rb_race_designs *d);

/* race-designs.txt: the aligned table, then flavours, where exit_mmap ran
 * and process_mrelease's returns (rows with one), and absent reasons. */
int race_designs_text(FILE *f, const struct rb_race_designs *d);
/* One line per row for report's stdout. */
void race_designs_brief(FILE *f, const struct rb_race_designs *d);
/* An HTML section (id "race-designs"); nothing when there are no rows. */
void race_designs_html(FILE *f, const struct rb_race_designs *d);
/* The rows as a JSON array; new reference. */
json_t *race_designs_json(const struct rb_race_designs *d);

#endif
