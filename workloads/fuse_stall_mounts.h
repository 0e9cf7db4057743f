/*
 * Which mounts are the stall trigger's FUSE mounts, read from
 * /proc/self/mountinfo, never from names in /tmp (anyone can plant those).
 * A stall mount has fstype "fuse." FUSE_STALL_SUBTYPE, source
 * "reapbench-<pid>" (pid: the reapbench that serves it), super option
 * user_id=0 (mounted by root) and its mount point at
 * FUSE_STALL_DIR_PREFIX "<pid>-stall-XXXXXX".
 */
#ifndef REAPBENCH_FUSE_STALL_MOUNTS_H
#define REAPBENCH_FUSE_STALL_MOUNTS_H

#include <stddef.h>

#define FUSE_STALL_SUBTYPE "reapbench"
#define FUSE_STALL_FSNAME_PREFIX "reapbench-"
#define FUSE_STALL_DIR_PREFIX "/tmp/reapbench-"
#define FUSE_STALL_MOUNTINFO "/proc/self/mountinfo"

/*
 * One mountinfo line: 0 and the owner's pid and the (unescaped) mount point
 * in dir when it is a stall mount, -1 when it is anything else.
 */
int fuse_stall_mount_parse(const char *line, int *pid, char *dir, size_t len);

/* The mount point of the stall mount served by pid: 0, or -1 when none or several. */
int fuse_stall_mount_find(const char *mountinfo, int pid, char *dir, size_t len);

/*
 * Unmount (MNT_DETACH|UMOUNT_NOFOLLOW) and remove the stall mounts listed in
 * mountinfo whose reapbench is gone and whose mount point is a root-owned
 * directory (statx with AT_STATX_DONT_SYNC: no request to a FUSE server that
 * may never answer); then remove empty leftover stall directories
 * (root-owned, not symlinks) of gone reapbench processes.
 * Returns how many mounts were unmounted.
 */
int fuse_stall_mounts_sweep(const char *mountinfo);

#endif
