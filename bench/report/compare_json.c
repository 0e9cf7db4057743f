/* Machine formats of a comparison: JSON (jansson) and CSV, units in the keys. */
#include <math.h>
#include <string.h>

#include "calibration.h"
#include "common.h"
#include "compare_fmt.h"
#include "phase_moves.h"

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

static json_t *shift_json(const struct rb_shift *sh, const struct rb_shift *by_boot)
{
	json_t *o = json_pack("{s:o, s:o, s:o}", "est", num(sh->est), "ci95_lo", num(sh->lo),
			      "ci95_hi", num(sh->hi));

	if (o && by_boot) {
		json_object_set_new(o, "boot_ci95_lo", num(by_boot->lo));
		json_object_set_new(o, "boot_ci95_hi", num(by_boot->hi));
	}
	return o;
}

/* The verdict's boot-level test and the effects in the metric's unit. */
static json_t *boot_json(const struct rb_cmp_row *r)
{
	const struct rb_boot_test *t = &r->bt;
	json_t *o = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:b, s:o, s:o, s:o, s:o, s:o, s:o,"
			      " s:o, s:o, s:o, s:o, s:o}",
			      "family", rb_family_names[r->family], "scale", rb_scale_names[t->scale],
			      "boots_a", (json_int_t)t->boots_a, "boots_b", (json_int_t)t->boots_b,
			      "warmup_dropped_a", (json_int_t)r->warmup_a,
			      "warmup_dropped_b", (json_int_t)r->warmup_b,
			      "boots_recorded", !r->boots_unrecorded,
			      "diff", num(t->diff), "diff_ci95_lo", num(t->lo),
			      "diff_ci95_hi", num(t->hi), "se", num(t->se), "df", num(t->df),
			      "p", num(t->p), "p_family", num(r->p_family),
			      "ratio", num(t->ratio), "ratio_ci95_lo", num(t->ratio_lo),
			      "ratio_ci95_hi", num(t->ratio_hi), "mde", num(t->mde));
	json_t *q = json_object();
	size_t k;

	if (!o || !q) {
		json_decref(o);
		json_decref(q);
		return NULL;
	}
	json_object_set_new(o, "margin", num(r->margin));
	json_object_set_new(o, "margin_from", str_or_null(r->margin_from));
	if (!r->is_text) {
		json_object_set_new(o, "hl_shift", shift_json(&r->fx.hl, &r->fx.hl_boot));
		for (k = 0; k < RB_QSHIFT_N; k++)
			json_object_set_new(q, rb_qshift_names[k], shift_json(&r->fx.q[k], NULL));
		json_object_set_new(o, "quantile_shift", q);
		json_object_set_new(o, "p_b_gt_a", num(r->fx.p_b_gt_a));
		json_object_set_new(o, "boot_resamples", json_integer(r->fx.resamples));
		json_object_set_new(o, "boot_alpha_expanded", num(r->fx.alpha_expanded));
	} else {
		json_decref(q);
	}
	return o;
}

static json_t *row_json(const struct rb_cmp_row *r)
{
	static const char *const better[] = { "lower", "higher", "unknown" };
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o,"
			      " s:o, s:o, s:s, s:b}",
			      "scenario", r->scenario, "metric", r->metric, "unit",
			      r->is_text ? "share_pct" : metric_unit(r->metric),
			      "better", better[r->better], "hit", str_or_null(r->hit),
			      "a", desc_json(r, &r->a), "b", desc_json(r, &r->b),
			      r->is_text ? "change_pt" : "change_pct", num(100 * r->change),
			      "ratio", num(r->ci.ratio), "ratio_ci95_lo", num(r->ci.lo),
			      "ratio_ci95_hi", num(r->ci.hi), "test", str_or_null(r->test),
			      "p", num(r->p), "p_holm", num(r->p_adj), "min_p", num(r->min_p),
			      "verdict", rb_verdict_names[r->verdict], "flagged", row_flagged(r));

	if (o)
		json_object_set_new(o, "boots", boot_json(r));
	return o;
}

/* Each side's lock pattern per scenario and, where they differ, where
 * exit_mmap's work moved (phase_moves.h). */
static json_t *flavours_json(const struct rb_cmp *c)
{
	json_t *arr = json_array();
	char line[1400];
	size_t i;

	for (i = 0; arr && i < c->n_flavours; i++) {
		const struct rb_flavours *fl = &c->flavours[i];

		json_array_append_new(arr, json_pack(
			"{s:s, s:{s:o, s:I, s:I}, s:{s:o, s:I, s:I}, s:b, s:o, s:o}",
			"scenario", fl->scenario,
			"a", "exit_flavour", str_or_null(fl->a), "runs_with", (json_int_t)fl->a_hits,
			"runs", (json_int_t)fl->a_runs,
			"b", "exit_flavour", str_or_null(fl->b), "runs_with", (json_int_t)fl->b_hits,
			"runs", (json_int_t)fl->b_runs,
			"differ", fl->differ,
			"moved", phase_moved_line(c, fl->scenario, line, sizeof(line)) ?
			json_string(line) : json_null(),
			/* like patterns, a side mixed: the phases took these runs only */
			"phases_over_flavour", fl->like_only ? json_string(fl->a) : json_null()));
	}
	return arr;
}

json_t *compare_json(const struct rb_cmp *c, const struct rb_cmp_meta *m)
{
	struct rb_calibration cal;
	json_t *rows = json_array(), *root;
	char now[32];
	size_t i;

	now_iso8601(now, sizeof(now));
	for (i = 0; i < c->n; i++)
		json_array_append_new(rows, row_json(&c->rows[i]));
	root = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:{s:s, s:s, s:s, s:s, s:s, s:s, s:i,"
			 " s:f, s:i, s:I, s:i, s:s}, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I,"
			 " s:b}, s:o, s:o}",
			 "reapbench_version", REAPBENCH_VERSION, "git_commit", REAPBENCH_GIT,
			 "generated_at", now, "store", str_or_null(m->db_path),
			 "a", side_json(m->a), "b", side_json(m->b),
			 "method",
			 "unit", "boot",
			 "location_test", "welch-t on per-boot means of log(value) (linear when a"
			 " value <= 0; shares of 0/1), two-sided",
			 "primary_adjust", "holm", "secondary_adjust", "benjamini-hochberg",
			 "run_level_test", "mann-whitney-u / fisher-exact, runs as independent"
			 " (description)",
			 "shift_intervals", "boot-resampled, expanded percentile",
			 "warmup_runs_dropped", (int)c->cfg.warmup, "alpha", c->cfg.alpha,
			 "bootstrap_resamples", (int)c->cfg.resamples,
			 "bootstrap_seed", (json_int_t)c->cfg.seed, "min_n", RB_MIN_N,
			 "infinity", "a change from 0 is the string \"inf\" or \"-inf\"",
			 "summary", "tested", (json_int_t)c->n_tested,
			 "primary", (json_int_t)c->n_primary, "secondary", (json_int_t)c->n_secondary,
			 "regressed", (json_int_t)c->n_regressed,
			 "improved", (json_int_t)c->n_improved, "changed", (json_int_t)c->n_changed,
			 "equivalent", (json_int_t)c->n_equivalent,
			 "inconclusive", (json_int_t)c->n_inconclusive,
			 "moved", (json_int_t)c->n_moved,
			 "boots_recorded", !c->boots_unrecorded,
			 "flavours", flavours_json(c), "rows", rows);
	if (root && m->reproduce)
		json_object_set_new(root, "reproduce", json_string(m->reproduce));
	if (root && m->b && calibration_find(c, m->b->info_json, &cal))
		json_object_set_new(root, "calibration",
				    json_pack("{s:s, s:f, s:s, s:o, s:o, s:o, s:b}", "metric", cal.metric,
					      "known_shift_us", cal.known_us, "estimator", "p10 shift",
					      "recovered_us", num(cal.est), "ci95_lo", num(cal.lo),
					      "ci95_hi", num(cal.hi), "within_10pct", cal.within));
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
	char note[1400];
	size_t i, k;

	(void)m;
	fprintf(f, "scenario,metric,unit");
	for (k = 0; k < 2; k++)
		for (i = 0; i < ARRAY_SIZE(side_cols); i++)
			fprintf(f, ",%s_%c", side_cols[i], "ab"[k]);
	fprintf(f, ",change_pct,ratio,ratio_ci95_lo,ratio_ci95_hi,test,p,p_holm,verdict");
	fprintf(f, ",family,scale,boots_a,boots_b,boot_p,p_family,boot_diff,boot_diff_ci95_lo,"
		"boot_diff_ci95_hi,boot_ratio,boot_ratio_ci95_lo,boot_ratio_ci95_hi,mde,margin,"
		"hl_shift,hl_ci95_lo,hl_ci95_hi,hl_boot_ci95_lo,hl_boot_ci95_hi,p_b_gt_a");
	for (k = 0; k < RB_QSHIFT_N; k++)
		fprintf(f, ",shift_%s,shift_%s_boot_ci95_lo,shift_%s_boot_ci95_hi",
			rb_qshift_names[k], rb_qshift_names[k], rb_qshift_names[k]);
	fprintf(f, ",note\n");
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
		fprintf(f, ",%s", rb_verdict_names[r->verdict]);
		fprintf(f, ",%s,%s,%zu,%zu", rb_family_names[r->family], rb_scale_names[r->bt.scale],
			r->bt.boots_a, r->bt.boots_b);
		csv_num(f, r->bt.p);
		csv_num(f, r->p_family);
		csv_num(f, r->bt.diff);
		csv_num(f, r->bt.lo);
		csv_num(f, r->bt.hi);
		csv_num(f, r->bt.ratio);
		csv_num(f, r->bt.ratio_lo);
		csv_num(f, r->bt.ratio_hi);
		csv_num(f, r->bt.mde);
		csv_num(f, r->margin);
		csv_num(f, r->fx.hl.est);
		csv_num(f, r->fx.hl.lo);
		csv_num(f, r->fx.hl.hi);
		csv_num(f, r->fx.hl_boot.lo);
		csv_num(f, r->fx.hl_boot.hi);
		csv_num(f, r->fx.p_b_gt_a);
		for (k = 0; k < RB_QSHIFT_N; k++) {
			csv_num(f, r->fx.q[k].est);
			csv_num(f, r->fx.q[k].lo);
			csv_num(f, r->fx.q[k].hi);
		}
		/* the sum's row says where the phases' work moved, or which runs
		 * they took (phase_moves.h) */
		fputc(',', f);
		if (!strcmp(r->metric, PHASE_SUM_METRIC) &&
		    phase_flavour_line(c, r->scenario, note, sizeof(note)))
			csv_str(f, note);
		fputc('\n', f);
	}
	return 0;
}
