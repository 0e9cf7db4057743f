/*
 * mmap_lock waits by role on the victim's mm (start_locking -> acquire_returned
 * in the same thread), holds (acquire_returned success=1 -> released), failed
 * acquisitions, and rwsem contention nested inside those waits
 * (lock:contention_begin/end with READ or WRITE flags).
 *
 * A failed acquisition (success=0) is a trylock or a killable lock that gave
 * up (-EINTR). A trylock never sleeps, so no contention_begin comes between
 * its start_locking and acquire_returned; a killable lock fails only after
 * queueing in the rwsem slow path, which emits contention_begin. Callers by
 * role: the oom_reaper's mmap_read_trylock; process_mrelease's
 * mmap_read_lock_killable; in a victim thread the page fault's
 * mmap_read_trylock (lock_mm_and_find_vma), the only trylock a dying task
 * takes on its mm, and its killable fallback. Without lock:contention_*
 * (before 5.19) the two kinds cannot be told apart: every failure then counts
 * as a trylock.
 */
#include <stdio.h>
#include <string.h>

#include "metrics_internal.h"

#define LCB_F_SPIN 1
#define LCB_F_READ 2
#define LCB_F_WRITE 4

/* Waits and holds are summed in integer ns and converted once at the end:
 * summing rounded microsecond floats made equal totals differ and broke rank
 * ties. */
struct role_acc {
	uint64_t sum_ns, max_ns, hold_sum_ns, hold_max_ns;
	unsigned acquires, trylock_fail, lock_intr;
};

/* a + b, saturating: a wait sum never wraps into a small number. */
static uint64_t add_ns(uint64_t a, uint64_t b)
{
	uint64_t s;

	return __builtin_add_overflow(a, b, &s) ? UINT64_MAX : s;
}

/* Per-thread open acquisition; threads are few, a small table is enough. */
struct pending {
	pid_t tid;
	uint64_t start;		/* start_locking on the victim's mm, 0 if none */
	uint64_t cont_begin;	/* rwsem contention_begin inside it, 0 if none */
	uint64_t cont_lock;
	bool contended;		/* a contention_begin came inside the wait: not a trylock */
	uint64_t held;		/* acquired on the victim's mm, 0 if not held */
};

#define MAX_PENDING 256

static struct pending *pending_of(struct pending *p, int *n, pid_t tid)
{
	int i;

	for (i = 0; i < *n; i++)
		if (p[i].tid == tid)
			return &p[i];
	if (*n == MAX_PENDING)
		return NULL;
	p[*n] = (struct pending){ .tid = tid };
	return &p[(*n)++];
}

static bool role_present(const struct rb_analysis *a, enum rb_role r, const char **why)
{
	switch (r) {
	case ROLE_VICTIM:
		return true;
	case ROLE_REAPER:
		*why = a->ctx->oom_kill ? "oom_reaper kthread not found" :
			"not an OOM kill: the oom_reaper is not involved";
		return a->ctx->oom_kill && a->reaper_tid > 0;
	case ROLE_MRELEASE:
		*why = "trigger does not call process_mrelease";
		return a->ctx->mrelease_tid > 0;
	case ROLE_CONTENDER:
		*why = "no contender in this scenario";
		return a->ctx->n_contender_tids > 0;
	default:
		return false;
	}
}

static void store_roles(struct rb_analysis *a, const struct role_acc *acc)
{
	char name[48];
	int r;

	for (r = ROLE_VICTIM; r < ROLE_NR; r++) {
		const char *role = rb_role_names[r];
		const char *why = "";
		bool present = role_present(a, r, &why);

		if (present && !a->mm)
			why = "the victim's mm was never seen in mmap_lock events";
		present = present && a->mm;
#define PUT(fmt, val)								\
		do {								\
			snprintf(name, sizeof(name), fmt, role);		\
			if (present)						\
				metrics_set(a->out, name, (val));		\
			else							\
				metrics_set_absent(a->out, name, why);		\
		} while (0)
		PUT("lock_wait_us.%s.sum", ns_to_us(acc[r].sum_ns));
		PUT("lock_wait_us.%s.max", ns_to_us(acc[r].max_ns));
		PUT("lock_acquire_n.%s", acc[r].acquires);
		PUT("trylock_fail_n.%s", acc[r].trylock_fail);
		PUT("lock_intr_n.%s", acc[r].lock_intr);
		PUT("lock_hold_us.%s.sum", ns_to_us(acc[r].hold_sum_ns));
		PUT("lock_hold_us.%s.max", ns_to_us(acc[r].hold_max_ns));
#undef PUT
	}
}

void metrics_lock_waits(struct rb_analysis *a)
{
	struct role_acc acc[ROLE_NR];
	struct pending pend[MAX_PENDING];
	uint64_t cont_ns = 0;
	unsigned cont_n = 0;
	int npend = 0;
	size_t i;

	memset(acc, 0, sizeof(acc));
	for (i = 0; a->mm && i < a->evs->n; i++) {
		const struct rb_event *e = &a->evs->ev[i];
		enum rb_role r;
		struct pending *p;

		if (e->ts_ns < a->t_trigger)
			continue;
		r = role_of(a, e->tid);
		if (r == ROLE_NONE)
			continue;
		p = pending_of(pend, &npend, e->tid);
		if (!p)
			continue;
		switch (e->kind) {
		case EV_LOCK_START:
			p->start = e->mm == a->mm ? e->ts_ns : 0;
			p->cont_begin = 0;
			p->contended = false;
			break;
		case EV_LOCK_ACQUIRED:
			if (!p->start || e->mm != a->mm)
				break;
			if (e->success) {
				uint64_t w = e->ts_ns - p->start;

				acc[r].sum_ns = add_ns(acc[r].sum_ns, w);
				if (w > acc[r].max_ns)
					acc[r].max_ns = w;
				acc[r].acquires++;
				p->held = e->ts_ns;
			} else if (p->contended) {
				acc[r].lock_intr++;
			} else {
				acc[r].trylock_fail++;
			}
			p->start = 0;
			break;
		case EV_LOCK_RELEASED:
			if (p->held && e->mm == a->mm) {
				uint64_t h = e->ts_ns - p->held;

				acc[r].hold_sum_ns = add_ns(acc[r].hold_sum_ns, h);
				if (h > acc[r].hold_max_ns)
					acc[r].hold_max_ns = h;
				p->held = 0;
			}
			break;
		case EV_CONTENTION_BEGIN:
			if (p->start && !p->cont_begin && (e->val & (LCB_F_READ | LCB_F_WRITE)) &&
			    !(e->val & LCB_F_SPIN)) {
				p->cont_begin = e->ts_ns;
				p->cont_lock = e->lock_addr;
				p->contended = true;
			}
			break;
		case EV_CONTENTION_END:
			if (p->cont_begin && e->lock_addr == p->cont_lock) {
				cont_ns = add_ns(cont_ns, e->ts_ns - p->cont_begin);
				cont_n++;
				p->cont_begin = 0;
			}
			break;
		default:
			break;
		}
	}
	store_roles(a, acc);
	if (!a->ctx->have[EV_CONTENTION_BEGIN]) {
		const char *why = "kernel lacks lock:contention_begin (added in 5.19)";

		metrics_set_absent(a->out, "contention_us", why);
		metrics_set_absent(a->out, "contention_n", why);
	} else if (!a->mm) {
		const char *why = "the victim's mm was never seen in mmap_lock events";

		metrics_set_absent(a->out, "contention_us", why);
		metrics_set_absent(a->out, "contention_n", why);
	} else {
		metrics_set(a->out, "contention_us", ns_to_us(cont_ns));
		metrics_set(a->out, "contention_n", cont_n);
	}
}
