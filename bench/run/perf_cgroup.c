/*
 * The cgroup perf stat counts in. Counting a task (-p) stops before the
 * victim's exit_mmap on 6.18 (measured: task-clock ~ kill_to_exit_us), so
 * perf stat counts per CPU filtered by a cgroup2 group holding only the
 * victim (-a -G): its threads stay in it until cgroup_exit(), after exit_mm().
 * Hybrid hierarchy (memcg on v1): a group "reapbench-<pid>-perf" at the
 * cgroup2 root. Pure cgroup2: the victim's own memcg, which holds only it.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "perf_window.h"

static int cgroup2_mount(char *buf, size_t len)
{
	char *m = read_file_str("/proc/self/mounts"), *line, *save = NULL;
	int rc = -1;

	for (line = m ? strtok_r(m, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
		char dev[64], dir[256], type[32];

		if (sscanf(line, "%63s %255s %31s", dev, dir, type) == 3 && !strcmp(type, "cgroup2")) {
			snprintf(buf, len, "%s", dir);
			rc = 0;
			break;
		}
	}
	free(m);
	return rc;
}

/* The victim's cgroup2 path ("0::/path" in /proc/PID/cgroup), "" if none. */
static void victim_v2_path(pid_t victim, char *buf, size_t len)
{
	char path[64], *s, *p;

	buf[0] = 0;
	snprintf(path, sizeof(path), "/proc/%d/cgroup", victim);
	s = read_file_str(path);
	p = s ? strstr(s, "0::") : NULL;
	if (p && (p == s || p[-1] == '\n'))
		snprintf(buf, len, "%.*s", (int)strcspn(p + 3, "\n"), p + 3);
	free(s);
}

static void sweep(const char *mnt)
{
	DIR *d = opendir(mnt);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		char path[512];
		int pid;

		if (sscanf(de->d_name, "reapbench-%d-perf", &pid) != 1 || reapbench_pid_alive(pid))
			continue;
		snprintf(path, sizeof(path), "%s/%s", mnt, de->d_name);
		if (!rmdir(path))
			fprintf(stderr, "reapbench: removed leftover cgroup %s\n", path);
	}
	if (d)
		closedir(d);
}

int perf_cgroup_enter(struct rb_perf *p, pid_t victim)
{
	static bool swept;
	char mnt[256], cur[256], procs[600], pid[16];

	p->cg[0] = p->cgdir[0] = 0;
	if (cgroup2_mount(mnt, sizeof(mnt)))
		return err_msg("--perf-stat: no cgroup2 mount to count the victim in\n");
	if (!swept) {
		sweep(mnt);
		swept = true;
	}
	victim_v2_path(victim, cur, sizeof(cur));
	if (strstr(cur, "/reapbench-")) {	/* pure cgroup2: the suite's memcg */
		snprintf(p->cg, sizeof(p->cg), "%s", cur + 1);
		return 0;
	}
	snprintf(p->cg, sizeof(p->cg), "reapbench-%d-perf", getpid());
	snprintf(p->cgdir, sizeof(p->cgdir), "%s/%s", mnt, p->cg);
	if (mkdir(p->cgdir, 0755) && errno != EEXIST) {
		err_msg("%s: %s\n", p->cgdir, strerror(errno));
		p->cgdir[0] = 0;
		return -1;
	}
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", p->cgdir);
	snprintf(pid, sizeof(pid), "%d", victim);
	if (write_file_str(procs, pid))
		return err_msg("%s: cannot move the victim: %s\n", procs, strerror(errno));
	return 0;
}

void perf_cgroup_remove(struct rb_perf *p)
{
	/* Busy on error paths until the victim is killed: perf_window_cleanup() retries. */
	if (!p->cgdir[0] || (rmdir(p->cgdir) && errno == EBUSY))
		return;
	p->cgdir[0] = 0;
}
