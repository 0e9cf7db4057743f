/*
 * The metric table: one entry per metric the suite can store, the one place
 * that says its unit, which way is better, what kind of figure it is, where
 * it comes from and what it means. compare, report, export, summary, the
 * --no-trace marker, `reapbench list --metrics` and from it the README's
 * metric table and the man page's METRICS section all read it
 * (tests/offline/metric_table.t fails when the documents differ).
 *
 * A family of metrics is one entry whose name holds a <placeholder>:
 * lock_wait_us.<role>.sum stands for lock_wait_us.victim.sum and the others.
 */
#ifndef REAPBENCH_METRIC_TABLE_H
#define REAPBENCH_METRIC_TABLE_H

#include <stdio.h>

#include <jansson.h>

#include "metrics.h"

enum rb_metric_unit { RB_UNIT_US, RB_UNIT_BYTES, RB_UNIT_COUNT, RB_UNIT_TEXT, RB_UNIT_NR };

/* Which way is better; only a metric with a direction can improve or regress. */
enum rb_direction { RB_DIR_NONE, RB_DIR_LOWER, RB_DIR_HIGHER, RB_DIR_NR };

enum rb_metric_kind {
	RB_KIND_PRIMARY,	/* what a patch to the teardown path is judged by */
	RB_KIND_SECONDARY,	/* the parts and waits that explain a primary change */
	RB_KIND_DESCRIPTOR,	/* what the run was (lock pattern, sizes); no better or worse */
	RB_KIND_TOOL_HEALTH,	/* the harness and tracer themselves: losses, timings, checks */
	RB_KIND_NR,
};

enum rb_metric_source {
	RB_SRC_TRACE,		/* kernel tracepoints: absent with --no-trace */
	RB_SRC_USER,		/* the suite's own clock, memcg files, /proc */
	RB_SRC_PERF,		/* perf stat / perf lock (--perf-stat, --perf-lock) */
	RB_SRC_NR,
};

struct rb_metric_def {
	const char *name;		/* or a family: "trylock_fail_n.<role>" */
	enum rb_metric_unit unit;
	enum rb_direction direction;
	enum rb_metric_kind kind;
	enum rb_metric_source source;
	const char *hit;		/* text metrics with a direction: the value whose
					 * share of runs counts ("reaped"), else NULL */
	const char *help;		/* one line: what it measures, from what */
};

/* The entry for a stored metric name, NULL when the table has none. */
const struct rb_metric_def *metric_def_find(const char *name);
/* Iteration: entry i in table order (the documents' order), NULL past the end. */
const struct rb_metric_def *metric_def_at(size_t i);

const char *metric_unit_name(enum rb_metric_unit u);
const char *metric_direction_name(enum rb_direction d);
const char *metric_kind_name(enum rb_metric_kind k);
const char *metric_source_name(enum rb_metric_source s);
/* The unit of a stored metric name ("us", "bytes", "count", "text"), "" if unknown. */
const char *metric_unit(const char *name);

/* `reapbench list --metrics`: the table as aligned text, Markdown or man(7). */
enum rb_metric_doc { RB_DOC_TEXT, RB_DOC_MD, RB_DOC_MAN };
void metric_table_print(FILE *f, enum rb_metric_doc fmt);
/* One entry, as one line of text / Markdown or one man(7) paragraph. */
void metric_def_print(FILE *f, const struct rb_metric_def *d, enum rb_metric_doc fmt);
/* The table as a JSON array of {name, unit, direction, kind, source, hit,
 * help}; the caller owns the reference. */
json_t *metric_table_json(void);

/* --no-trace: every metric whose source is the tracepoints becomes absent
 * "tracing off" (metrics_untraced.c). */
void metrics_mark_untraced(struct rb_metrics *m);

#endif
