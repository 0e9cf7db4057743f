#include "memcg.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

static int cg_write(const struct rb_memcg *cg, const char *file, const char *val)
{
	char path[320];

	snprintf(path, sizeof(path), "%s/%s", cg->path, file);
	if (write_file_str(path, val))
		return err_msg("%s: cannot write '%s': %s\n", path, val, strerror(errno));
	return 0;
}

static bool cg_has(const struct rb_memcg *cg, const char *file)
{
	char path[320];

	snprintf(path, sizeof(path), "%s/%s", cg->path, file);
	return access(path, F_OK) == 0;
}

/* Set when this process enabled +memory at the v2 root: undone by memcg_restore(). */
static char enabled_at[300];
static char enabled_root[256];

/*
 * Every reapbench takes this lock on the v2 root directory around enabling
 * +memory and creating its memcg, and around turning +memory off: no exit
 * can switch the controller off between another's check and its mkdir.
 * -1 (no lock, still correct but for that race) if flock is refused.
 */
static int root_lock(const char *root)
{
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd >= 0 && flock(fd, LOCK_EX)) {
		close(fd);
		fd = -1;
	}
	return fd;
}

static void root_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

bool memcg_v2_may_disable(const char *const *children, size_t n, int self_pid)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int pid, k;
		char end;

		if (sscanf(children[i], "reapbench-%d-%d%c", &pid, &k, &end) != 2 || pid != self_pid)
			return false;
	}
	return true;
}

/* The names of root's child cgroups (directories), NULL-terminated; NULL on error. */
static char **child_cgroups(const char *root, size_t *n)
{
	DIR *d = opendir(root);
	struct dirent *de;
	char **v = NULL, **nv;

	*n = 0;
	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		if (de->d_type != DT_DIR || !strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		nv = realloc(v, (*n + 2) * sizeof(*v));
		if (!nv || !(nv[*n] = strdup(de->d_name))) {
			v = nv ? nv : v;
			break;
		}
		v = nv;
		v[++*n] = NULL;
	}
	closedir(d);
	if (de) {	/* out of memory: report no list, the caller keeps the controller */
		while (*n)
			free(v[--*n]);
		free(v);
		return NULL;
	}
	return v ? v : calloc(1, sizeof(*v));
}

static int v2_enable_memory_at_root(const char *root)	/* under root_lock */
{
	char path[300], *ctl;
	int rc = 0;

	snprintf(path, sizeof(path), "%s/cgroup.subtree_control", root);
	ctl = read_file_str(path);
	if (!ctl || !strstr(ctl, "memory")) {
		/* Needed so that child cgroups get memory.max; undone at exit. */
		if (write_file_str(path, "+memory"))
			rc = err_msg("%s: cannot enable the memory controller: %s\n", path,
				     strerror(errno));
		else {
			snprintf(enabled_at, sizeof(enabled_at), "%s", path);
			snprintf(enabled_root, sizeof(enabled_root), "%s", root);
		}
	}
	free(ctl);
	return rc;
}

int memcg_create(struct rb_memcg *cg, int n, uint64_t limit_bytes)
{
	char root[256], val[32];
	int lock = -1;

	if (memcg_find_root(root, sizeof(root), &cg->v2))
		return -1;
	if (cg->v2) {
		lock = root_lock(root);
		if (v2_enable_memory_at_root(root)) {
			root_unlock(lock);
			return -1;
		}
	}
	snprintf(cg->path, sizeof(cg->path), "%s/reapbench-%d-%d", root, getpid(), n);
	if (mkdir(cg->path, 0755)) {
		root_unlock(lock);
		cg->path[0] = 0;
		return err_msg("%s/reapbench-%d-%d: cannot create: %s\n", root, getpid(), n,
			       strerror(errno));
	}
	root_unlock(lock);	/* our memcg now keeps any later exit from turning memory off */
	snprintf(val, sizeof(val), "%llu", (unsigned long long)limit_bytes);
	if (cg->v2) {
		if (cg_write(cg, "memory.max", val))
			goto fail;
		if (cg_has(cg, "memory.swap.max") && cg_write(cg, "memory.swap.max", "0"))
			goto fail;
	} else {
		if (cg_write(cg, "memory.limit_in_bytes", val))
			goto fail;
		if (cg_has(cg, "memory.memsw.limit_in_bytes") &&
		    cg_write(cg, "memory.memsw.limit_in_bytes", val))
			goto fail;
	}
	return 0;
fail:
	rmdir(cg->path);
	cg->path[0] = 0;
	return -1;
}

int memcg_attach(const struct rb_memcg *cg, pid_t pid)
{
	char val[24];

	snprintf(val, sizeof(val), "%d", pid);
	return cg_write(cg, "cgroup.procs", val);
}

static int cg_read_u64(const struct rb_memcg *cg, const char *file, uint64_t *v)
{
	char path[320];

	snprintf(path, sizeof(path), "%s/%s", cg->path, file);
	return read_file_u64(path, v);
}

int memcg_usage(const struct rb_memcg *cg, uint64_t *bytes)
{
	return cg_read_u64(cg, cg->v2 ? "memory.current" : "memory.usage_in_bytes", bytes);
}

int memcg_peak(const struct rb_memcg *cg, uint64_t *bytes)
{
	return cg_read_u64(cg, cg->v2 ? "memory.peak" : "memory.max_usage_in_bytes", bytes);
}

int memcg_oom_kills(const struct rb_memcg *cg, uint64_t *n)
{
	char path[320], *s, *p;

	snprintf(path, sizeof(path), "%s/%s", cg->path,
		 cg->v2 ? "memory.events" : "memory.oom_control");
	s = read_file_str(path);
	if (!s)
		return -1;
	p = strstr(s, "oom_kill ");
	if (!p) {
		free(s);
		return -1;
	}
	*n = strtoull(p + 9, NULL, 10);
	free(s);
	return 0;
}

int memcg_limit(const struct rb_memcg *cg, uint64_t *bytes)
{
	return cg_read_u64(cg, cg->v2 ? "memory.max" : "memory.limit_in_bytes", bytes);
}

int memcg_set_oom_group(const struct rb_memcg *cg, bool on)
{
	if (!cg->v2) {
		errno = ENOTSUP;
		return -1;
	}
	return cg_write(cg, "memory.oom.group", on ? "1" : "0");
}

int memcg_open_oom_events(const struct rb_memcg *cg)
{
	char path[320];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", cg->path,
		 cg->v2 ? "memory.events" : "memory.oom_control");
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		err_msg("%s: %s\n", path, strerror(errno));
	return fd;
}

static int kill_members(const char *path)
{
	char file[320], *procs, *line, *save;
	int n = 0;

	snprintf(file, sizeof(file), "%s/cgroup.procs", path);
	procs = read_file_str(file);
	if (!procs)
		return 0;
	for (line = strtok_r(procs, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		pid_t pid = atoi(line);

		if (pid > 0 && !kill(pid, SIGKILL))
			n++;
	}
	free(procs);
	return n;
}

static int remove_dir(const char *path)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	int i;

	kill_members(path);
	/* A dying victim keeps the cgroup busy for a moment after SIGKILL. */
	for (i = 0; i < 500; i++) {
		if (!rmdir(path) || errno == ENOENT)
			return 0;
		if (errno != EBUSY)
			break;
		nanosleep(&ts, NULL);
	}
	return err_msg("%s: cannot remove: %s\n", path, strerror(errno));
}

int memcg_remove(struct rb_memcg *cg)
{
	int rc;

	if (!cg->path[0])
		return 0;
	rc = remove_dir(cg->path);
	cg->path[0] = 0;
	return rc;
}

int memcg_sweep_leftovers(void)
{
	char root[256], path[600];
	bool v2;
	DIR *d;
	struct dirent *de;
	int swept = 0;

	if (memcg_find_root(root, sizeof(root), &v2))
		return 0;
	d = opendir(root);
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		int pid, n;

		if (sscanf(de->d_name, "reapbench-%d-%d", &pid, &n) != 2 ||
		    reapbench_pid_alive(pid))
			continue;
		snprintf(path, sizeof(path), "%s/%s", root, de->d_name);
		if (!remove_dir(path)) {
			swept++;
			fprintf(stderr, "reapbench: removed leftover cgroup %s\n", path);
		}
	}
	closedir(d);
	return swept;
}

void memcg_restore(void)
{
	char **children;
	size_t n;
	int lock;

	if (!enabled_at[0])
		return;
	lock = root_lock(enabled_root);
	children = child_cgroups(enabled_root, &n);
	if (children && memcg_v2_may_disable((const char *const *)children, n, (int)getpid())) {
		if (!write_file_str(enabled_at, "-memory"))
			enabled_at[0] = 0;
	} else {
		debug_msg("%s: memory left enabled: other cgroups below it may rely on it\n",
			  enabled_at);
		enabled_at[0] = 0;
	}
	while (children && n)
		free(children[--n]);
	free(children);
	root_unlock(lock);
}
