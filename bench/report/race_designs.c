/* The race per run set and scenario (race_designs.h). */
#include "race_designs.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "html_esc.h"

const char *const rb_race_text_metrics[RB_RACE_TEXTS] = {
	[RB_RACE_FLAVOUR] = "exit_flavour",
	[RB_RACE_RAN_IN] = "exit_mmap_in",
	[RB_RACE_MRELEASE_RET] = "mrelease_ret",
};

static size_t n_outcomes(void)
{
	size_t n = 0;

	while (rb_reaper_outcomes[n] && n < RB_RACE_MAX_OUTCOMES)
		n++;
	return n;
}

static int by_run(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return (a > b) - (a < b);
}

/* Does the base have a value saying the reaper or process_mrelease had a say? */
static int base_wanted(const struct rb_sample *s, const char *base)
{
	size_t i, j;

	for (i = 0; i < s->n; i++) {
		const struct rb_series *x = &s->s[i];

		if (strcmp(x->base, base) || (strcmp(x->metric, "reaper_outcome") &&
					      strcmp(x->metric, "reaper_met_exit")))
			continue;
		for (j = 0; j < x->n; j++)
			if (x->o[j].text)
				return 1;
	}
	return 0;
}

/* Add n runs of text to t. */
static int count_text(struct rb_race_texts *t, const char *text, size_t n)
{
	struct rb_race_count *grown;
	size_t i;

	for (i = 0; i < t->n; i++)
		if (!strcmp(t->c[i].name, text)) {
			t->c[i].n += n;
			return 0;
		}
	grown = realloc(t->c, (t->n + 1) * sizeof(*grown));
	if (!grown)
		return -1;
	t->c = grown;
	t->c[t->n].name = strdup(text);
	if (!t->c[t->n].name)
		return -1;
	t->c[t->n++].n = n;
	return 0;
}

static int text_metric(const char *metric)
{
	int t;

	for (t = 0; t < RB_RACE_TEXTS; t++)
		if (!strcmp(metric, rb_race_text_metrics[t]))
			return t;
	return -1;
}

/* One series' values into the row. */
static int add_series(struct rb_race_row *r, const struct rb_series *x, double **relief,
		      size_t *n_relief, size_t *met_known, size_t *outcome_known)
{
	size_t j, c, no = n_outcomes();
	int t = text_metric(x->metric);

	for (j = 0; j < x->n; j++) {
		const struct rb_obs *o = &x->o[j];

		if (!strcmp(x->metric, "reaper_met_exit") && o->text) {
			(*met_known)++;
			if (!strcmp(o->text, "yes"))
				r->met_yes++;
			else
				r->met_no++;
		} else if (!strcmp(x->metric, "reaper_outcome") && o->text) {
			(*outcome_known)++;
			for (c = 0; c < no && strcmp(rb_reaper_outcomes[c], o->text); c++)
				;
			if (c < no)
				r->outcome[c]++;
			else
				r->outcome_other++;
		} else if (t >= 0 && o->text) {
			r->text[t].known++;
			if (count_text(&r->text[t], o->text, 1))
				return -1;
		} else if (!strcmp(x->metric, "extra_oom_kill_n") && !o->absent && !o->text) {
			r->extra_n++;
			r->extra_sum += o->value;
			r->extra_pos += o->value > 0;
		} else if (!strcmp(x->metric, "relief_us")) {
			if (o->absent && !r->relief_absent)
				r->relief_absent = o->absent;
			if (!o->absent && !o->text)
				(*relief)[(*n_relief)++] = o->value;
		}
	}
	return 0;
}

static int fill_row(struct rb_race_row *r, const struct rb_sample *s, const char *base)
{
	int64_t *runs = NULL, *grown_runs;
	double *relief = NULL, *grown;
	size_t i, j, n_runs = 0, n_relief = 0, met = 0, outc = 0;
	const char *key = NULL;
	int ret = -1;

	for (i = 0; i < s->n; i++) {
		const struct rb_series *x = &s->s[i];

		if (strcmp(x->base, base))
			continue;
		/* series are sorted by scenario key: a new key is a new sweep point */
		if (!key || strcmp(key, x->scenario)) {
			r->points++;
			key = x->scenario;
		}
		grown_runs = realloc(runs, (n_runs + x->n + 1) * sizeof(*runs));
		grown = realloc(relief, (n_relief + x->n + 1) * sizeof(*relief));
		if (grown_runs)
			runs = grown_runs;
		if (grown)
			relief = grown;
		if (!grown_runs || !grown)
			goto out;
		for (j = 0; j < x->n; j++)
			runs[n_runs++] = x->o[j].run;
		if (add_series(r, x, &relief, &n_relief, &met, &outc))
			goto out;
	}
	/* runs: every valid run of the scenario once, whichever metrics it stored */
	qsort(runs, n_runs, sizeof(*runs), by_run);
	for (i = 0; i < n_runs; i++)
		r->runs += !i || runs[i] != runs[i - 1];
	r->met_absent = r->runs - met;
	r->outcome_absent = r->runs - outc;
	for (i = 0; i < RB_RACE_TEXTS; i++)
		if (r->runs > r->text[i].known &&
		    count_text(&r->text[i], "absent", r->runs - r->text[i].known))
			goto out;
	stats_describe(relief, n_relief, &r->relief);
	ret = 0;
out:
	free(runs);
	free(relief);
	return ret;
}

int race_designs_build(const struct rb_sample *const *smp, const char *const *labels, size_t n,
		       struct rb_race_designs *out)
{
	size_t k, i, j;

	memset(out, 0, sizeof(*out));
	for (k = 0; k < n; k++) {
		const struct rb_sample *s = smp[k];

		for (i = 0; i < s->n; i++) {
			const char *base = s->s[i].base;
			struct rb_race_row *grown;

			/* each base once: its first series */
			for (j = 0; j < i && strcmp(s->s[j].base, base); j++)
				;
			if (j < i || !base_wanted(s, base))
				continue;
			grown = realloc(out->rows, (out->n + 1) * sizeof(*grown));
			if (!grown)
				goto oom;
			out->rows = grown;
			memset(&out->rows[out->n], 0, sizeof(out->rows[0]));
			out->rows[out->n].label = labels[k];
			out->rows[out->n].scenario = strdup(base);
			if (!out->rows[out->n++].scenario ||
			    fill_row(&out->rows[out->n - 1], s, base))
				goto oom;
		}
	}
	return 0;
oom:
	race_designs_free(out);
	return err_msg("out of memory\n");
}

void race_designs_free(struct rb_race_designs *d)
{
	size_t i, j, t;

	for (i = 0; i < d->n; i++) {
		free(d->rows[i].scenario);
		for (t = 0; t < RB_RACE_TEXTS; t++) {
			for (j = 0; j < d->rows[i].text[t].n; j++)
				free(d->rows[i].text[t].c[j].name);
			free(d->rows[i].text[t].c);
		}
	}
	free(d->rows);
	memset(d, 0, sizeof(*d));
}

/* "1.045 [1.020, 1.070] (30)" in ms, or "absent" */
static char *relief_cell(char *buf, size_t len, const struct rb_race_row *r)
{
	if (!r->relief.n)
		snprintf(buf, len, "absent");
	else
		snprintf(buf, len, "%.3f [%.3f, %.3f] (%zu)", r->relief.median / 1000,
			 r->relief.q1 / 1000, r->relief.q3 / 1000, r->relief.n);
	return buf;
}

static const char *relief_why(const struct rb_race_row *r)
{
	return r->relief_absent ? r->relief_absent : "not stored";
}

/* Does row j lack relief_us for the same reason as row i? */
static int same_absent(const struct rb_race_designs *d, size_t i, size_t j)
{
	return !d->rows[j].relief.n && !strcmp(relief_why(&d->rows[j]), relief_why(&d->rows[i]));
}

/* Rows without relief_us, one line per reason (it repeats across run sets),
 * each scenario named once. */
static void print_relief_absent(FILE *f, const struct rb_race_designs *d)
{
	size_t i, j, k, n;

	for (i = 0; i < d->n; i++) {
		if (d->rows[i].relief.n)
			continue;
		for (j = 0; j < i && !same_absent(d, i, j); j++)
			;
		if (j < i)
			continue;	/* this reason was printed */
		for (n = 0, j = i; j < d->n; j++)
			n += same_absent(d, i, j);
		fprintf(f, "relief_us absent in %zu of %zu rows (", n, d->n);
		for (j = i; j < d->n; j++) {
			if (!same_absent(d, i, j))
				continue;
			for (k = i; k < j; k++)
				if (same_absent(d, i, k) &&
				    !strcmp(d->rows[k].scenario, d->rows[j].scenario))
					break;
			if (k == j)
				fprintf(f, "%s%s", j == i ? "" : ", ", d->rows[j].scenario);
		}
		fprintf(f, "): %s\n", relief_why(&d->rows[i]));
	}
}

/* " read+write 12, absent 3" */
static void print_counts(FILE *f, const struct rb_race_texts *t)
{
	size_t c;

	for (c = 0; c < t->n; c++)
		fprintf(f, "%s %s %zu", c ? "," : "", t->c[c].name, t->c[c].n);
}

/* Does the row say where exit_mmap ran or what process_mrelease returned? */
static int has_ran_in(const struct rb_race_row *r)
{
	return r->text[RB_RACE_RAN_IN].known || r->text[RB_RACE_MRELEASE_RET].known;
}

/* " victim 34, mrelease 8; mrelease_ret 0 12, ESRCH 30" (the parts known) */
static void print_ran_in_row(FILE *f, const struct rb_race_row *r)
{
	if (r->text[RB_RACE_RAN_IN].known)
		print_counts(f, &r->text[RB_RACE_RAN_IN]);
	if (r->text[RB_RACE_MRELEASE_RET].known) {
		fprintf(f, "%s mrelease_ret", r->text[RB_RACE_RAN_IN].known ? ";" : "");
		print_counts(f, &r->text[RB_RACE_MRELEASE_RET]);
	}
}

/* Who won against process_mrelease: in whose thread exit_mmap ran, and
 * process_mrelease's returns; rows with neither left out. */
static void print_ran_in(FILE *f, const struct rb_race_designs *d, size_t wl, size_t ws)
{
	size_t i, n = 0;

	for (i = 0; i < d->n; i++)
		n += has_ran_in(&d->rows[i]);
	if (!n)
		return;
	fprintf(f, "\nexit_mmap ran in (exit_mmap_in); process_mrelease returned (mrelease_ret):\n");
	for (i = 0; i < d->n; i++) {
		if (!has_ran_in(&d->rows[i]))
			continue;
		fprintf(f, "  %-*s  %-*s ", (int)wl, d->rows[i].label, (int)ws, d->rows[i].scenario);
		print_ran_in_row(f, &d->rows[i]);
		fputc('\n', f);
	}
}

int race_designs_text(FILE *f, const struct rb_race_designs *d)
{
	size_t i, c, no = n_outcomes(), wl = strlen("run set"), ws = strlen("scenario");
	char cell[96];

	for (i = 0; i < d->n; i++) {
		if (strlen(d->rows[i].label) > wl)
			wl = strlen(d->rows[i].label);
		if (strlen(d->rows[i].scenario) > ws)
			ws = strlen(d->rows[i].scenario);
	}
	fprintf(f, "# reapbench race per run set and scenario (sweep points pooled)\n"
		   "# met: runs in which the oom_reaper or process_mrelease met exit_mmap at its\n"
		   "#   mmap_lock (reaper_met_exit yes / no / absent); then the reaper_outcome\n"
		   "#   classes; extra kills: extra_oom_kill_n summed (runs with > 0);\n"
		   "#   relief: relief_us median [IQR] (n) in ms\n");
	fprintf(f, "%-*s  %-*s  %4s %5s %9s", (int)wl, "run set", (int)ws, "scenario", "pts",
		"runs", "met y/n/-");
	for (c = 0; c < no; c++)
		fprintf(f, " %*s", (int)strlen(rb_reaper_outcomes[c]), rb_reaper_outcomes[c]);
	fprintf(f, " %6s %14s  %s\n", "absent", "extra kills", "relief ms");
	for (i = 0; i < d->n; i++) {
		const struct rb_race_row *r = &d->rows[i];
		char met[48], extra[48];

		snprintf(met, sizeof(met), "%zu/%zu/%zu", r->met_yes, r->met_no, r->met_absent);
		if (r->extra_n)
			snprintf(extra, sizeof(extra), "%.0f (%zu)", r->extra_sum, r->extra_pos);
		else
			snprintf(extra, sizeof(extra), "absent");
		fprintf(f, "%-*s  %-*s  %4zu %5zu %9s", (int)wl, r->label, (int)ws, r->scenario,
			r->points, r->runs, met);
		for (c = 0; c < no; c++)
			fprintf(f, " %*zu", (int)strlen(rb_reaper_outcomes[c]), r->outcome[c]);
		fprintf(f, " %6zu %14s  %s\n", r->outcome_absent + r->outcome_other, extra,
			relief_cell(cell, sizeof(cell), r));
	}
	fprintf(f, "\nexit_flavour:\n");
	for (i = 0; i < d->n; i++) {
		fprintf(f, "  %-*s  %-*s ", (int)wl, d->rows[i].label, (int)ws, d->rows[i].scenario);
		print_counts(f, &d->rows[i].text[RB_RACE_FLAVOUR]);
		fputc('\n', f);
	}
	print_ran_in(f, d, wl, ws);
	for (i = 0; i < d->n; i++) {
		const struct rb_race_row *r = &d->rows[i];

		if (r->outcome_other)
			fprintf(f, "%s %s: %zu runs with a reaper_outcome this table does not know "
				   "(counted under absent)\n", r->label, r->scenario, r->outcome_other);
	}
	print_relief_absent(f, d);
	return ferror(f) ? -1 : 0;
}

void race_designs_brief(FILE *f, const struct rb_race_designs *d)
{
	size_t i, c, no = n_outcomes();
	char cell[96];

	for (i = 0; i < d->n; i++) {
		const struct rb_race_row *r = &d->rows[i];

		fprintf(f, "race: %s %s: %zu runs, met exit_mmap %zu (no %zu, absent %zu);", r->label,
			r->scenario, r->runs, r->met_yes, r->met_no, r->met_absent);
		for (c = 0; c < no; c++)
			if (r->outcome[c])
				fprintf(f, " %s %zu", rb_reaper_outcomes[c], r->outcome[c]);
		if (r->outcome_absent + r->outcome_other)
			fprintf(f, " absent %zu", r->outcome_absent + r->outcome_other);
		if (r->extra_n)
			fprintf(f, "; extra OOM kills %.0f in %zu runs", r->extra_sum, r->extra_pos);
		if (r->relief.n)
			fprintf(f, "; relief ms %s", relief_cell(cell, sizeof(cell), r));
		if (r->text[RB_RACE_MRELEASE_RET].known) {
			fprintf(f, "; exit_mmap in");
			print_ran_in_row(f, r);
		}
		fputc('\n', f);
	}
}

static void html_counts(FILE *f, const struct rb_race_texts *t)
{
	size_t c;

	for (c = 0; c < t->n; c++) {
		fprintf(f, "%s", c ? ", " : "");
		html_esc(f, t->c[c].name);
		fprintf(f, " %zu", t->c[c].n);
	}
}

void race_designs_html(FILE *f, const struct rb_race_designs *d)
{
	size_t i, c, no = n_outcomes();
	char cell[96];

	if (!d || !d->n)
		return;
	fprintf(f, "<section id=\"race-designs\"><h2>Race per run set</h2>\n"
		   "<p>Per run set and scenario (sweep points pooled): runs in which the "
		   "oom_reaper or process_mrelease met exit_mmap at its mmap_lock "
		   "(reaper_met_exit), the reaper's outcome classes, exit_mmap's lock pattern, "
		   "in whose thread exit_mmap ran and process_mrelease's returns, "
		   "extra OOM kills and relief time. <a href=\"race-designs.txt\">"
		   "race-designs.txt</a></p>\n<div class=\"tw\"><table>\n<tr><th class=l>run set"
		   "</th><th class=l>scenario</th><th>points</th><th>runs</th><th>met</th>"
		   "<th>not met</th><th>met absent</th>");
	for (c = 0; c < no; c++)
		fprintf(f, "<th>%s</th>", rb_reaper_outcomes[c]);
	fprintf(f, "<th>outcome absent</th><th class=l>exit_flavour</th><th class=l>exit_mmap in; "
		   "mrelease_ret</th><th>extra OOM kills "
		   "(runs &gt; 0)</th><th>relief ms median [IQR] (n)</th></tr>\n");
	for (i = 0; i < d->n; i++) {
		const struct rb_race_row *r = &d->rows[i];

		fprintf(f, "<tr><td class=l>");
		html_esc(f, r->label);
		fprintf(f, "</td><td class=l>");
		html_esc(f, r->scenario);
		fprintf(f, "</td><td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td>",
			r->points, r->runs, r->met_yes, r->met_no, r->met_absent);
		for (c = 0; c < no; c++)
			fprintf(f, "<td>%zu</td>", r->outcome[c]);
		fprintf(f, "<td>%zu</td><td class=l>", r->outcome_absent + r->outcome_other);
		html_counts(f, &r->text[RB_RACE_FLAVOUR]);
		fprintf(f, "</td><td class=l>");
		if (r->text[RB_RACE_RAN_IN].known)
			html_counts(f, &r->text[RB_RACE_RAN_IN]);
		if (r->text[RB_RACE_MRELEASE_RET].known) {
			fprintf(f, "%smrelease_ret ", r->text[RB_RACE_RAN_IN].known ? "; " : "");
			html_counts(f, &r->text[RB_RACE_MRELEASE_RET]);
		}
		if (r->extra_n)
			fprintf(f, "</td><td>%.0f (%zu)</td><td>", r->extra_sum, r->extra_pos);
		else
			fprintf(f, "</td><td>absent</td><td>");
		if (r->relief.n)
			html_esc(f, relief_cell(cell, sizeof(cell), r));
		else
			html_esc(f, r->relief_absent ? r->relief_absent : "absent");
		fprintf(f, "</td></tr>\n");
	}
	fprintf(f, "</table></div></section>\n");
}

static json_t *num_or_null(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

json_t *race_designs_json(const struct rb_race_designs *d)
{
	json_t *arr = json_array();
	size_t i, c, no = n_outcomes();

	for (i = 0; arr && d && i < d->n; i++) {
		const struct rb_race_row *r = &d->rows[i];
		json_t *outc = json_object(), *row;
		size_t t;

		for (c = 0; c < no; c++)
			json_object_set_new(outc, rb_reaper_outcomes[c], json_integer(r->outcome[c]));
		json_object_set_new(outc, "other", json_integer(r->outcome_other));
		json_object_set_new(outc, "absent", json_integer(r->outcome_absent));
		row = json_pack(
			"{s:s, s:s, s:I, s:I, s:{s:I, s:I, s:I}, s:o,"
			" s:{s:f, s:I, s:I}, s:{s:I, s:o, s:o, s:o, s:s?}}",
			"run_set", r->label, "scenario", r->scenario,
			"sweep_points", (json_int_t)r->points, "runs", (json_int_t)r->runs,
			"reaper_met_exit", "yes", (json_int_t)r->met_yes, "no", (json_int_t)r->met_no,
			"absent", (json_int_t)r->met_absent,
			"reaper_outcome", outc,
			"extra_oom_kill_n", "sum", r->extra_sum, "n", (json_int_t)r->extra_n,
			"runs_above_0", (json_int_t)r->extra_pos,
			"relief_us", "n", (json_int_t)r->relief.n, "median", num_or_null(r->relief.median),
			"q1", num_or_null(r->relief.q1), "q3", num_or_null(r->relief.q3),
			"absent", r->relief.n ? NULL : r->relief_absent);
		/* exit_flavour, exit_mmap_in, mrelease_ret: {text: runs, absent: runs} */
		for (t = 0; row && t < RB_RACE_TEXTS; t++) {
			json_t *o = json_object();

			for (c = 0; c < r->text[t].n; c++)
				json_object_set_new(o, r->text[t].c[c].name,
						    json_integer(r->text[t].c[c].n));
			json_object_set_new(row, rb_race_text_metrics[t], o);
		}
		json_array_append_new(arr, row);
	}
	return arr;
}
