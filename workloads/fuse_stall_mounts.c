#include "fuse_stall_mounts.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

#define MAX_FIELDS 64

/* mountinfo escapes space, tab, newline and backslash as \ooo */
static int unescape(const char *s, char *out, size_t len)
{
	size_t n = 0;

	for (; *s; s++) {
		char c = *s;

		if (c == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			c = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0'));
			s += 3;
		}
		if (n + 1 >= len)
			return -1;
		out[n++] = c;
	}
	out[n] = 0;
	return 0;
}

static int parse_pid(const char *s, const char *end_chars, const char **end)
{
	long v = 0;

	if (*s < '1' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (*s - '0');
		if (v > 4194304)	/* PID_MAX_LIMIT */
			return -1;
	}
	if (!strchr(end_chars, *s))
		return -1;
	*end = s;
	return (int)v;
}

static int has_option(const char *opts, const char *want)
{
	size_t n = strlen(want);

	for (const char *p = opts; p; p = strchr(p, ',')) {
		if (*p == ',')
			p++;
		if (!strncmp(p, want, n) && (p[n] == ',' || !p[n]))
			return 1;
	}
	return 0;
}

int fuse_stall_mount_parse(const char *line, int *pid, char *dir, size_t len)
{
	char buf[4096], *f[MAX_FIELDS], *save = NULL, *tok;
	const char *end;
	int n = 0, sep = -1, p, i;

	if (strlen(line) >= sizeof(buf))
		return -1;
	strcpy(buf, line);
	for (tok = strtok_r(buf, " \n", &save); tok && n < MAX_FIELDS;
	     tok = strtok_r(NULL, " \n", &save))
		f[n++] = tok;
	/* id parent maj:min root mount_point options [optional...] - fstype source super */
	for (i = 6; i < n; i++)
		if (!strcmp(f[i], "-")) {
			sep = i;
			break;
		}
	if (sep < 0 || sep + 3 >= n)
		return -1;
	if (strcmp(f[sep + 1], "fuse." FUSE_STALL_SUBTYPE) ||
	    strncmp(f[sep + 2], FUSE_STALL_FSNAME_PREFIX, strlen(FUSE_STALL_FSNAME_PREFIX)) ||
	    !has_option(f[sep + 3], "user_id=0"))
		return -1;
	p = parse_pid(f[sep + 2] + strlen(FUSE_STALL_FSNAME_PREFIX), "", &end);
	if (p < 0 || unescape(f[4], dir, len))
		return -1;
	/* the mount point is FUSE_STALL_DIR_PREFIX<pid>-stall-<one path component> */
	if (strncmp(dir, FUSE_STALL_DIR_PREFIX, strlen(FUSE_STALL_DIR_PREFIX)) ||
	    parse_pid(dir + strlen(FUSE_STALL_DIR_PREFIX), "-", &end) != p ||
	    strncmp(end, "-stall-", 7) || !end[7] || strchr(end + 7, '/'))
		return -1;
	*pid = p;
	return 0;
}

int fuse_stall_mount_find(const char *mountinfo, int pid, char *dir, size_t len)
{
	FILE *f = fopen(mountinfo, "re");
	char *line = NULL, d[256];
	size_t cap = 0;
	int p, found = 0;

	if (!f)
		return -1;
	while (getline(&line, &cap, f) > 0)
		if (!fuse_stall_mount_parse(line, &p, d, sizeof(d)) && p == pid &&
		    !found++ && snprintf(dir, len, "%s", d) >= (int)len)
			found = 2;	/* does not fit: as bad as ambiguous */
	free(line);
	fclose(f);
	return found == 1 ? 0 : -1;
}

/*
 * A root-owned directory, not a symlink, without asking a FUSE server:
 * AT_STATX_DONT_SYNC takes FUSE's cached attributes (a plain stat of a mount
 * whose server is gone but whose /dev/fuse fd a child still holds would wait
 * for an answer that never comes). A server that is gone: ENOTCONN or EIO.
 */
static int root_dir_no_sync(const char *path)
{
	struct statx stx;

	if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW | AT_STATX_DONT_SYNC,
		  STATX_TYPE | STATX_UID, &stx))
		return errno == ENOTCONN || errno == EIO;
	return S_ISDIR(stx.stx_mode) && stx.stx_uid == 0;
}

static void sweep_dirs(void)	/* after the mounts: what is left are plain directories */
{
	glob_t g;
	size_t i;

	if (glob(FUSE_STALL_DIR_PREFIX "*-stall-*", GLOB_NOSORT, NULL, &g))
		return;
	for (i = 0; i < g.gl_pathc; i++) {
		const char *end;
		int pid = parse_pid(g.gl_pathv[i] + strlen(FUSE_STALL_DIR_PREFIX), "-", &end);

		/* only root's empty directories: rmdir never follows a symlink, nor
		 * removes a mount point (EBUSY) or a directory with files */
		if (pid < 0 || reapbench_pid_alive(pid) || !root_dir_no_sync(g.gl_pathv[i]))
			continue;
		if (!rmdir(g.gl_pathv[i]))
			debug_msg("stall: removed leftover %s\n", g.gl_pathv[i]);
	}
	globfree(&g);
}

int fuse_stall_mounts_sweep(const char *mountinfo)
{
	FILE *f = fopen(mountinfo, "re");
	char *line = NULL, dir[256];
	size_t cap = 0;
	int pid, n = 0;

	if (f) {
		while (getline(&line, &cap, f) > 0) {
			if (fuse_stall_mount_parse(line, &pid, dir, sizeof(dir)) ||
			    reapbench_pid_alive(pid) || !root_dir_no_sync(dir))
				continue;
			if (umount2(dir, MNT_DETACH | UMOUNT_NOFOLLOW)) {
				err_msg("stall: cannot unmount leftover %s: %s\n", dir, strerror(errno));
				continue;
			}
			n++;
			if (rmdir(dir))
				debug_msg("stall: rmdir %s: %s\n", dir, strerror(errno));
			debug_msg("stall: unmounted leftover %s of pid %d\n", dir, pid);
		}
		free(line);
		fclose(f);
	}
	sweep_dirs();
	return n;
}
