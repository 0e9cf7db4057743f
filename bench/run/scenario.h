/*
 * Scenarios: a shape + its parameters, a trigger, contenders, a run count.
 * Scenario files are INI (libinih), one section per scenario:
 *
 *   [anon-256M-kill]
 *   shape = anon
 *   size = 256M
 *   trigger = kill
 *   runs = 5
 *
 * Every key other than shape/trigger/contenders/runs is a parameter of the
 * shape, the trigger or a contender, and must be in that piece's table
 * (params.h) with a valid value: anything else is refused with file:line.
 * One section name is one scenario: a name given twice is refused.
 */
#ifndef REAPBENCH_SCENARIO_H
#define REAPBENCH_SCENARIO_H

#include "workload.h"

#define RB_MAX_SCENARIOS 256

struct rb_scenario {
	char name[96];
	const struct rb_shape_ops *shape;
	const struct rb_trigger_ops *trigger;
	const struct rb_contender_ops *contenders[8];
	int n_contenders;
	struct rb_params params;
	int runs;
	char sweep_param[32];	/* empty unless a sweep point */
	double sweep_value;
	char sweep2_param[32];	/* second dimension of a 2-D sweep point */
	double sweep2_value;
};

struct rb_scenario_set {
	struct rb_scenario sc[RB_MAX_SCENARIOS];
	int n;
	char source[512];	/* file it came from, or "command line" */
};

/* Find NAME as a path, ./workloads/scenarios/NAME.ini or DATADIR/scenarios/NAME.ini. */
int scenario_resolve(const char *name, char *path, size_t len);
/*
 * Append the scenarios of a file, each checked with scenario_check(). On bad
 * input prints one line naming the file and the line of the first error
 * (bytes that are not printable are shown as \xNN) and returns -1.
 */
int scenario_load_file(const char *path, struct rb_scenario_set *set);
/*
 * Check a scenario against the tables of its pieces: shape and trigger set,
 * runs > 0, every key known to the shape, trigger or a contender, every value
 * in its type and range. On the first bad one: -1, *bad_key is its index in
 * sc->params (-1 when the error is not about a key) and err says why.
 */
int scenario_check(const struct rb_scenario *sc, int *bad_key, char *err, size_t len);
/* The table entry of key among sc's pieces, or NULL. */
const struct rb_param_def *scenario_param_def(const struct rb_scenario *sc, const char *key);
/* The keys sc's pieces take, "size, stall, stall_from", into buf ("none" if none). */
void scenario_keys(const struct rb_scenario *sc, char *buf, size_t len);
/* Comma list of contender names into sc; -1 with the reason in err (unknown, empty, twice). */
int scenario_set_contenders(struct rb_scenario *sc, const char *list, char *err, size_t len);

#endif
