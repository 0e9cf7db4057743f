/*
 * exit_mmap's phases in the order they happen, as metrics_exit.c measures
 * them: each is a metric of the table (metric_table.c) and a kernel that
 * lacks a phase stores it absent. The phase plot stacks them in this order;
 * a phase added to the measurement is added here once.
 */
#ifndef REAPBENCH_EXIT_PHASES_H
#define REAPBENCH_EXIT_PHASES_H

struct rb_exit_phase {
	const char *metric;	/* the stored metric, e.g. exit_unmap_us */
	const char *label;	/* a legend entry: what the phase is */
};

/* Terminated by an entry with a NULL metric. */
extern const struct rb_exit_phase rb_exit_phases[];

/* The phase entry of a metric name, NULL when it is no phase. */
const struct rb_exit_phase *exit_phase_find(const char *metric);

#endif
