/* Matching stored A/A margins to a comparison (margins.h). */
#include "margins.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

void runset_machine(const char *info_json, char *buf, size_t len)
{
	json_t *j = info_json ? json_loads(info_json, 0, NULL) : NULL;
	const char *cpu = json_string_value(json_object_get(j, "cpu_model"));
	json_int_t cpus = json_integer_value(json_object_get(j, "cpus_online"));
	json_int_t mem = json_integer_value(json_object_get(j, "memory_bytes"));

	buf[0] = 0;
	if (cpu || cpus || mem)
		snprintf(buf, len, "%s, %lld CPUs, %lld MiB", cpu ? cpu : "?", (long long)cpus,
			 (long long)(mem >> 20));
	json_decref(j);
}

int margin_set_load(struct rb_store *st, const struct rb_runset_info *a, const char *from_label,
		    struct rb_margin_set *out)
{
	memset(out, 0, sizeof(*out));
	runset_machine(a->info_json, out->machine, sizeof(out->machine));
	/* margins of another kernel say nothing about this one's noise */
	if (!a->kernel_release)
		return 0;
	if (store_margins_load(st, a->kernel_release, from_label, &out->m, &out->n))
		return -1;
	out->from = calloc(out->n + 1, sizeof(*out->from));
	if (!out->from)
		goto oom;
	for (size_t i = 0; i < out->n; i++) {
		const struct rb_margin *m = &out->m[i];
		int len = snprintf(NULL, 0, "%s (%ld boots, built %s)", m->runset_label, m->boots,
				   m->built_at ? m->built_at : "?");

		out->from[i] = malloc((size_t)len + 1);
		if (!out->from[i])
			goto oom;
		snprintf(out->from[i], (size_t)len + 1, "%s (%ld boots, built %s)", m->runset_label,
			 m->boots, m->built_at ? m->built_at : "?");
	}
	return 0;
oom:
	margin_set_free(out);
	return err_msg("out of memory\n");
}

void margin_set_free(struct rb_margin_set *ms)
{
	for (size_t i = 0; ms->from && i < ms->n; i++)
		free(ms->from[i]);
	free(ms->from);
	store_margins_free(ms->m, ms->n);
	memset(ms, 0, sizeof(*ms));
}

double margin_set_lookup(const char *scenario, const char *metric, enum rb_scale scale,
			 const char **from, void *ctx)
{
	const struct rb_margin_set *ms = ctx;

	*from = NULL;
	for (size_t i = 0; ms && i < ms->n; i++) {
		const struct rb_margin *m = &ms->m[i];

		if (strcmp(m->scenario, scenario) || strcmp(m->metric, metric) ||
		    strcmp(m->scale, rb_scale_names[scale]))
			continue;
		/* another machine's noise is not this one's */
		if (ms->machine[0] && m->machine && m->machine[0] && strcmp(m->machine, ms->machine))
			continue;
		if (!(m->margin > 0) || isinf(m->margin))
			continue;
		*from = ms->from[i];
		return m->margin;
	}
	return NAN;
}
