/*
 * exit_flavour and the exit_mmap phases of the four designs (kernels/ specs),
 * told apart by where the unmap_vmas kprobe fires among exit_mmap's lock
 * sections. Hand-built streams shaped like the guests' traces; expected
 * values are timestamp differences written next to them.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "metrics.h"

#define MM 0xabc
#define VICTIM 100

static struct rb_runctx ctx;
static struct rb_events evs;
static struct rb_metrics m;

static void ev(uint64_t ts, int kind, int64_t val, int success)
{
	struct rb_event e = { .ts_ns = ts, .tid = VICTIM, .kind = kind, .mm = MM, .val = val,
			      .success = success, .target = VICTIM };

	assert_int_equal(rb_events_push(&evs, &e), 0);
}

/* A lock section of the victim: start at t0, acquired after wait, held for hold ns. */
static void section(uint64_t t0, int write, uint64_t wait, uint64_t hold)
{
	ev(t0, EV_LOCK_START, write, 0);
	ev(t0 + wait, EV_LOCK_ACQUIRED, write, 1);
	ev(t0 + wait + hold, EV_LOCK_RELEASED, write, 0);
}

/* Kill at 1000, exit at 3000, exit_mm's read section, exit_mmap entry at 4500. */
static void start(bool oom)
{
	memset(&ctx, 0, sizeof(ctx));
	memset(&evs, 0, sizeof(evs));
	ctx.victim_pid = VICTIM;
	ctx.n_victim_tids = 1;
	ctx.victim_tids[0] = VICTIM;
	ctx.reaper_pid = 33;
	ctx.oom_kill = oom;
	ctx.t_trigger_ns = 1000;
	ctx.t_reaped_ns = 1000000;
	for (int k = 0; k < EV_NR_KINDS; k++)
		ctx.have[k] = true;
	ev(1500, EV_MARK_VICTIM, 0, 0);
	ev(3000, EV_PROCESS_EXIT, 0, 0);
	section(4000, 0, 10, 20);		/* exit_mm */
	ev(4500, EV_EXIT_MMAP_ENTRY, 0, 0);
}

static void compute(void)
{
	metrics_compute(&ctx, &evs, &m);
	rb_events_free(&evs);
}

static const struct rb_metric *get(const char *name)
{
	const struct rb_metric *x = metrics_get(&m, name);

	if (!x)
		fail_msg("metric %s missing", name);
	return x;
}

static void assert_text(const char *name, const char *want)
{
	const struct rb_metric *x = get(name);

	assert_string_equal(x->absent, "");
	assert_string_equal(x->text, want);
}

static void assert_us(const char *name, double want)
{
	const struct rb_metric *x = get(name);

	if (x->absent[0])
		fail_msg("metric %s absent: %s", name, x->absent);
	if (fabs(x->value - want) > 1e-6)
		fail_msg("%s = %g, want %g", name, x->value, want);
}

static void assert_absent(const char *name, const char *why)
{
	assert_string_equal(get(name)->absent, why);
}

static void today_6_12(void **state)
{
	(void)state;
	start(true);
	section(4800, 0, 20, 3000);		/* unmap: read, acquired 4820 */
	ev(5000, EV_UNMAP_VMAS_ENTRY, 0, 0);
	section(8000, 1, 50, 1000);		/* teardown: write 8050..9050 */
	ev(9000, EV_EXIT_MMAP, 0, 0);		/* inside the write hold */
	compute();
	assert_text("exit_flavour", "read+write");
	assert_us("exit_mmap_us", 4.55);	/* entry 4500 .. 9050 */
	assert_us("exit_prelock_us", 0.3);	/* entry 4500 .. first lock 4800 */
	assert_us("exit_write_hold_us", 1.0);
	assert_us("exit_unmap_us", 3.0);
	assert_us("exit_read_wait_us", 0.02);
	assert_us("exit_teardown_us", 1.0);
	assert_us("exit_write_wait_us", 0.05);
	assert_absent("exit_handover_us", "exit_mmap took no lock before its unmap on this kernel");
}

static void handover_5_16(void **state)
{
	(void)state;
	start(true);
	section(4800, 0, 20, 2000);		/* self-reap: read 4820..6820 */
	section(7000, 1, 100, 10);		/* barrier: write 7100..7110 */
	ev(7200, EV_UNMAP_VMAS_ENTRY, 0, 0);	/* unmap, no lock */
	ev(9000, EV_EXIT_MMAP, 0, 0);		/* after the last release */
	compute();
	assert_text("exit_flavour", "reap+barrier+unlocked");
	assert_us("exit_mmap_us", 4.5);		/* entry 4500 .. 9000 */
	assert_us("exit_write_hold_us", 0.01);	/* the barrier */
	assert_us("exit_handover_us", 2.4);	/* 4800 .. unmap 7200 */
	assert_absent("exit_unmap_us", "unmap ran without mmap_lock on this kernel");
	assert_absent("exit_teardown_us", "the teardown ran without mmap_lock on this kernel");

	/* an mm that is no OOM victim: no lock at all */
	start(false);
	ev(4600, EV_UNMAP_VMAS_ENTRY, 0, 0);
	ev(6500, EV_EXIT_MMAP, 0, 0);
	compute();
	assert_text("exit_flavour", "unlocked");
	assert_us("exit_mmap_us", 2.0);		/* entry 4500 .. 6500 */
	assert_absent("exit_write_hold_us", "exit_mmap took no write lock on this kernel");
	assert_absent("exit_write_wait_us", "the teardown ran without mmap_lock on this kernel");
}

static void rfc_2018(void **state)
{
	(void)state;
	start(true);
	ev(4600, EV_UNMAP_VMAS_ENTRY, 0, 0);	/* unmap, no lock */
	section(7000, 1, 300, 1000);		/* teardown: write 7300..8300 */
	ev(8200, EV_EXIT_MMAP, 0, 0);
	compute();
	assert_text("exit_flavour", "unlocked+write");
	assert_us("exit_mmap_us", 3.8);		/* entry 4500 .. 8300 */
	assert_absent("exit_unmap_us", "unmap ran without mmap_lock on this kernel");
	assert_us("exit_teardown_us", 1.0);
	assert_us("exit_write_wait_us", 0.3);
	assert_absent("exit_handover_us", "exit_mmap took no lock before its unmap on this kernel");
}

static void wholelock_5_17(void **state)
{
	(void)state;
	start(true);
	section(4800, 0, 20, 2000);		/* self-reap: read 4820..6820 */
	section(7000, 1, 100, 3000);		/* everything: write 7100..10100 */
	ev(7200, EV_UNMAP_VMAS_ENTRY, 0, 0);
	ev(10000, EV_EXIT_MMAP, 0, 0);
	compute();
	assert_text("exit_flavour", "reap+write");
	assert_us("exit_mmap_us", 5.6);		/* entry 4500 .. 10100 */
	assert_us("exit_handover_us", 2.4);	/* 4800 .. unmap 7200 */
	assert_absent("exit_unmap_us", "unmap runs inside the write-locked section on this kernel");
	assert_us("exit_teardown_us", 3.0);

	/* an mm that is no OOM victim: the write lock alone */
	start(false);
	section(4800, 1, 20, 3000);
	ev(5000, EV_UNMAP_VMAS_ENTRY, 0, 0);
	ev(7700, EV_EXIT_MMAP, 0, 0);
	compute();
	assert_text("exit_flavour", "write-only");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(today_6_12),
		cmocka_unit_test(handover_5_16),
		cmocka_unit_test(rfc_2018),
		cmocka_unit_test(wholelock_5_17),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
