/*
 * exit_mmap and its lock phases. The mmap:exit_mmap event (6.1+) fires at
 * the end of exit_mmap in the thread that tears the mm down; that thread's
 * mmap_lock sections on the same mm, walked back from the event, are the
 * phases. The victim's own exit path takes the lock before exit_mmap too
 * (exit_mm, after sched_process_exit), so those sections are left out.
 */
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "metrics_internal.h"

#define MAX_SECTIONS 16

struct section {
	uint64_t start, acquired, released;
	bool write;
};

/* The tearing thread's completed lock sections on mm, in [from, to]. */
static int collect_sections(const struct rb_events *evs, pid_t tid, uint64_t mm,
			    uint64_t from, uint64_t to, struct section *s, int max)
{
	struct section cur = { 0 };
	bool open = false;
	int n = 0;
	size_t i;

	for (i = 0; i < evs->n; i++) {
		const struct rb_event *e = &evs->ev[i];

		if (e->ts_ns < from)
			continue;
		if (e->ts_ns > to)
			break;
		if (e->tid != tid || e->kind > EV_LOCK_RELEASED || e->mm != mm)
			continue;
		switch (e->kind) {
		case EV_LOCK_START:
			cur = (struct section){ .start = e->ts_ns, .write = e->val != 0 };
			open = true;
			break;
		case EV_LOCK_ACQUIRED:
			if (!e->success) {
				open = false;
			} else {
				if (!open) /* a lock taken without start_locking (never seen) */
					cur = (struct section){ .start = e->ts_ns, .write = e->val != 0 };
				cur.acquired = e->ts_ns;
				open = true;
			}
			break;
		case EV_LOCK_RELEASED:
			if (open && cur.acquired) {
				cur.released = e->ts_ns;
				if (n == max) {
					memmove(s, s + 1, (max - 1) * sizeof(*s));
					n--;
				}
				s[n++] = cur;
			}
			open = false;
			break;
		}
	}
	return n;
}

static const struct rb_event *find_exit_mmap(const struct rb_analysis *a)
{
	size_t i;

	for (i = 0; i < a->evs->n; i++) {
		const struct rb_event *e = &a->evs->ev[i];

		if (e->kind != EV_EXIT_MMAP || e->ts_ns < a->t_trigger)
			continue;
		if (a->mm ? e->mm == a->mm : is_victim_tid(a->ctx, e->tid))
			return e;
	}
	return NULL;
}

/* The last exit_mmap entry kprobe of the tearing thread on the same mm before the event. */
static const struct rb_event *find_entry(const struct rb_analysis *a, const struct rb_event *e)
{
	const struct rb_event *found = NULL;
	size_t i;

	for (i = 0; i < a->evs->n && &a->evs->ev[i] != e; i++) {
		const struct rb_event *k = &a->evs->ev[i];

		if (k->kind == EV_EXIT_MMAP_ENTRY && k->tid == e->tid && k->mm == e->mm &&
		    k->ts_ns >= a->t_trigger)
			found = k;
	}
	return found;
}

/* The tearing thread's first unmap_vmas() kprobe on the mm in [from, the event]. */
static const struct rb_event *find_unmap(const struct rb_analysis *a, const struct rb_event *e,
					 uint64_t from)
{
	size_t i;

	for (i = 0; i < a->evs->n && &a->evs->ev[i] != e; i++) {
		const struct rb_event *k = &a->evs->ev[i];

		if (k->kind == EV_UNMAP_VMAS_ENTRY && k->tid == e->tid && k->mm == e->mm &&
		    k->ts_ns >= from)
			return k;
	}
	return NULL;
}

static uint64_t thread_exit_ts(const struct rb_analysis *a, pid_t tid)
{
	size_t i;

	for (i = 0; i < a->evs->n; i++) {
		const struct rb_event *e = &a->evs->ev[i];

		if (e->kind == EV_PROCESS_EXIT && e->target == tid && e->ts_ns >= a->t_trigger)
			return e->ts_ns;
	}
	return 0;
}

static void set_phases_absent(struct rb_metrics *out, const char *why)
{
	metrics_set_absent(out, "exit_write_hold_us", why);
	metrics_set_absent(out, "exit_unmap_us", why);
	metrics_set_absent(out, "exit_teardown_us", why);
	metrics_set_absent(out, "exit_write_wait_us", why);
	metrics_set_absent(out, "exit_read_wait_us", why);
}

/*
 * The lock pattern as a name, from where exit_mmap's unmap started (the
 * unmap_vmas kprobe at unmap_ts): a section ending before it is a "reap"
 * (read) or a "barrier" (write); the section holding it, and those after it,
 * are "read" or "write"; an unmap outside any section, or a teardown after
 * the last one (the mmap:exit_mmap event fires after the last release), is
 * "unlocked". 6.1+: read+write; handover-5.16: reap+barrier+unlocked;
 * rfc-2018: unlocked+write; wholelock-5.17: reap+write (write-only for an mm
 * that is no OOM victim). kernels/README.md lists them.
 */
static const char *flavour_by_unmap(const struct section *s, int n, uint64_t unmap_ts,
				    bool unlocked_tail, char *buf, size_t len)
{
	const char *parts[MAX_SECTIONS + 2];
	int np = 0, i;
	bool placed = false;
	size_t off = 0;

	for (i = 0; i < n; i++) {
		if (s[i].released < unmap_ts) {
			parts[np++] = s[i].write ? "barrier" : "reap";
			continue;
		}
		if (!placed && s[i].acquired > unmap_ts)
			parts[np++] = "unlocked";
		placed = true;
		parts[np++] = s[i].write ? "write" : "read";
	}
	if (!placed || unlocked_tail)
		parts[np++] = "unlocked";
	if (np == 1 && !strcmp(parts[0], "write"))
		return "write-only";
	if (np == 1 && !strcmp(parts[0], "read"))
		return "read-only";
	buf[0] = 0;
	for (i = 0; i < np; i++)
		off += snprintf(buf + off, len - off, "%s%s", i ? "+" : "", parts[i]);
	return buf;
}

/*
 * Without the unmap kprobe (older event files), letters alone: read+write
 * (6.1+), write-only, and the patterns of hand-overs that keep 6.12's locks.
 */
static const char *flavour_name(const struct section *s, int n, char *buf, size_t len)
{
	static const struct { const char *letters, *name; } known[] = {
		{ "RW", "read+write" }, { "W", "write-only" }, { "R", "read-only" },
		{ "WRW", "barrier+read+write" }, { "RWRW", "reap+barrier+read+write" },
	};
	char letters[MAX_SECTIONS + 1];
	size_t i, off = 0;

	for (i = 0; i < (size_t)n; i++)
		letters[i] = s[i].write ? 'W' : 'R';
	letters[n] = 0;
	for (i = 0; i < ARRAY_SIZE(known); i++)
		if (!strcmp(letters, known[i].letters))
			return known[i].name;
	buf[0] = 0;
	for (i = 0; i < (size_t)n; i++)
		off += snprintf(buf + off, len - off, "%s%s", i ? "+" : "",
				s[i].write ? "write" : "read");
	return buf;
}

static void all_absent(struct rb_metrics *out, const char *why)
{
	metrics_set_absent(out, "exit_mmap_us", why);
	metrics_set_absent(out, "exit_flavour", why);
	metrics_set_absent(out, "exit_handover_us", why);
	metrics_set_absent(out, "exit_prelock_us", why);
	set_phases_absent(out, why);
}

/* exit_mmap's write-held time: how long the reaper, process_mrelease and readers were out. */
static void set_write_hold(struct rb_metrics *out, const struct section *s, int n)
{
	double held = 0;
	bool any = false;
	int i;

	for (i = 0; i < n; i++)
		if (s[i].write) {
			held += ns_to_us(s[i].released - s[i].acquired);
			any = true;
		}
	if (any)
		metrics_set(out, "exit_write_hold_us", held);
	else
		metrics_set_absent(out, "exit_write_hold_us",
				   "exit_mmap took no write lock on this kernel");
}

/*
 * Where exit_mmap_us starts: the entry kprobe where there is one (then the
 * part before the first lock, mmu_notifier_release on 6.x, is exit_prelock_us),
 * else the first lock, as before (the part before it is not traced).
 */
static uint64_t set_start(struct rb_metrics *out, const struct rb_event *entry,
			  uint64_t first_lock)
{
	if (!entry || entry->ts_ns > first_lock) {
		metrics_set_absent(out, "exit_prelock_us",
				   entry ? "exit_mmap's entry kprobe came after its first lock" :
				   "no kprobe at exit_mmap's entry (kernel without kprobe_events): "
				   "exit_mmap_us starts at its first lock");
		return first_lock;
	}
	metrics_set(out, "exit_prelock_us", ns_to_us(first_lock - entry->ts_ns));
	return entry->ts_ns;
}

/* The span exit_mmap_us measured, for metrics_reaper_met_exit(). */
static void set_span(struct rb_analysis *a, const struct rb_event *e, uint64_t start,
		     uint64_t end)
{
	a->exit_start = start;
	a->exit_end = end;
	a->exit_mm = e->mm;
	a->exit_tid = e->tid;
}

/*
 * The phases when the unmap_vmas kprobe says where the unmap started
 * (sections s[0..n) are exit_mmap's, from its entry kprobe on): the section
 * holding the unmap is the unmap phase (a write one also holds the
 * teardown), the last write section from the unmap on is the teardown;
 * sections ended before the unmap are the hand-over (self-reap, barrier).
 */
static void phases_by_unmap(struct rb_analysis *a, const struct rb_event *e,
			    const struct rb_event *entry, const struct rb_event *unmap,
			    const struct section *s, int n)
{
	struct rb_metrics *out = a->out;
	const struct section *r = NULL, *w = NULL;
	bool tail = n == 0 || e->ts_ns > s[n - 1].released;
	uint64_t start = n ? set_start(out, entry, s[0].start) : entry->ts_ns;
	uint64_t end = n && s[n - 1].released > e->ts_ns ? s[n - 1].released : e->ts_ns;
	char buf[128];
	int i;

	for (i = 0; i < n; i++) {
		if (s[i].acquired <= unmap->ts_ns && unmap->ts_ns <= s[i].released)
			r = &s[i];
		if (s[i].write && s[i].released >= unmap->ts_ns)
			w = &s[i];
	}
	metrics_set_text(out, "exit_flavour",
			 flavour_by_unmap(s, n, unmap->ts_ns, tail, buf, sizeof(buf)));
	metrics_set(out, "exit_mmap_us", ns_to_us(end - start));
	set_span(a, e, start, end);
	if (!n)
		metrics_set_absent(out, "exit_prelock_us", "exit_mmap took no mmap_lock on this kernel");
	set_write_hold(out, s, n);
	if (n && s[0].released < unmap->ts_ns)
		metrics_set(out, "exit_handover_us", ns_to_us(unmap->ts_ns - s[0].start));
	else
		metrics_set_absent(out, "exit_handover_us",
				   "exit_mmap took no lock before its unmap on this kernel");
	if (r && !r->write) {
		metrics_set(out, "exit_unmap_us", ns_to_us(r->released - r->acquired));
		metrics_set(out, "exit_read_wait_us", ns_to_us(r->acquired - r->start));
	} else {
		const char *why = r ? "unmap runs inside the write-locked section on this kernel" :
				      "unmap ran without mmap_lock on this kernel";

		metrics_set_absent(out, "exit_unmap_us", why);
		metrics_set_absent(out, "exit_read_wait_us", why);
	}
	if (w) {
		metrics_set(out, "exit_teardown_us", ns_to_us(w->released - w->acquired));
		metrics_set(out, "exit_write_wait_us", ns_to_us(w->acquired - w->start));
	} else {
		const char *why = "the teardown ran without mmap_lock on this kernel";

		metrics_set_absent(out, "exit_teardown_us", why);
		metrics_set_absent(out, "exit_write_wait_us", why);
	}
	metrics_set_text(out, "exit_mmap_in", rb_role_names[role_of(a, e->tid)]);
}

void metrics_exit_mmap(struct rb_analysis *a)
{
	struct rb_metrics *out = a->out;
	struct section s[MAX_SECTIONS];
	const struct rb_event *e;
	const struct section *w, *r = NULL;
	const struct rb_event *entry;
	uint64_t from, start, end, t_exit;
	const struct rb_event *unmap;
	const char *flavour, *method;
	char pattern[64], tail[80];
	int n, first = 0, begin;

	if (!a->ctx->have[EV_EXIT_MMAP])
		return all_absent(out, "kernel lacks the mmap:exit_mmap tracepoint (added in 6.1)");
	e = find_exit_mmap(a);
	if (!e)
		return all_absent(out, "no mmap:exit_mmap event for the victim's mm");
	if (a->ctx->pid_filter && role_of(a, e->tid) == ROLE_NONE)
		return all_absent(out, "exit_mmap ran in a thread outside the suite's (it held the "
				  "last mm reference); lock events were recorded for the suite's "
				  "threads only (run --no-pid-filter)");
	/*
	 * Where exit_mmap begins: its entry kprobe where the kernel has kprobes;
	 * else, when sched_process_exit fires before exit_mm (6.18), the first
	 * read section after it is exit_mm's; else (6.12: the event comes after
	 * exit_mmap) the pattern below alone: a read section directly before the
	 * final write section is taken as exit_mmap's unmap.
	 */
	from = a->t_trigger;
	entry = find_entry(a, e);
	t_exit = thread_exit_ts(a, e->tid);
	if (entry) {
		from = entry->ts_ns;
		method = "kprobe";
	} else if (t_exit && t_exit < e->ts_ns) {
		from = t_exit;
		method = "exit-order";
	} else {
		method = "pattern";
	}
	/*
	 * The event fires before the final write release (maple tree destruction
	 * in between: ~2 us on 6.18 here, up to ms under QEMU TCG): sections that
	 * started before the event are followed until they close.
	 */
	n = collect_sections(a->evs, e->tid, e->mm, from, e->ts_ns + NSEC_PER_SEC, s,
			     MAX_SECTIONS);
	while (n > 0 && s[n - 1].start > e->ts_ns)
		n--;	/* sections after the event belong to someone else's life */
	if (!strcmp(method, "exit-order") && n > 1 && !s[0].write)
		first = 1;	/* exit_mm */
	metrics_set_text(out, "exit_phase_method", method);
	unmap = entry ? find_unmap(a, e, entry->ts_ns) : NULL;
	if (unmap)
		return phases_by_unmap(a, e, entry, unmap, s + first, n - first);
	if (n <= first) {
		metrics_set_absent(out, "exit_mmap_us",
				   "exit_mmap took no mmap_lock on this kernel: its start is not traced");
		metrics_set_absent(out, "exit_prelock_us", "exit_mmap took no mmap_lock on this kernel");
		metrics_set_text(out, "exit_flavour", "unlocked");
		set_phases_absent(out, "exit_mmap took no mmap_lock on this kernel");
		return;
	}
	/*
	 * The last section is the teardown (write) on 6.1+, the one before it the
	 * unmap (read). With the entry kprobe every section after it is exit_mmap's
	 * (the pre-5.17 hand-over adds a self-reap and a write barrier before the
	 * unmap). Without it only that pattern is taken: an earlier write section
	 * may be khugepaged_exit()'s, an earlier read section exit_mm()'s.
	 */
	w = &s[n - 1];
	begin = n - 1;
	if (!w->write) {
		r = w;
		w = NULL;
	} else if (n - 1 > first && !s[n - 2].write) {
		r = &s[n - 2];
		begin = n - 2;
	}
	if (!strcmp(method, "kprobe"))
		begin = first;
	flavour = flavour_name(s + begin, n - begin, pattern, sizeof(pattern));
	if (e->ts_ns > s[n - 1].released) {
		/* the event fires in the final write hold on 6.1+: the teardown took no lock */
		snprintf(tail, sizeof(tail), "%s+unlocked", flavour);
		flavour = tail;
	}
	if (r && r != &s[begin])
		metrics_set(out, "exit_handover_us", ns_to_us(r->start - s[begin].start));
	else
		metrics_set_absent(out, "exit_handover_us",
				   "exit_mmap took no lock before its unmap on this kernel");
	metrics_set_text(out, "exit_flavour", flavour);
	start = set_start(out, entry, s[begin].start);
	set_write_hold(out, s + begin, n - begin);
	end = e->ts_ns;
	if (s[n - 1].released > end)
		end = s[n - 1].released;
	metrics_set(out, "exit_mmap_us", ns_to_us(end - start));
	set_span(a, e, start, end);
	if (r) {
		metrics_set(out, "exit_unmap_us", ns_to_us(r->released - r->acquired));
		metrics_set(out, "exit_read_wait_us", ns_to_us(r->acquired - r->start));
	} else {
		const char *why = "unmap runs inside the write-locked section on this kernel";

		metrics_set_absent(out, "exit_unmap_us", why);
		metrics_set_absent(out, "exit_read_wait_us", why);
	}
	if (w) {
		metrics_set(out, "exit_teardown_us", ns_to_us(w->released - w->acquired));
		metrics_set(out, "exit_write_wait_us", ns_to_us(w->acquired - w->start));
	} else {
		const char *why = "exit_mmap took no write lock on this kernel";

		metrics_set_absent(out, "exit_teardown_us", why);
		metrics_set_absent(out, "exit_write_wait_us", why);
	}
	metrics_set_text(out, "exit_mmap_in", rb_role_names[role_of(a, e->tid)]);
}
