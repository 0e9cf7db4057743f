/*
 * cgroup v2: when may an exiting reapbench turn the memory controller it
 * enabled at the root back off? Only when no cgroup but its own memcgs is
 * below the root: another live reapbench's memcg (or any other cgroup) would
 * lose memory.max under its running victim.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "memcg.h"

#define SELF 4242

static void alone_may_disable(void **state)
{
	const char *const none[] = { NULL };
	const char *const own[] = { "reapbench-4242-1", "reapbench-4242-17" };

	(void)state;
	assert_true(memcg_v2_may_disable(none, 0, SELF));
	assert_true(memcg_v2_may_disable(own, 2, SELF));
}

static void others_keep_it_on(void **state)
{
	const char *const other_run[] = { "reapbench-4242-1", "reapbench-777-3" };
	const char *const system[] = { "system.slice" };
	const char *const lookalike[] = { "reapbench-4242-1x" };
	const char *const prefix[] = { "reapbench-42420-1" };
	const char *const unnumbered[] = { "reapbench-4242" };

	(void)state;
	assert_false(memcg_v2_may_disable(other_run, 2, SELF));
	assert_false(memcg_v2_may_disable(other_run + 1, 1, SELF));
	assert_false(memcg_v2_may_disable(system, 1, SELF));
	assert_false(memcg_v2_may_disable(lookalike, 1, SELF));
	assert_false(memcg_v2_may_disable(prefix, 1, SELF));
	assert_false(memcg_v2_may_disable(unnumbered, 1, SELF));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(alone_may_disable),
		cmocka_unit_test(others_keep_it_on),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
