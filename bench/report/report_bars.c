/*
 * The stacked-bar figures of a report: exit_mmap's phases (the median of
 * each, in the order exit_mmap runs them, with exit_mmap_us's median beside
 * the stack) and the oom_reaper's outcome shares (n under each bar, the
 * Wilson 95% interval of the reaped share). Bars sit on explicit x
 * positions, A and B side by side per scenario, so that labels, n and
 * markers line up with them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "compare_fmt.h"
#include "exit_phases.h"
#include "metric_table.h"
#include "report_plot.h"
#include "sweep.h"

/*
 * Stacked bars on explicit x positions, shared by the phase and outcome
 * figures: one group per scenario (A and B side by side, a gap between
 * groups), tick labels "A"/"B" (or the scenario with one run set) with n
 * below, and the scenario centred under its group on the last line.
 * Block 0 (bars): x tick values..., tops..., extras...; block 1: group labels.
 */
static double bar_x(size_t group, int k, int single)
{
	return single ? (double)group : group * 3.0 + k;
}

/* Characters that fit under `units` bar widths of a figure with `slots`
 * units in all (bars, gaps), at about 6.5 px a character. */
static size_t fit_chars(const struct rb_plotter *p, double units, double slots)
{
	double n = p->width * 0.85 / (slots > 0 ? slots : 1) * units / 6.5;

	return n < 10 ? 10 : n > 90 ? 90 : (size_t)n;
}

/* The common "base@" of sweep points' names, dropped under the bars and
 * said once in the title: 0 when the scenarios share none. */
static size_t common_base(const char *const *scen, size_t ng)
{
	const char *at = ng > 1 ? strchr(scen[0], '@') : NULL;
	size_t len = at ? (size_t)(at - scen[0]) + 1 : 0, g;

	for (g = 1; len && g < ng; g++)
		if (strncmp(scen[g], scen[0], len))
			len = 0;
	return len;
}

static void bar_tick(char *buf, size_t len, const struct rb_plotter *p, size_t ng,
		     const char *scen, size_t skip, int k, size_t n)
{
	char s[128];

	if (p->single)
		snprintf(buf, len, "%s\\nn=%zu", ng == 1 ? p->label_a :
			 fig_shorten(s, sizeof(s), scen + skip, fit_chars(p, 1, ng)), n);
	else
		snprintf(buf, len, "%c\\nn=%zu", "AB"[k], n);
}

/* Group labels under A/B pairs (block 1), ellipsized to the group's width. */
static void group_labels(FILE *f, const struct rb_plotter *p, const char *const *scen, size_t ng,
			 size_t skip)
{
	char s[128];
	size_t g;

	fprintf(f, "\n\n# group x, scenario\n");
	for (g = 0; !p->single && g < ng; g++)
		fprintf(f, "%.10g \"\\n\\n%s\"\n", g * 3.0 + 0.5,
			fig_shorten(s, sizeof(s), scen[g] + skip, fit_chars(p, 2.6, 3.0 * ng)));
	if (p->single || !ng)
		fprintf(f, "NaN \"\"\n");
}

int plot_phases(struct rb_plotter *p, const struct rb_cmp *c)
{
	/* by position in rb_exit_phases: before the lock olive, hand-over brown,
	 * read wait purple, unmap blue, write wait orange, teardown green */
	static const char *const phase_colours[] = { "#bcbd22", "#8c564b", "#8172b2", "#4c72b0",
						     "#dd8452", "#55a868", "#c44e52", "#da8bc3" };
	const struct rb_exit_phase *ph;
	const char *phase[16], *scen[64];
	char path[4096], title[512], vars[3000], q[200], ylab[64], tick[96];
	size_t nph = 0, ng = 0, i, j, off = 0, n, skip;
	double max = 0, div, top;
	int k, absent = 0;
	FILE *f;

	/* the phases measured in any scenario, in exit_mmap's order */
	for (ph = rb_exit_phases; ph->metric && nph < ARRAY_SIZE(phase); ph++)
		for (i = 0; i < c->n; i++)
			if (!strcmp(c->rows[i].metric, ph->metric) &&
			    (c->rows[i].a.d.n || (!p->single && c->rows[i].b.d.n))) {
				phase[nph++] = ph->metric;
				break;
			}
	for (i = 0; i < c->n && ng < ARRAY_SIZE(scen); i++) {
		int have = 0;

		if (i && !strcmp(c->rows[i - 1].scenario, c->rows[i].scenario))
			continue;
		for (j = 0; j < nph; j++)
			have |= fig_find_row(c, c->rows[i].scenario, phase[j]) != NULL;
		if (have)
			scen[ng++] = c->rows[i].scenario;
	}
	if (!nph || !ng)
		return 0;
	skip = common_base(scen, ng);
	f = fig_data_open(p, "phases", path, sizeof(path));
	if (!f)
		return -1;
	fprintf(f, "# reapbench exit_mmap phases: median per phase (us), stacked in exit_mmap's "
		   "order, and the median of exit_mmap_us itself; %s%s%s%s\n",
		p->single ? "run set " : "A = ", p->label_a, p->single ? "" : ", B = ",
		p->single ? "" : p->label_b);
	fprintf(f, "# x tick");
	for (j = 0; j < nph; j++)
		fprintf(f, " %s", phase[j]);
	for (j = 0; j < nph; j++)
		fprintf(f, " top_%zu", j + 1);
	fprintf(f, " exit_mmap_us   (a phase not measured: 0)\n");
	for (i = 0; i < ng; i++) {
		for (k = 0; k < 2 - p->single; k++) {
			const struct rb_cmp_row *t = fig_find_row(c, scen[i], "exit_mmap_us");
			const struct rb_desc *td = t ? (k ? &t->b.d : &t->a.d) : NULL;
			double med[16];

			n = 0;
			for (j = 0; j < nph; j++) {
				const struct rb_cmp_row *r = fig_find_row(c, scen[i], phase[j]);
				const struct rb_desc *d = r ? (k ? &r->b.d : &r->a.d) : NULL;

				med[j] = d && !isnan(d->median) ? d->median : 0;
				absent += !d || isnan(d->median);
				if (d && d->n > n)
					n = d->n;
			}
			bar_tick(tick, sizeof(tick), p, ng, scen[i], skip, k, n);
			fprintf(f, "%.10g \"%s\"", bar_x(i, k, p->single), tick);
			for (j = 0; j < nph; j++)
				fprintf(f, " %.10g", med[j]);
			for (j = 0, top = 0; j < nph; j++) {
				top += med[j];
				fprintf(f, " %.10g", top);
			}
			max = fmax(max, top);
			if (td && !isnan(td->median))
				max = fmax(max, td->median);
			fprintf(f, " %.10g\n", td ? td->median : NAN);
		}
	}
	group_labels(f, p, scen, ng, skip);
	fig_data_close(p);
	for (j = 0; j < nph; j++) {
		const struct rb_exit_phase *e = exit_phase_find(phase[j]);

		/* a phase keeps its colour whichever others a kernel lacks */
		off += snprintf(vars + off, sizeof(vars) - off, "ph%zu=%s; pc%zu='%s'; ", j + 1,
				gp_quote(q, sizeof(q), e->label), j + 1,
				phase_colours[(size_t)(e - rb_exit_phases) % ARRAY_SIZE(phase_colours)]);
	}
	fig_unit("exit_mmap_us", max, &div);
	snprintf(ylab, sizeof(ylab), "median time (%s)", fig_unit("exit_mmap_us", max, &div));
	snprintf(vars + off, sizeof(vars) - off, "np=%zu; ydiv=%.10g", nph, div);
	if (ng == 1)
		snprintf(title, sizeof(title), "exit_mmap phases (median), %s%s", scen[0],
			 absent ? "; 0: not measured" : "");
	else
		snprintf(title, sizeof(title), "exit_mmap phases (median)%s%.*s%s",
			 skip ? ", " : "", (int)(skip ? skip - 1 : 0), scen[0],
			 absent ? "; 0: not measured" : "");
	if (fig_render(p, "phases", "phases", path, title, NULL, ylab, vars) ||
	    fig_caption(p, "Where exit_mmap spends its time: the median of each phase, stacked in "
		    "the order the phases run (%zu phases measured), per scenario%s; the black "
		    "bar marks the median of exit_mmap_us itself, so a gap above the stack is "
		    "time outside the measured phases.", nph, p->single ? "" : ", A beside B"))
		return -1;
	return 1;
}

/* Bars in compare's row order: a sweep's points by value (their names sort
 * "stall=2s" after "stall=2500ms", "1000ms" before "500ms"), the rest by name. */
static int series_order(const void *x, const void *y)
{
	const struct rb_series *a = *(const struct rb_series *const *)x;
	const struct rb_series *b = *(const struct rb_series *const *)y;
	int c = strcmp(a->base, b->base);

	if (!c)
		c = sweep_point_cmp(a, b);
	return c ? c : strcmp(a->scenario, b->scenario);
}

static void count_outcomes(const struct rb_series *s, const char *const *cats, size_t nc,
			   double *n, double *tot)
{
	size_t j, c;

	memset(n, 0, (nc + 1) * sizeof(*n));
	*tot = 0;
	for (j = 0; s && j < s->n; j++) {
		if (!s->o[j].text)
			continue;
		for (c = 0; c < nc && strcmp(s->o[j].text, cats[c]); c++)
			;
		n[c]++;
		(*tot)++;
	}
}

/* Was outcome t seen in either side's reaper_outcome? */
static int outcome_seen(const struct rb_sample *const side[2], const char *t)
{
	size_t i, j;
	int k;

	for (k = 0; k < 2; k++)
		for (i = 0; i < side[k]->n; i++)
			for (j = 0; !strcmp(side[k]->s[i].metric, "reaper_outcome") &&
				    j < side[k]->s[i].n; j++)
				if (side[k]->s[i].o[j].text && !strcmp(side[k]->s[i].o[j].text, t))
					return 1;
	return 0;
}

/* The outcome names that occur: the hit (reaped) first, then in the order of
 * metrics_reaper.c's classes (rb_reaper_outcomes), then others as first seen. */
static size_t outcome_cats(const struct rb_sample *const side[2], const char *hit,
			   const char **cats, size_t max, int *other)
{
	size_t nc = 0, i, j, c;
	int k;

	cats[nc++] = hit;
	for (i = 0; rb_reaper_outcomes[i] && nc < max; i++)
		if (strcmp(rb_reaper_outcomes[i], hit) && outcome_seen(side, rb_reaper_outcomes[i]))
			cats[nc++] = rb_reaper_outcomes[i];
	for (k = 0; k < 2; k++)
		for (i = 0; i < side[k]->n; i++) {
			const struct rb_series *s = &side[k]->s[i];

			if (strcmp(s->metric, "reaper_outcome"))
				continue;
			for (j = 0; j < s->n; j++) {
				if (!s->o[j].text)
					continue;
				for (c = 0; c < nc && strcmp(cats[c], s->o[j].text); c++)
					;
				if (c == nc && nc < max)
					cats[nc++] = s->o[j].text;
				else if (c == nc)
					*other = 1;	/* more names than colours: "other" */
			}
		}
	return nc;
}

/* One colour per outcome in every figure: green for reaped, red for a
 * reaper that gave up, grey where it had nothing to do. */
static const char *outcome_colour(const char *outcome, size_t i)
{
	static const struct {
		const char *name, *rgb;
	} known[] = {
		{ "reaped", "#55a868" }, { "reaped_after_retries", "#8fd19e" },
		{ "found_oom_skip", "#dd8452" }, { "unable_to_reap", "#c44e52" },
		{ "failed", "#c44e52" }, { "not_needed", "#8c8c8c" }, { "skipped", "#e0c060" },
	};
	static const char *const more[] = { "#8172b2", "#937860", "#da8bc3", "#17becf" };
	size_t k;

	for (k = 0; k < ARRAY_SIZE(known); k++)
		if (!strcmp(known[k].name, outcome))
			return known[k].rgb;
	return more[i % ARRAY_SIZE(more)];
}

int plot_outcomes(struct rb_plotter *p, const struct rb_sample *a, const struct rb_sample *b)
{
	const struct rb_sample *side[2] = { a, p->single ? a : b };
	const struct rb_metric_def *def = metric_def_find("reaper_outcome");
	const char *hit = def && def->hit ? def->hit : "reaped";
	const char *cats[12], *scen[64];
	char path[4096], title[512], tick[96], vars[3000], q[100], lab[64];
	const struct rb_series **order = malloc((a->n + 1) * sizeof(*order));
	size_t i, c, nc, ncol, n_order = 0, ng = 0, off = 0, ntot = 0, skip;
	int k, other = 0;
	FILE *f;

	if (!order)
		return err_msg("out of memory\n");
	for (i = 0; i < a->n; i++)
		if (!strcmp(a->s[i].metric, "reaper_outcome"))
			order[n_order++] = &a->s[i];
	qsort(order, n_order, sizeof(*order), series_order);
	for (i = 0; i < n_order && ng < ARRAY_SIZE(scen); i++) {
		double n[13], tot[2];

		/* not an OOM kill: the outcome is absent on both sides, nothing to draw */
		count_outcomes(order[i], cats, 0, n, &tot[0]);
		count_outcomes(fig_find_series(side[1], order[i]->scenario, "reaper_outcome"), cats, 0,
			       n, &tot[1]);
		if (tot[0] || tot[1])
			scen[ng++] = order[i]->scenario;
	}
	free(order);
	if (!ng)
		return 0;
	nc = outcome_cats(side, hit, cats, ARRAY_SIZE(cats), &other);
	skip = common_base(scen, ng);
	ncol = nc + other;
	f = fig_data_open(p, "outcome", path, sizeof(path));
	if (!f)
		return -1;
	fprintf(f, "# reapbench reaper_outcome shares (%% of runs with an outcome), stacked; "
		   "Wilson 95%% interval of the %s share\n# x tick", hit);
	for (c = 0; c < ncol; c++)
		fprintf(f, " %s", c < nc ? cats[c] : "other");
	for (c = 0; c < ncol; c++)
		fprintf(f, " top_%zu", c + 1);
	fprintf(f, " %s_lo %s_hi n\n", hit, hit);
	for (i = 0; i < ng; i++) {
		for (k = 0; k < 2 - p->single; k++) {
			const struct rb_series *s = fig_find_series(side[k], scen[i], "reaper_outcome");
			double n[13], tot, top = 0, lo, hi;

			count_outcomes(s, cats, nc, n, &tot);
			fig_wilson(n[0], tot, &lo, &hi);
			bar_tick(tick, sizeof(tick), p, ng, scen[i], skip, k, (size_t)tot);
			fprintf(f, "%.10g \"%s\"", bar_x(i, k, p->single), tick);
			for (c = 0; c < ncol; c++)
				fprintf(f, " %.6g", tot ? 100 * n[c] / tot : NAN);
			for (c = 0; c < ncol; c++) {
				top += tot ? 100 * n[c] / tot : NAN;
				fprintf(f, " %.6g", top);
			}
			fprintf(f, " %.6g %.6g %.0f\n", 100 * lo, 100 * hi, tot);
			ntot += (size_t)tot;
		}
	}
	group_labels(f, p, scen, ng, skip);
	fig_data_close(p);
	for (c = 0; c < ncol; c++) {
		size_t o;

		snprintf(lab, sizeof(lab), "%s", c < nc ? cats[c] : "other");
		for (o = 0; lab[o]; o++)
			lab[o] = lab[o] == '_' ? ' ' : lab[o];
		off += snprintf(vars + off, sizeof(vars) - off, "oc%zu=%s; cc%zu='%s'; ", c + 1,
				gp_quote(q, sizeof(q), lab), c + 1,
				outcome_colour(c < nc ? cats[c] : "other", c));
	}
	snprintf(vars + off, sizeof(vars) - off, "nc=%zu; hit=%s", ncol, gp_quote(q, sizeof(q), hit));
	if (ng == 1)
		snprintf(title, sizeof(title), "oom_reaper outcome, %s", scen[0]);
	else if (skip)
		snprintf(title, sizeof(title), "oom_reaper outcome, %.*s", (int)(skip - 1), scen[0]);
	else
		snprintf(title, sizeof(title), "oom_reaper outcome per scenario");
	if (fig_render(p, "outcome", "outcome", path, title, NULL, "share of runs (%)", vars) ||
	    fig_caption(p, "What the oom_reaper did, as shares of the runs (n under each bar, %zu "
		    "runs in all); the error bar is the Wilson 95%% interval of the %s share.",
		    ntot, hit))
		return -1;
	return 1;
}
