/*
 * churn: threads inside the victim (churn_threads=N, default 1) that mmap,
 * write, mprotect and munmap a small region (churn_pages=P, default 16) in
 * a loop: each step takes the victim's mmap_lock for writing, as a
 * malloc-heavy program does. They are named rb-churn; ->start finds them in
 * /proc/VICTIM/task and lists them as contenders, so their lock waits show
 * under that role (and sched_process_exit of a churn thread that happens to
 * exit last is not counted in kill_to_exit_us). They die with the victim.
 */
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "workload.h"

#define CHURN_COMM "rb-churn"
#define FIND_TIMEOUT_NS (2 * NSEC_PER_SEC)

static const struct rb_param_def churn_table[] = {
	{ "churn_threads", RB_PARAM_COUNT, "1", 1, 64, NULL, true, "churn threads in the victim" },
	{ "churn_pages", RB_PARAM_COUNT, "16", 1, 4096, NULL, false,
	  "pages each churn step maps, writes and unmaps" },
	{ .name = NULL },
};

static int churn_params(const struct rb_params *p, long *threads, long *pages)
{
	return params_get_count(p, churn_table, "churn_threads", threads) ||
	       params_get_count(p, churn_table, "churn_pages", pages) ? -1 : 0;
}

static void *churn_thread(void *arg)
{
	size_t len = (size_t)(intptr_t)arg, page = sysconf(_SC_PAGESIZE);

	prctl(PR_SET_NAME, CHURN_COMM);
	for (;;) {
		char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			       -1, 0);

		if (m == MAP_FAILED)
			continue;
		touch_pages(m, len);
		mprotect(m, page, PROT_READ);	/* splits the vma: more write-locked work */
		munmap(m, len);
	}
	return NULL;
}

/* in the victim */
static int churn_victim_start(const struct rb_params *p)
{
	long threads, pages, i;

	if (churn_params(p, &threads, &pages))
		return -1;
	for (i = 0; i < threads; i++) {
		pthread_t t;

		if (pthread_create(&t, NULL, churn_thread,
				   (void *)(intptr_t)(pages * sysconf(_SC_PAGESIZE))))
			return err_msg("churn: cannot start thread %ld\n", i);
	}
	return 0;
}

/* Add the victim's rb-churn threads to the contender tids; returns how many. */
static int find_churn_tids(struct rb_run *run)
{
	char dir[64], path[300];
	struct dirent *de;
	int n = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "/proc/%d/task", (int)run->victim);
	d = opendir(dir);
	if (!d)
		return 0;
	while ((de = readdir(d)) && run->ctx.n_contender_tids < RB_MAX_CONTENDERS) {
		char *comm;

		if (atoi(de->d_name) <= 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s/comm", dir, de->d_name);
		comm = read_file_str(path);
		if (comm && !strcmp(rstrip(comm), CHURN_COMM)) {
			run->ctx.contender_tids[run->ctx.n_contender_tids++] = atoi(de->d_name);
			n++;
		}
		free(comm);
	}
	closedir(d);
	return n;
}

static int churn_start(struct rb_run *run)
{
	struct timespec ts = { 0, 1000 * 1000 };
	int first = run->ctx.n_contender_tids;
	uint64_t t0 = now_ns();
	long threads, pages;

	if (churn_params(run->params, &threads, &pages))
		return -1;
	/* thread names are set as each thread starts: wait for all of them */
	for (;;) {
		run->ctx.n_contender_tids = first;
		if (find_churn_tids(run) >= threads)
			return 0;
		if (now_ns() - t0 > FIND_TIMEOUT_NS)
			return err_msg("churn: only %d of %ld churn threads found in the victim\n",
				       run->ctx.n_contender_tids - first, threads);
		nanosleep(&ts, NULL);
	}
}

static void churn_stop(struct rb_run *run)
{
	(void)run;	/* the threads are the victim's: they die with it */
}

const struct rb_contender_ops contender_churn = {
	.name = "churn",
	.help = "victim threads doing mmap/mprotect/munmap in a loop",
	.params = churn_table,
	.victim_start = churn_victim_start,
	.start = churn_start,
	.stop = churn_stop,
};
