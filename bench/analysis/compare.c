#include "compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "compare_boot.h"
#include "phase_moves.h"
#include "verdict_class.h"

#define RB_STR_(x) #x
#define RB_STR(x) RB_STR_(x)

enum rb_better metric_better(const char *metric, int is_text, const char **hit)
{
	const struct rb_metric_def *d = metric_def_find(metric);

	*hit = NULL;
	if (!d || is_text != (d->unit == RB_UNIT_TEXT))
		return BETTER_UNKNOWN;
	switch (d->direction) {
	case RB_DIR_LOWER:
		return BETTER_LOWER;
	case RB_DIR_HIGHER:
		*hit = d->hit;
		return BETTER_HIGHER;
	default:
		return BETTER_UNKNOWN;
	}
}

void compare_cfg_default(struct rb_cmp_cfg *cfg)
{
	cfg->alpha = RB_ALPHA;
	cfg->resamples = RB_BOOT_RESAMPLES;
	cfg->seed = RB_BOOT_SEED;
	cfg->warmup = RB_WARMUP_DEFAULT;
	cfg->margin = NULL;
	cfg->margin_ctx = NULL;
	cfg->margin_from = NULL;
}

static void series_free(struct rb_series *s)
{
	size_t j;

	for (j = 0; j < s->n; j++) {
		free(s->o[j].text);
		free(s->o[j].absent);
		free(s->o[j].boot);
	}
	free(s->o);
	free(s->scenario);
	free(s->metric);
	free(s->base);
	free(s->sweep_param);
	free(s->sweep2_param);
}

/* "base@p=v" or "base@p=v@p2=v2": the display key of a sweep point */
static void point_key(char *key, size_t len, const char *base, const struct rb_sweep_point *pt)
{
	int n = snprintf(key, len, "%s@%s=%.10g", base, pt->param, pt->value);

	if (pt->param2 && n > 0 && (size_t)n < len)
		snprintf(key + n, len - n, "@%s=%.10g", pt->param2, pt->value2);
}

static struct rb_series *series_get(struct rb_sample *smp, const char *scenario,
				    const struct rb_sweep_point *pt, const char *metric)
{
	static const struct rb_sweep_point none = { 0 };
	struct rb_series *s;
	char key[256];
	size_t i;

	if (!pt)
		pt = &none;
	/* sweep points of one scenario are separate rows: never pool them. The
	 * runner may already name the point ("anon-128M-stall@stall=1500ms"). */
	if (pt->param && !strchr(scenario, '@'))
		point_key(key, sizeof(key), scenario, pt);
	else
		snprintf(key, sizeof(key), "%s", scenario);
	/* rows arrive grouped, so the last series is nearly always the one */
	for (i = smp->n; i-- > 0;)
		if (!strcmp(smp->s[i].metric, metric) && !strcmp(smp->s[i].scenario, key))
			return &smp->s[i];
	if (smp->n == smp->cap) {
		size_t cap = smp->cap ? 2 * smp->cap : 32;
		struct rb_series *p = realloc(smp->s, cap * sizeof(*p));

		if (!p)
			return NULL;
		smp->s = p;
		smp->cap = cap;
	}
	s = &smp->s[smp->n];
	memset(s, 0, sizeof(*s));
	s->scenario = strdup(key);
	s->metric = strdup(metric);
	/* the base groups the points of one sweep: the name before '@' */
	s->base = pt->param ? strndup(scenario, strcspn(scenario, "@")) : strdup(scenario);
	s->sweep_param = pt->param ? strdup(pt->param) : NULL;
	s->sweep_value = pt->value;
	/* a second parameter only on a point of a first one */
	s->sweep2_param = pt->param && pt->param2 ? strdup(pt->param2) : NULL;
	s->sweep2_value = s->sweep2_param ? pt->value2 : 0;
	if (!s->scenario || !s->metric || !s->base || (pt->param && !s->sweep_param) ||
	    (pt->param && pt->param2 && !s->sweep2_param)) {
		series_free(s);
		return NULL;
	}
	smp->n++;
	return s;
}

struct rb_series *sample_series(struct rb_sample *smp, const char *scenario,
				const struct rb_sweep_point *pt, const char *metric)
{
	return series_get(smp, scenario, pt, metric);
}

int sample_add(struct rb_sample *smp, const char *scenario, const char *sweep_param,
	       double sweep_value, const char *metric, int64_t run, const double *value,
	       const char *text, const char *absent)
{
	struct rb_sweep_point pt = { sweep_param, sweep_value, NULL, 0 };

	return sample_add_at(smp, scenario, &pt, metric, run, value, text, absent);
}

int sample_add_at(struct rb_sample *smp, const char *scenario, const struct rb_sweep_point *pt,
		  const char *metric, int64_t run, const double *value, const char *text,
		  const char *absent)
{
	struct rb_series *s = series_get(smp, scenario, pt, metric);
	struct rb_obs *o;

	if (!s)
		return err_msg("out of memory\n");
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;
		struct rb_obs *p = realloc(s->o, cap * sizeof(*p));

		if (!p)
			return err_msg("out of memory\n");
		s->o = p;
		s->cap = cap;
	}
	o = &s->o[s->n];
	memset(o, 0, sizeof(*o));
	o->run = run;
	if (absent)
		o->absent = strdup(absent);
	else if (text)
		o->text = strdup(text);
	else if (value)
		o->value = *value;
	else
		o->absent = strdup("no value");
	if ((absent || text || !value) && !o->absent && !o->text)
		return err_msg("out of memory\n");
	s->n++;
	return 0;
}

int sample_add_obs(struct rb_sample *smp, const char *scenario, const struct rb_sweep_point *pt,
		   const char *metric, const struct rb_obs *o)
{
	struct rb_series *s;

	if (sample_add_at(smp, scenario, pt, metric, o->run, o->text || o->absent ? NULL : &o->value,
			  o->text, o->absent))
		return -1;
	if (!o->boot)
		return 0;
	/* the series just appended to is the one the observation went into */
	s = series_get(smp, scenario, pt, metric);
	if (!s || !(s->o[s->n - 1].boot = strdup(o->boot)))
		return err_msg("out of memory\n");
	return 0;
}

static int load_row(const struct rb_metric_row *row, void *ctx)
{
	struct rb_sweep_point pt = { row->sweep_param, row->sweep_value,
				     row->sweep2_param, row->sweep2_value };

	/* the run's boot (schema 3 on) rides along: the unit of replication */
	struct rb_obs o = {
		.run = row->run_id,
		.boot = row->boot_id && *row->boot_id ? (char *)row->boot_id : NULL,
		.value = row->has_value ? row->value : 0,
		.text = (char *)row->text,
		.absent = (char *)(row->has_value || row->text || row->absent ? row->absent :
				   "no value"),
	};

	return sample_add_obs(ctx, row->scenario, &pt, row->name, &o);
}

int sample_load(struct rb_store *st, int64_t runset_id, const char *scenario_glob,
		const char *metric_glob, struct rb_sample *out)
{
	memset(out, 0, sizeof(*out));
	if (store_q_metrics(st, runset_id, scenario_glob, metric_glob, load_row, out)) {
		sample_free(out);
		return -1;
	}
	return 0;
}

int sample_load_flavours(struct rb_store *st, int64_t runset_id, const char *scenario_glob,
			 struct rb_sample *smp)
{
	struct rb_sample fl;
	struct rb_series *p;
	size_t i;

	for (i = 0; i < smp->n; i++)
		if (!strcmp(smp->s[i].metric, PHASE_FLAVOUR_METRIC))
			return 0;
	if (sample_load(st, runset_id, scenario_glob, PHASE_FLAVOUR_METRIC, &fl))
		return -1;
	if (!fl.n)
		return 0;
	p = realloc(smp->s, (smp->n + fl.n) * sizeof(*p));
	if (!p) {
		sample_free(&fl);
		return err_msg("out of memory\n");
	}
	smp->s = p;
	for (i = 0; i < fl.n; i++) {
		fl.s[i].context = 1;
		smp->s[smp->n++] = fl.s[i];
	}
	smp->cap = smp->n;
	free(fl.s);	/* the series moved, not their contents */
	return 0;
}

void sample_free(struct rb_sample *smp)
{
	size_t i;

	for (i = 0; i < smp->n; i++)
		series_free(&smp->s[i]);
	free(smp->s);
	memset(smp, 0, sizeof(*smp));
}

int sample_set_boot(struct rb_sample *smp, int64_t run, const char *boot)
{
	size_t i, j;

	for (i = 0; i < smp->n; i++)
		for (j = 0; j < smp->s[i].n; j++) {
			struct rb_obs *o = &smp->s[i].o[j];

			if (o->run != run)
				continue;
			free(o->boot);
			o->boot = boot ? strdup(boot) : NULL;
			if (boot && !o->boot)
				return err_msg("out of memory\n");
		}
	return 0;
}

static const char *single_base(const struct rb_sample *s)
{
	size_t i;

	for (i = 1; i < s->n; i++)
		if (strcmp(s->s[i].base, s->s[0].base))
			return NULL;
	return s->n ? s->s[0].base : NULL;
}

static int series_rename(struct rb_series *s, const char *base)
{
	struct rb_sweep_point pt = { s->sweep_param, s->sweep_value, s->sweep2_param,
				     s->sweep2_value };
	char key[512];
	char *b = strdup(base), *k;

	if (s->sweep_param)
		point_key(key, sizeof(key), base, &pt);
	else
		snprintf(key, sizeof(key), "%s", base);
	k = strdup(key);
	if (!b || !k) {
		free(b);
		free(k);
		return -1;
	}
	free(s->base);
	free(s->scenario);
	s->base = b;
	s->scenario = k;
	return 0;
}

int sample_pair_single(struct rb_sample *a, struct rb_sample *b, char *note, size_t len)
{
	const char *ba = single_base(a), *bb = single_base(b);
	char name[256];
	size_t i;

	if (!ba || !bb || !strcmp(ba, bb))
		return 0;
	snprintf(name, sizeof(name), "%s vs %s", ba, bb);
	snprintf(note, len, "A's only scenario %s paired with B's only scenario %s", ba, bb);
	for (i = 0; i < a->n; i++)
		if (series_rename(&a->s[i], name))
			return err_msg("out of memory\n");
	for (i = 0; i < b->n; i++)
		if (series_rename(&b->s[i], name))
			return err_msg("out of memory\n");
	return 1;
}

static int series_is_text(const struct rb_series *s)
{
	size_t i;

	for (i = 0; s && i < s->n; i++)
		if (s->o[i].text)
			return 1;
	return 0;
}

/* The most frequent text value: what an unknown text metric's share counts. */
static const char *modal_text(const struct rb_series *s)
{
	const char *best = NULL;
	size_t i, j, best_n = 0;

	for (i = 0; s && i < s->n; i++) {
		size_t c = 0;

		if (!s->o[i].text)
			continue;
		for (j = 0; j < s->n; j++)
			c += s->o[j].text && !strcmp(s->o[j].text, s->o[i].text);
		if (c > best_n) {
			best_n = c;
			best = s->o[i].text;
		}
	}
	return best;
}

/* Fill one side's counts; values (numeric only) go to v, which holds s->n. */
static size_t side_fill(const struct rb_series *s, const char *hit, struct rb_side *side, double *v)
{
	size_t i, nv = 0;

	memset(side, 0, sizeof(*side));
	for (i = 0; s && i < s->n; i++) {
		const struct rb_obs *o = &s->o[i];

		if (o->absent) {
			if (!side->absent++)
				side->absent_reason = o->absent;
		} else if (o->text) {
			side->total++;
			side->hits += hit && !strcmp(o->text, hit);
		} else {
			v[nv++] = o->value;
		}
	}
	side->share = side->total ? (double)side->hits / side->total : NAN;
	return nv;
}

static int row_fill(struct rb_cmp_row *r, const struct rb_series *sa, const struct rb_series *sb,
		    const struct rb_cmp_cfg *cfg)
{
	size_t na, nb;
	double *va, *vb;
	int ret = -1;

	r->scenario = sa ? sa->scenario : sb->scenario;
	r->metric = sa ? sa->metric : sb->metric;
	r->base = sa ? sa->base : sb->base;
	r->sweep_param = sa ? sa->sweep_param : sb->sweep_param;
	r->sweep_value = sa ? sa->sweep_value : sb->sweep_value;
	r->sweep2_param = sa ? sa->sweep2_param : sb->sweep2_param;
	r->sweep2_value = sa ? sa->sweep2_value : sb->sweep2_value;
	r->is_text = series_is_text(sa) || series_is_text(sb);
	r->better = metric_better(r->metric, r->is_text, &r->hit);
	if (r->is_text && !r->hit)
		r->hit = modal_text(series_is_text(sa) ? sa : sb);
	r->p = r->p_adj = r->change = NAN;
	r->ci.ratio = r->ci.lo = r->ci.hi = NAN;
	va = malloc(((sa ? sa->n : 0) + 1) * sizeof(*va));
	vb = malloc(((sb ? sb->n : 0) + 1) * sizeof(*vb));
	if (!va || !vb)
		goto out;
	na = side_fill(sa, r->hit, &r->a, va);
	nb = side_fill(sb, r->hit, &r->b, vb);
	if (stats_describe(va, na, &r->a.d) || stats_describe(vb, nb, &r->b.d))
		goto out;
	ret = 0;
	if (r->is_text) {
		if (!r->a.total || !r->b.total) {
			r->untested = "no value on a side";
			goto out;
		}
		r->change = r->b.share - r->a.share;
		/* every run with the same value: the permutation null is degenerate */
		if ((r->a.hits == r->a.total && r->b.hits == r->b.total) ||
		    (!r->a.hits && !r->b.hits)) {
			r->untested = "all values equal";
			goto out;
		}
		r->test = "fisher";
		r->p = stats_fisher_2x2(r->a.hits, r->a.total - r->a.hits,
					r->b.hits, r->b.total - r->b.hits);
		goto out;
	}
	if (na && nb)
		r->change = stats_rel_change(r->a.d.median, r->b.d.median);
	if (!na || !nb) {
		r->untested = "no value on a side";
		goto out;
	}
	if (na < RB_MIN_N || nb < RB_MIN_N) {
		r->untested = "n < " RB_STR(RB_MIN_N) " on a side";
		goto out;
	}
	/*
	 * All pooled values equal (lost_events 0 everywhere): the test has no
	 * information and p would be 1. Leaving such rows out of the Holm
	 * family is valid because the choice depends only on the pooled
	 * values, which the null hypothesis does not change.
	 */
	if (r->a.d.min == r->a.d.max && r->b.d.min == r->b.d.max && r->a.d.min == r->b.d.min) {
		r->untested = "all values equal";
		goto out;
	}
	if (stats_boot_median_ratio(va, na, vb, nb, cfg->resamples, cfg->seed, &r->ci)) {
		ret = -1;
		goto out;
	}
	{
		struct rb_mw mw;

		if (stats_mann_whitney(va, na, vb, nb, &mw)) {
			ret = -1;
			goto out;
		}
		r->p = mw.p;
		r->test = mw.exact ? "mann-whitney-exact" : "mann-whitney-normal";
		r->min_p = mw.min_p;
	}
out:
	free(va);
	free(vb);
	return ret;
}

/* The boot-level test and effects of a row (doc/STATISTICS.md). */
static int row_boot(struct rb_cmp_row *r, const struct rb_series *sa, const struct rb_series *sb,
		    const struct rb_cmp_cfg *cfg)
{
	struct rb_boots a, b;
	int ua = 0, ub = 0, ret = -1;

	r->family = compare_family(r->metric, r->better);
	r->p_family = NAN;
	r->margin = NAN;
	r->margin_from = NULL;
	boot_test_summaries(NULL, 0, NULL, 0, cfg->alpha, SCALE_LINEAR, &r->bt);
	memset(&r->fx, 0, sizeof(r->fx));
	r->fx.hl.est = r->fx.hl.lo = r->fx.hl.hi = r->fx.p_b_gt_a = NAN;
	r->fx.hl_boot = r->fx.hl;
	for (size_t q = 0; q < RB_QSHIFT_N; q++)
		r->fx.q[q] = r->fx.hl;
	if (!sa || !sb)
		return 0;
	if (side_boots(sa, r->hit, r->is_text, cfg->warmup, &a, &ua))
		return err_msg("out of memory\n");
	if (side_boots(sb, r->hit, r->is_text, cfg->warmup, &b, &ub)) {
		boots_free(&a);
		return err_msg("out of memory\n");
	}
	r->boots_unrecorded = ua || ub;
	r->warmup_a = a.n_warmup;
	r->warmup_b = b.n_warmup;
	/* shares are per-boot means of 0/1 on the linear scale */
	if (boot_test(&a, &b, cfg->alpha, &r->bt))
		goto out;
	/* a margin is only usable on the scale this row is tested on */
	if (cfg->margin)
		r->margin = cfg->margin(r->scenario, r->metric, r->bt.scale, &r->margin_from,
					cfg->margin_ctx);
	if (!r->is_text && effects_compute(&a, &b, cfg->alpha, cfg->resamples, cfg->seed, &r->fx))
		goto out;
	ret = 0;
out:
	boots_free(&a);
	boots_free(&b);
	return ret ? err_msg("out of memory\n") : 0;
}

int sweep_point_cmp(const struct rb_series *a, const struct rb_series *b)
{
	int c = 0;

	/* a 2-D sweep by its first parameter, then by the second: rows per
	 * point in numeric order, not by name ("200us" before "50us") */
	if (a->sweep_param && b->sweep_param)
		c = strcmp(a->sweep_param, b->sweep_param);
	if (!c && a->sweep_value != b->sweep_value)
		c = a->sweep_value < b->sweep_value ? -1 : 1;
	if (!c && !a->sweep2_param != !b->sweep2_param)
		c = a->sweep2_param ? 1 : -1;
	if (!c && a->sweep2_param)
		c = strcmp(a->sweep2_param, b->sweep2_param);
	if (!c && a->sweep2_value != b->sweep2_value)
		c = a->sweep2_value < b->sweep2_value ? -1 : 1;
	return c;
}

static int cmp_series(const void *x, const void *y)
{
	const struct rb_series *a = *(const struct rb_series *const *)x;
	const struct rb_series *b = *(const struct rb_series *const *)y;
	int c = strcmp(a->base, b->base);

	/* sweep points in numeric order, then metrics by name */
	if (!c)
		c = sweep_point_cmp(a, b);
	if (!c)
		c = strcmp(a->scenario, b->scenario);
	return c ? c : strcmp(a->metric, b->metric);
}

static const struct rb_series **sorted_series(const struct rb_sample *s)
{
	const struct rb_series **p = malloc((s->n + 1) * sizeof(*p));
	size_t i;

	if (!p)
		return NULL;
	for (i = 0; i < s->n; i++)
		p[i] = &s->s[i];
	qsort(p, s->n, sizeof(*p), cmp_series);
	return p;
}

static enum rb_verdict class_verdict(enum rb_class k)
{
	static const enum rb_verdict map[] = {
		[CLASS_NA] = VERDICT_NA, [CLASS_REGRESSED] = VERDICT_REGRESSED,
		[CLASS_IMPROVED] = VERDICT_IMPROVED, [CLASS_EQUIVALENT] = VERDICT_EQUIVALENT,
		[CLASS_INCONCLUSIVE] = VERDICT_INCONCLUSIVE, [CLASS_CHANGED] = VERDICT_CHANGED,
		[CLASS_MOVED] = VERDICT_MOVED,
	};

	return map[k];
}

/*
 * Families: Holm over the primary rows' boot-level p, BH over the secondary
 * ones, nothing for the rest; then each row's class. The run-level p keeps
 * its Holm adjustment over every tested row as a description (p_adj). A
 * phase across unlike lock patterns (phase_moves.h) is no hypothesis worth
 * testing: it stays out of its family and is "moved".
 */
static int apply_families(struct rb_cmp *c)
{
	double *p = malloc((c->n + 1) * sizeof(*p)), *adj = malloc((c->n + 1) * sizeof(*adj));
	enum rb_family *fam = malloc((c->n + 1) * sizeof(*fam));
	size_t i;
	int ret = -1;

	if (!p || !adj || !fam)
		goto out;
	for (i = 0; i < c->n; i++)
		p[i] = c->rows[i].p;
	stats_holm(p, adj, c->n);
	for (i = 0; i < c->n; i++) {
		c->rows[i].p_adj = adj[i];
		/* a row the run-level screen left untested stays out of the families */
		p[i] = c->rows[i].untested || phase_row_moved(c, &c->rows[i]) ? NAN :
			c->rows[i].bt.p;
		fam[i] = c->rows[i].family;
	}
	if (family_adjust(p, fam, adj, c->n))
		goto out;
	for (i = 0; i < c->n; i++) {
		struct rb_cmp_row *r = &c->rows[i];
		enum rb_class k;

		r->p_family = adj[i];
		k = verdict_classify(r->bt.diff, r->bt.lo, r->bt.hi, r->p_family, c->cfg.alpha,
				     r->margin, r->better);
		r->verdict = class_verdict(k);
		/* identical values on both sides: the difference is exactly 0 */
		if (r->untested && !strcmp(r->untested, "all values equal"))
			r->verdict = VERDICT_EQUIVALENT;
		if (phase_row_moved(c, r))
			r->verdict = class_verdict(CLASS_MOVED);
		c->n_moved += r->verdict == VERDICT_MOVED;
		c->n_primary += r->family == FAMILY_PRIMARY && !isnan(r->p_family);
		c->n_secondary += r->family == FAMILY_SECONDARY && !isnan(r->p_family);
		c->n_tested += !isnan(r->p_family);
		c->n_regressed += r->verdict == VERDICT_REGRESSED;
		c->n_improved += r->verdict == VERDICT_IMPROVED;
		c->n_changed += r->verdict == VERDICT_CHANGED;
		c->n_equivalent += r->verdict == VERDICT_EQUIVALENT;
		c->n_inconclusive += r->verdict == VERDICT_INCONCLUSIVE;
		c->boots_unrecorded |= r->boots_unrecorded;
	}
	/* say so when too few runs make every verdict inconclusive by construction */
	c->underpowered = c->n_tested > 0;
	for (i = 0; i < c->n; i++)
		if (!isnan(c->rows[i].p_family) && c->rows[i].min_p * c->n_tested < c->cfg.alpha)
			c->underpowered = 0;
	ret = 0;
out:
	free(p);
	free(adj);
	free(fam);
	return ret ? err_msg("out of memory\n") : 0;
}

int compare_samples(const struct rb_sample *a, const struct rb_sample *b,
		    const struct rb_cmp_cfg *cfg, struct rb_cmp *out)
{
	const struct rb_series **sa = sorted_series(a), **sb = sorted_series(b);
	size_t i = 0, j = 0;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	out->cfg = *cfg;
	out->rows = calloc(a->n + b->n + 1, sizeof(*out->rows));
	if (!sa || !sb || !out->rows) {
		err_msg("out of memory\n");
		goto out;
	}
	/* each side's lock pattern first: it decides which runs a phase row takes */
	if (phase_flavours_fill(out, sa, a->n, sb, b->n) ||
	    phase_like_subsets(out, sa, a->n, sb, b->n))
		goto out;
	/* merge the two sorted lists: a row for every scenario/metric on either side */
	while (i < a->n || j < b->n) {
		int c = i == a->n ? 1 : j == b->n ? -1 : cmp_series(&sa[i], &sb[j]);
		const struct rb_series *x = c <= 0 ? sa[i++] : NULL;
		const struct rb_series *y = c >= 0 ? sb[j++] : NULL;

		if ((x && x->context) || (y && y->context))
			continue;

		if (row_fill(&out->rows[out->n], x, y, cfg) || row_boot(&out->rows[out->n], x, y, cfg))
			goto out;
		out->n++;
	}
	if (apply_families(out))
		goto out;
	ret = 0;
out:
	free(sa);
	free(sb);
	if (ret)
		compare_free(out);
	return ret;
}

int compare_primary_resolved(const struct rb_cmp *c)
{
	size_t i, primary = 0;

	for (i = 0; i < c->n; i++) {
		const struct rb_cmp_row *r = &c->rows[i];

		if (r->family != FAMILY_PRIMARY)
			continue;
		primary++;
		if (r->verdict != VERDICT_REGRESSED && r->verdict != VERDICT_IMPROVED &&
		    r->verdict != VERDICT_EQUIVALENT && r->verdict != VERDICT_CHANGED)
			return 0;
	}
	return primary > 0;
}

void compare_free(struct rb_cmp *c)
{
	free(c->rows);
	free(c->flavours);
	sample_free(&c->like[0]);
	sample_free(&c->like[1]);
	memset(c, 0, sizeof(*c));
}

double compare_series_margin(const struct rb_series *s, const struct rb_cmp_cfg *cfg,
			     enum rb_family *family, enum rb_scale *scale, size_t *boots)
{
	int is_text = series_is_text(s), unrecorded;
	const char *hit;
	enum rb_better better = metric_better(s->metric, is_text, &hit);
	struct rb_boots b;

	if (is_text && !hit)
		hit = modal_text(s);
	*family = compare_family(s->metric, better);
	*boots = 0;
	if (!side_boots(s, hit, is_text, cfg->warmup, &b, &unrecorded)) {
		*boots = unrecorded ? 0 : b.n_boots;
		boots_free(&b);
	}
	return series_aa_margin(s, hit, is_text, cfg->warmup, cfg->seed, scale);
}
