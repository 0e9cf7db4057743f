#include "export_hyperfine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "common.h"
#include "metric_table.h"

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

static bool metric_known(struct rb_store *st, int64_t id, const char *metric)
{
	sqlite3_stmt *s;
	bool yes = false;

	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM metrics m JOIN runs r ON r.id = m.run_id"
			       " WHERE r.runset_id=? AND m.name=? LIMIT 1", -1, &s, NULL))
		return false;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, metric, -1, SQLITE_STATIC);
	yes = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return yes;
}

/* Say which scenarios have no valid value: hyperfine's scripts fail on empty times. */
static void note_left_out(struct rb_store *st, int64_t id, const char *metric,
			  const struct hf_scenario *scs, size_t n)
{
	sqlite3_stmt *s;
	size_t i;

	if (sqlite3_prepare_v2(st->db, "SELECT DISTINCT scenario FROM runs WHERE runset_id=?",
			       -1, &s, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(s, 1, id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);

		for (i = 0; i < n && strcmp(scs[i].name, name); i++)
			;
		if (i == n)
			fprintf(stderr, "reapbench: export: scenario %s left out: no valid run "
				"has %s as a number\n", name, metric);
	}
	sqlite3_finalize(s);
}

json_t *hyperfine_export(struct rb_store *st, int64_t id, const char *metric)
{
	struct hf_scenario *scs = NULL;
	const struct rb_metric_def *d = metric_def_find(metric);
	size_t n = 0, i;
	json_t *root = NULL, *results;
	sqlite3_stmt *s;

	if (!d || d->unit != RB_UNIT_US)
		return err_msg("--metric '%s': hyperfine times are seconds; pick a duration "
			       "metric in microseconds (unit us in reapbench list --metrics)\n",
			       metric), NULL;
	if (!metric_known(st, id, metric))
		return err_msg("--metric '%s': no run of this run set has it\n", metric), NULL;
	/* Scenarios in order of first appearance, times in run order (plot_progression). */
	if (sqlite3_prepare_v2(st->db, "SELECT r.scenario, r.sweep_param, r.sweep_value, m.value"
			       " FROM runs r JOIN metrics m ON m.run_id = r.id"
			       " WHERE r.runset_id=? AND m.name=? AND r.valid=1 AND m.value IS NOT NULL"
			       " ORDER BY r.seq", -1, &s, NULL) != SQLITE_OK)
		return err_msg("%s: %s\n", st->path, sqlite3_errmsg(st->db)), NULL;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, metric, -1, SQLITE_STATIC);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);

		for (i = 0; i < n && strcmp(scs[i].name, name); i++)
			;
		if (i == n) {
			struct hf_scenario *p = realloc(scs, (n + 1) * sizeof(*scs));

			if (!p)
				goto out;
			scs = p;
			memset(&scs[n], 0, sizeof(scs[n]));
			scs[n].name = strdup(name);
			if (sqlite3_column_type(s, 1) != SQLITE_NULL) {
				scs[n].sweep_param = strdup((const char *)sqlite3_column_text(s, 1));
				scs[n].sweep_value = sqlite3_column_double(s, 2);
			}
			n++;
		}
		if (push(&scs[i], sqlite3_column_double(s, 3) / 1e6))	/* us -> s */
			goto out;
	}
	if (!n) {
		err_msg("--metric '%s': no valid run has it as a number\n", metric);
		goto out;
	}
	note_left_out(st, id, metric, scs, n);
	root = json_object();
	results = json_array();
	json_object_set_new(root, "results", results);
	for (i = 0; i < n; i++)
		json_array_append_new(results, result_json(&scs[i]));
out:
	sqlite3_finalize(s);
	for (i = 0; i < n; i++) {
		free(scs[i].name);
		free(scs[i].sweep_param);
		free(scs[i].t);
	}
	free(scs);
	return root;
}
