/*
 * kill+mrelease: a thread pinned to another CPU than the victim (SCHED_FIFO
 * where permitted) sends SIGKILL and then calls process_mrelease(2), racing
 * the victim's own exit, as a user-space OOM killer does. The kill is sent
 * from that thread because a FIFO victim woken by the signal preempts the
 * sender on its CPU: a hand-over from the main thread would arrive too late.
 * mrelease_delay_us delays the call after the kill.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "syscalls.h"
#include "workload.h"

struct mrelease_priv {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool armed;
	atomic_ullong t_kill;	/* 0 until the kill is sent */
	atomic_int tid;
	uint64_t delay_ns;
	int pidfd;
	uint64_t t_start, t_end;
	int err, kill_err;
};

/* A spin of the process_mrelease thread: bounded, it holds a CPU. */
static const struct rb_param_def mrelease_params[] = {
	{ "mrelease_delay_us", RB_PARAM_DURATION, "0", 0, 10000000, NULL, true,
	  "delay of process_mrelease(2) after the kill (spinning; 0: at once)" },
	{ NULL },
};

static const char *mrelease_unsupported(const struct rb_params *p)
{
	(void)p;
	errno = 0;
	if (sys_process_mrelease(-1) < 0 && errno == ENOSYS)
		return "kernel has no process_mrelease(2) (added in 5.15)";
	return NULL;
}

static void *mrelease_thread(void *arg)
{
	struct mrelease_priv *m = arg;
	uint64_t t;

	atomic_store(&m->tid, gettid());
	pthread_mutex_lock(&m->lock);
	while (!m->armed)
		pthread_cond_wait(&m->cond, &m->lock);
	pthread_mutex_unlock(&m->lock);
	t = now_ns();
	if (sys_pidfd_send_signal(m->pidfd, SIGKILL)) {
		m->kill_err = errno;
		atomic_store(&m->t_kill, t);
		return NULL;
	}
	atomic_store(&m->t_kill, t);
	/* Spin: a sleep would add the wake-up latency to the race window. */
	while (now_ns() < t + m->delay_ns)
		;
	m->t_start = now_ns();
	m->err = sys_process_mrelease(m->pidfd) ? errno : 0;
	m->t_end = now_ns();
	return NULL;
}

static int mrelease_prepare(struct rb_run *run)
{
	struct mrelease_priv *m = calloc(1, sizeof(*m));
	uint64_t delay_us;
	long ncpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (!m)
		return err_msg("out of memory\n");
	if (params_get_duration_us(run->params, mrelease_params, "mrelease_delay_us", &delay_us)) {
		free(m);
		return -1;
	}
	m->delay_ns = delay_us * NSEC_PER_USEC;
	m->pidfd = run->pidfd;
	pthread_mutex_init(&m->lock, NULL);
	pthread_cond_init(&m->cond, NULL);
	if (pthread_create(&m->thread, NULL, mrelease_thread, m)) {
		free(m);
		return err_msg("cannot start the process_mrelease thread\n");
	}
	while (!atomic_load(&m->tid))
		usleep(100);
	run->ctx.mrelease_tid = atomic_load(&m->tid);
	if (ncpus > 1) {
		pin_to_cpu(run->victim, 0);
		pin_to_cpu(run->ctx.mrelease_tid, 1);
	}
	if (try_sched_fifo(run->victim, 10) || try_sched_fifo(run->ctx.mrelease_tid, 10))
		debug_msg("SCHED_FIFO not permitted: the race is less likely\n");
	run->trigger_priv = m;
	return 0;
}

static void arm(struct mrelease_priv *m)
{
	pthread_mutex_lock(&m->lock);
	m->armed = true;
	pthread_cond_signal(&m->cond);
	pthread_mutex_unlock(&m->lock);
}

static int mrelease_fire(struct rb_run *run)
{
	struct mrelease_priv *m = run->trigger_priv;

	arm(m);
	while (!atomic_load(&m->t_kill))
		usleep(50);
	run->ctx.t_trigger_ns = atomic_load(&m->t_kill);
	if (m->kill_err)
		return err_msg("pidfd_send_signal(SIGKILL) failed: %s\n", strerror(m->kill_err));
	return 0;
}

static void mrelease_finish(struct rb_run *run)
{
	struct mrelease_priv *m = run->trigger_priv;

	if (!m)
		return;
	if (!m->armed) {
		/* fire never ran (interrupted): the victim is killed anyway, let the thread go */
		arm(m);
	}
	pthread_join(m->thread, NULL);
	run->ctx.t_mrelease_start_ns = m->t_start;
	run->ctx.t_mrelease_end_ns = m->t_end;
	run->ctx.mrelease_errno = m->err;
	pthread_mutex_destroy(&m->lock);
	pthread_cond_destroy(&m->cond);
	free(m);
	run->trigger_priv = NULL;
}

const struct rb_trigger_ops trigger_mrelease = {
	.name = "kill+mrelease",
	.help = "SIGKILL, then process_mrelease(2) from a thread on another CPU racing the exit",
	.params = mrelease_params,
	.unsupported = mrelease_unsupported,
	.prepare = mrelease_prepare,
	.fire = mrelease_fire,
	.finish = mrelease_finish,
};
