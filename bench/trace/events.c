#include "events.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

const struct rb_event_desc rb_event_descs[EV_NR_KINDS] = {
	[EV_LOCK_START]       = { "mmap_lock", "mmap_lock_start_locking", true },
	[EV_LOCK_ACQUIRED]    = { "mmap_lock", "mmap_lock_acquire_returned", true },
	[EV_LOCK_RELEASED]    = { "mmap_lock", "mmap_lock_released", true },
	[EV_EXIT_MMAP]        = { "mmap", "exit_mmap", false },
	[EV_CONTENTION_BEGIN] = { "lock", "contention_begin", false },
	[EV_CONTENTION_END]   = { "lock", "contention_end", false },
	[EV_MARK_VICTIM]      = { "oom", "mark_victim", false },
	[EV_WAKE_REAPER]      = { "oom", "wake_reaper", false },
	[EV_START_REAPING]    = { "oom", "start_task_reaping", false },
	[EV_FINISH_REAPING]   = { "oom", "finish_task_reaping", false },
	[EV_SKIP_REAPING]     = { "oom", "skip_task_reaping", false },
	[EV_PROCESS_EXIT]     = { "sched", "sched_process_exit", true },
	[EV_SIGNAL_GENERATE]  = { "signal", "signal_generate", false },
	[EV_MRELEASE_ENTER]   = { "syscalls", "sys_enter_process_mrelease", false },
	[EV_MRELEASE_EXIT]    = { "syscalls", "sys_exit_process_mrelease", false },
	/* the live kprobes are named NAME_<pid> (trace.c), one pair per reapbench */
	[EV_EXIT_MMAP_ENTRY]  = { "reapbench", "exit_mmap_entry", false },
	[EV_UNMAP_VMAS_ENTRY] = { "reapbench", "unmap_vmas_entry", false },
};

int rb_events_push(struct rb_events *evs, const struct rb_event *e)
{
	if (evs->n == evs->cap) {
		size_t cap = evs->cap ? evs->cap * 2 : 4096;
		struct rb_event *ev = realloc(evs->ev, cap * sizeof(*ev));

		if (!ev)
			return err_msg("out of memory for %zu events\n", cap);
		evs->ev = ev;
		evs->cap = cap;
	}
	evs->ev[evs->n] = *e;
	evs->ev[evs->n].seq = (uint32_t)evs->n;
	evs->n++;
	return 0;
}

static int cmp_event(const void *a, const void *b)
{
	const struct rb_event *x = a, *y = b;

	if (x->ts_ns != y->ts_ns)
		return x->ts_ns < y->ts_ns ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Time order; events with the same timestamp keep their arrival order. */
void rb_events_sort(struct rb_events *evs)
{
	if (evs->n > 1)
		qsort(evs->ev, evs->n, sizeof(*evs->ev), cmp_event);
}

void rb_events_free(struct rb_events *evs)
{
	free(evs->ev);
	memset(evs, 0, sizeof(*evs));
}

int rb_event_kind_by_name(const char *name)
{
	int k;

	for (k = 0; k < EV_NR_KINDS; k++)
		if (!strcmp(rb_event_descs[k].name, name))
			return k;
	return -1;
}

int rb_event_write(FILE *f, const struct rb_event *e)
{
	const char *name = rb_event_descs[e->kind].name;
	int n = fprintf(f, "%" PRIu64 " %d %d %s", e->ts_ns, e->cpu, e->tid, name);

	switch (e->kind) {
	case EV_LOCK_START:
	case EV_LOCK_RELEASED:
		n = fprintf(f, " mm=0x%" PRIx64 " write=%" PRId64, e->mm, e->val);
		break;
	case EV_LOCK_ACQUIRED:
		n = fprintf(f, " mm=0x%" PRIx64 " write=%" PRId64 " success=%d", e->mm, e->val,
			    e->success);
		break;
	case EV_EXIT_MMAP:
	case EV_EXIT_MMAP_ENTRY:
	case EV_UNMAP_VMAS_ENTRY:
		n = fprintf(f, " mm=0x%" PRIx64, e->mm);
		break;
	case EV_CONTENTION_BEGIN:
		n = fprintf(f, " lock_addr=0x%" PRIx64 " flags=%" PRId64, e->lock_addr, e->val);
		break;
	case EV_CONTENTION_END:
		n = fprintf(f, " lock_addr=0x%" PRIx64 " ret=%d", e->lock_addr, e->success);
		break;
	case EV_SIGNAL_GENERATE:
		n = fprintf(f, " pid=%d sig=%" PRId64, e->target, e->val);
		break;
	case EV_MRELEASE_EXIT:
		n = fprintf(f, " ret=%" PRId64, e->val);
		break;
	case EV_MRELEASE_ENTER:
		break;
	default:	/* oom:*, sched_process_exit */
		n = fprintf(f, " pid=%d", e->target);
		break;
	}
	if (n < 0 || fputc('\n', f) == EOF)
		return -1;
	return 0;
}

static int parse_field(struct rb_event *e, const char *key, const char *val)
{
	static const char *const known[] = {
		"mm", "lock_addr", "write", "sig", "flags", "ret", "success", "pid", NULL
	};
	char *end;
	long long v;
	unsigned long long u;
	int i;

	for (i = 0; known[i] && strcmp(known[i], key); i++)
		;
	if (!known[i])	/* memcg_id, memcg_path, ... carried by fixtures: not used */
		return 0;
	v = strtoll(val, &end, 0);
	u = strtoull(val, &end, 0);
	if (end == val)
		return -1;
	if (!strcmp(key, "mm"))
		e->mm = u;
	else if (!strcmp(key, "lock_addr"))
		e->lock_addr = u;
	else if (!strcmp(key, "write") || !strcmp(key, "sig") || !strcmp(key, "flags") ||
		 (!strcmp(key, "ret") && e->kind == EV_MRELEASE_EXIT))
		e->val = v;
	else if (!strcmp(key, "success") || !strcmp(key, "ret"))
		e->success = (int32_t)v;
	else if (!strcmp(key, "pid"))
		e->target = (int32_t)v;
	return 0;
}

int rb_event_parse(const char *line, struct rb_event *e)
{
	char name[64];
	int off = 0;
	unsigned long long ts;
	int cpu, tid, kind;
	const char *p;

	while (*line == ' ' || *line == '\t')
		line++;
	if (!*line || *line == '\n' || *line == '#')
		return 0;
	if (sscanf(line, "%llu %d %d %63s%n", &ts, &cpu, &tid, name, &off) != 4)
		return -1;
	kind = rb_event_kind_by_name(name);
	if (kind < 0)
		return -1;
	memset(e, 0, sizeof(*e));
	e->ts_ns = ts;
	e->cpu = cpu;
	e->tid = tid;
	e->kind = kind;
	for (p = line + off; *p;) {
		char key[32], val[256];
		int used = 0;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		if (sscanf(p, "%31[^=]=%255s%n", key, val, &used) != 2)
			return -1;
		if (parse_field(e, key, val))
			return -1;
		p += used;
	}
	return 1;
}
