/*
 * A/A self-check: compare random halves of one run set. Every flagged row is
 * a false positive by construction, so the flagged share estimates how often
 * compare cries wolf with this data and method. The halves are made of whole
 * boots (the unit of replication); runs whose boot was not recorded count as
 * boots of their own.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "common.h"
#include "compare.h"

struct run_slot {
	const char *scenario;
	int64_t run;
	const char *boot;	/* NULL: not recorded */
	int half;
};

static int cmp_slot(const void *x, const void *y)
{
	const struct run_slot *a = x, *b = y;
	int c = strcmp(a->scenario, b->scenario);

	return c ? c : (a->run > b->run) - (a->run < b->run);
}

/* Distinct (scenario, run) pairs, sorted, so runs split whole: all metrics of
 * a run land in the same half. */
static struct run_slot *collect_runs(const struct rb_sample *smp, size_t *n)
{
	size_t total = 0, i, j, k = 0;
	struct run_slot *r;

	for (i = 0; i < smp->n; i++)
		total += smp->s[i].n;
	r = malloc((total + 1) * sizeof(*r));
	if (!r)
		return NULL;
	for (i = 0; i < smp->n; i++)
		for (j = 0; j < smp->s[i].n; j++)
			r[k++] = (struct run_slot){ smp->s[i].scenario, smp->s[i].o[j].run,
						    smp->s[i].o[j].boot, 0 };
	qsort(r, k, sizeof(*r), cmp_slot);
	for (i = 0, j = 0; i < k; i++)
		if (!j || cmp_slot(&r[j - 1], &r[i]))
			r[j++] = r[i];
	*n = j;
	return r;
}

/* Slot k's group within block [i, j): the first slot of its boot, or itself. */
static size_t group_of(const struct run_slot *r, size_t i, size_t k)
{
	size_t g;

	if (!r[k].boot)
		return k;
	for (g = i; g < k; g++)
		if (r[g].boot && !strcmp(r[g].boot, r[k].boot))
			return g;
	return k;
}

/* Shuffle each scenario's boots and give the first half of them to A. */
static void assign_halves(struct run_slot *r, size_t n, gsl_rng *rng)
{
	size_t i = 0, j, k;

	while (i < n) {
		size_t *groups, ng = 0;

		for (j = i; j < n && !strcmp(r[j].scenario, r[i].scenario); j++)
			;
		groups = malloc((j - i) * sizeof(*groups));
		for (k = i; groups && k < j; k++)
			if (group_of(r, i, k) == k)
				groups[ng++] = k;
		if (groups)
			gsl_ran_shuffle(rng, groups, ng, sizeof(*groups));
		/* a group's leader takes its half from its place in the shuffle */
		for (k = 0; groups && k < ng; k++)
			r[groups[k]].half = k >= ng / 2;
		for (k = i; k < j; k++)
			r[k].half = groups ? r[group_of(r, i, k)].half : (k - i) >= (j - i) / 2;
		free(groups);
		i = j;
	}
}

static int split_once(const struct rb_sample *smp, struct run_slot *slots, size_t ns,
		      const struct rb_cmp_cfg *cfg, struct rb_cmp *out)
{
	struct rb_sample half[2] = { 0 };
	size_t i, j;
	int ret = -1;

	for (i = 0; i < smp->n; i++) {
		const struct rb_series *s = &smp->s[i];

		for (j = 0; j < s->n; j++) {
			const struct rb_obs *o = &s->o[j];
			struct run_slot key = { s->scenario, o->run, NULL, 0 };
			struct run_slot *slot = bsearch(&key, slots, ns, sizeof(*slots), cmp_slot);
			struct rb_sweep_point pt = { s->sweep_param, s->sweep_value,
						     s->sweep2_param, s->sweep2_value };

			if (!slot || sample_add_obs(&half[slot->half], s->base, &pt, s->metric, o))
				goto out;
			/* a series loaded for its lock pattern only stays so */
			if (s->context)
				sample_series(&half[slot->half], s->base, &pt, s->metric)->context = 1;
		}
	}
	ret = compare_samples(&half[0], &half[1], cfg, out);
out:
	sample_free(&half[0]);
	sample_free(&half[1]);
	return ret;
}

int compare_split(const struct rb_sample *smp, unsigned repeats, const struct rb_cmp_cfg *cfg,
		  FILE *log, struct rb_split_result *res)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	size_t ns = 0;
	struct run_slot *slots = collect_runs(smp, &ns);
	unsigned k;
	int ret = -1;

	memset(res, 0, sizeof(*res));
	res->seed = cfg->seed;
	if (!rng || !slots) {
		err_msg("out of memory\n");
		goto out;
	}
	gsl_rng_set(rng, cfg->seed);
	for (k = 0; k < repeats; k++) {
		struct rb_cmp c;
		size_t flagged;

		assign_halves(slots, ns, rng);
		if (split_once(smp, slots, ns, cfg, &c))
			goto out;
		flagged = c.n_regressed + c.n_improved + c.n_changed;
		for (size_t i = 0; i < c.n; i++) {
			const struct rb_boot_test *t = &c.rows[i].bt;
			const struct rb_cmp_row *r = &c.rows[i];

			if (r->family == FAMILY_PRIMARY && !isnan(r->p_family)) {
				res->primary_tested++;
				res->primary_flagged += r->verdict == VERDICT_REGRESSED ||
							r->verdict == VERDICT_IMPROVED ||
							r->verdict == VERDICT_CHANGED;
			}
			res->rows_raw += t->p < cfg->alpha;	/* NaN compares false */
			if (!isnan(t->p) && (!res->boots_min || t->boots_a < res->boots_min))
				res->boots_min = t->boots_a;
			if (!isnan(t->p) && t->boots_b < res->boots_min)
				res->boots_min = t->boots_b;
		}
		res->rows_tested += c.n_tested;
		res->rows_flagged += flagged;
		res->splits_with_flag += flagged > 0;
		if (log)
			fprintf(log, "# split %3u: %zu of %zu tested rows flagged\n",
				k + 1, flagged, c.n_tested);
		compare_free(&c);
	}
	res->repeats = repeats;
	ret = 0;
out:
	free(slots);
	gsl_rng_free(rng);
	return ret;
}
