/*
 * threads: threads=T threads, each with its own private anonymous mapping
 * of size/T, writing its pages over and over until the kill lands, so the
 * kill finds T running threads and exit_mmap runs in whichever exits last.
 * Their tids go to the runner (victim_tids) for that attribution.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "workload.h"

#define MAX_THREADS 256

static const struct rb_param_def threads_table[] = {
	RB_SIZE_PARAM("64M", "bytes in total, size/threads per thread"),
	{ "threads", RB_PARAM_COUNT, "4", 1, MAX_THREADS, NULL, true,
	  "threads, each writing its own mapping until the kill" },
	{ .name = NULL },
};

/* victim-side state: this file runs in the forked victim only */
static pid_t tids[MAX_THREADS];
static atomic_int n_ready;

struct part {
	char *m;
	size_t len;
	int idx;
};

static int threads_params(const struct rb_params *p, uint64_t *size, long *n)
{
	return params_get_size(p, threads_table, "size", size) ||
	       params_get_count(p, threads_table, "threads", n) ? -1 : 0;
}

static int threads_footprint(const struct rb_params *p, uint64_t *bytes)
{
	long n;

	return threads_params(p, bytes, &n);
}

static void *toucher(void *arg)
{
	struct part *pt = arg;

	touch_pages(pt->m, pt->len);
	tids[pt->idx] = gettid();
	atomic_fetch_add(&n_ready, 1);
	for (;;)	/* keep writing: the kill must find every thread running */
		touch_pages(pt->m, pt->len);
	return NULL;
}

static int threads_populate(const struct rb_params *p)
{
	static struct part parts[MAX_THREADS];
	struct timespec ts = { 0, 100 * 1000 };
	uint64_t size;
	long n, i;

	if (threads_params(p, &size, &n))
		return -1;
	for (i = 0; i < n; i++) {
		pthread_t t;

		parts[i].len = size / n;
		parts[i].idx = (int)i;
		parts[i].m = mmap(NULL, parts[i].len, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (parts[i].m == MAP_FAILED)
			return err_msg("threads: mmap of %zu bytes failed\n", parts[i].len);
		if (pthread_create(&t, NULL, toucher, &parts[i]))
			return err_msg("threads: cannot start thread %ld\n", i);
	}
	while (atomic_load(&n_ready) < n)
		nanosleep(&ts, NULL);
	return 0;
}

static int threads_victim_tids(pid_t *out, int max)
{
	int i, n = atomic_load(&n_ready);

	for (i = 0; i < n && i < max; i++)
		out[i] = tids[i];
	return i;
}

const struct rb_shape_ops shape_threads = {
	.name = "threads",
	.help = "T threads each writing its own anonymous memory until the kill",
	.params = threads_table,
	.footprint = threads_footprint,
	.populate = threads_populate,
	.victim_tids = threads_victim_tids,
};
