/*
 * The stall trigger's FUSE server: a private two-file filesystem served by a
 * thread of reapbench (outside the victim's memcg).
 *
 *   hold   the first READ is not answered until the stall ends: the victim
 *          thread blocked in it waits uninterruptibly even after SIGKILL, so
 *          the killed victim cannot exit (KERNEL-NOTES.md, last section)
 *   state  reads "1" once the hold READ has reached the server, "0" before:
 *          the victim must not be killed before that (a request not yet
 *          taken by the server is cancelled by SIGKILL)
 *
 * Mounted at /tmp/reapbench-<pid>-stall-XXXXXX (mkdtemp) with fsname
 * reapbench-<pid> and subtype reapbench, unmounted and removed by
 * fuse_stall_stop() on every path; after a SIGKILL by fuse_stall_sweep() at
 * the next start (fuse_stall_mounts.h says how a stall mount is recognised).
 */
#ifndef REAPBENCH_FUSE_STALL_H
#define REAPBENCH_FUSE_STALL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct fuse_stall_cfg {
	uint64_t stall_ns;
	/*
	 * true: the hold clock starts when killed() first returns true (polled
	 * every 50 us once the READ is held); false: when the READ arrives.
	 */
	bool from_kill;
	bool (*killed)(void *arg);
	/*
	 * Called in the server thread when the hold READ arrives, before the
	 * state file says so (so before the victim can be killed): the reader
	 * thread started after the victim reported ready. May be NULL.
	 */
	void (*on_read)(void *arg, pid_t reader_tid);
	void *arg;
};

/* Monotonic ns timestamps of what the server saw (0: did not happen). */
struct fuse_stall_times {
	uint64_t t_read_ns;	/* the hold READ arrived */
	uint64_t t_kill_ns;	/* killed() first returned true */
	uint64_t t_reply_ns;	/* the hold READ was answered */
	bool gave_up;		/* no kill seen within the safety limit */
	pid_t reader_tid;	/* the victim thread blocked in the hold READ */
};

struct fuse_stall;

/* Mount and start serving; NULL with a message on failure (nothing left behind). */
struct fuse_stall *fuse_stall_start(const struct fuse_stall_cfg *cfg);
const char *fuse_stall_dir(const struct fuse_stall *fs);
/* Answer a held READ at once, stop the thread, unmount, rmdir, free. */
void fuse_stall_stop(struct fuse_stall *fs, struct fuse_stall_times *times);
/*
 * In the victim (a child of the reapbench serving the mount): open `name`
 * in that mount read-only (found in mountinfo, O_NOFOLLOW). -1 with errno
 * when there is none or it fails.
 */
int fuse_stall_open_in_parent(const char *name);
/* Unmount and remove stall mounts left by a reapbench that was killed; how many. */
int fuse_stall_sweep(void);

#endif
