#include "export_hyperfine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "common.h"
#include "metric_table.h"
#include "store_query.h"

struct hf_scenario {
	char *name;
	char *sweep_param;	/* NULL: not a sweep point */
	double sweep_value;
	double *t;		/* seconds, in run order */
	size_t n, cap;
};

static int push(struct hf_scenario *sc, double s)
{
	if (sc->n == sc->cap) {
		size_t cap = sc->cap ? sc->cap * 2 : 16;
		double *t = realloc(sc->t, cap * sizeof(*t));

		if (!t)
			return err_msg("out of memory\n");
		sc->t = t;
		sc->cap = cap;
	}
	sc->t[sc->n++] = s;
	return 0;
}

static json_t *result_json(const struct hf_scenario *sc)
{
	json_t *r = json_object(), *times = json_array(), *codes = json_array();
	double *sorted = malloc(sc->n * sizeof(*sorted));
	size_t i;

	if (!sorted)
		return NULL;
	memcpy(sorted, sc->t, sc->n * sizeof(*sorted));
	gsl_sort(sorted, 1, sc->n);
	for (i = 0; i < sc->n; i++) {
		json_array_append_new(times, json_real(sc->t[i]));
		json_array_append_new(codes, json_integer(0));
	}
	json_object_set_new(r, "command", json_string(sc->name));
	json_object_set_new(r, "mean", json_real(gsl_stats_mean(sc->t, 1, sc->n)));
	json_object_set_new(r, "stddev", sc->n > 1 ? json_real(gsl_stats_sd(sc->t, 1, sc->n))
							: json_null());
	json_object_set_new(r, "median",
			    json_real(gsl_stats_median_from_sorted_data(sorted, 1, sc->n)));
	json_object_set_new(r, "user", json_null());
	json_object_set_new(r, "system", json_null());
	json_object_set_new(r, "min", json_real(sorted[0]));
	json_object_set_new(r, "max", json_real(sorted[sc->n - 1]));
	json_object_set_new(r, "times", times);
	json_object_set_new(r, "exit_codes", codes);
	if (sc->sweep_param) {
		char v[32];

		snprintf(v, sizeof(v), "%g", sc->sweep_value);
		json_object_set_new(r, "parameters", json_pack("{s:s}", sc->sweep_param, v));
	}
	free(sorted);
	return r;
}

/* The scenarios exported so far, and the metric, for the store's callbacks. */
struct hf_state {
	struct hf_scenario *scs;
	size_t n;
	const char *metric;
};

/* Say which scenarios have no valid value: hyperfine's scripts fail on empty times. */
static int note_left_out(const char *name, void *ctx)
{
	const struct hf_state *hf = ctx;
	size_t i;

	for (i = 0; i < hf->n && strcmp(hf->scs[i].name, name); i++)
		;
	if (i == hf->n)
		fprintf(stderr, "reapbench: export: scenario %s left out: no valid run "
			"has %s as a number\n", name, hf->metric);
	return 0;
}

/* Scenarios in order of first appearance, times in run order (plot_progression). */
static int add_time(const struct rb_metric_row *row, void *ctx)
{
	struct hf_state *hf = ctx;
	size_t i;

	for (i = 0; i < hf->n && strcmp(hf->scs[i].name, row->scenario); i++)
		;
	if (i == hf->n) {
		struct hf_scenario *p = realloc(hf->scs, (hf->n + 1) * sizeof(*p));

		if (!p)
			return err_msg("out of memory\n");
		hf->scs = p;
		memset(&p[i], 0, sizeof(p[i]));
		p[i].name = strdup(row->scenario);
		hf->n++;
		if (!p[i].name)
			return err_msg("out of memory\n");
		if (row->sweep_param) {
			p[i].sweep_param = strdup(row->sweep_param);
			if (!p[i].sweep_param)
				return err_msg("out of memory\n");
			p[i].sweep_value = row->sweep_value;
		}
	}
	return push(&hf->scs[i], row->value / 1e6);	/* us -> s */
}

json_t *hyperfine_export(struct rb_store *st, int64_t id, const char *metric)
{
	struct hf_state hf = { .metric = metric };
	const struct rb_metric_def *d = metric_def_find(metric);
	json_t *root = NULL, *results;
	bool stored;
	size_t i;

	if (!d || d->unit != RB_UNIT_US)
		return err_msg("--metric '%s': hyperfine times are seconds; pick a duration "
			       "metric in microseconds (unit us in reapbench list --metrics)\n",
			       metric), NULL;
	if (store_q_metric_stored(st, id, metric, &stored))
		return NULL;
	if (!stored)
		return err_msg("--metric '%s': no run of this run set has it\n", metric), NULL;
	if (store_q_metric_values(st, id, metric, add_time, &hf))
		goto out;
	if (!hf.n) {
		err_msg("--metric '%s': no valid run has it as a number\n", metric);
		goto out;
	}
	if (store_q_scenarios(st, id, note_left_out, &hf))
		goto out;
	root = json_object();
	results = json_array();
	json_object_set_new(root, "results", results);
	for (i = 0; i < hf.n; i++)
		json_array_append_new(results, result_json(&hf.scs[i]));
out:
	for (i = 0; i < hf.n; i++) {
		free(hf.scs[i].name);
		free(hf.scs[i].sweep_param);
		free(hf.scs[i].t);
	}
	free(hf.scs);
	return root;
}
