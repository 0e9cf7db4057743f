/* The rb_metrics container: set, get, absent, invalid. */
#include <stdio.h>
#include <string.h>

#include "metrics.h"

const char *const rb_role_names[ROLE_NR] = {
	[ROLE_NONE] = "none",
	[ROLE_VICTIM] = "victim",
	[ROLE_REAPER] = "reaper",
	[ROLE_MRELEASE] = "mrelease",
	[ROLE_CONTENDER] = "contender",
};

static struct rb_metric *slot(struct rb_metrics *ms, const char *name)
{
	struct rb_metric *m;
	int i;

	for (i = 0; i < ms->n; i++)
		if (!strcmp(ms->m[i].name, name))
			return &ms->m[i];
	if (ms->n == RB_MAX_METRICS)
		return NULL;
	m = &ms->m[ms->n++];
	memset(m, 0, sizeof(*m));
	snprintf(m->name, sizeof(m->name), "%s", name);
	return m;
}

void metrics_set(struct rb_metrics *ms, const char *name, double value)
{
	struct rb_metric *m = slot(ms, name);

	if (!m)
		return;
	m->value = value;
	m->text[0] = 0;
	m->absent[0] = 0;
}

void metrics_set_text(struct rb_metrics *ms, const char *name, const char *text)
{
	struct rb_metric *m = slot(ms, name);

	if (!m)
		return;
	m->value = 0;
	snprintf(m->text, sizeof(m->text), "%s", text);
	m->absent[0] = 0;
}

void metrics_set_absent(struct rb_metrics *ms, const char *name, const char *why)
{
	struct rb_metric *m = slot(ms, name);

	if (!m)
		return;
	m->value = 0;
	m->text[0] = 0;
	snprintf(m->absent, sizeof(m->absent), "%s", why);
}

const struct rb_metric *metrics_get(const struct rb_metrics *ms, const char *name)
{
	int i;

	for (i = 0; i < ms->n; i++)
		if (!strcmp(ms->m[i].name, name))
			return &ms->m[i];
	return NULL;
}

void metrics_invalidate(struct rb_metrics *ms, const char *why)
{
	if (!ms->valid)
		return;
	ms->valid = false;
	snprintf(ms->invalid_reason, sizeof(ms->invalid_reason), "%s", why);
}
