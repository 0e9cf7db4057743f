/*
 * The parameter tables of the workload pieces (params.h): every entry sound
 * (its default valid, a range for numbers, choices for enums, only numbers
 * sweepable) and every key owned by one piece of a scenario, so that a key
 * can never mean two things in one scenario.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "scenario.h"

static void entry_sound(const char *piece, const struct rb_param_def *d)
{
	char err[200];

	for (; d && d->name; d++) {
		print_message("# %s: %s\n", piece, d->name);
		assert_non_null(d->help);
		assert_non_null(d->def);
		assert_int_equal(param_value_check(d, d->def, NULL, err, sizeof(err)), 0);
		if (d->type == RB_PARAM_ENUM)
			assert_non_null(d->choices);
		if (d->type <= RB_PARAM_COUNT)
			assert_true(d->min <= d->max);
		else
			assert_false(d->sweepable);
		/* a scenario's own keys are not parameters */
		assert_true(strcmp(d->name, "shape") && strcmp(d->name, "trigger") &&
			    strcmp(d->name, "contenders") && strcmp(d->name, "runs"));
	}
}

static void sound(void **state)
{
	int i;

	(void)state;
	for (i = 0; rb_shapes[i]; i++)
		entry_sound(rb_shapes[i]->name, rb_shapes[i]->params);
	for (i = 0; rb_triggers[i]; i++)
		entry_sound(rb_triggers[i]->name, rb_triggers[i]->params);
	for (i = 0; rb_contenders[i]; i++)
		entry_sound(rb_contenders[i]->name, rb_contenders[i]->params);
}

/* No key of one piece in another piece that can share a scenario with it. */
static void disjoint(const struct rb_param_def *a, const struct rb_param_def *b)
{
	for (; a && a->name; a++)
		assert_null(param_def_in(b, a->name));
}

static void one_owner(void **state)
{
	int s, t, c, k;

	(void)state;
	for (s = 0; rb_shapes[s]; s++) {
		for (t = 0; rb_triggers[t]; t++)
			disjoint(rb_shapes[s]->params, rb_triggers[t]->params);
		for (c = 0; rb_contenders[c]; c++)
			disjoint(rb_shapes[s]->params, rb_contenders[c]->params);
	}
	for (t = 0; rb_triggers[t]; t++)
		for (c = 0; rb_contenders[c]; c++)
			disjoint(rb_triggers[t]->params, rb_contenders[c]->params);
	for (c = 0; rb_contenders[c]; c++)
		for (k = c + 1; rb_contenders[k]; k++)
			disjoint(rb_contenders[c]->params, rb_contenders[k]->params);
}

/* scenario_check: keys of the scenario's pieces only, values in range. */
static void check_scenario(void **state)
{
	static struct rb_scenario sc;
	char err[320];
	int bad;

	(void)state;
	sc.shape = shape_find("anon");
	sc.trigger = trigger_find("stall");
	sc.runs = 1;
	assert_int_equal(params_set(&sc.params, "stall", "2s"), 0);
	assert_int_equal(scenario_check(&sc, &bad, err, sizeof(err)), 0);
	assert_int_equal(params_set(&sc.params, "churn_pages", "2"), 0);
	assert_int_equal(scenario_check(&sc, &bad, err, sizeof(err)), -1);
	assert_int_equal(bad, 1);
	assert_string_equal(err, "unknown key 'churn_pages' (shape anon, trigger stall take: "
			    "size, stall, stall_from)");
	assert_int_equal(scenario_set_contenders(&sc, "churn", err, sizeof(err)), 0);
	assert_int_equal(scenario_check(&sc, &bad, err, sizeof(err)), 0);
	assert_int_equal(params_set(&sc.params, "churn_pages", "5000"), 0);
	assert_int_equal(scenario_check(&sc, &bad, err, sizeof(err)), -1);
	assert_string_equal(err, "key 'churn_pages': '5000' is outside 1..4096");
	assert_int_equal(scenario_set_contenders(&sc, "churn, nosuch", err, sizeof(err)), -1);
	assert_string_equal(err, "unknown contender 'nosuch' (see 'reapbench list')");
	assert_int_equal(scenario_set_contenders(&sc, "", err, sizeof(err)), -1);
	assert_string_equal(err, "empty entry in the contender list");
	sc.runs = 0;
	assert_int_equal(scenario_check(&sc, &bad, err, sizeof(err)), -1);
	assert_int_equal(bad, -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sound),
		cmocka_unit_test(one_owner),
		cmocka_unit_test(check_scenario),
	};

	return cmocka_run_group_tests_name("params", tests, NULL, NULL);
}
