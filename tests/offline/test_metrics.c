/*
 * Metric computation on recorded event streams (tests/fixtures) and on small
 * hand-built streams for the kernel flavours this machine cannot produce.
 * Expected values are differences of timestamps read off the fixture lines
 * (quoted in the comments), not outputs of the code under test.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "common.h"
#include "metrics.h"

#define FIX "tests/fixtures/6.18-memcg_id/"

static struct rb_runctx ctx;
static struct rb_events evs;
static struct rb_metrics m;

static void load(const char *name)
{
	assert_int_equal(runctx_load_fixture(name, &ctx, &evs), 0);
	metrics_compute(&ctx, &evs, &m);
	rb_events_free(&evs);
}

static double num(const char *name)
{
	const struct rb_metric *x = metrics_get(&m, name);

	if (!x)
		fail_msg("metric %s missing", name);
	if (x->absent[0])
		fail_msg("metric %s absent: %s", name, x->absent);
	return x->value;
}

static const char *text(const char *name)
{
	const struct rb_metric *x = metrics_get(&m, name);

	assert_non_null(x);
	assert_string_equal(x->absent, "");
	return x->text;
}

static const char *absent(const char *name)
{
	const struct rb_metric *x = metrics_get(&m, name);

	assert_non_null(x);
	if (!x->absent[0])
		fail_msg("metric %s should be absent, has %g", name, x->value);
	return x->absent;
}

#define assert_us(name, expect) assert_true(fabs(num(name) - (expect)) < 1e-6)

/* One expected metric of a fixture: a value in us, a text, or absent. */
struct expect {
	const char *name;
	enum { EXPECT_US, EXPECT_TEXT, EXPECT_ABSENT } kind;
	double us;
	const char *text;
};

#define US(name, v) { name, EXPECT_US, v, NULL }
#define TEXT(name, t) { name, EXPECT_TEXT, 0, t }
#define ABSENT(name) { name, EXPECT_ABSENT, 0, NULL }

/* Load a fixture and check each expectation, naming the metric that fails. */
static void check_fixture(const char *fixture, const struct expect *e, size_t n)
{
	load(fixture);
	for (size_t i = 0; i < n; i++) {
		switch (e[i].kind) {
		case EXPECT_US:
			if (!(fabs(num(e[i].name) - e[i].us) < 1e-6))
				fail_msg("%s: %s is %.6f, expected %.6f", fixture, e[i].name,
					 num(e[i].name), e[i].us);
			break;
		case EXPECT_TEXT:
			if (strcmp(text(e[i].name), e[i].text))
				fail_msg("%s: %s is '%s', expected '%s'", fixture, e[i].name,
					 text(e[i].name), e[i].text);
			break;
		case EXPECT_ABSENT:
			absent(e[i].name);
			break;
		}
	}
}

static void kill_fixture(void **state)
{
	static const struct expect e[] = {
		TEXT("exit_flavour", "read+write"),
		TEXT("exit_mmap_in", "victim"),
		/* unmap read lock start 845313028607 .. write release 845317344337 */
		US("exit_mmap_us", 4315.730),
		/* read acquired 845313029290 .. released 845316797479 */
		US("exit_unmap_us", 3768.189),
		/* write start 845316798952 .. acquired 845316799418 */
		US("exit_write_wait_us", 0.466),
		/* write acquired 845316799418 .. released 845317344337 */
		US("exit_teardown_us", 544.919),
		/* signal_generate 845312976171 .. sched_process_exit 845313024158 */
		US("kill_to_exit_us", 47.987),
		/* four victim acquisitions after the kill; waits 1.635+0.163+0.683+0.466 */
		US("lock_acquire_n.victim", 4),
		US("lock_wait_us.victim.sum", 2.947),
		US("lock_wait_us.victim.max", 1.635),
		US("trylock_fail_n.victim", 0),
		US("contention_us", 0),
		ABSENT("mrelease_us"),
		ABSENT("lock_wait_us.reaper.sum"),
		ABSENT("lock_wait_us.contender.sum"),
		US("lost_events", 0),
	};

	(void)state;
	check_fixture(FIX "kill-128M.events", e, ARRAY_SIZE(e));
	assert_true(m.valid);
	/* ctx t_trigger_ns .. t_reaped_ns */
	assert_true(num("kill_to_reaped_us") >= num("kill_to_exit_us"));
	assert_string_equal(absent("reaper_outcome"),
			    "not an OOM kill: the oom_reaper is not involved");
}

static void mrelease_fixture(void **state)
{
	static const struct expect e[] = {
		/* exit_mm's read section and a short extra read section are not exit_mmap */
		TEXT("exit_flavour", "read+write"),
		/* unmap start 846149485349 .. write release 846153813944 */
		US("exit_mmap_us", 4328.595),
		/* read acquired 846149486129 .. released 846152116900 */
		US("exit_unmap_us", 2630.771),
		/* write start 846152117887 .. acquired 846152167034: mrelease held read */
		US("exit_write_wait_us", 49.147),
		/* contention_begin flags=4 846152119112 .. contention_end 846152166766 */
		US("contention_us", 47.654),
		US("contention_n", 1),
		/* mrelease thread: start 846149315013 .. acquired 846149316061 */
		US("lock_acquire_n.mrelease", 1),
		US("lock_wait_us.mrelease.sum", 1.048),
		TEXT("mrelease_ret", "0"),
		/* ctx t_mrelease_start_ns 846149312005 - t_trigger_ns 846149281815 */
		US("mrelease_start_after_kill_us", 30.190),
		/* ctx t_mrelease_end_ns - t_mrelease_start_ns */
		US("mrelease_us", 2831.925),
	};

	(void)state;
	check_fixture(FIX "mrelease-128M.events", e, ARRAY_SIZE(e));
	assert_true(m.valid);
	/* the phases and the write-lock wait fit inside exit_mmap */
	assert_true(num("exit_unmap_us") + num("exit_write_wait_us") + num("exit_teardown_us") <=
		    num("exit_mmap_us"));
}

static void oom_fixture(void **state)
{
	static const struct expect e[] = {
		/* no wake_reaper: exit_mmap set MMF_OOM_SKIP before the reaper's timer */
		TEXT("reaper_outcome", "not_needed"),
		US("reaper_attempts", 0),
		/* mark_victim 846641672529 .. sched_process_exit 846647539847 */
		US("kill_to_exit_us", 5867.318),
		/* unmap start 846647545900 .. write release 846655107250 */
		US("exit_mmap_us", 7561.350),
		US("exit_unmap_us", 6859.288),
		US("exit_teardown_us", 699.893),
		/* the reaper took no lock: measured as zero, not absent */
		US("lock_acquire_n.reaper", 0),
		/* ctx t_reaped_ns 846655255073 - mark_victim 846641672529 */
		US("kill_to_reaped_us", 13582.544),
	};

	(void)state;
	check_fixture(FIX "oom-128M.events", e, ARRAY_SIZE(e));
	assert_true(m.valid);
}

/*
 * The stall trigger (a FUSE read holds the OOM-killed victim) around the
 * reaper's 2 s delay: the outcome classes this host produced.
 */
static void stall_reaped_fixture(void **state)
{
	static const struct expect e[] = {
		TEXT("reaper_outcome", "reaped"),
		US("reaper_attempts", 1),
		/* mark_victim 2146484416409 .. wake_reaper 2148508030208 */
		US("reaper_wake_us", 2023613.799),
		/* .. start_task_reaping 2148516049769 .. finish_task_reaping 2148521466411 */
		US("reaper_start_us", 2031633.360),
		US("reaper_finish_us", 2037050.002),
		/* the reaper's read lock: start 2148516047946, acquired 2148516048738, released
		 * 2148521467743 */
		US("lock_acquire_n.reaper", 1),
		US("lock_wait_us.reaper.sum", 0.792),
		US("lock_hold_us.reaper.sum", 5419.005),
		US("lock_hold_us.reaper.max", 5419.005),
		US("trylock_fail_n.reaper", 0),
	};

	(void)state;
	check_fixture(FIX "stall-128M-reaped.events", e, ARRAY_SIZE(e));
	assert_true(m.valid);
}

static void stall_oom_skip_fixture(void **state)
{
	static const struct expect e[] = {
		/* woken 2158844054439 in exit_mmap's unmap; the reaper ran after the write release
		 * 2158849360496, got the lock (success=1 2158849472923) and skipped: MMF_OOM_SKIP */
		TEXT("reaper_outcome", "found_oom_skip"),
		US("reaper_attempts", 1),
		US("reaper_wake_us", 2031316.776),	/* mark_victim 2156812737663 */
		US("trylock_fail_n.reaper", 0),
		US("lock_hold_us.reaper.sum", 1.342),	/* .. released 2158849474265 */
		ABSENT("reaper_finish_us"),
		/* exit_mmap's write hold: acquired 2158846636763 .. released 2158849360496 */
		US("exit_write_hold_us", 2723.733),
	};

	(void)state;
	check_fixture(FIX "stall-128M-oom-skip.events", e, ARRAY_SIZE(e));
	assert_true(m.valid);
}

static void stall_retry_fixture(void **state)
{
	static const struct expect e[] = {
		/*
		 * 60000 vmas: exit_mmap's write hold (acquired 2341537838031 .. released
		 * 2341575931529) covers the reaper's first trylock (success=0 2341543748862,
		 * skip_task_reaping); the retry HZ/10 later gets the lock (success=1
		 * 2341648047843) and finds MMF_OOM_SKIP.
		 */
		TEXT("reaper_outcome", "found_oom_skip"),
		US("reaper_attempts", 2),
		US("trylock_fail_n.reaper", 1),
		US("lock_intr_n.reaper", 0),
		US("lock_acquire_n.reaper", 1),
		US("lock_hold_us.reaper.sum", 2.895),	/* .. released 2341648050738 */
		/* mark_victim 2339509676660 .. wake_reaper 2341536191637 */
		US("reaper_wake_us", 2026514.977),
		US("exit_write_hold_us", 38093.498),
		ABSENT("reaper_start_us"),
	};

	(void)state;
	check_fixture(FIX "stall-vmas-retry-oom-skip.events", e, ARRAY_SIZE(e));
	assert_true(m.valid);
}

static void stall_not_needed_fixture(void **state)
{
	static const struct expect e[] = {
		/* no wake_reaper for 21598: exit_mmap's unmap ended (MMF_OOM_SKIP) before the timer */
		TEXT("reaper_outcome", "not_needed"),
		US("reaper_attempts", 0),
		US("lock_acquire_n.reaper", 0),
	};

	(void)state;
	check_fixture(FIX "stall-vmas-not-needed.events", e, ARRAY_SIZE(e));
	assert_true(m.valid);
	assert_string_equal(absent("reaper_wake_us"), "the reaper did not get that far");
}

#define FIX612 "tests/fixtures/6.12-memcg_path/"

/* 6.12: sched_process_exit fires after exit_mmap; the kprobe marks its entry. */
static void kill_fixture_612(void **state)
{
	size_t i, n = 0;

	(void)state;
	assert_int_equal(runctx_load_fixture(FIX612 "kill-128M.events", &ctx, &evs), 0);
	metrics_compute(&ctx, &evs, &m);
	assert_true(m.valid);
	assert_string_equal(text("exit_phase_method"), "kprobe");
	assert_string_equal(text("exit_flavour"), "read+write");
	/* exit_mmap_entry 8335251180 .. write release 8362411370 */
	assert_us("exit_mmap_us", 27160.190);
	/* exit_mmap_entry 8335251180 .. read start_locking 8335590520 */
	assert_us("exit_prelock_us", 339.340);
	/* write acquired 8353318510 .. released 8362411370: the only write section */
	assert_us("exit_write_hold_us", 9092.860);
	/* read acquired 8335611330 .. released 8353172690 */
	assert_us("exit_unmap_us", 17561.360);
	/* write start 8353293990 .. acquired 8353318510 .. released 8362411370 */
	assert_us("exit_write_wait_us", 24.520);
	assert_us("exit_teardown_us", 9092.860);
	/* signal_generate 8328056790 .. sched_process_exit 8368168780 (after exit_mmap here) */
	assert_us("kill_to_exit_us", 40111.990);

	/* Without the kprobe (a kernel without kprobe_events) the pattern gives the same. */
	for (i = 0; i < evs.n; i++)
		if (evs.ev[i].kind != EV_EXIT_MMAP_ENTRY)
			evs.ev[n++] = evs.ev[i];
	assert_int_equal(evs.n - n, 1);
	evs.n = n;
	ctx.have[EV_EXIT_MMAP_ENTRY] = false;
	metrics_compute(&ctx, &evs, &m);
	assert_string_equal(text("exit_phase_method"), "pattern");
	/* read start 8335590520 .. write release 8362411370: from the first lock */
	assert_us("exit_mmap_us", 26820.850);
	assert_string_equal(absent("exit_prelock_us"),
			    "no kprobe at exit_mmap's entry (kernel without kprobe_events): "
			    "exit_mmap_us starts at its first lock");
	assert_us("exit_unmap_us", 17561.360);
	assert_us("exit_teardown_us", 9092.860);
	rb_events_free(&evs);
}

static void mrelease_fixture_612(void **state)
{
	static const struct expect e[] = {
		TEXT("exit_phase_method", "kprobe"),
		TEXT("mrelease_ret", "0"),
		US("contention_n", 1),
		US("lock_acquire_n.mrelease", 1),
	};

	(void)state;
	check_fixture(FIX612 "mrelease-128M.events", e, ARRAY_SIZE(e));
	assert_true(m.valid);
	/* the write lock waited for process_mrelease's read hold */
	assert_true(num("exit_write_wait_us") > 0);
	assert_true(num("contention_us") <= num("exit_write_wait_us"));
	assert_true(num("exit_unmap_us") + num("exit_write_wait_us") + num("exit_teardown_us") <=
		    num("exit_mmap_us"));
}

static void oom_fixture_612(void **state)
{
	static const struct expect e[] = {
		TEXT("reaper_outcome", "not_needed"),
		TEXT("exit_flavour", "read+write"),
	};

	(void)state;
	check_fixture(FIX612 "oom-128M.events", e, ARRAY_SIZE(e));
	assert_true(m.valid);
	assert_true(num("kill_to_reaped_us") >= num("kill_to_exit_us"));
}

/* Hand-built streams: a tiny builder. */
static void ev(uint64_t ts, int tid, int kind, uint64_t mm, int64_t val, int success, int target)
{
	struct rb_event e = { .ts_ns = ts, .tid = tid, .kind = kind, .mm = mm, .val = val,
			      .success = success, .target = target };

	assert_int_equal(rb_events_push(&evs, &e), 0);
}

static void section(uint64_t t0, int tid, uint64_t mm, int write, uint64_t wait, uint64_t hold)
{
	ev(t0, tid, EV_LOCK_START, mm, write, 0, 0);
	ev(t0 + wait, tid, EV_LOCK_ACQUIRED, mm, write, 1, 0);
	ev(t0 + wait + hold, tid, EV_LOCK_RELEASED, mm, write, 0, 0);
}

static void base_ctx(bool oom)
{
	int k;

	memset(&ctx, 0, sizeof(ctx));
	memset(&evs, 0, sizeof(evs));
	ctx.victim_pid = 100;
	ctx.n_victim_tids = 1;
	ctx.victim_tids[0] = 100;
	ctx.reaper_pid = 33;
	ctx.oom_kill = oom;
	ctx.t_trigger_ns = 1000;
	ctx.t_reaped_ns = 1000000;
	for (k = 0; k < EV_NR_KINDS; k++)
		ctx.have[k] = true;
}

static void write_only_flavour(void **state)
{
	(void)state;
	/* a whole exit_mmap under the write lock (5.17-5.19, no kprobes): unmap and teardown */
	base_ctx(false);
	ev(2000, 1, EV_SIGNAL_GENERATE, 0, 9, 0, 100);
	ev(3000, 100, EV_PROCESS_EXIT, 0, 0, 0, 100);
	section(4000, 100, 0xabc, 0, 10, 20);		/* exit_mm */
	section(5000, 100, 0xabc, 1, 500, 9000);	/* exit_mmap */
	ev(14400, 100, EV_EXIT_MMAP, 0xabc, 0, 0, 0);
	metrics_compute(&ctx, &evs, &m);
	assert_string_equal(text("exit_flavour"), "write-only");
	assert_us("exit_mmap_us", 9.5);	/* 5000 .. release 14500 */
	assert_us("exit_write_wait_us", 0.5);
	assert_us("exit_teardown_us", 9.0);
	assert_string_equal(absent("exit_unmap_us"),
			    "unmap runs inside the write-locked section on this kernel");
	rb_events_free(&evs);
}

static void barrier_flavour(void **state)
{
	(void)state;
	/* a hand-over that keeps 6.12's locks (kprobe at entry, none at unmap_vmas) */
	base_ctx(true);
	ev(1500, 1, EV_MARK_VICTIM, 0, 0, 0, 100);
	ev(3000, 100, EV_PROCESS_EXIT, 0, 0, 0, 100);
	section(4000, 100, 0xabc, 0, 10, 20);		/* exit_mm */
	ev(4500, 100, EV_EXIT_MMAP_ENTRY, 0xabc, 0, 0, 0);
	section(4800, 100, 0xabc, 0, 20, 100);		/* self-reap */
	section(5000, 100, 0xabc, 1, 100, 100);		/* barrier */
	section(6000, 100, 0xabc, 0, 10, 3000);		/* unmap */
	section(10000, 100, 0xabc, 1, 50, 1000);	/* teardown */
	ev(11000, 100, EV_EXIT_MMAP, 0xabc, 0, 0, 0);
	metrics_compute(&ctx, &evs, &m);
	assert_string_equal(text("exit_phase_method"), "kprobe");
	assert_string_equal(text("exit_flavour"), "reap+barrier+read+write");
	assert_us("exit_mmap_us", 6.55);	/* entry 4500 .. release 11050 */
	assert_us("exit_prelock_us", 0.3);	/* entry 4500 .. self-reap start 4800 */
	assert_us("exit_write_hold_us", 1.1);	/* barrier 100 + teardown 1000 ns */
	assert_us("exit_handover_us", 1.2);	/* 4800 .. unmap start 6000 */
	assert_us("exit_unmap_us", 3.0);
	assert_us("exit_teardown_us", 1.0);
	rb_events_free(&evs);

	/*
	 * Without the kprobe an earlier write section cannot be told from
	 * khugepaged_exit()'s: only the unmap + teardown pattern is taken.
	 */
	base_ctx(true);
	ctx.have[EV_EXIT_MMAP_ENTRY] = false;
	ev(1500, 1, EV_MARK_VICTIM, 0, 0, 0, 100);
	ev(3000, 100, EV_PROCESS_EXIT, 0, 0, 0, 100);
	section(4000, 100, 0xabc, 0, 10, 20);		/* exit_mm */
	section(5000, 100, 0xabc, 1, 100, 100);		/* khugepaged_exit or a barrier */
	section(6000, 100, 0xabc, 0, 10, 3000);		/* unmap */
	section(10000, 100, 0xabc, 1, 50, 1000);	/* teardown */
	ev(11000, 100, EV_EXIT_MMAP, 0xabc, 0, 0, 0);
	metrics_compute(&ctx, &evs, &m);
	assert_string_equal(text("exit_phase_method"), "exit-order");
	assert_string_equal(text("exit_flavour"), "read+write");
	assert_us("exit_mmap_us", 5.05);	/* unmap start 6000 .. release 11050 */
	absent("exit_handover_us");
	rb_events_free(&evs);
}

static void reaper_outcomes(void **state)
{
	int i;

	(void)state;
	base_ctx(true);
	ev(1000, 1, EV_MARK_VICTIM, 0, 0, 0, 100);
	ev(2001000, 0, EV_WAKE_REAPER, 0, 0, 0, 100);
	ev(2002000, 33, EV_LOCK_START, 0xabc, 0, 0, 0);
	ev(2002500, 33, EV_LOCK_ACQUIRED, 0xabc, 0, 1, 0);
	ev(2003000, 33, EV_START_REAPING, 0, 0, 0, 100);
	ev(2009000, 33, EV_FINISH_REAPING, 0, 0, 0, 100);
	ev(2009100, 33, EV_LOCK_RELEASED, 0xabc, 0, 0, 0);
	ev(2500000, 100, EV_PROCESS_EXIT, 0, 0, 0, 100);
	metrics_compute(&ctx, &evs, &m);
	assert_string_equal(text("reaper_outcome"), "reaped");
	assert_us("reaper_attempts", 1);
	assert_us("reaper_wake_us", 2000.0);
	assert_us("reaper_finish_us", 2008.0);
	/* the reaper's read lock on the victim's mm: learnt from the victim? no */
	rb_events_free(&evs);

	/* ten failed trylocks and no start: failed */
	base_ctx(true);
	ev(1000, 1, EV_MARK_VICTIM, 0, 0, 0, 100);
	ev(5000, 100, EV_LOCK_START, 0xabc, 0, 0, 0);
	ev(5100, 100, EV_LOCK_ACQUIRED, 0xabc, 0, 1, 0);
	ev(2001000, 0, EV_WAKE_REAPER, 0, 0, 0, 100);
	for (i = 0; i < 10; i++) {
		ev(2002000 + i * 100000, 33, EV_LOCK_START, 0xabc, 0, 0, 0);
		ev(2002001 + i * 100000, 33, EV_LOCK_ACQUIRED, 0xabc, 0, 0, 0);
		ev(2002002 + i * 100000, 33, EV_SKIP_REAPING, 0, 0, 0, 100);
	}
	metrics_compute(&ctx, &evs, &m);
	assert_string_equal(text("reaper_outcome"), "unable_to_reap");
	assert_us("reaper_attempts", 10);
	assert_us("trylock_fail_n.reaper", 10);
	assert_us("lock_intr_n.reaper", 0);
	rb_events_free(&evs);
}

/* One reaper attempt at t: its trylock (got it or not), then the oom event. */
static void attempt(uint64_t t, bool got, int kind)
{
	ev(t, 33, EV_LOCK_START, 0xabc, 0, 0, 0);
	ev(t + 1, 33, EV_LOCK_ACQUIRED, 0xabc, 0, got, 0);
	ev(t + 2, 33, kind, 0, 0, 0, 100);
}

static void victim_with_exit(uint64_t t_exit_mmap)
{
	base_ctx(true);
	ev(1000, 1, EV_MARK_VICTIM, 0, 0, 0, 100);
	section(5000, 100, 0xabc, 0, 10, 100);	/* the victim's mm */
	if (t_exit_mmap)
		ev(t_exit_mmap, 100, EV_EXIT_MMAP, 0xabc, 0, 0, 0);
}

static void reaper_classes(void **state)
{
	uint64_t t_wake;

	(void)state;
	/* a failed trylock (exit_mmap's write hold), then the retry reaps */
	victim_with_exit(0);
	ev(2001000, 0, EV_WAKE_REAPER, 0, 0, 0, 100);
	attempt(2002000, false, EV_SKIP_REAPING);
	assert_int_equal(metrics_reaper_progress(&ctx, &evs, &t_wake), RB_REAPER_ACTING);
	assert_int_equal(t_wake, 2001000);
	attempt(102002000, true, EV_START_REAPING);
	assert_int_equal(metrics_reaper_progress(&ctx, &evs, &t_wake), RB_REAPER_ACTING);
	ev(102005000, 33, EV_FINISH_REAPING, 0, 0, 0, 100);
	assert_int_equal(metrics_reaper_progress(&ctx, &evs, &t_wake), RB_REAPER_DONE);
	metrics_compute(&ctx, &evs, &m);
	assert_string_equal(text("reaper_outcome"), "reaped_after_retries");
	assert_us("reaper_attempts", 2);
	assert_us("trylock_fail_n.reaper", 1);
	assert_us("reaper_start_us", 102001.002);	/* mark 1000 .. start 102002002 */
	rb_events_free(&evs);

	/* the retry gets the lock and finds MMF_OOM_SKIP: exit_mmap won */
	victim_with_exit(50000000);
	ev(2001000, 0, EV_WAKE_REAPER, 0, 0, 0, 100);
	attempt(2002000, false, EV_SKIP_REAPING);
	attempt(102002000, true, EV_SKIP_REAPING);
	assert_int_equal(metrics_reaper_progress(&ctx, &evs, &t_wake), RB_REAPER_DONE);
	metrics_compute(&ctx, &evs, &m);
	assert_string_equal(text("reaper_outcome"), "found_oom_skip");
	assert_us("reaper_attempts", 2);
	assert_string_equal(absent("reaper_start_us"), "the reaper did not get that far");
	rb_events_free(&evs);

	/* tracing stopped during the retries: no outcome rather than a guess */
	victim_with_exit(50000000);
	ev(2001000, 0, EV_WAKE_REAPER, 0, 0, 0, 100);
	attempt(2002000, false, EV_SKIP_REAPING);
	metrics_compute(&ctx, &evs, &m);
	assert_string_equal(absent("reaper_outcome"),
			    "tracing stopped before the oom_reaper's last attempt");
	assert_us("reaper_attempts", 1);
	rb_events_free(&evs);

	/* no wake and the victim's exit_mmap done: not needed, settled at once */
	victim_with_exit(6000);
	assert_int_equal(metrics_reaper_progress(&ctx, &evs, &t_wake), RB_REAPER_SILENT);
	metrics_compute(&ctx, &evs, &m);
	assert_string_equal(text("reaper_outcome"), "not_needed");
	assert_us("reaper_attempts", 0);
	rb_events_free(&evs);

	/* no wake, but exit_mmap not seen yet (someone else holds the mm): wait */
	victim_with_exit(0);
	assert_int_equal(metrics_reaper_progress(&ctx, &evs, &t_wake), RB_REAPER_ACTING);
	assert_int_equal(t_wake, 0);
	metrics_compute(&ctx, &evs, &m);
	assert_string_equal(absent("reaper_outcome"),
			    "tracing stopped before the victim's exit_mmap was done");
	rb_events_free(&evs);

	/* a skip without the reaper's lock events: its cause cannot be told */
	victim_with_exit(6000);
	ev(2001000, 0, EV_WAKE_REAPER, 0, 0, 0, 100);
	ev(2002000, 33, EV_SKIP_REAPING, 0, 0, 0, 100);
	metrics_compute(&ctx, &evs, &m);
	assert_string_equal(text("reaper_outcome"), "skipped");
	rb_events_free(&evs);

	/* rb_reaper_outcomes lists each class once, NULL-terminated */
	assert_string_equal(rb_reaper_outcomes[0], "reaped");
	assert_string_equal(rb_reaper_outcomes[5], "skipped");
	assert_null(rb_reaper_outcomes[6]);
}

/*
 * Failed acquisitions by kind and holds by role: a victim thread's page-fault
 * trylock fails (no contention between start and return), process_mrelease's
 * killable lock queues (contention_begin) and gives up with -EINTR.
 */
static void lock_failures_and_holds(void **state)
{
	(void)state;
	base_ctx(false);
	ctx.mrelease_tid = 200;
	ctx.victim_tids[ctx.n_victim_tids++] = 101;		/* a second victim thread */
	ev(2000, 1, EV_SIGNAL_GENERATE, 0, 9, 0, 100);
	section(3000, 100, 0xabc, 1, 100, 5000);		/* victim write hold 5 us */
	ev(3500, 101, EV_LOCK_START, 0xabc, 0, 0, 0);		/* its page fault's */
	ev(3501, 101, EV_LOCK_ACQUIRED, 0xabc, 0, 0, 0);	/* trylock fails */
	ev(4000, 200, EV_LOCK_START, 0xabc, 0, 0, 0);
	ev(4100, 200, EV_CONTENTION_BEGIN, 0, 2, 0, 0);		/* READ: it queued */
	ev(6000, 200, EV_CONTENTION_END, 0, 0, -4, 0);
	ev(6001, 200, EV_LOCK_ACQUIRED, 0xabc, 0, 0, 0);	/* -EINTR */
	section(10000, 200, 0xabc, 0, 50, 2000);		/* mrelease read hold 2 us */
	section(20000, 100, 0xabc, 0, 10, 700);			/* victim read hold 0.7 us */
	metrics_compute(&ctx, &evs, &m);
	assert_us("trylock_fail_n.victim", 1);
	assert_us("lock_intr_n.victim", 0);
	assert_us("trylock_fail_n.mrelease", 0);
	assert_us("lock_intr_n.mrelease", 1);
	assert_us("lock_hold_us.victim.sum", 5.7);
	assert_us("lock_hold_us.victim.max", 5.0);
	assert_us("lock_hold_us.mrelease.sum", 2.0);
	assert_us("lock_hold_us.mrelease.max", 2.0);
	assert_string_equal(absent("lock_hold_us.reaper.sum"),
			    "not an OOM kill: the oom_reaper is not involved");
	rb_events_free(&evs);
}

static void relief_and_skip_absent(void **state)
{
	(void)state;
	base_ctx(true);
	ev(1000, 1, EV_MARK_VICTIM, 0, 0, 0, 100);
	metrics_compute(&ctx, &evs, &m);
	assert_string_equal(absent("relief_us"), "no second allocator got its allocation after the kill (none in this scenario, or it was killed)");
	assert_string_equal(absent("oom_skip_to_freed_us"),
			    "no tracepoint marks MMF_OOM_SKIP being set (none up to 6.18)");
	ctx.t_relief_ns = 301000;	/* an allocator got its memory 300 us after mark_victim */
	metrics_compute(&ctx, &evs, &m);
	assert_us("relief_us", 300.0);
	rb_events_free(&evs);
}

static void old_kernel_absent(void **state)
{
	(void)state;
	base_ctx(false);
	ctx.have[EV_EXIT_MMAP] = false;
	ctx.have[EV_CONTENTION_BEGIN] = false;
	ev(2000, 1, EV_SIGNAL_GENERATE, 0, 9, 0, 100);
	ev(3000, 100, EV_PROCESS_EXIT, 0, 0, 0, 100);
	metrics_compute(&ctx, &evs, &m);
	assert_string_equal(absent("exit_mmap_us"),
			    "kernel lacks the mmap:exit_mmap tracepoint (added in 6.1)");
	absent("exit_unmap_us");
	assert_string_equal(absent("contention_us"),
			    "kernel lacks lock:contention_begin (added in 5.19)");
	assert_us("kill_to_exit_us", 1.0);
	rb_events_free(&evs);
}

static void lost_events_invalidate(void **state)
{
	(void)state;
	base_ctx(false);
	ev(2000, 1, EV_SIGNAL_GENERATE, 0, 9, 0, 100);
	evs.lost = 3;
	metrics_compute(&ctx, &evs, &m);
	assert_false(m.valid);
	assert_string_equal(m.invalid_reason, "ring buffer lost 3 events");
	rb_events_free(&evs);
}

static void event_text_round_trip(void **state)
{
	struct rb_event a = { .ts_ns = 123456789012ULL, .cpu = 1, .tid = 42,
			      .kind = EV_LOCK_ACQUIRED, .mm = 0xffff888100000000ULL, .val = 1,
			      .success = 0 };
	struct rb_event b;
	char buf[256];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	(void)state;
	assert_int_equal(rb_event_write(f, &a), 0);
	fclose(f);
	assert_int_equal(rb_event_parse(buf, &b), 1);
	assert_memory_equal(&a, &b, sizeof(a));	/* seq is not part of the text form */
	assert_int_equal(rb_event_parse("# comment", &b), 0);
	assert_int_equal(rb_event_parse("12 0 1 no_such_event", &b), -1);
	/* memcg_path-flavour lines carry an extra field: it is ignored */
	assert_int_equal(rb_event_parse("5 0 7 mmap_lock_start_locking mm=0x10 "
					 "memcg_path=\"/reapbench-1-1\" write=1", &b), 1);
	assert_int_equal(b.mm, 0x10);
	assert_int_equal(b.val, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kill_fixture),
		cmocka_unit_test(mrelease_fixture),
		cmocka_unit_test(oom_fixture),
		cmocka_unit_test(stall_reaped_fixture),
		cmocka_unit_test(stall_oom_skip_fixture),
		cmocka_unit_test(stall_retry_fixture),
		cmocka_unit_test(stall_not_needed_fixture),
		cmocka_unit_test(kill_fixture_612),
		cmocka_unit_test(mrelease_fixture_612),
		cmocka_unit_test(oom_fixture_612),
		cmocka_unit_test(write_only_flavour),
		cmocka_unit_test(barrier_flavour),
		cmocka_unit_test(reaper_outcomes),
		cmocka_unit_test(reaper_classes),
		cmocka_unit_test(lock_failures_and_holds),
		cmocka_unit_test(relief_and_skip_absent),
		cmocka_unit_test(old_kernel_absent),
		cmocka_unit_test(lost_events_invalidate),
		cmocka_unit_test(event_text_round_trip),
	};

	return cmocka_run_group_tests_name("metrics", tests, NULL, NULL);
}
