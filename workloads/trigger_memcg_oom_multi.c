/*
 * memcg-oom-multi: two tasks in the run's memcg. The victim only holds its
 * shape; a second process, the allocator (a child of reapbench moved into
 * the memcg), allocates the memcg's free room plus `steal`: memory it can
 * only get once the victim's is freed. The victim's oom_score_adj is raised
 * to 500 (lowering the allocator's would need CAP_SYS_RESOURCE), so the OOM
 * killer picks it first whatever the sizes. The allocator's pending charge
 * waits in the memcg OOM path while the victim dies; if MMF_OOM_SKIP is set
 * before enough was freed (or steal exceeds what the victim frees), the OOM
 * killer kills again: extra_oom_kill_n, the allocator dead of a SIGKILL
 * reapbench did not send (the memcg's oom_kill count may count a victim
 * twice, below).
 *
 * Relief (t_relief_ns, metric relief_us): the allocator writes 64 KiB at a
 * time (16 pages, MADV_NOHUGEPAGE) and after each step reads the memcg's
 * oom_kill count; the end of the first step that sees a kill is when its
 * pending allocation succeeded (CLOCK_MONOTONIC, in a shared page). It then
 * exits, freeing what it took, so that the memcg empties. An allocator
 * killed before its pending allocation succeeded gives no relief; one whose
 * allocation succeeded and that is killed later, wanting more than the
 * victim freed, gives both relief and an extra kill.
 *
 * oom_group=on sets memory.oom.group on the run's memcg (cgroup v2 only):
 * the OOM killer then kills both tasks at once. The oom_kill count may then
 * count the chosen victim twice (6.12: __oom_kill_process for the victim,
 * then for every member of the group, the victim again if it still has its
 * mm): memcg_oom_kill_n is 2 or 3 for the two tasks (both seen in QEMU),
 * extra_oom_kill_n 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "memcg_root.h"
#include "workload.h"

#define STEP (64UL << 10)
#define VICTIM_ADJ "500"
/* after the victim is reaped the allocator finishes within ms; then it is killed */
#define ALLOC_GRACE_NS (5 * NSEC_PER_SEC)

static const struct rb_param_def multi_table[] = {
	{ "steal", RB_PARAM_SIZE, "32M", 4096, 1ULL << 40, NULL, true,
	  "what the second allocator needs beyond the memcg's free room: only the victim's "
	  "freed memory gives it" },
	{ "oom_group", RB_PARAM_ENUM, "off", 0, 0, "off|on", false,
	  "memory.oom.group of the run's memcg (cgroup v2 only): on kills both tasks" },
	{ .name = NULL },
};

/* In a MAP_SHARED page: written by the allocator, read by reapbench. */
struct alloc_shared {
	atomic_ullong target;		/* bytes to allocate, set before "go" */
	atomic_ullong done_bytes;
	atomic_ullong t_relief_ns;	/* first step to complete after a kill was counted */
	atomic_ullong t_done_ns;	/* all of target written */
	atomic_int err;			/* errno of a failed mmap/read in the allocator */
};

struct multi_priv {
	struct alloc_shared *sh;
	pid_t pid;
	int go_fd;
	uint64_t steal;
};

static bool group_on(const struct rb_params *p)
{
	const char *g;

	return !params_get_str(p, multi_table, "oom_group", &g) && !strcmp(g, "on");
}

static const char *multi_unsupported(const struct rb_params *p)
{
	char root[256];
	bool v2;

	if (!group_on(p))
		return NULL;
	if (memcg_find_root(root, sizeof(root), &v2))
		return "no memory cgroup controller is mounted";
	if (!v2)
		return "oom_group=on: memory.oom.group is cgroup v2 only, the memory controller "
		       "is on cgroup v1 here";
	return NULL;
}

/* ---- the allocator (a child of reapbench, in the run's memcg) ---- */

static bool oom_killed(int events_fd)
{
	char buf[512];
	ssize_t n = pread(events_fd, buf, sizeof(buf) - 1, 0);
	uint64_t kills;

	if (n <= 0)
		return false;
	buf[n] = 0;
	return !parse_oom_kill(buf, &kills) && kills > 0;
}

static __attribute__((noreturn)) void allocator_main(struct alloc_shared *sh, int go_fd,
						     int events_fd, pid_t parent)
{
	uint64_t target, off;
	char c, *m;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	prctl(PR_SET_NAME, "reapbench-alloc");
	if (read(go_fd, &c, 1) != 1)
		_exit(1);
	target = atomic_load(&sh->target);
	m = mmap(NULL, target, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		 -1, 0);
	if (m == MAP_FAILED) {
		atomic_store(&sh->err, errno);
		_exit(2);
	}
	madvise(m, target, MADV_NOHUGEPAGE);	/* 4K charges: the step stays 16 pages */
	for (off = 0; off < target; off += STEP) {
		uint64_t t;

		touch_pages(m + off, target - off < STEP ? target - off : STEP);
		t = now_ns();
		atomic_store(&sh->done_bytes, off + STEP);
		if (!atomic_load(&sh->t_relief_ns) && oom_killed(events_fd))
			atomic_store(&sh->t_relief_ns, t);
	}
	atomic_store(&sh->t_done_ns, now_ns());
	_exit(0);	/* frees what it took: the memcg empties */
}

/* ---- in reapbench ---- */

static void multi_release(struct multi_priv *mp)
{
	if (mp->go_fd >= 0)
		close(mp->go_fd);
	if (mp->sh)
		munmap(mp->sh, sizeof(*mp->sh));
	free(mp);
}

/* Returns true when reapbench killed the allocator itself (it overstayed). */
static bool reap_allocator(struct multi_priv *mp, int *status)
{
	uint64_t t0 = now_ns();
	bool killed = false;

	*status = 0;
	while (waitpid(mp->pid, status, WNOHANG) == 0) {
		if (now_ns() - t0 > ALLOC_GRACE_NS) {
			kill(mp->pid, SIGKILL);
			waitpid(mp->pid, status, 0);
			killed = true;
			break;
		}
		usleep(1000);
	}
	mp->pid = 0;
	return killed;
}

/* The victim first: a higher oom_score_adj (raising needs no privilege). */
static int victim_first(pid_t victim)
{
	char path[64];
	int fd, rc = 0;

	snprintf(path, sizeof(path), "/proc/%d/oom_score_adj", (int)victim);
	fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || write(fd, VICTIM_ADJ, strlen(VICTIM_ADJ)) < 0)
		rc = err_msg("memcg-oom-multi: %s: %s\n", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

static int multi_prepare(struct rb_run *run)
{
	struct multi_priv *mp = calloc(1, sizeof(*mp));
	int go[2] = { -1, -1 }, events_fd = -1, status;
	pid_t parent = getpid();

	if (!mp)
		return err_msg("out of memory\n");
	mp->go_fd = -1;
	if (params_get_size(run->params, multi_table, "steal", &mp->steal) ||
	    victim_first(run->victim))
		goto fail;
	if (group_on(run->params) && run_oom_group(run, true)) {
		err_msg("memcg-oom-multi: cannot set memory.oom.group\n");
		goto fail;
	}
	mp->sh = mmap(NULL, sizeof(*mp->sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		      -1, 0);
	if (mp->sh == MAP_FAILED) {
		mp->sh = NULL;
		err_msg("memcg-oom-multi: mmap: %s\n", strerror(errno));
		goto fail;
	}
	events_fd = run_oom_events_open(run);
	if (events_fd < 0 || pipe2(go, O_CLOEXEC)) {
		err_msg("memcg-oom-multi: cannot set up the allocator\n");
		goto fail;
	}
	fflush(NULL);
	mp->pid = fork();
	if (mp->pid < 0) {
		err_msg("memcg-oom-multi: fork: %s\n", strerror(errno));
		goto fail;
	}
	if (!mp->pid) {
		close(go[1]);
		allocator_main(mp->sh, go[0], events_fd, parent);
	}
	close(go[0]);
	close(events_fd);
	go[0] = events_fd = -1;
	mp->go_fd = go[1];
	if (run_attach(run, mp->pid)) {
		err_msg("memcg-oom-multi: cannot move the allocator into the run's memcg\n");
		kill(mp->pid, SIGKILL);
		reap_allocator(mp, &status);
		goto fail;
	}
	run->trigger_priv = mp;
	return 0;
fail:
	if (go[0] >= 0)
		close(go[0]);
	if (go[1] >= 0 && go[1] != mp->go_fd)
		close(go[1]);
	if (events_fd >= 0)
		close(events_fd);
	multi_release(mp);
	return -1;
}

static int multi_fire(struct rb_run *run)
{
	struct multi_priv *mp = run->trigger_priv;
	uint64_t room, target;
	char go = 'g';

	if (run_memcg_room(run, &room))
		return err_msg("memcg-oom-multi: cannot read the memcg's limit and usage\n");
	if (__builtin_add_overflow(room, mp->steal, &target))
		return err_msg("memcg-oom-multi: room + steal overflows\n");
	atomic_store(&mp->sh->target, target);
	run->ctx.t_trigger_ns = now_ns();
	if (write(mp->go_fd, &go, 1) != 1)
		return err_msg("memcg-oom-multi: cannot tell the allocator to start\n");
	debug_msg("memcg-oom-multi: allocator %d takes %llu bytes (room %llu + steal %llu)\n",
		  (int)mp->pid, (unsigned long long)target, (unsigned long long)room,
		  (unsigned long long)mp->steal);
	return 0;
}

static void multi_finish(struct rb_run *run)
{
	struct multi_priv *mp = run->trigger_priv;
	int status = 0;
	bool ours = false;

	if (!mp)
		return;
	if (mp->pid)
		ours = reap_allocator(mp, &status);
	/* a SIGKILL we did not send, in a memcg only this run uses: the OOM killer */
	run->others_oom_killed = !ours && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
	run->ctx.t_relief_ns = atomic_load(&mp->sh->t_relief_ns);
	if (atomic_load(&mp->sh->err))
		err_msg("memcg-oom-multi: allocator: %s\n", strerror(atomic_load(&mp->sh->err)));
	if (WIFSIGNALED(status))
		debug_msg("memcg-oom-multi: the allocator was killed (signal %d) after %llu bytes\n",
			  WTERMSIG(status), (unsigned long long)atomic_load(&mp->sh->done_bytes));
	else
		debug_msg("memcg-oom-multi: the allocator got its %llu bytes, relief at %llu ns\n",
			  (unsigned long long)atomic_load(&mp->sh->done_bytes),
			  (unsigned long long)run->ctx.t_relief_ns);
	multi_release(mp);
	run->trigger_priv = NULL;
}

const struct rb_trigger_ops trigger_memcg_oom_multi = {
	.name = "memcg-oom-multi",
	.help = "a second process in the memcg allocates past its limit: the victim is OOM-killed "
		"while the allocator waits (relief_us, extra_oom_kill_n)",
	.params = multi_table,
	.oom_kill = true,
	.unsupported = multi_unsupported,
	.prepare = multi_prepare,
	.fire = multi_fire,
	.finish = multi_finish,
};
