/*
 * (c) events decoded per second, reapbench vs perf script, and (d) peak RSS.
 * Workload: a child doing mmap+munmap of one page `iters` times (the write
 * lock twice: start_locking, acquire_returned, released each), traced
 * system-wide with the tracepoints reapbench enables on this kernel.
 *  reapbench: trace_open/start, the child, stop, then the timed part is
 *    trace_collect() (read the ring buffer raw, decode by field name, sort).
 *  perf: `perf record -a -e <same list>` around the same child, then the
 *    timed part is `perf script -i FILE > /dev/null` (read, decode, format).
 * (d) getrusage(RUSAGE_SELF).ru_maxrss right after trace_collect().
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "subprocess.h"
#include "selfbench.h"
#include "trace.h"

int sb_churn(long iters)
{
	long i;

	for (i = 0; i < iters; i++) {
		void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			       -1, 0);

		if (p == MAP_FAILED)
			return -1;
		munmap(p, 4096);
	}
	return 0;
}

/* Run argv with stdout (and, without -v, stderr) to /dev/null; wall ns of its life, -1 on failure. */
static int64_t run_timed(char *const argv[])
{
	struct rb_spawn s = { .argv = argv, .out = { .kind = RB_IO_NULL } };
	uint64_t t0 = now_ns();

	if (!rb_verbose)
		s.err.kind = RB_IO_NULL;
	if (rb_spawn_run(&s))
		return -1;
	return (int64_t)(now_ns() - t0);
}

/* Lines argv prints on stdout (stderr dropped), -1 when it fails. */
static long count_lines(char *const argv[])
{
	struct rb_spawn s = { .argv = argv, .err = { .kind = RB_IO_NULL } };
	char *text = NULL, *p;
	long n = 0;
	int rc = rb_spawn_capture(&s, &text);

	for (p = text; p && *p; p++)
		n += *p == '\n';
	free(text);
	return rc ? -1 : n;
}

static long max_rss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* "sys:name,sys:name,..." of the tracepoints this kernel has, as reapbench enables them. */
static void event_list(char *buf, size_t len)
{
	bool have[EV_NR_KINDS];
	int k;

	buf[0] = 0;
	trace_probe_events(have);
	for (k = 0; k < EV_NR_KINDS; k++)
		if (have[k])
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s:%s", buf[0] ? "," : "",
				 rb_event_descs[k].system, rb_event_descs[k].name);
}

int sb_decode_rate(const char *self, long iters, long buffer_kb)
{
	char iters_s[24], events[1024], dir[64], file[96];
	struct rb_trace t = { 0 };
	struct rb_events evs = { 0 };
	double rb_s, perf_s, rb_rate, perf_rate;
	long rss_before, rss_after, perf_n;
	int64_t perf_ns;
	uint64_t t0;
	int rc = -1;

	snprintf(iters_s, sizeof(iters_s), "%ld", iters);
	event_list(events, sizeof(events));
	/* perf record -o follows a planted name: its file goes into a directory of our own */
	snprintf(dir, sizeof(dir), "/tmp/reapbench-%d-selfbench-XXXXXX", getpid());
	if (!mkdtemp(dir))
		return err_msg("%s: %s\n", dir, strerror(errno));
	snprintf(file, sizeof(file), "%s/perf.data", dir);
	{
		char *churn[] = { (char *)self, "--churn", iters_s, NULL };

		if (trace_open(&t, (size_t)buffer_kb) || trace_start(&t))
			goto out;
		if (run_timed(churn) < 0) {
			err_msg("the mmap/munmap workload failed\n");
			goto out;
		}
		trace_stop(&t);
	}
	rss_before = max_rss_kib();
	t0 = now_ns();
	if (trace_collect(&t, &evs))
		goto out;
	rb_s = (double)(now_ns() - t0) / 1e9;
	rss_after = max_rss_kib();
	{
		char *rec[] = { "perf", "record", "-q", "-a", "-m", "16M", "-e", events, "-o", file,
				"--", (char *)self, "--churn", iters_s, NULL };
		char *script[] = { "perf", "script", "-i", file, NULL };

		if (run_timed(rec) < 0) {
			err_msg("perf record failed (run with -v)\n");
			goto out;
		}
		perf_ns = run_timed(script);
		perf_n = count_lines(script);
		if (perf_ns <= 0 || perf_n <= 0) {
			err_msg("perf script failed on %s\n", file);
			goto out;
		}
	}
	perf_s = (double)perf_ns / 1e9;
	rb_rate = (double)evs.n / rb_s;
	perf_rate = (double)perf_n / perf_s;
	printf("# (c) decode rate: %ld mmap+munmap iterations traced system-wide, events: %s\n",
	       iters, events);
	printf("# reapbench: trace_collect() (raw ring buffer, decode, sort); perf: perf script "
	       "-i FILE > /dev/null on a perf record -a -m 16M of the same workload\n");
	printf("decode_reapbench_events_n           %10zu   # lost %llu\n", evs.n,
	       (unsigned long long)evs.lost);
	printf("decode_reapbench_s                  %10.3f\n", rb_s);
	printf("decode_reapbench_events_per_s       %10.0f\n", rb_rate);
	printf("decode_perf_script_events_n         %10ld   # lines of perf script output\n", perf_n);
	printf("decode_perf_script_s                %10.3f\n", perf_s);
	printf("decode_perf_script_events_per_s     %10.0f\n", perf_rate);
	printf("decode_rate_ratio_reapbench_perf    %10.2f\n", rb_rate / perf_rate);
	printf("# (d) peak RSS (getrusage ru_maxrss) of the reapbench decoder, same process, "
	       "before and after decoding the run above\n");
	printf("rss_peak_before_decode_kib          %10ld\n", rss_before);
	printf("rss_peak_after_decode_kib           %10ld   # %zu events of %zu bytes kept\n",
	       rss_after, evs.n, sizeof(struct rb_event));
	rc = 0;
out:
	rb_events_free(&evs);
	trace_close(&t);
	unlink(file);
	rmdir(dir);
	return rc;
}
