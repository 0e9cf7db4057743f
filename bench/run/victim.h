/* The victim process: forked by reapbench, populated inside its memcg, then killed. */
#ifndef REAPBENCH_VICTIM_H
#define REAPBENCH_VICTIM_H

#include "memcg.h"
#include "workload.h"

/*
 * Fork the victim, put it into memcg, let the shape populate it and wait
 * until it reports ready. Fills run->victim, run->pidfd, run->go_fd and the
 * victim tids in run->ctx. On failure nothing is left running.
 */
int victim_start(struct rb_run *run, struct rb_memcg *memcg, int timeout_ms);
/* Close the pidfd and go pipe (after the victim was reaped). */
void victim_release(struct rb_run *run);

#endif
