/* kill: SIGKILL through the victim's pidfd. */
#include <errno.h>
#include <string.h>

#include "common.h"
#include "syscalls.h"
#include "workload.h"

static int kill_fire(struct rb_run *run)
{
	run->ctx.t_trigger_ns = now_ns();
	if (sys_pidfd_send_signal(run->pidfd, SIGKILL))
		return err_msg("pidfd_send_signal(SIGKILL) failed: %s\n", strerror(errno));
	return 0;
}

const struct rb_trigger_ops trigger_kill = {
	.name = "kill",
	.help = "SIGKILL the victim (pidfd_send_signal)",
	.fire = kill_fire,
};
