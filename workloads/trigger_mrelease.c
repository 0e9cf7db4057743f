/*
 * kill+mrelease: SIGKILL, then process_mrelease(2) racing the victim's own
 * exit, as a user-space OOM killer does, from a killer thread pinned to
 * another CPU than the victim, SCHED_FIFO where permitted (pinned_kill.c).
 * mrelease_delay_us delays the call after the kill. Its control, with the
 * same pinning and scheduling but no process_mrelease, is kill-pinned.
 */
#include <errno.h>

#include "common.h"
#include "pinned_kill.h"
#include "syscalls.h"
#include "workload.h"

/* A spin of the process_mrelease thread: bounded, it holds a CPU. */
static const struct rb_param_def mrelease_params[] = {
	{ "mrelease_delay_us", RB_PARAM_DURATION, "0", 0, 10000000, NULL, true,
	  "delay of process_mrelease(2) after the kill (spinning; 0: at once)" },
	{ .name = NULL },
};

static const char *mrelease_unsupported(const struct rb_params *p)
{
	(void)p;
	errno = 0;
	if (sys_process_mrelease(-1) < 0 && errno == ENOSYS)
		return "kernel has no process_mrelease(2) (added in 5.15)";
	return NULL;
}

static int mrelease_prepare(struct rb_run *run)
{
	uint64_t delay_us;

	if (params_get_duration_us(run->params, mrelease_params, "mrelease_delay_us", &delay_us))
		return -1;
	return pinned_kill_prepare(run, true, delay_us * NSEC_PER_USEC);
}

const struct rb_trigger_ops trigger_mrelease = {
	.name = "kill+mrelease",
	.help = "SIGKILL, then process_mrelease(2) from a thread on another CPU racing the exit",
	.params = mrelease_params,
	.unsupported = mrelease_unsupported,
	.prepare = mrelease_prepare,
	.fire = pinned_kill_fire,
	.finish = pinned_kill_finish,
};
