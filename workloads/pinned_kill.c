/* The pinned killer thread of kill+mrelease and kill-pinned (pinned_kill.h). */
#include "pinned_kill.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "syscalls.h"
#include "workload.h"

struct pinned_kill {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool armed, mrelease;
	atomic_ullong t_kill;	/* 0 until the kill is sent */
	atomic_int tid;
	uint64_t delay_ns;
	int pidfd;
	uint64_t t_start, t_end;
	int err, kill_err;
};

static void *killer_thread(void *arg)
{
	struct pinned_kill *k = arg;
	uint64_t t;

	atomic_store(&k->tid, gettid());
	pthread_mutex_lock(&k->lock);
	while (!k->armed)
		pthread_cond_wait(&k->cond, &k->lock);
	pthread_mutex_unlock(&k->lock);
	t = now_ns();
	if (sys_pidfd_send_signal(k->pidfd, SIGKILL)) {
		k->kill_err = errno;
		atomic_store(&k->t_kill, t);
		return NULL;
	}
	atomic_store(&k->t_kill, t);
	if (!k->mrelease)
		return NULL;
	/* Spin: a sleep would add the wake-up latency to the race window. */
	while (now_ns() < t + k->delay_ns)
		;
	k->t_start = now_ns();
	k->err = sys_process_mrelease(k->pidfd) ? errno : 0;
	k->t_end = now_ns();
	return NULL;
}

int pinned_kill_prepare(struct rb_run *run, bool mrelease, uint64_t delay_ns)
{
	struct pinned_kill *k = calloc(1, sizeof(*k));
	long ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	pid_t tid;

	if (!k)
		return err_msg("out of memory\n");
	k->mrelease = mrelease;
	k->delay_ns = delay_ns;
	k->pidfd = run->pidfd;
	pthread_mutex_init(&k->lock, NULL);
	pthread_cond_init(&k->cond, NULL);
	if (pthread_create(&k->thread, NULL, killer_thread, k)) {
		free(k);
		return err_msg("cannot start the killer thread\n");
	}
	while (!atomic_load(&k->tid))
		usleep(100);
	tid = atomic_load(&k->tid);
	/* kill-pinned's killer touches no mmap_lock: not a traced role */
	if (mrelease)
		run->ctx.mrelease_tid = tid;
	if (ncpus > 1) {
		pin_to_cpu(run->victim, 0);
		pin_to_cpu(tid, 1);
	}
	if (try_sched_fifo(run->victim, 10) || try_sched_fifo(tid, 10))
		debug_msg("SCHED_FIFO not permitted: the race is less likely\n");
	run->trigger_priv = k;
	return 0;
}

static void arm(struct pinned_kill *k)
{
	pthread_mutex_lock(&k->lock);
	k->armed = true;
	pthread_cond_signal(&k->cond);
	pthread_mutex_unlock(&k->lock);
}

int pinned_kill_fire(struct rb_run *run)
{
	struct pinned_kill *k = run->trigger_priv;

	arm(k);
	while (!atomic_load(&k->t_kill))
		usleep(50);
	run->ctx.t_trigger_ns = atomic_load(&k->t_kill);
	if (k->kill_err)
		return err_msg("pidfd_send_signal(SIGKILL) failed: %s\n", strerror(k->kill_err));
	return 0;
}

void pinned_kill_finish(struct rb_run *run)
{
	struct pinned_kill *k = run->trigger_priv;

	if (!k)
		return;
	if (!k->armed) {
		/* fire never ran (interrupted): the victim is killed anyway, let the thread go */
		arm(k);
	}
	pthread_join(k->thread, NULL);
	if (k->mrelease) {
		run->ctx.t_mrelease_start_ns = k->t_start;
		run->ctx.t_mrelease_end_ns = k->t_end;
		run->ctx.mrelease_errno = k->err;
	}
	pthread_mutex_destroy(&k->lock);
	pthread_cond_destroy(&k->cond);
	free(k);
	run->trigger_priv = NULL;
}
