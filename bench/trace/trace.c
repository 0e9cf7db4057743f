#include "trace.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <event-parse.h>
#include <tracefs.h>

#include "common.h"

#define TRACEFS_MNT "/sys/kernel/tracing"

static bool we_mounted;

static bool tracefs_mounted(void)
{
	char *m = read_file_str("/proc/self/mounts");
	bool yes = m && strstr(m, " tracefs ");

	free(m);
	return yes;
}

int trace_ensure_mounted(void)
{
	if (tracefs_mounted())
		return 0;
	if (mount("nodev", TRACEFS_MNT, "tracefs", 0, NULL))
		return err_msg("tracefs is not mounted and mounting it at %s failed: %s\n",
			       TRACEFS_MNT, strerror(errno));
	we_mounted = true;
	debug_msg("mounted tracefs at %s (will unmount at exit)\n", TRACEFS_MNT);
	return 0;
}

void trace_unmount_if_mounted(void)
{
	if (we_mounted && !umount(TRACEFS_MNT))
		we_mounted = false;
}

static const char *const systems[] = {
	"mmap_lock", "mmap", "lock", "oom", "sched", "signal", "syscalls", "reapbench", NULL
};

/*
 * A kprobe at exit_mmap() entry marks where exit_mmap starts on any kernel
 * flavour (without it, exit_mm's read section and exit_mmap's are told apart
 * by the order of sched_process_exit, which differs between kernels); one at
 * unmap_vmas() marks where its unmap starts, so that the lock held there (or
 * none) names the design. They are system-wide dynamic events: named after
 * our pid, destroyed in trace_close(), swept by trace_sweep_leftovers()
 * after a SIGKILL.
 */
#define KPROBE_GROUP "reapbench"

static const struct {
	int kind;
	const char *function, *fetch;	/* unmap_vmas(tlb, ...): tlb->mm is tlb's first field */
} kprobes[] = {
	{ EV_EXIT_MMAP_ENTRY, "exit_mmap", "mm=%di:x64" },
	{ EV_UNMAP_VMAS_ENTRY, "unmap_vmas", "mm=+0(%di):x64" },
};

static int kprobe_index(int kind)
{
	for (size_t i = 0; i < ARRAY_SIZE(kprobes); i++)
		if (kprobes[i].kind == kind)
			return (int)i;
	return -1;
}

static const char *event_name(const struct rb_trace *t, int kind)
{
	int i = kprobe_index(kind);

	return i >= 0 ? t->kprobe_name[i] : rb_event_descs[kind].name;
}

static void kprobe_create(struct rb_trace *t)
{
	if (!tracefs_file_exists(NULL, "kprobe_events"))
		return;
	for (size_t i = 0; i < ARRAY_SIZE(kprobes); i++) {
		snprintf(t->kprobe_name[i], sizeof(t->kprobe_name[i]), "%s_%d",
			 rb_event_descs[kprobes[i].kind].name, getpid());
		t->kprobe[i] = tracefs_kprobe_alloc(KPROBE_GROUP, t->kprobe_name[i],
						    kprobes[i].function, kprobes[i].fetch);
		if (t->kprobe[i] && tracefs_dynevent_create(t->kprobe[i])) {
			debug_msg("kprobe on %s not created: %s\n", kprobes[i].function,
				  strerror(errno));
			tracefs_dynevent_free(t->kprobe[i]);
			t->kprobe[i] = NULL;
		}
	}
}

static void kprobe_destroy(struct rb_trace *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(kprobes); i++) {
		if (!t->kprobe[i])
			continue;
		tracefs_dynevent_destroy(t->kprobe[i], true);
		tracefs_dynevent_free(t->kprobe[i]);
		t->kprobe[i] = NULL;
	}
}

static struct tep_format_field *field(struct tep_event *ev, const char *name)
{
	return ev ? tep_find_field(ev, name) : NULL;
}

static int load_formats(struct rb_trace *t)
{
	int k;

	t->tep = tracefs_local_events_system(NULL, systems);
	if (!t->tep)
		return err_msg("cannot read the tracepoint formats from tracefs\n");
	t->max_id = 0;
	for (k = 0; k < EV_NR_KINDS; k++) {
		const struct rb_event_desc *d = &rb_event_descs[k];
		struct tep_event *ev = tep_find_event_by_name(t->tep, d->system, event_name(t, k));
		struct rb_trace_fields *f = &t->f[k];

		memset(f, 0, sizeof(*f));
		f->id = ev ? ev->id : -1;
		if (!ev)
			continue;
		if (ev->id > t->max_id)
			t->max_id = ev->id;
		f->mm = field(ev, "mm");
		f->write = field(ev, "write");
		f->success = field(ev, "success");
		f->pid = field(ev, "pid");
		f->sig = field(ev, "sig");
		f->lock_addr = field(ev, "lock_addr");
		f->flags = field(ev, "flags");
		f->ret = field(ev, "ret");
	}
	t->kind_by_id = calloc(t->max_id + 1, sizeof(*t->kind_by_id));
	if (!t->kind_by_id)
		return err_msg("out of memory\n");
	memset(t->kind_by_id, 0xff, (t->max_id + 1) * sizeof(*t->kind_by_id));
	for (k = 0; k < EV_NR_KINDS; k++)
		if (t->f[k].id >= 0)
			t->kind_by_id[t->f[k].id] = (short)k;
	return 0;
}

void trace_probe_events(bool have[EV_NR_KINDS])
{
	int k;

	for (k = 0; k < EV_NR_KINDS; k++)
		have[k] = kprobe_index(k) >= 0 ? tracefs_file_exists(NULL, "kprobe_events") :
			  tracefs_event_file_exists(NULL, rb_event_descs[k].system,
						    rb_event_descs[k].name, "format");
}

const char *trace_mmap_lock_flavour(void)
{
	char *fmt = tracefs_event_file_read(NULL, "mmap_lock", "mmap_lock_start_locking",
					    "format", NULL);
	const char *fl = "none";

	if (fmt && strstr(fmt, "memcg_id"))
		fl = "memcg_id";
	else if (fmt && strstr(fmt, "memcg_path"))
		fl = "memcg_path";
	free(fmt);
	return fl;
}

static unsigned long long read_losses(struct rb_trace *t)
{
	unsigned long long total = 0;
	char path[64];
	int cpu;

	for (cpu = 0; cpu < t->ncpus; cpu++) {
		char *s, *p;

		snprintf(path, sizeof(path), "per_cpu/cpu%d/stats", cpu);
		s = tracefs_instance_file_read(t->inst, path, NULL);
		if (!s)
			continue;
		if ((p = strstr(s, "overrun:")))
			total += strtoull(p + 8, NULL, 10);
		if ((p = strstr(s, "dropped events:")))
			total += strtoull(p + 15, NULL, 10);
		free(s);
	}
	return total;
}

int trace_open(struct rb_trace *t, size_t buffer_kb)
{
	int k, enabled = 0;

	memset(t, 0, sizeof(*t));
	t->ncpus = sysconf(_SC_NPROCESSORS_CONF);
	if (trace_ensure_mounted())
		return -1;
	snprintf(t->name, sizeof(t->name), "reapbench-%d", getpid());
	t->inst = tracefs_instance_create(t->name);
	if (!t->inst)
		return err_msg("cannot create tracefs instance %s: %s\n", t->name, strerror(errno));
	/* New instances start with tracing on: off until the trigger. */
	tracefs_trace_off(t->inst);
	if (tracefs_instance_file_write(t->inst, "trace_clock", "mono") < 0) {
		err_msg("tracefs: cannot set trace_clock=mono\n");
		goto fail;
	}
	tracefs_option_disable(t->inst, TRACEFS_OPTION_OVERWRITE);
	if (tracefs_instance_set_buffer_size(t->inst, buffer_kb, -1) < 0) {
		err_msg("tracefs: cannot set the buffer size to %zu KiB per CPU\n", buffer_kb);
		goto fail;
	}
	kprobe_create(t);
	if (load_formats(t))
		goto fail;
	tracefs_instance_file_clear(t->inst, "trace");
	for (k = 0; k < EV_NR_KINDS; k++) {
		const struct rb_event_desc *d = &rb_event_descs[k];

		if (t->f[k].id < 0) {
			if (d->required) {
				err_msg("kernel lacks the %s:%s tracepoint\n", d->system, d->name);
				goto fail;
			}
			continue;
		}
		if (tracefs_event_enable(t->inst, d->system, event_name(t, k))) {
			debug_msg("cannot enable %s:%s\n", d->system, d->name);
			continue;
		}
		t->have[k] = true;
		enabled++;
	}
	debug_msg("tracefs instance %s: %d events enabled\n", t->name, enabled);
	return 0;
fail:
	trace_close(t);
	return -1;
}

#define MAX_FILTER_PIDS 128

int trace_filter_pids(struct rb_trace *t, const int *pids, int n)
{
	static const int kinds[] = {
		EV_LOCK_START, EV_LOCK_ACQUIRED, EV_LOCK_RELEASED, EV_CONTENTION_BEGIN,
		EV_CONTENTION_END,
	};
	char filter[MAX_FILTER_PIDS * 24] = "0";	/* "0" clears a filter */
	size_t i, len = 0;
	int rc;

	if (n > MAX_FILTER_PIDS)
		n = 0;	/* too many threads for one expression: trace everyone */
	rc = n ? 0 : 1;
	for (i = 0; i < (size_t)n; i++)
		len += snprintf(filter + len, sizeof(filter) - len, "%scommon_pid==%d",
				i ? "||" : "", pids[i]);
	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		const struct rb_event_desc *d = &rb_event_descs[kinds[i]];

		if (!t->have[kinds[i]])
			continue;
		if (tracefs_event_file_write(t->inst, d->system, d->name, "filter", filter) < 0)
			return err_msg("tracefs: cannot set the filter of %s:%s\n", d->system,
				       d->name);
	}
	return rc;
}

int trace_set_events(struct rb_trace *t, bool on)
{
	int k;

	for (k = 0; k < EV_NR_KINDS; k++) {
		if (!t->have[k])
			continue;
		if ((on ? tracefs_event_enable : tracefs_event_disable)(t->inst,
					rb_event_descs[k].system, event_name(t, k)))
			return err_msg("tracefs: cannot %s %s:%s\n", on ? "enable" : "disable",
				       rb_event_descs[k].system, event_name(t, k));
	}
	return 0;
}

int trace_start(struct rb_trace *t)
{
	/*
	 * No clear here: trace_collect consumes the buffer through trace_pipe_raw,
	 * and clearing costs an RCU grace period (~20 ms) per run.
	 */
	t->lost_before = read_losses(t);
	return tracefs_trace_on(t->inst);
}

int trace_stop(struct rb_trace *t)
{
	return tracefs_trace_off(t->inst);
}

struct collect_ctx {
	struct rb_trace *t;
	struct rb_events *evs;
	unsigned long long missed;
	int err;
};

static unsigned long long num(struct tep_format_field *f, struct tep_record *rec)
{
	unsigned long long v = 0;

	if (f)
		tep_read_number_field(f, rec->data, &v);
	return v;
}

static int on_record(struct tep_event *ev, struct tep_record *rec, int cpu, void *data)
{
	struct collect_ctx *c = data;
	struct rb_trace *t = c->t;
	const struct rb_trace_fields *f;
	struct rb_event e;
	int kind;

	if (rec->missed_events > 0)
		c->missed += rec->missed_events;
	if (ev->id < 0 || ev->id > t->max_id || (kind = t->kind_by_id[ev->id]) < 0)
		return 0;
	f = &t->f[kind];
	memset(&e, 0, sizeof(e));
	e.ts_ns = rec->ts;
	e.kind = kind;
	e.cpu = cpu;
	e.tid = tep_data_pid(t->tep, rec);
	e.mm = num(f->mm, rec);
	e.lock_addr = num(f->lock_addr, rec);
	e.target = (int32_t)num(f->pid, rec);
	switch (kind) {
	case EV_LOCK_START:
	case EV_LOCK_RELEASED:
		e.val = num(f->write, rec);
		break;
	case EV_LOCK_ACQUIRED:
		e.val = num(f->write, rec);
		e.success = (int32_t)num(f->success, rec);
		break;
	case EV_CONTENTION_BEGIN:
		e.val = num(f->flags, rec);
		break;
	case EV_CONTENTION_END:
		e.success = (int32_t)num(f->ret, rec);
		break;
	case EV_SIGNAL_GENERATE:
		e.val = (int32_t)num(f->sig, rec);
		break;
	case EV_MRELEASE_EXIT:
		e.val = (int64_t)num(f->ret, rec);
		break;
	}
	if (rb_events_push(c->evs, &e)) {
		c->err = -1;
		return 1;
	}
	return 0;
}

int trace_collect(struct rb_trace *t, struct rb_events *evs)
{
	struct collect_ctx c = { .t = t, .evs = evs };
	unsigned long long lost_after;

	if (tracefs_iterate_raw_events(t->tep, t->inst, NULL, 0, on_record, &c) < 0)
		return err_msg("tracefs: reading the ring buffer of %s failed\n", t->name);
	if (c.err)
		return -1;
	lost_after = read_losses(t);
	evs->lost += c.missed + (lost_after > t->lost_before ? lost_after - t->lost_before : 0);
	t->lost_before = lost_after;	/* a later call (tracing still on) counts only new ones */
	rb_events_sort(evs);
	return 0;
}

void trace_close(struct rb_trace *t)
{
	if (t->inst) {
		tracefs_trace_off(t->inst);
		tracefs_instance_destroy(t->inst);
		tracefs_instance_free(t->inst);
	}
	kprobe_destroy(t);
	if (t->tep)
		tep_free(t->tep);
	free(t->kind_by_id);
	memset(t, 0, sizeof(*t));
}

/* Whether NAME (LEN characters, before _<pid>) is one of our kprobes. */
static bool kprobe_named(const char *name, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(kprobes); i++) {
		const char *k = rb_event_descs[kprobes[i].kind].name;

		if (strlen(k) == len && !strncmp(name, k, len))
			return true;
	}
	return false;
}

static int sweep_kprobes(void)
{
	struct tracefs_dynevent **evs = tracefs_dynevent_get_all(TRACEFS_DYNEVENT_KPROBE,
								  KPROBE_GROUP);
	int i, swept = 0;

	for (i = 0; evs && evs[i]; i++) {
		char *system = NULL, *event = NULL;
		int pid;

		tracefs_dynevent_info(evs[i], &system, &event, NULL, NULL, NULL);
		const char *us = event ? strrchr(event, '_') : NULL;

		if (us && sscanf(us, "_%d", &pid) == 1 && kprobe_named(event, us - event) &&
		    !reapbench_pid_alive(pid) && !tracefs_dynevent_destroy(evs[i], true)) {
			swept++;
			fprintf(stderr, "reapbench: removed leftover kprobe %s/%s\n", KPROBE_GROUP,
				event);
		}
		free(system);
		free(event);
	}
	tracefs_dynevent_list_free(evs);
	return swept;
}

int trace_sweep_leftovers(void)
{
	char **names;
	int i, swept = 0;

	if (trace_ensure_mounted())
		return 0;
	names = tracefs_instances("^reapbench-");
	for (i = 0; names && names[i]; i++) {
		int pid = 0;
		struct tracefs_instance *inst;

		if (sscanf(names[i], "reapbench-%d", &pid) != 1 || reapbench_pid_alive(pid))
			continue;
		inst = tracefs_instance_alloc(NULL, names[i]);
		if (!inst)
			continue;
		tracefs_trace_off(inst);
		if (!tracefs_instance_destroy(inst)) {
			swept++;
			fprintf(stderr, "reapbench: removed leftover tracefs instance %s\n", names[i]);
		}
		tracefs_instance_free(inst);
	}
	tracefs_list_free(names);
	return swept + sweep_kprobes();
}
