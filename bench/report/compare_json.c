/* Machine formats of a comparison: JSON (jansson) and CSV, units in the keys. */
#include <math.h>
#include <string.h>

#include "common.h"
#include "compare_fmt.h"

/* NaN and inf are not JSON: an untested or undefined number is null, an
 * infinite one (a change from 0) the string "inf" or "-inf". */
json_t *compare_json_num(double v)
{
	if (isinf(v))
		return json_string(v > 0 ? "inf" : "-inf");
	return isfinite(v) ? json_real(v) : json_null();
}

#define num compare_json_num

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *side_json(const struct rb_runset_info *s)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:i, s:i, s:o}",
			 "runset_id", (json_int_t)s->id, "label", str_or_null(s->label),
			 "kernel_release", str_or_null(s->kernel_release),
			 "started_at", str_or_null(s->started_at),
			 "command", str_or_null(s->command),
			 "runs_valid", s->runs_valid, "runs_invalid", s->runs_invalid,
			 "invalid_reason", str_or_null(s->invalid_reason));
}

static json_t *desc_json(const struct rb_cmp_row *r, const struct rb_side *s)
{
	if (r->is_text)
		return json_pack("{s:I, s:I, s:o, s:I, s:o}", "runs", (json_int_t)s->total,
				 "hits", (json_int_t)s->hits, "share_pct", num(100 * s->share),
				 "absent", (json_int_t)s->absent,
				 "absent_reason", str_or_null(s->absent_reason));
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:o}",
			 "n", (json_int_t)s->d.n, "min", num(s->d.min), "q1", num(s->d.q1),
			 "median", num(s->d.median), "q3", num(s->d.q3), "max", num(s->d.max),
			 "mean", num(s->d.mean), "stddev", num(s->d.stddev),
			 "cov_pct", num(100 * s->d.cov), "p90", num(s->d.p90), "p99", num(s->d.p99),
			 "absent", (json_int_t)s->absent, "absent_reason", str_or_null(s->absent_reason));
}

static json_t *row_json(const struct rb_cmp_row *r)
{
	static const char *const better[] = { "lower", "higher", "unknown" };

	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o,"
			 " s:o, s:s, s:b}",
			 "scenario", r->scenario, "metric", r->metric, "unit",
			 r->is_text ? "share_pct" : metric_unit(r->metric),
			 "better", better[r->better], "hit", str_or_null(r->hit),
			 "a", desc_json(r, &r->a), "b", desc_json(r, &r->b),
			 r->is_text ? "change_pt" : "change_pct", num(100 * r->change),
			 "ratio", num(r->ci.ratio), "ratio_ci95_lo", num(r->ci.lo),
			 "ratio_ci95_hi", num(r->ci.hi), "test", str_or_null(r->test),
			 "p", num(r->p), "p_holm", num(r->p_adj),
			 "verdict", rb_verdict_names[r->verdict], "flagged", row_flagged(r));
}

json_t *compare_json(const struct rb_cmp *c, const struct rb_cmp_meta *m)
{
	json_t *rows = json_array(), *root;
	char now[32];
	size_t i;

	now_iso8601(now, sizeof(now));
	for (i = 0; i < c->n; i++)
		json_array_append_new(rows, row_json(&c->rows[i]));
	root = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:{s:s, s:s, s:s, s:f, s:f, s:i, s:I,"
			 " s:i}, s:{s:I, s:I, s:I, s:I}, s:o}",
			 "reapbench_version", REAPBENCH_VERSION, "git_commit", REAPBENCH_GIT,
			 "generated_at", now, "store", str_or_null(m->db_path),
			 "a", side_json(m->a), "b", side_json(m->b),
			 "method",
			 "location_test", "mann-whitney-u two-sided",
			 "share_test", "fisher-exact two-sided",
			 "adjust", "holm", "alpha", c->cfg.alpha,
			 "noise_floor_pct", 100 * c->cfg.noise_floor,
			 "bootstrap_resamples", (int)c->cfg.resamples,
			 "bootstrap_seed", (json_int_t)c->cfg.seed, "min_n", RB_MIN_N,
			 "summary", "tested", (json_int_t)c->n_tested,
			 "regressed", (json_int_t)c->n_regressed,
			 "improved", (json_int_t)c->n_improved, "changed", (json_int_t)c->n_changed,
			 "rows", rows);
	if (root && m->reproduce)
		json_object_set_new(root, "reproduce", json_string(m->reproduce));
	return root;
}

int compare_print_json(FILE *f, const struct rb_cmp *c, const struct rb_cmp_meta *m)
{
	json_t *root = compare_json(c, m);
	int ret;

	if (!root)
		return err_msg("cannot build the JSON output\n");
	ret = json_dumpf(root, f, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
	fputc('\n', f);
	json_decref(root);
	return ret;
}

/* CSV: one line per row; text fields never hold commas or quotes we did not escape. */
static void csv_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* Full precision; inf as "inf" / "-inf", NaN as an empty field. */
static void csv_num(FILE *f, double v)
{
	if (isinf(v))
		fprintf(f, ",%s", v > 0 ? "inf" : "-inf");
	else if (isfinite(v))
		fprintf(f, ",%.17g", v);
	else
		fputc(',', f);
}

int compare_print_csv(FILE *f, const struct rb_cmp *c, const struct rb_cmp_meta *m)
{
	static const char *const side_cols[] = { "n", "median", "mean", "stddev", "cov_pct",
						 "p90", "p99", "share_pct", "absent" };
	size_t i, k;

	(void)m;
	fprintf(f, "scenario,metric,unit");
	for (k = 0; k < 2; k++)
		for (i = 0; i < ARRAY_SIZE(side_cols); i++)
			fprintf(f, ",%s_%c", side_cols[i], "ab"[k]);
	fprintf(f, ",change_pct,ratio,ratio_ci95_lo,ratio_ci95_hi,test,p,p_holm,verdict\n");
	for (i = 0; i < c->n; i++) {
		const struct rb_cmp_row *r = &c->rows[i];

		csv_str(f, r->scenario);
		fputc(',', f);
		csv_str(f, r->metric);
		fprintf(f, ",%s", r->is_text ? "share_pct" : metric_unit(r->metric));
		for (k = 0; k < 2; k++) {
			const struct rb_side *s = k ? &r->b : &r->a;

			fprintf(f, ",%zu", r->is_text ? s->total : s->d.n);
			csv_num(f, s->d.median);
			csv_num(f, s->d.mean);
			csv_num(f, s->d.stddev);
			csv_num(f, 100 * s->d.cov);
			csv_num(f, s->d.p90);
			csv_num(f, s->d.p99);
			csv_num(f, 100 * s->share);
			fprintf(f, ",%zu", s->absent);
		}
		csv_num(f, 100 * r->change);
		csv_num(f, r->ci.ratio);
		csv_num(f, r->ci.lo);
		csv_num(f, r->ci.hi);
		fprintf(f, ",%s", r->test ? r->test : "");
		csv_num(f, r->p);
		csv_num(f, r->p_adj);
		fprintf(f, ",%s\n", rb_verdict_names[r->verdict]);
	}
	return 0;
}
