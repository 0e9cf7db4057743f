/*
 * reaper_met_exit on the recorded fixtures (tests/fixtures) and on two
 * hand-built streams. The expected answers come from the fixture lines
 * quoted in the comments: where the reaper's or process_mrelease's
 * mmap_lock section on the victim's mm lies against exit_mmap's span.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "common.h"
#include "metrics.h"

#define FIX618 "tests/fixtures/6.18-memcg_id/"
#define FIX612 "tests/fixtures/6.12-memcg_path/"

static struct rb_runctx ctx;
static struct rb_events evs;
static struct rb_metrics m;

/* The metric of a fixture: its text, or "absent: REASON". */
static const char *met_exit_of(const char *fixture)
{
	static char buf[160];
	const struct rb_metric *x;

	assert_int_equal(runctx_load_fixture(fixture, &ctx, &evs), 0);
	metrics_compute(&ctx, &evs, &m);
	rb_events_free(&evs);
	x = metrics_get(&m, "reaper_met_exit");
	assert_non_null(x);
	if (x->absent[0])
		snprintf(buf, sizeof(buf), "absent: %s", x->absent);
	else
		snprintf(buf, sizeof(buf), "%s", x->text);
	return buf;
}

static void expect(const char *fixture, const char *want)
{
	const char *got = met_exit_of(fixture);

	if (strcmp(got, want))
		fail_msg("%s: reaper_met_exit is '%s', expected '%s'", fixture, got, want);
}

/* The oom_reaper on 6.18 (stall trigger around its 2 s delay). */
static void reaper_618(void **state)
{
	(void)state;
	/* exit_mmap from the read start 2148488231142 (after sched_process_exit
	 * 2148488227216) to mmap:exit_mmap 2148529408077; the reaper's read hold
	 * 2148516047946 .. 2148521467743 lies inside: it reaped during the unmap */
	expect(FIX618 "stall-128M-reaped.events", "yes");
	assert_string_equal(metrics_get(&m, "reaper_outcome")->text, "reaped");
	/* exit_mmap's write hold 2341537838031 .. 2341575931529 covers the reaper's
	 * failed trylock 2341543748862 */
	expect(FIX618 "stall-vmas-retry-oom-skip.events", "yes");
	assert_string_equal(metrics_get(&m, "reaper_outcome")->text, "found_oom_skip");
	/* mmap:exit_mmap 2158849356761, write release 2158849360496; the reaper's
	 * start_locking comes later, 2158849472132: it found MMF_OOM_SKIP after */
	expect(FIX618 "stall-128M-oom-skip.events", "no");
	assert_string_equal(metrics_get(&m, "reaper_outcome")->text, "found_oom_skip");
	/* no reaper event: exit_mmap was done before the timer */
	expect(FIX618 "stall-vmas-not-needed.events", "no");
	assert_string_equal(metrics_get(&m, "reaper_outcome")->text, "not_needed");
	expect(FIX618 "oom-128M.events", "no");
}

static void reaper_612(void **state)
{
	(void)state;
	/* memcg OOM, the victim exited in time: one skip_task_reaping later, no lock in the span */
	expect(FIX612 "oom-128M.events", "no");
	assert_string_equal(metrics_get(&m, "reaper_outcome")->text, "not_needed");
}

/* process_mrelease: its read hold is what exit_mmap's write lock waited for. */
static void mrelease(void **state)
{
	(void)state;
	/* mrelease (tid 8047) holds read 846149316061 .. 846152120492; exit_mmap
	 * starts at its unmap, 846149485349 */
	expect(FIX618 "mrelease-128M.events", "yes");
	/* mrelease (tid 173) holds read 16388621320 .. 16394608520; exit_mmap's
	 * entry kprobe 16390670720 */
	expect(FIX612 "mrelease-128M.events", "yes");
}

static void kill_absent(void **state)
{
	(void)state;
	expect(FIX618 "kill-128M.events",
	       "absent: neither the oom_reaper nor process_mrelease acts on this trigger");
	expect(FIX612 "kill-128M.events",
	       "absent: neither the oom_reaper nor process_mrelease acts on this trigger");
}

/* Hand-built streams: a tiny builder. */
static void ev(uint64_t ts, int tid, int kind, uint64_t mm, int64_t val, int success, int target)
{
	struct rb_event e = { .ts_ns = ts, .tid = tid, .kind = kind, .mm = mm, .val = val,
			      .success = success, .target = target };

	assert_int_equal(rb_events_push(&evs, &e), 0);
}

#define MM 0xabc
#define VICTIM 100
#define MREL 200

static void hand_ctx(void)
{
	memset(&ctx, 0, sizeof(ctx));
	memset(&evs, 0, sizeof(evs));
	ctx.victim_pid = VICTIM;
	ctx.mrelease_tid = MREL;
	ctx.t_trigger_ns = 1000;
	ctx.t_reaped_ns = 100000;
	ctx.t_mrelease_start_ns = 1100;
	ctx.t_mrelease_end_ns = 90000;
	ctx.have[EV_LOCK_START] = ctx.have[EV_LOCK_ACQUIRED] = ctx.have[EV_LOCK_RELEASED] = true;
	ctx.have[EV_EXIT_MMAP] = ctx.have[EV_PROCESS_EXIT] = ctx.have[EV_SIGNAL_GENERATE] = true;
	ev(1000, 1, EV_SIGNAL_GENERATE, 0, 9, 0, VICTIM);
}

/*
 * process_mrelease reaps first, then its mmput() runs exit_mmap in its own
 * thread: exit_mmap's sections are its own, not a meeting.
 */
static void mrelease_runs_exit_mmap(void **state)
{
	const struct rb_metric *x;

	(void)state;
	hand_ctx();
	ev(900, VICTIM, EV_LOCK_START, MM, 0, 0, 0);	/* a page fault: the victim's mm */
	ev(910, VICTIM, EV_LOCK_ACQUIRED, MM, 0, 1, 0);
	ev(950, VICTIM, EV_LOCK_RELEASED, MM, 0, 0, 0);
	ev(1200, MREL, EV_LOCK_START, MM, 0, 0, 0);
	ev(1300, MREL, EV_LOCK_ACQUIRED, MM, 0, 1, 0);
	ev(5000, MREL, EV_LOCK_RELEASED, MM, 0, 0, 0);
	ev(6000, VICTIM, EV_PROCESS_EXIT, 0, 0, 0, VICTIM);
	/* exit_mmap in the mrelease thread: read 7000 .. 9000, write 9100 .. 9900 */
	ev(7000, MREL, EV_LOCK_START, MM, 0, 0, 0);
	ev(7100, MREL, EV_LOCK_ACQUIRED, MM, 0, 1, 0);
	ev(9000, MREL, EV_LOCK_RELEASED, MM, 0, 0, 0);
	ev(9100, MREL, EV_LOCK_START, MM, 1, 0, 0);
	ev(9200, MREL, EV_LOCK_ACQUIRED, MM, 1, 1, 0);
	ev(9800, MREL, EV_EXIT_MMAP, MM, 0, 0, 0);
	ev(9900, MREL, EV_LOCK_RELEASED, MM, 1, 0, 0);
	metrics_compute(&ctx, &evs, &m);
	assert_string_equal(metrics_get(&m, "exit_mmap_in")->text, "mrelease");
	x = metrics_get(&m, "reaper_met_exit");
	assert_non_null(x);
	assert_string_equal(x->absent, "");
	assert_string_equal(x->text, "no");
	rb_events_free(&evs);
}

/* A killable wait that began before exit_mmap and returned -EINTR inside it met it. */
static void mrelease_failed_inside(void **state)
{
	const struct rb_metric *x;

	(void)state;
	hand_ctx();
	ev(6000, VICTIM, EV_PROCESS_EXIT, 0, 0, 0, VICTIM);
	ev(6100, VICTIM, EV_LOCK_START, MM, 0, 0, 0);	/* exit_mm */
	ev(6110, VICTIM, EV_LOCK_ACQUIRED, MM, 0, 1, 0);
	ev(6200, VICTIM, EV_LOCK_RELEASED, MM, 0, 0, 0);
	ev(6500, MREL, EV_LOCK_START, MM, 0, 0, 0);
	ev(7000, VICTIM, EV_LOCK_START, MM, 0, 0, 0);
	ev(7100, VICTIM, EV_LOCK_ACQUIRED, MM, 0, 1, 0);
	ev(8000, MREL, EV_LOCK_ACQUIRED, MM, 0, 0, 0);
	ev(9000, VICTIM, EV_LOCK_RELEASED, MM, 0, 0, 0);
	ev(9100, VICTIM, EV_LOCK_START, MM, 1, 0, 0);
	ev(9200, VICTIM, EV_LOCK_ACQUIRED, MM, 1, 1, 0);
	ev(9800, VICTIM, EV_EXIT_MMAP, MM, 0, 0, 0);
	ev(9900, VICTIM, EV_LOCK_RELEASED, MM, 1, 0, 0);
	metrics_compute(&ctx, &evs, &m);
	assert_string_equal(metrics_get(&m, "exit_flavour")->text, "read+write");
	x = metrics_get(&m, "reaper_met_exit");
	assert_non_null(x);
	assert_string_equal(x->text, "yes");
	/* without the exit_mmap event there is no span: absent with the reason */
	ctx.have[EV_EXIT_MMAP] = false;
	metrics_compute(&ctx, &evs, &m);
	x = metrics_get(&m, "reaper_met_exit");
	assert_string_equal(x->absent, "no exit_mmap span: kernel lacks the mmap:exit_mmap "
				       "tracepoint (added in 6.1)");
	rb_events_free(&evs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reaper_618),
		cmocka_unit_test(reaper_612),
		cmocka_unit_test(mrelease),
		cmocka_unit_test(kill_absent),
		cmocka_unit_test(mrelease_runs_exit_mmap),
		cmocka_unit_test(mrelease_failed_inside),
	};

	return cmocka_run_group_tests_name("met_exit", tests, NULL, NULL);
}
