/*
 * kill-pinned: the control of kill+mrelease. The same killer thread, pinned
 * to another CPU than the victim, both SCHED_FIFO where permitted, sends
 * SIGKILL and calls nothing after it (pinned_kill.c): kill-pinned and
 * kill+mrelease differ only in process_mrelease(2), while plain kill differs
 * in the pinning and scheduling too.
 */
#include "pinned_kill.h"
#include "workload.h"

static int kill_pinned_prepare(struct rb_run *run)
{
	return pinned_kill_prepare(run, false, 0);
}

const struct rb_trigger_ops trigger_kill_pinned = {
	.name = "kill-pinned",
	.help = "SIGKILL from a thread on another CPU, victim pinned, both SCHED_FIFO (the "
		"control of kill+mrelease: no process_mrelease)",
	.prepare = kill_pinned_prepare,
	.fire = pinned_kill_fire,
	.finish = pinned_kill_finish,
};
