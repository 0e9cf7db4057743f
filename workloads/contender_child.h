/*
 * Contenders that are processes of their own: forked from reapbench (so
 * outside the victim's memcg), their pid is a contender tid, they loop
 * until ->stop kills and reaps them.
 */
#ifndef REAPBENCH_CONTENDER_CHILD_H
#define REAPBENCH_CONTENDER_CHILD_H

#include "workload.h"

/*
 * Fork a child running body(run, ready_fd): body writes one byte to ready_fd
 * once it is contending, then loops forever. Waits for that byte, records
 * the pid in run->ctx.contender_tids and in *pid. -1 with a message on failure.
 */
int contender_child_start(struct rb_run *run, void (*body)(struct rb_run *run, int ready_fd),
			  const char *name, pid_t *pid);
/* SIGKILL and reap a child started above (0: nothing to do). */
void contender_child_stop(pid_t pid);
/* Start as above, keeping the pid in ops' slot of run->contender_priv. */
int contender_child_start_slot(struct rb_run *run, const struct rb_contender_ops *ops,
			       void (*body)(struct rb_run *run, int ready_fd), const char *name);
/* Stop the child kept in ops' slot (->stop of a process contender). */
void contender_child_stop_slot(struct rb_run *run, const struct rb_contender_ops *ops);
/* Tell the parent it is contending (in the child). */
void contender_child_ready(int *ready_fd);
/* This contender's slot in run->contender_priv. */
int contender_slot(const struct rb_run *run, const struct rb_contender_ops *ops);

#endif
