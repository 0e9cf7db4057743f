/* The FUSE hold for a run (see fuse_hold.h). */
#include "fuse_hold.h"

#include "common.h"
#include "workload.h"

/* The kill the hold clock waits for: an OOM kill in the run's memcg. */
static bool memcg_killed(void *arg)
{
	struct rb_run *run = arg;
	uint64_t n;

	return !run_oom_kills(run, &n) && n > 0;
}

struct fuse_stall *fuse_hold_start(struct rb_run *run, uint64_t stall_us, bool from_kill,
				   void (*on_read)(void *run, pid_t reader_tid))
{
	struct fuse_stall_cfg cfg = {
		.from_kill = from_kill, .killed = memcg_killed, .on_read = on_read, .arg = run,
	};

	if (__builtin_mul_overflow(stall_us, NSEC_PER_USEC, &cfg.stall_ns)) {
		err_msg("stall of %llu us: too long\n", (unsigned long long)stall_us);
		return NULL;
	}
	fuse_stall_sweep();
	return fuse_stall_start(&cfg);
}
