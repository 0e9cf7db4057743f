/*
 * oomsmoke: a guest-side smoke test for patched kernels, independent of the
 * reapbench binary. Built static by scripts/kernel-smoke.sh.
 *
 * Runs N rounds of two cases inside a memcg it creates under cgroup2:
 *   oom       a child allocates past memory.max and must die of SIGKILL,
 *             memory.events oom_kill must grow;
 *   mrelease  a child maps and touches memory, the parent SIGKILLs it with
 *             pidfd_send_signal and calls process_mrelease(2) at once.
 * Prints one TAP line per case and round; exit 0 when all pass, 1 otherwise,
 * 4 when the kernel lacks cgroup2 memory control.
 *
 * Usage: oomsmoke [ROUNDS] [MIB]   (defaults 3 rounds, 64 MiB)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#ifndef SYS_process_mrelease
#define SYS_process_mrelease 448
#endif

#define CG_ROOT "/sys/fs/cgroup"
#define CG_DIR CG_ROOT "/oomsmoke"

static int test_no;
static int failed;

static void tap(int ok, const char *what, const char *detail)
{
	printf("%s %d - %s%s%s\n", ok ? "ok" : "not ok", ++test_no, what,
	       detail[0] ? ": " : "", detail);
	fflush(stdout);
	if (!ok)
		failed = 1;
}

static int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, val, strlen(val));
	close(fd);
	return n == (ssize_t)strlen(val) ? 0 : -1;
}

static long read_key(const char *path, const char *key)
{
	char line[256];
	long val = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		size_t kl = strlen(key);

		if (!strncmp(line, key, kl) && line[kl] == ' ')
			val = atol(line + kl + 1);
	}
	fclose(f);
	return val;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Child: join the memcg, touch mib MiB, tell the parent, wait to be killed. */
static void child(size_t mib, int ready_fd)
{
	char pid[32];
	size_t len = mib << 20;
	char *p;

	snprintf(pid, sizeof(pid), "%d", getpid());
	if (write_file(CG_DIR "/cgroup.procs", pid))
		_exit(2);
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		_exit(3);
	for (size_t i = 0; i < len; i += 4096)
		p[i] = 1;
	if (write(ready_fd, "r", 1) != 1)
		_exit(4);
	for (;;)
		pause();
}

static void case_oom(size_t mib)
{
	char lim[32], detail[128];
	long before, after;
	int pfd[2], status;
	pid_t pid;
	double t0;

	snprintf(lim, sizeof(lim), "%zu", (mib / 2) << 20);
	before = read_key(CG_DIR "/memory.events", "oom_kill");
	if (write_file(CG_DIR "/memory.max", lim) || pipe(pfd)) {
		tap(0, "oom", "cannot set memory.max");
		return;
	}
	t0 = now_ms();
	pid = fork();
	if (pid == 0)
		child(mib, pfd[1]);
	close(pfd[1]);
	waitpid(pid, &status, 0);
	close(pfd[0]);
	after = read_key(CG_DIR "/memory.events", "oom_kill");
	snprintf(detail, sizeof(detail), "%s, oom_kill %ld -> %ld, %.1f ms",
		 WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : "exited",
		 before, after, now_ms() - t0);
	tap(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL && after > before,
	    "oom", detail);
}

static void case_mrelease(size_t mib)
{
	char detail[128], c;
	int pfd[2], pidfd, status;
	long ret;
	pid_t pid;
	double t0, t1;

	if (write_file(CG_DIR "/memory.max", "max") || pipe(pfd)) {
		tap(0, "mrelease", "cannot reset memory.max");
		return;
	}
	pid = fork();
	if (pid == 0)
		child(mib, pfd[1]);
	close(pfd[1]);
	if (read(pfd[0], &c, 1) != 1) {
		close(pfd[0]);
		waitpid(pid, &status, 0);
		tap(0, "mrelease", "child died before it was ready");
		return;
	}
	close(pfd[0]);
	pidfd = syscall(SYS_pidfd_open, pid, 0);
	t0 = now_ms();
	syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
	ret = syscall(SYS_process_mrelease, pidfd, 0);
	t1 = now_ms();
	snprintf(detail, sizeof(detail), "process_mrelease %s in %.2f ms",
		 ret == 0 ? "0" : strerror(errno), t1 - t0);
	waitpid(pid, &status, 0);
	close(pidfd);
	/* 0, or ESRCH when the victim's exit beat us: both are fine here. */
	tap(WIFSIGNALED(status) && (ret == 0 || errno == ESRCH), "mrelease", detail);
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 3;
	size_t mib = argc > 2 ? (size_t)atol(argv[2]) : 64;

	if (write_file(CG_ROOT "/cgroup.subtree_control", "+memory") ||
	    (mkdir(CG_DIR, 0755) && errno != EEXIST)) {
		printf("1..0 # SKIP no cgroup2 memory controller at " CG_ROOT "\n");
		return 4;
	}
	printf("1..%d\n", 2 * rounds);
	for (int i = 0; i < rounds; i++) {
		case_oom(mib);
		case_mrelease(mib);
	}
	rmdir(CG_DIR);
	return failed;
}
