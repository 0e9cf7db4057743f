#include <errno.h>
#include <stdlib.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include "workload.h"

int pin_to_cpu(pid_t tid, int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(tid, sizeof(set), &set);
}

int try_sched_fifo(pid_t tid, int prio)
{
	struct sched_param sp = { .sched_priority = prio };

	return sched_setscheduler(tid, SCHED_FIFO, &sp);
}

void touch_pages(void *p, size_t len)
{
	long page = sysconf(_SC_PAGESIZE);
	volatile char *c = p;
	size_t off;

	for (off = 0; off < len; off += page)
		c[off] = (char)(off | 1);
}

int run_track_tid(struct rb_run *run, pid_t tid)
{
	return run->svc && run->svc->track_tid ? run->svc->track_tid(run->svc->runner, tid) : -1;
}

int run_oom_kills(const struct rb_run *run, uint64_t *n)
{
	return run->svc && run->svc->oom_kills ? run->svc->oom_kills(run->svc->runner, n) : -1;
}

int run_attach(struct rb_run *run, pid_t pid)
{
	return run->svc && run->svc->attach ? run->svc->attach(run->svc->runner, pid) : -1;
}

int run_oom_group(struct rb_run *run, bool on)
{
	return run->svc && run->svc->oom_group ? run->svc->oom_group(run->svc->runner, on) : -1;
}

int run_memcg_room(const struct rb_run *run, uint64_t *bytes)
{
	return run->svc && run->svc->room ? run->svc->room(run->svc->runner, bytes) : -1;
}

int run_oom_events_open(const struct rb_run *run)
{
	return run->svc && run->svc->oom_events_open ?
		run->svc->oom_events_open(run->svc->runner) : -1;
}

int parse_oom_kill(const char *text, uint64_t *n)
{
	/* v2 memory.events has oom_group_kill too: match the line start */
	const char *p = text;

	while (p && *p) {
		if (!strncmp(p, "oom_kill ", 9)) {
			*n = strtoull(p + 9, NULL, 10);
			return 0;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -1;
}
