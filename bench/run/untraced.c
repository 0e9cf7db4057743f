/* --no-trace: keep the user-space metrics, mark the tracepoint ones absent. */
#include <string.h>

#include "perf_window.h"

/* Measured with the user-space clock or memcg files, valid without tracing. */
static const char *const user_space_metrics[] = {
	"kill_to_reaped_us", "mem_release_us", "mrelease_us", "mrelease_ret",
	"mrelease_start_after_kill_us", "memcg_oom_kill_n", "memcg_peak_bytes",
	"victim_life_us", NULL,
};

void metrics_mark_untraced(struct rb_metrics *m)
{
	int i, j;

	for (i = 0; i < m->n; i++) {
		struct rb_metric *x = &m->m[i];
		bool keep = !strncmp(x->name, "perf", 4);

		for (j = 0; !keep && user_space_metrics[j]; j++)
			keep = !strcmp(x->name, user_space_metrics[j]);
		/* an OOM kill's moment comes from oom:mark_victim: its reason names the event */
		if (!keep || (x->absent[0] && strstr(x->absent, "event")))
			metrics_set_absent(m, x->name, "tracing off");
	}
}
