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
 * Every key other than shape/trigger/contenders/runs is a parameter.
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
/* Append the scenarios of a file; errors name file, line and key. */
int scenario_load_file(const char *path, struct rb_scenario_set *set);
/* Check a finished scenario (shape and trigger set, known, runs > 0). */
int scenario_validate(const struct rb_scenario *sc, const char *where);
/* Comma list of contender names into sc; -1 with a message on an unknown one. */
int scenario_set_contenders(struct rb_scenario *sc, const char *list);

#endif
