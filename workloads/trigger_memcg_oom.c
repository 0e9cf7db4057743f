/*
 * memcg-oom: after "go" the victim keeps allocating past its memcg limit;
 * the kernel's OOM killer (confined to the suite's memcg) kills it. The
 * moment of the kill is the kernel's oom:mark_victim event.
 */
#include <sys/mman.h>
#include <unistd.h>

#include "common.h"
#include "workload.h"

#define CHUNK (1UL << 20)

static void oom_victim_go(const struct rb_params *p)
{
	(void)p;
	for (;;) {
		void *m = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			       -1, 0);

		if (m == MAP_FAILED)
			pause();	/* address space exhausted: wait for the kill */
		else
			touch_pages(m, CHUNK);
	}
}

static int oom_fire(struct rb_run *run)
{
	char go = 'g';

	run->ctx.t_trigger_ns = now_ns();
	if (write(run->go_fd, &go, 1) != 1)
		return err_msg("cannot tell the victim to allocate\n");
	return 0;
}

const struct rb_trigger_ops trigger_memcg_oom = {
	.name = "memcg-oom",
	.help = "the victim allocates past its memcg limit and the kernel OOM-kills it",
	.oom_kill = true,
	.victim_go = oom_victim_go,
	.fire = oom_fire,
};
