/*
 * The FUSE hold of the stall and reaper-fail triggers, started for a run:
 * its kill clock watches the run's memcg for an OOM kill.
 */
#ifndef REAPBENCH_FUSE_HOLD_H
#define REAPBENCH_FUSE_HOLD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "fuse_stall.h"

struct rb_run;

/*
 * Sweep mounts left by a killed reapbench, then serve a hold of stall_us,
 * counted from the kill (from_kill) or from the hold READ; on_read(run, tid)
 * runs in the server thread when the READ arrives. NULL with a message.
 */
struct fuse_stall *fuse_hold_start(struct rb_run *run, uint64_t stall_us, bool from_kill,
				   void (*on_read)(void *run, pid_t reader_tid));

#endif
