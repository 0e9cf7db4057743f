/* reapbench-selfbench: the suite's own cost (make bench-self). */
#ifndef REAPBENCH_SELFBENCH_H
#define REAPBENCH_SELFBENCH_H

#include <stddef.h>

/* Median of v[0..n) (sorts a copy). */
double sb_median(const double *v, size_t n);

/*
 * Events decoded per second: reapbench's trace_collect() vs `perf script`,
 * the same tracepoints, the same mmap/munmap workload of `iters` iterations.
 * Also prints reapbench's peak RSS while decoding it. 0 or -1.
 */
int sb_decode_rate(const char *self_exe, long iters, long buffer_kb);

/* The workload: mmap + munmap of one page, iters times (6 mmap_lock events each). */
int sb_churn(long iters);

/* One victim life (fork, populate SIZE, SIGKILL, waitpid) for hyperfine; see life.c. */
int sb_life(const char *size, const char *log);

#endif
