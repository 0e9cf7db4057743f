/*
 * The race-scenario pieces offline: the pgtables shape's layout and
 * footprint from its table, the memcg-oom-multi, kill-pinned and reaper-fail
 * tables and flags, the oom_kill count parser the allocator uses, and the
 * calibrated sweeps (spec parsing, the calibration scenario, the sweep a
 * stored calibration run set gives).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "calibrate.h"
#include "scenario.h"
#include "store.h"

static uint64_t footprint(const char *shape, const char *const *kv)
{
	struct rb_params p = { 0 };
	uint64_t bytes = 0;

	for (; *kv; kv += 2)
		assert_int_equal(params_set(&p, kv[0], kv[1]), 0);
	if (shape_find(shape)->footprint(&p, &bytes))
		return 0;
	return bytes;
}

static void pgtables_table(void **state)
{
	const struct rb_shape_ops *s = shape_find("pgtables");
	const char *defaults[] = { NULL };
	const char *thp[] = { "span", "128M", "page", "thp", NULL };
	const char *round[] = { "span", "8M", "vma_span", "3M", NULL };
	const char *too_many[] = { "span", "16T", "vma_span", "2M", NULL };
	const struct rb_param_def *d;

	(void)state;
	assert_non_null(s);
	assert_non_null(s->report);
	d = param_def_in(s->params, "page");
	assert_string_equal(d->choices, "4k|thp");
	assert_string_equal(d->def, "4k");
	assert_true(param_def_in(s->params, "span")->sweepable);
	/* 8G in 128 vmas of 64M: 4096 touches, a data page and a PTE page each, PMD pages */
	assert_int_equal(footprint("pgtables", defaults),
			 2 * 4096 * 4096ULL + (16 + 128 + 1) * 4096ULL);
	/* 128M of thp in 2 vmas: 64 huge pages, no PTE pages */
	assert_int_equal(footprint("pgtables", thp), 64 * (2ULL << 20) + 3 * 4096ULL);
	/* vma_span rounded up to 4M: 2 vmas of 2 touches */
	assert_int_equal(footprint("pgtables", round), 2 * 4 * 4096ULL + 3 * 4096ULL);
	/* 8M vmas exceed vm.max_map_count: refused */
	assert_int_equal(footprint("pgtables", too_many), 0);
}

static void trigger_tables(void **state)
{
	const struct rb_trigger_ops *multi = trigger_find("memcg-oom-multi");
	const struct rb_trigger_ops *pinned = trigger_find("kill-pinned");
	const struct rb_trigger_ops *fail = trigger_find("reaper-fail");
	struct rb_params off = { 0 };

	(void)state;
	assert_non_null(multi);
	assert_non_null(pinned);
	assert_non_null(fail);
	assert_true(multi->oom_kill);
	assert_true(fail->oom_kill);
	assert_false(pinned->oom_kill);
	/* the control of kill+mrelease takes no keys: only process_mrelease differs */
	assert_null(pinned->params);
	assert_non_null(trigger_find("kill+mrelease")->params);
	assert_string_equal(param_def_in(multi->params, "steal")->def, "32M");
	assert_string_equal(param_def_in(multi->params, "oom_group")->choices, "off|on");
	assert_null(multi->unsupported(&off));	/* oom_group=off runs on v1 and v2 */
	assert_string_equal(param_def_in(fail->params, "stall")->def, "4s");
	assert_non_null(multi->prepare);
	assert_non_null(fail->victim_go);
	assert_null(multi->victim_go);	/* the allocator, not the victim, allocates */
}

static void oom_kill_count(void **state)
{
	uint64_t n = 0;

	(void)state;
	/* v2 memory.events: oom_group_kill is not oom_kill */
	assert_int_equal(parse_oom_kill("low 0\nhigh 0\nmax 9\noom 2\noom_kill 3\n"
					"oom_group_kill 2\n", &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(parse_oom_kill("oom 1\noom_group_kill 2\n", &n), -1);
	/* v1 memory.oom_control: oom_kill_disable is not oom_kill */
	assert_int_equal(parse_oom_kill("oom_kill_disable 0\nunder_oom 0\noom_kill 5\n", &n), 0);
	assert_int_equal(n, 5);
	assert_int_equal(parse_oom_kill("", &n), -1);
}

static void one_scenario(struct rb_scenario_set *set, const char *trigger)
{
	memset(set, 0, sizeof(*set));
	set->n = 1;
	set->sc[0].shape = shape_find("anon");
	set->sc[0].trigger = trigger_find(trigger);
	set->sc[0].runs = 5;
	snprintf(set->sc[0].name, sizeof(set->sc[0].name), "anon-64M-%s", trigger);
}

static void calibrate_specs(void **state)
{
	static struct rb_scenario_set set, cal_set;
	struct rb_calibration cal;

	(void)state;
	assert_true(calibrate_wanted("stall=calibrated"));
	assert_true(calibrate_wanted("mrelease_delay_us=calibrated:1ms"));
	assert_false(calibrate_wanted("stall=1s,2s"));
	assert_false(calibrate_wanted("calibrated"));

	one_scenario(&set, "stall");
	assert_int_equal(calibrate_parse("stall=calibrated", &set, &cal), 0);
	assert_string_equal(cal.metric, "reaper_start_us");
	assert_int_equal(cal.span_us, 30000);
	assert_int_equal(cal.step_us, 5000);
	assert_int_equal(calibrate_parse("stall=calibrated:10ms/2ms", &set, &cal), 0);
	assert_int_equal(cal.span_us, 10000);
	assert_int_equal(cal.step_us, 2000);
	assert_int_equal(calibrate_parse("stall=calibrated:10ms", &set, &cal), -1);
	assert_int_equal(calibrate_parse("stall=calibrated:10ms/0ms", &set, &cal), -1);
	assert_int_equal(calibrate_parse("size=calibrated", &set, &cal), -1);
	assert_int_equal(params_set(&set.sc[0].params, "stall_from", "read"), 0);
	assert_int_equal(calibrate_parse("stall=calibrated", &set, &cal), -1);
	set.sc[0].params.n = 0;
	assert_int_equal(calibrate_parse("mrelease_delay_us=calibrated", &set, &cal), -1);

	/* the calibration of stall: the same scenario held 3 s, 3 runs */
	assert_int_equal(calibrate_parse("stall=calibrated", &set, &cal), 0);
	assert_int_equal(calibrate_set(&set, &cal, &cal_set), 0);
	assert_int_equal(cal_set.n, 1);
	assert_int_equal(cal_set.sc[0].runs, CALIBRATE_RUNS);
	assert_string_equal(params_str(&cal_set.sc[0].params, "stall", NULL), "3s");
	assert_string_equal(cal_set.sc[0].name, "anon-64M-stall-calibration");

	/* the calibration of mrelease_delay_us: kill-pinned, without the delay key */
	one_scenario(&set, "kill+mrelease");
	assert_int_equal(params_set(&set.sc[0].params, "mrelease_delay_us", "1ms"), 0);
	assert_int_equal(params_set(&set.sc[0].params, "size", "32M"), 0);
	assert_int_equal(calibrate_parse("mrelease_delay_us=calibrated:500us", &set, &cal), 0);
	assert_string_equal(cal.metric, "exit_mmap_us");
	assert_int_equal(cal.step_us, 500);
	assert_int_equal(calibrate_parse("mrelease_delay_us=calibrated:1ms/1ms", &set, &cal), -1);
	assert_int_equal(calibrate_parse("mrelease_delay_us=calibrated", &set, &cal), 0);
	assert_int_equal(calibrate_set(&set, &cal, &cal_set), 0);
	assert_string_equal(cal_set.sc[0].trigger->name, "kill-pinned");
	assert_int_equal(params_index(&cal_set.sc[0].params, "mrelease_delay_us"), -1);
	assert_string_equal(params_str(&cal_set.sc[0].params, "size", NULL), "32M");

	set.n = 2;	/* a set of several scenarios: refused */
	assert_int_equal(calibrate_parse("mrelease_delay_us=calibrated", &set, &cal), -1);
}

static void add_runs(struct rb_store *st, int64_t set, const char *metric, const double *v,
		     int n)
{
	static struct rb_metrics m;
	int i;

	for (i = 0; i < n; i++) {
		struct rb_run_record r = {
			.seq = i + 1, .scenario = "cal", .shape = "anon", .trigger = "stall",
			.contenders = "", .params_json = "{}", .rep = i + 1, .started_at = "now",
		};
		int64_t id;

		memset(&m, 0, sizeof(m));
		m.valid = true;
		m.n = 1;
		snprintf(m.m[0].name, sizeof(m.m[0].name), "%s", metric);
		if (v[i] < 0)
			snprintf(m.m[0].absent, sizeof(m.m[0].absent), "the reaper did not act");
		else
			m.m[0].value = v[i];
		assert_int_equal(store_run_add(st, set, &r, &m, &id), 0);
	}
}

static void calibrate_from_store(void **state)
{
	static struct rb_scenario_set set;
	char path[] = "/tmp/reapbench-test-race-XXXXXX", spec[128];
	const double starts[] = { 2010000, 2031000, 2014000 };
	const double exits[] = { 7000, 7770.5, 8000 };
	const double none[] = { -1, -1 };
	struct rb_calibration cal;
	struct rb_store st = { 0 };
	int64_t a, b, c;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	assert_int_equal(store_open(path, &st), 0);
	assert_int_equal(store_runset_begin(&st, "cal-a", "6.18", "test", 1, "{}", &a), 0);
	add_runs(&st, a, "reaper_start_us", starts, 3);
	assert_int_equal(store_runset_begin(&st, "cal-b", "6.18", "test", 1, "{}", &b), 0);
	add_runs(&st, b, "exit_mmap_us", exits, 3);
	assert_int_equal(store_runset_begin(&st, "cal-c", "6.18", "test", 1, "{}", &c), 0);
	add_runs(&st, c, "reaper_start_us", none, 2);

	/* median 2014 ms, rounded to the 5 ms step: 2015 ms +-30 ms */
	one_scenario(&set, "stall");
	assert_int_equal(calibrate_parse("stall=calibrated", &set, &cal), 0);
	assert_int_equal(calibrate_resolve(&st, a, &cal, spec, sizeof(spec)), 0);
	assert_int_equal(cal.n, 3);
	assert_true(cal.median_us == 2014000);
	assert_string_equal(spec, "stall=1985000us..2045000us/5000us");
	/* no run gave the metric: refused with the reason */
	assert_int_equal(calibrate_resolve(&st, c, &cal, spec, sizeof(spec)), -1);

	/* median 7770.5 us: 0 .. 7780 us in 10 steps of 778 us */
	one_scenario(&set, "kill+mrelease");
	assert_int_equal(calibrate_parse("mrelease_delay_us=calibrated", &set, &cal), 0);
	assert_int_equal(calibrate_resolve(&st, b, &cal, spec, sizeof(spec)), 0);
	assert_string_equal(spec, "mrelease_delay_us=0us..7780us/778us");
	assert_int_equal(calibrate_parse("mrelease_delay_us=calibrated:1ms", &set, &cal), 0);
	assert_int_equal(calibrate_resolve(&st, b, &cal, spec, sizeof(spec)), 0);
	assert_string_equal(spec, "mrelease_delay_us=0us..8000us/1000us");
	store_close(&st);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pgtables_table),
		cmocka_unit_test(trigger_tables),
		cmocka_unit_test(oom_kill_count),
		cmocka_unit_test(calibrate_specs),
		cmocka_unit_test(calibrate_from_store),
	};

	return cmocka_run_group_tests_name("race_pieces", tests, NULL, NULL);
}
