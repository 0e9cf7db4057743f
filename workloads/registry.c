/* The one table of shapes, triggers and contenders. */
#include <string.h>

#include "workload.h"

extern const struct rb_shape_ops shape_anon, shape_mlock, shape_vmas, shape_thp, shape_shmem,
	shape_file, shape_threads, shape_numa, shape_pgtables;
extern const struct rb_trigger_ops trigger_kill, trigger_mrelease, trigger_memcg_oom,
	trigger_stall, trigger_kill_pinned, trigger_memcg_oom_multi, trigger_reaper_fail;
extern const struct rb_contender_ops contender_maps_reader, contender_madvise, contender_churn;

const struct rb_shape_ops *const rb_shapes[] = {
	&shape_anon,
	&shape_mlock,
	&shape_vmas,
	&shape_thp,
	&shape_shmem,
	&shape_file,
	&shape_threads,
	&shape_numa,
	&shape_pgtables,
	NULL,
};

const struct rb_trigger_ops *const rb_triggers[] = {
	&trigger_kill,
	&trigger_mrelease,
	&trigger_memcg_oom,
	&trigger_stall,
	&trigger_kill_pinned,
	&trigger_memcg_oom_multi,
	&trigger_reaper_fail,
	NULL,
};

const struct rb_contender_ops *const rb_contenders[] = {
	&contender_maps_reader,
	&contender_madvise,
	&contender_churn,
	NULL,
};

#define FIND(list, name)					\
	do {							\
		int i;						\
		for (i = 0; list[i]; i++)			\
			if (!strcmp(list[i]->name, name))	\
				return list[i];			\
		return NULL;					\
	} while (0)

const struct rb_shape_ops *shape_find(const char *name) { FIND(rb_shapes, name); }
const struct rb_trigger_ops *trigger_find(const char *name) { FIND(rb_triggers, name); }
const struct rb_contender_ops *contender_find(const char *name) { FIND(rb_contenders, name); }

const struct rb_param_def *piece_param_find(const char *name)
{
	const struct rb_param_def *d = NULL;
	int i;

	for (i = 0; !d && rb_shapes[i]; i++)
		d = param_def_in(rb_shapes[i]->params, name);
	for (i = 0; !d && rb_triggers[i]; i++)
		d = param_def_in(rb_triggers[i]->params, name);
	for (i = 0; !d && rb_contenders[i]; i++)
		d = param_def_in(rb_contenders[i]->params, name);
	return d;
}
