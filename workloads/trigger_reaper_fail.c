/*
 * reaper-fail: the oom_reaper meets a victim whose mmap_lock it cannot get
 * and gives up after its retries ("oom_reaper: unable to reap"): every
 * attempt is a failed mmap_read_trylock (oom:skip_task_reaping, 10 of them,
 * HZ/10 apart), then it sets MMF_OOM_SKIP itself.
 *
 * The lock is held from outside the victim, by two threads of reapbench:
 *   reader  reads /proc/<victim>/mem at a page of a private mapping of the
 *           FUSE server's hold file (fuse_stall.c). access_remote_vm() holds
 *           mmap_read_lock across get_user_pages_remote() without `locked`,
 *           so the fault cannot drop the lock for I/O (no
 *           FAULT_FLAG_ALLOW_RETRY; mm/memory.c __access_remote_vm, 6.12) and
 *           waits in the FUSE READ the server parks, lock held;
 *   writer  then writes 5 to /proc/<victim>/clear_refs: mmap_write_lock
 *           waits behind the reader. A queued writer makes every read
 *           trylock fail (rwsem: waiters present), the reaper's included.
 * Only then is the victim told (SIGUSR1) to allocate past its memcg limit,
 * in an anonymous region it prepared before the writer queued (per-VMA-lock
 * faults: no mmap_lock); the OOM-killed victim blocks in its exit at its
 * own mmap_read_lock behind the writer. The server answers the READ `stall`
 * after it saw the kill; the reader, the writer and the victim then finish
 * in that order. The reader pins mm_users meanwhile (the victim cannot reach
 * exit_mmap either). The reader and writer are recorded as contenders.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "fuse_hold.h"
#include "syscalls.h"
#include "workload.h"

/* The region the victim allocates in: reserved, never accounted (MAP_NORESERVE). */
#define REGION (64ULL << 30)
#define SETUP_WAIT_NS (5 * NSEC_PER_SEC)

static const struct rb_param_def reaper_fail_table[] = {
	{ "stall", RB_PARAM_DURATION, "4s", 0, 600000000, NULL, true,
	  "how long the lock stays held after the OOM kill was seen (the reaper gives up "
	  "after its 2 s delay plus 10 tries 100 ms apart)" },
	{ .name = NULL },
};

enum { ROLE_READER, ROLE_WRITER, NR_ROLES };

struct holder {
	struct reaper_fail *rf;
	pthread_t thread;
	bool started;
	atomic_int tid;
	atomic_bool in_call;	/* about to block in its read or write */
	int err;		/* errno of open/pread/write, 0 ok */
};

struct reaper_fail {
	struct fuse_stall *fs;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool go[NR_ROLES], cancel;
	pid_t victim;
	uint64_t addr;		/* the hold page in the victim */
	atomic_int reader_arrived;
	struct holder h[NR_ROLES];
};

static const char *reaper_fail_unsupported(const struct rb_params *p)
{
	(void)p;
	if (access("/dev/fuse", R_OK | W_OK))
		return "no /dev/fuse (kernel without CONFIG_FUSE_FS or no device node)";
	if (access("/proc/self/clear_refs", W_OK))
		return "no /proc/<pid>/clear_refs (kernel without CONFIG_PROC_PAGE_MONITOR)";
	return NULL;
}

/* ---- in the victim ---- */

static __attribute__((noreturn)) void victim_fail(const char *what)
{
	fprintf(stderr, "reapbench: reaper-fail victim: %s: %s\n", what, strerror(errno));
	_exit(3);
}

static void reaper_fail_victim_go(const struct rb_params *p)
{
	sigset_t usr1;
	char *region;
	uint64_t off;
	int hold, sig;

	(void)p;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	if (sigprocmask(SIG_BLOCK, &usr1, NULL))
		victim_fail("sigprocmask");
	/* first the region, touched once: its anon_vma exists, later faults need no mmap_lock */
	region = mmap(NULL, REGION, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (region == MAP_FAILED)
		victim_fail("mmap of the allocation region");
	region[0] = 1;
	/* then the hold page, never touched here: reapbench watches maps for it */
	hold = fuse_stall_open_in_parent("hold");
	if (hold < 0)
		victim_fail("open hold");
	if (mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, hold, 0) == MAP_FAILED)
		victim_fail("mmap of the hold file");
	do
		sig = sigwaitinfo(&usr1, NULL);
	while (sig < 0 && errno == EINTR);
	for (off = 4096; off < REGION; off += 4096)	/* past the memcg limit: killed */
		region[off] = 1;
	pause();
	_exit(0);
}

/* ---- in reapbench ---- */

static void *holder_thread(void *arg)
{
	struct holder *h = arg;
	struct reaper_fail *rf = h->rf;
	int role = (int)(h - rf->h), fd;
	char path[64], c;
	bool cancel;

	atomic_store(&h->tid, gettid());
	pthread_mutex_lock(&rf->lock);
	while (!rf->go[role] && !rf->cancel)
		pthread_cond_wait(&rf->cond, &rf->lock);
	cancel = rf->cancel;
	pthread_mutex_unlock(&rf->lock);
	if (cancel)
		return NULL;
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)rf->victim,
		 role == ROLE_READER ? "mem" : "clear_refs");
	fd = open(path, (role == ROLE_READER ? O_RDONLY : O_WRONLY) | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		h->err = errno;
		return NULL;
	}
	atomic_store(&h->in_call, true);
	if (role == ROLE_READER ? pread(fd, &c, 1, (off_t)rf->addr) != 1 : write(fd, "5", 1) != 1)
		h->err = errno ? errno : EIO;
	close(fd);
	return NULL;
}

static void release_holders(struct reaper_fail *rf, int role, bool cancel)
{
	pthread_mutex_lock(&rf->lock);
	if (cancel)
		rf->cancel = true;
	else
		rf->go[role] = true;
	pthread_cond_broadcast(&rf->cond);
	pthread_mutex_unlock(&rf->lock);
}

static void reader_arrived(void *arg, pid_t tid)
{
	struct rb_run *run = arg;
	struct reaper_fail *rf = run->trigger_priv;

	(void)tid;
	atomic_store(&rf->reader_arrived, 1);
}

static void reaper_fail_free(struct reaper_fail *rf)
{
	int i;

	release_holders(rf, 0, true);
	fuse_stall_stop(rf->fs, NULL);	/* answers the parked READ: the holders finish */
	for (i = 0; i < NR_ROLES; i++)
		if (rf->h[i].started)
			pthread_join(rf->h[i].thread, NULL);
	pthread_mutex_destroy(&rf->lock);
	pthread_cond_destroy(&rf->cond);
	free(rf);
}

static int reaper_fail_prepare(struct rb_run *run)
{
	struct reaper_fail *rf = calloc(1, sizeof(*rf));
	uint64_t stall_us;
	int i;

	if (!rf)
		return err_msg("out of memory\n");
	pthread_mutex_init(&rf->lock, NULL);
	pthread_cond_init(&rf->cond, NULL);
	rf->victim = run->victim;
	run->trigger_priv = rf;
	if (params_get_duration_us(run->params, reaper_fail_table, "stall", &stall_us))
		goto fail;
	rf->fs = fuse_hold_start(run, stall_us, true, reader_arrived);
	if (!rf->fs)
		goto fail;
	for (i = 0; i < NR_ROLES; i++) {
		rf->h[i].rf = rf;
		if (pthread_create(&rf->h[i].thread, NULL, holder_thread, &rf->h[i])) {
			err_msg("reaper-fail: cannot start a lock holder thread\n");
			goto fail;
		}
		rf->h[i].started = true;
		while (!atomic_load(&rf->h[i].tid))
			usleep(100);
		/* traced as contenders: their holds of the victim's mmap_lock */
		if (run->ctx.n_contender_tids < RB_MAX_CONTENDERS)
			run->ctx.contender_tids[run->ctx.n_contender_tids++] =
				atomic_load(&rf->h[i].tid);
	}
	return 0;
fail:
	run->trigger_priv = NULL;
	reaper_fail_free(rf);
	return -1;
}

/* The start of the victim's private mapping of the hold file, from /proc/<pid>/maps. */
static int find_hold_page(struct reaper_fail *rf)
{
	char path[64], *maps, *line, *save = NULL, want[96];

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)rf->victim);
	snprintf(want, sizeof(want), "%s/hold", fuse_stall_dir(rf->fs));
	maps = read_file_str(path);
	if (!maps)
		return -1;
	for (line = strtok_r(maps, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *name = strchr(line, '/');

		if (name && !strcmp(name, want)) {
			rf->addr = strtoull(line, NULL, 16);
			break;
		}
	}
	free(maps);
	return rf->addr ? 0 : -1;
}

/* A thread's state letter from /proc/self/task/<tid>/stat ('D': blocked uninterruptibly). */
static char thread_state(pid_t tid)
{
	char path[64], *s, *p, st = 0;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", (int)tid);
	s = read_file_str(path);
	if (s && (p = strrchr(s, ')')) && p[1] == ' ')
		st = p[2];
	free(s);
	return st;
}

static int wait_until(bool (*cond)(struct reaper_fail *), struct reaper_fail *rf,
		      const char *what)
{
	uint64_t t0 = now_ns();
	struct timespec ts = { 0, 200 * 1000 };

	while (!cond(rf)) {
		int i;

		for (i = 0; i < NR_ROLES; i++)
			if (rf->h[i].err)
				return err_msg("reaper-fail: %s %s: %s\n",
					       i == ROLE_READER ? "reader" : "writer", what,
					       strerror(rf->h[i].err));
		if (now_ns() - t0 > SETUP_WAIT_NS)
			return err_msg("reaper-fail: %s did not happen within 5 s\n", what);
		nanosleep(&ts, NULL);
	}
	return 0;
}

static bool hold_mapped(struct reaper_fail *rf)
{
	return !find_hold_page(rf);
}

static bool reader_parked(struct reaper_fail *rf)
{
	return atomic_load(&rf->reader_arrived) && thread_state(rf->h[ROLE_READER].tid) == 'D';
}

static bool writer_queued(struct reaper_fail *rf)
{
	return atomic_load(&rf->h[ROLE_WRITER].in_call) &&
	       thread_state(rf->h[ROLE_WRITER].tid) == 'D';
}

static int reaper_fail_fire(struct rb_run *run)
{
	struct reaper_fail *rf = run->trigger_priv;
	char go = 'g';

	run->ctx.t_trigger_ns = now_ns();
	if (write(run->go_fd, &go, 1) != 1)
		return err_msg("cannot tell the victim to map the hold file\n");
	if (wait_until(hold_mapped, rf, "the victim's mapping of the hold file"))
		return -1;
	release_holders(rf, ROLE_READER, false);
	if (wait_until(reader_parked, rf, "the /proc/<pid>/mem read parked in FUSE"))
		return -1;
	release_holders(rf, ROLE_WRITER, false);
	if (wait_until(writer_queued, rf, "the clear_refs write queued on mmap_lock"))
		return -1;
	debug_msg("reaper-fail: hold page at 0x%" PRIx64 ", reader %d holds, writer %d waits\n",
		  rf->addr, atomic_load(&rf->h[ROLE_READER].tid),
		  atomic_load(&rf->h[ROLE_WRITER].tid));
	if (sys_pidfd_send_signal(run->pidfd, SIGUSR1))
		return err_msg("reaper-fail: cannot tell the victim to allocate: %s\n",
			       strerror(errno));
	return 0;
}

static void reaper_fail_finish(struct rb_run *run)
{
	struct reaper_fail *rf = run->trigger_priv;
	int i;

	if (!rf)
		return;
	for (i = 0; i < NR_ROLES; i++)
		if (rf->h[i].err)
			err_msg("reaper-fail: %s: %s\n", i == ROLE_READER ? "reader" : "writer",
				strerror(rf->h[i].err));
	reaper_fail_free(rf);
	run->trigger_priv = NULL;
}

const struct rb_trigger_ops trigger_reaper_fail = {
	.name = "reaper-fail",
	.help = "memcg OOM kill while reapbench holds the victim's mmap_lock (a /proc/pid/mem "
		"read parked in FUSE, a writer queued): the oom_reaper gives up after its retries",
	.params = reaper_fail_table,
	.oom_kill = true,
	.unsupported = reaper_fail_unsupported,
	.victim_go = reaper_fail_victim_go,
	.prepare = reaper_fail_prepare,
	.fire = reaper_fail_fire,
	.finish = reaper_fail_finish,
};
