#include "compare_boot.h"
#include "metric_table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum rb_family compare_family(const char *metric, enum rb_better better)
{
	const struct rb_metric_def *d = metric_def_find(metric);

	/* a metric the table does not know has no kind: keep it out of the families */
	if (!d || better == BETTER_UNKNOWN)
		return FAMILY_NONE;
	switch (d->kind) {
	case RB_KIND_PRIMARY:
		return FAMILY_PRIMARY;
	case RB_KIND_SECONDARY:
		return FAMILY_SECONDARY;
	default:		/* descriptors and tool health are outside */
		return FAMILY_NONE;
	}
}

/* Small index for a boot id string: its position among the distinct ids. */
static int64_t boot_key(const char **seen, size_t *n, const char *id)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (!strcmp(seen[i], id))
			return (int64_t)i;
	seen[*n] = id;
	return (int64_t)(*n)++;
}

int side_boots(const struct rb_series *s, const char *hit, int is_text, unsigned warmup,
	       struct rb_boots *out, int *unrecorded)
{
	size_t n = s ? s->n : 0, i, k = 0, nseen = 0;
	double *x = malloc((n ? n : 1) * sizeof(*x));
	int64_t *boot = malloc((n ? n : 1) * sizeof(*boot));
	const char **seen = malloc((n ? n : 1) * sizeof(*seen));
	int ret = -1;

	*unrecorded = 0;
	memset(out, 0, sizeof(*out));
	if (!x || !boot || !seen)
		goto out;
	for (i = 0; i < n; i++) {
		const struct rb_obs *o = &s->o[i];

		if (o->absent || (!is_text && o->text) || (is_text && !o->text))
			continue;
		x[k] = is_text ? (hit && !strcmp(o->text, hit)) : o->value;
		if (o->boot) {
			boot[k] = boot_key(seen, &nseen, o->boot);
		} else {
			/* not recorded: the run stands for its boot, the old assumption */
			*unrecorded = 1;
			boot[k] = -1 - (int64_t)i;
		}
		k++;
	}
	/* One boot (host runs between two reboots) leaves nothing to compare
	 * boots with: the runs stand for boots, as when none was recorded. */
	if (!*unrecorded && nseen == 1 && k > 1) {
		*unrecorded = 1;
		for (i = 0; i < k; i++)
			boot[i] = -1 - (int64_t)i;
	}
	/* warm-up is only known with boots: a run-as-boot would lose every run */
	ret = boots_group(x, boot, k, *unrecorded ? 0 : warmup, out);
out:
	free(x);
	free(boot);
	free(seen);
	return ret;
}

double series_aa_margin(const struct rb_series *s, const char *hit, int is_text,
			unsigned warmup, unsigned long seed, enum rb_scale *scale)
{
	struct rb_boots b;
	double *sum, margin = NAN;
	int unrecorded;
	size_t i;

	if (side_boots(s, hit, is_text, warmup, &b, &unrecorded))
		return NAN;
	*scale = boots_all_positive(&b) ? SCALE_LOG : SCALE_LINEAR;
	sum = malloc((b.n_boots ? b.n_boots : 1) * sizeof(*sum));
	if (sum && !unrecorded) {
		for (i = 0; i < b.n_boots; i++)
			sum[i] = boot_summary(&b, i, *scale);
		margin = boot_margin_from_aa(sum, b.n_boots, seed);
	}
	free(sum);
	boots_free(&b);
	return margin;
}
