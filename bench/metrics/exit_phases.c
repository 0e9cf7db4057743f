/* exit_mmap's phases in order (exit_phases.h). */
#include "exit_phases.h"

#include <string.h>

const struct rb_exit_phase rb_exit_phases[] = {
	/* from the entry kprobe to the first lock (mmu_notifier_release on 6.x);
	 * exit_write_hold_us is no phase: it sums write sections across phases */
	{ "exit_prelock_us", "before the first lock" },
	/* pre-5.17 hand-over: self-reap and write barrier before the unmap */
	{ "exit_handover_us", "hand-over (self-reap, barrier)" },
	{ "exit_read_wait_us", "read-lock wait" },
	{ "exit_unmap_us", "unmap (read-locked)" },
	{ "exit_write_wait_us", "write-lock wait" },
	{ "exit_teardown_us", "teardown (write-locked)" },
	{ NULL, NULL },
};

const struct rb_exit_phase *exit_phase_find(const char *metric)
{
	const struct rb_exit_phase *p;

	for (p = rb_exit_phases; metric && p->metric; p++)
		if (!strcmp(p->metric, metric))
			return p;
	return NULL;
}
