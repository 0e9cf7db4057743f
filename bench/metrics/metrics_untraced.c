/* --no-trace: keep the metrics the table says come from user space or perf,
 * mark the tracepoint ones absent. */
#include <string.h>

#include "metric_table.h"

void metrics_mark_untraced(struct rb_metrics *m)
{
	int i;

	for (i = 0; i < m->n; i++) {
		struct rb_metric *x = &m->m[i];
		const struct rb_metric_def *d = metric_def_find(x->name);
		bool keep = d && d->source != RB_SRC_TRACE;

		/* an OOM kill's moment comes from oom:mark_victim: its reason names the event */
		if (!keep || (x->absent[0] && strstr(x->absent, "event")))
			metrics_set_absent(m, x->name, "tracing off");
	}
}
