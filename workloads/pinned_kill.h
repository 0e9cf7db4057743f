/*
 * The kill of kill+mrelease and its control kill-pinned: a thread pinned to
 * another CPU than the victim (both SCHED_FIFO where permitted) sends
 * SIGKILL and, for kill+mrelease, then calls process_mrelease(2). The kill is
 * sent from that thread because a FIFO victim woken by the signal preempts
 * the sender on its CPU: a hand-over from the main thread would arrive too
 * late. Both triggers share this, so they differ only in process_mrelease.
 */
#ifndef REAPBENCH_PINNED_KILL_H
#define REAPBENCH_PINNED_KILL_H

#include <stdbool.h>
#include <stdint.h>

struct rb_run;

/* Start the killer thread, pin and prioritise; mrelease: call process_mrelease delay_ns after. */
int pinned_kill_prepare(struct rb_run *run, bool mrelease, uint64_t delay_ns);
/* Let it kill; fills run->ctx.t_trigger_ns with the moment of the kill. */
int pinned_kill_fire(struct rb_run *run);
/* Join it; with mrelease, fill the process_mrelease times and errno. */
void pinned_kill_finish(struct rb_run *run);

#endif
