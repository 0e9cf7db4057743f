/*
 * evidence.txt: what a reviewer pastes into a reply, verdict first, at most
 * RB_EVIDENCE_LINES lines of RB_TEXT_COLS columns for one scenario (the
 * 0-day robot mail is the model: a one-sentence headline, the commits and
 * the machine in one line each, a short table, the rest by reference).
 * Everything else (facts, config, spec, paths, tool counters, every metric)
 * goes to appendix.txt, compare.txt and data.json.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "compare_boot.h"
#include "evidence.h"
#include "metric_table.h"
#include "phase_moves.h"
#include "report.h"

/* The phases the table shows, in the order they run (phase_moves.h has their
 * words); the part before the first lock is in compare.txt. */
static const char *const table_phases[] = {
	"exit_handover_us", "exit_read_wait_us", "exit_unmap_us", "exit_write_wait_us",
	"exit_teardown_us",
};
#define PHASE_SUM PHASE_SUM_METRIC

struct ev {
	FILE *f;
	const struct rb_cmp *c;
	const struct rb_cmp_meta *m;
	const struct rb_sample *sa, *sb;
	const char *scen;		/* the scenario the details are about */
	size_t nscen;
};

/* "Label: text" with continuation lines indented 2: labels stay in sight */
static void say(FILE *f, const char *indent, const char *label, const char *text)
{
	wrap_hang(f, indent, label, ": ", text, strlen(indent) + 2 - (*indent == '\n'));
}

static const struct rb_cmp_row *row_of(const struct ev *e, const char *scen, const char *metric)
{
	size_t i;

	for (i = 0; i < e->c->n; i++)
		if (!strcmp(e->c->rows[i].scenario, scen) && !strcmp(e->c->rows[i].metric, metric))
			return &e->c->rows[i];
	return NULL;
}

static int moved(const struct rb_cmp_row *r)
{
	return r->verdict == VERDICT_REGRESSED || r->verdict == VERDICT_IMPROVED;
}

static enum rb_metric_unit unit_of(const char *metric)
{
	const struct rb_metric_def *d = metric_def_find(metric);

	return d ? d->unit : RB_UNIT_COUNT;
}

/* The shift that speaks for a row: Hodges-Lehmann with its by-boot interval
 * (the runs' interval when boots are too few to resample). */
static struct rb_shift row_shift(const struct rb_cmp_row *r)
{
	return isfinite(r->fx.hl_boot.lo) ? r->fx.hl_boot : r->fx.hl;
}

/* "+1.04 ms [0.98, 1.10]" or "+50.0 points of runs reaped" */
static char *shift_words(char *buf, size_t len, const struct rb_cmp_row *r)
{
	char est[32], lo[32], hi[32];
	struct rb_shift s = row_shift(r);
	enum rb_metric_unit u = unit_of(r->metric);

	if (r->is_text) {
		snprintf(buf, len, "%+.0f points (%.0f%% -> %.0f%% %s)",
			 100 * (r->b.share - r->a.share), 100 * r->a.share, 100 * r->b.share, r->hit);
		return buf;
	}
	fmt_qty(est, sizeof(est), s.est, u, 1);
	if (!isfinite(s.lo)) {
		snprintf(buf, len, "%s", est);
		return buf;
	}
	/* the interval in the estimate's unit, so the reader compares like with like */
	if (u == RB_UNIT_US) {
		double div;
		const char *un = unit_for_us(fabs(s.est), &div);

		snprintf(buf, len, "%s %s [%s, %s]", fmt_in(est, sizeof(est), s.est, div, 1), un,
			 fmt_in(lo, sizeof(lo), s.lo, div, 1), fmt_in(hi, sizeof(hi), s.hi, div, 1));
	} else {
		snprintf(buf, len, "%s [%s, %s]", est, fmt_qty(lo, sizeof(lo), s.lo, u, 1),
			 fmt_qty(hi, sizeof(hi), s.hi, u, 1));
	}
	return buf;
}

/* The row the headline leads with: a moved primary row, the smallest
 * adjusted p first; else a moved secondary row; NULL when nothing moved. */
static const struct rb_cmp_row *lead_row(const struct rb_cmp *c, size_t *n_moved)
{
	const struct rb_cmp_row *best = NULL;
	size_t i;

	*n_moved = 0;
	for (i = 0; i < c->n; i++) {
		const struct rb_cmp_row *r = &c->rows[i];

		if (!moved(r))
			continue;
		(*n_moved)++;
		if (!best || (r->family < best->family) ||
		    (r->family == best->family && r->p_family < best->p_family))
			best = r;
	}
	return best;
}

static void headline(struct ev *e)
{
	char line[600], sh[120], more[80] = "nothing else moved";
	size_t n;
	const struct rb_cmp_row *r = lead_row(e->c, &n);

	if (!r) {
		snprintf(line, sizeof(line), "No metric moved between A and B on %s%s: %zu primary "
			 "and %zu secondary rows tested, %zu equivalent, %zu inconclusive.",
			 e->nscen > 1 ? "any of " : "", e->scen, e->c->n_primary, e->c->n_secondary,
			 e->c->n_equivalent, e->c->n_inconclusive);
		if (e->nscen > 1)
			snprintf(line, sizeof(line), "No metric moved between A and B on %zu "
				 "scenarios: %zu equivalent, %zu inconclusive.", e->nscen,
				 e->c->n_equivalent, e->c->n_inconclusive);
	} else {
		if (n > 1) {
			size_t worse = e->c->n_regressed - (r->verdict == VERDICT_REGRESSED);
			size_t better = e->c->n_improved - (r->verdict == VERDICT_IMPROVED);

			if (!worse || !better)
				snprintf(more, sizeof(more), "%zu other metric%s %s (below)",
					 worse + better, worse + better == 1 ? "" : "s",
					 worse ? "regressed" : "improved");
			else
				snprintf(more, sizeof(more), "%zu other metric%s regressed, %zu "
					 "improved (below)", worse, worse == 1 ? "" : "s", better);
		}
		snprintf(line, sizeof(line), "B %s %s by %s on %s; %s.",
			 r->verdict == VERDICT_REGRESSED ? "regresses" : "improves", r->metric,
			 shift_words(sh, sizeof(sh), r), r->scenario, more);
	}
	wrap_sep(e->f, "", "", "", line);
}

/* "exit_mmap_us regressed, kill_to_reaped_us inconclusive" for one family */
static void family_list(const struct ev *e, enum rb_family fam, char *buf, size_t len)
{
	static const enum rb_verdict order[] = { VERDICT_REGRESSED, VERDICT_IMPROVED,
						 VERDICT_CHANGED, VERDICT_EQUIVALENT,
						 VERDICT_INCONCLUSIVE, VERDICT_MOVED,
						 VERDICT_NA };
	size_t i, k, o = 0;

	*buf = 0;
	for (k = 0; k < ARRAY_SIZE(order); k++) {
		size_t cnt = 0, first = o;

		for (i = 0; i < e->c->n && o < len; i++) {
			const struct rb_cmp_row *r = &e->c->rows[i];

			if (r->family != fam || r->verdict != order[k] ||
			    (e->nscen == 1 && strcmp(r->scenario, e->scen)))
				continue;
			cnt++;
			/* moved rows by name (and scenario when several); the rest
			 * named with one scenario, counted with several */
			if (moved(r) || order[k] == VERDICT_CHANGED ||
			    (fam == FAMILY_PRIMARY && e->nscen == 1 && order[k] != VERDICT_NA))
				o += snprintf(buf + o, len - o, "%s%s%s%s%s",
					      o ? o == first ? "; " : ", " : "",
					      r->metric, e->nscen > 1 ? " (" : "",
					      e->nscen > 1 ? r->scenario : "", e->nscen > 1 ? ")" : "");
		}
		if (cnt && o < len) {
			if (o == first)
				o += snprintf(buf + o, len - o, "%s%zu", o ? "; " : "", cnt);
			o += snprintf(buf + o, len - o, " %s", order[k] == VERDICT_NA ?
				      "not measured" : rb_verdict_names[order[k]]);
		}
	}
}

static void verdict_paragraph(struct ev *e)
{
	char prim[600], sec[900], text[2400], boots[300];
	const struct rb_cmp_row *r = row_of(e, e->scen, PHASE_SUM);
	size_t i;

	if (!r)
		for (i = 0; i < e->c->n && !r; i++)
			if (e->c->rows[i].family == FAMILY_PRIMARY && !e->c->rows[i].is_text)
				r = &e->c->rows[i];
	family_list(e, FAMILY_PRIMARY, prim, sizeof(prim));
	family_list(e, FAMILY_SECONDARY, sec, sizeof(sec));
	if (r && r->boots_unrecorded)
		snprintf(boots, sizeof(boots), "fewer than two boots were recorded a side (host "
			 "runs are one boot per side), so the %zu and %zu runs stand for boots: the "
			 "intervals treat runs as independent and are likely too narrow",
			 r->bt.boots_a, r->bt.boots_b);
	else if (r)
		snprintf(boots, sizeof(boots), "%zu boots of A and %zu of B, %zu and %zu runs "
			 "after %u warm-up run%s per boot", r->bt.boots_a, r->bt.boots_b,
			 r->a.d.n - r->warmup_a, r->b.d.n - r->warmup_b, e->c->cfg.warmup,
			 e->c->cfg.warmup == 1 ? "" : "s");
	else
		snprintf(boots, sizeof(boots), "no numeric primary row");
	if (r && !r->boots_unrecorded && e->c->boots_unrecorded) {
		size_t n = 0, o = strlen(boots);

		for (i = 0; i < e->c->n; i++)
			n += e->c->rows[i].family != FAMILY_NONE && e->c->rows[i].boots_unrecorded;
		/* a metric stored in one boot's runs only (a reaper that ran in one) */
		snprintf(boots + o, sizeof(boots) - o, "; %zu row%s with values from one boot a "
			 "side took runs as boots (intervals likely too narrow)", n,
			 n == 1 ? "" : "s");
	}
	snprintf(text, sizeof(text), "Primary: %s. Secondary: %s. Method: Welch's test on "
		 "per-boot summaries, Holm over %zu primary and BH over %zu secondary rows at "
		 "alpha %g; %s.%s", *prim ? prim : "none", *sec ? sec : "none", e->c->n_primary,
		 e->c->n_secondary, e->c->cfg.alpha, boots,
		 e->c->underpowered ? " Too few boots: no row can reach alpha after Holm." : "");
	fprintf(e->f, "\nVerdict\n");
	wrap_sep(e->f, "  ", "", "", text);
}

/* The known answer of a calibration patch against what was measured: the
 * low quantiles carry a fixed delay cleanest (doc/STATISTICS.md). */
static void calibration(struct ev *e, const struct facts *fb)
{
	struct rb_known_shift k;
	const struct rb_cmp_row *r;
	char known[32], q10[120], hl[120], line[400];

	if (!evidence_known_shift(fb, &k))
		return;
	r = row_of(e, e->scen, k.metric);
	fmt_qty(known, sizeof(known), k.shift_us, RB_UNIT_US, 1);
	if (!r || r->is_text) {
		snprintf(line, sizeof(line), "known %s on %s; not measured here", known, k.metric);
	} else {
		struct rb_shift q = r->fx.q[1], h = row_shift(r);
		double div;
		const char *u = unit_for_us(fabs(k.shift_us), &div);
		char a[24], b[24], c[24];

		snprintf(q10, sizeof(q10), "%s [%s, %s] %s at p10", fmt_in(a, 24, q.est, div, 1),
			 fmt_in(b, 24, q.lo, div, 1), fmt_in(c, 24, q.hi, div, 1), u);
		snprintf(hl, sizeof(hl), "%s [%s, %s] %s HL", fmt_in(a, 24, h.est, div, 1),
			 fmt_in(b, 24, h.lo, div, 1), fmt_in(c, 24, h.hi, div, 1), u);
		snprintf(line, sizeof(line), "B adds a known %s to %s; recovered %s, %s.", known,
			 k.metric, q10, hl);
	}
	say(e->f, "  ", "Calibration", line);
}

/* " +1.04 [0.98,1.10]" in the table's unit; the estimate alone without an interval */
static char *cell_shift(char *buf, size_t len, const struct rb_shift *s, double div)
{
	char est[24], lo[24], hi[24];

	if (!isfinite(s->est))
		snprintf(buf, len, "-");
	else if (!isfinite(s->lo))
		snprintf(buf, len, "%s", fmt_in(est, 24, s->est, div, 1));
	else
		snprintf(buf, len, "%s [%s,%s]", fmt_in(est, 24, s->est, div, 1),
			 fmt_in(lo, 24, s->lo, div, 1), fmt_in(hi, 24, s->hi, div, 1));
	return buf;
}

static char *cell_p(char *buf, size_t len, double p)
{
	if (!isfinite(p))
		snprintf(buf, len, "-");
	else if (p < 0.001)
		snprintf(buf, len, "<.001");
	else
		snprintf(buf, len, "%.3f", p);
	return buf;
}

/* A shift's interval lies wholly on one side of zero: -1, +1, or 0. */
static int shift_sign(const struct rb_shift *s)
{
	if (isfinite(s->lo) && s->lo > 0)
		return 1;
	if (isfinite(s->hi) && s->hi < 0)
		return -1;
	return 0;
}

/*
 * Did a phase move, and which way: its p50 shift's interval, or without one
 * (fewer than RB_RESAMPLE_MIN_BOOTS boots a side) the row's boot-level
 * verdict, the p column (phases are lower-is-better).
 */
static int phase_dir(const struct rb_cmp_row *r)
{
	if (isfinite(r->fx.q[3].lo) && isfinite(r->fx.q[3].hi))
		return shift_sign(&r->fx.q[3]);
	return r->verdict == VERDICT_REGRESSED ? 1 : r->verdict == VERDICT_IMPROVED ? -1 : 0;
}

static void phase_table(struct ev *e)
{
	const struct rb_cmp_row *rows[ARRAY_SIZE(table_phases) + 1];
	const struct rb_phase_words *ph[ARRAY_SIZE(table_phases) + 1];
	const char *names[ARRAY_SIZE(table_phases) + 1];
	char a[16], b[16], s10[40], s50[40], p[16], note[900], waits[300] = "", into[160];
	double top = 0, div;
	const char *unit;
	size_t i, n = 0, up = SIZE_MAX, down = SIZE_MAX;
	const struct rb_flavours *fl = phase_flavours_of(e->c, e->scen);
	int same_flavour = !fl || !fl->differ, have_iv;

	for (i = 0; i < ARRAY_SIZE(table_phases); i++) {
		const struct rb_cmp_row *r = row_of(e, e->scen, table_phases[i]);

		if (!r || r->is_text || (!r->a.d.n && !r->b.d.n) ||
		    !(ph[n] = phase_words(table_phases[i])))
			continue;
		names[n] = ph[n]->name;
		rows[n++] = r;
	}
	if ((rows[n] = row_of(e, e->scen, PHASE_SUM)))
		names[n++] = "exit_mmap";
	if (!n) {
		fprintf(e->f, "\nPhases of exit_mmap: not measured (no tracepoints or no exit)\n");
		return;
	}
	for (i = 0; i < n; i++)
		top = fmax(top, fmax(fabs(rows[i]->a.d.median), fabs(rows[i]->b.d.median)));
	unit = unit_for_us(top, &div);
	fprintf(e->f, "\nPhases of exit_mmap (%s; shift B-A [95%% interval], p adjusted)\n", unit);
	put_line(e->f, "%-10s %6s %6s %-19s %-19s %s", "phase", "A p50", "B p50", "shift p10",
		 "shift p50", "p");
	for (i = 0; i < n; i++) {
		const struct rb_cmp_row *r = rows[i];
		int sum = i == n - 1 && !strcmp(r->metric, PHASE_SUM);

		put_line(e->f, "%-10s %6s %6s %-19s %-19s %s", names[i],
			 fmt_in(a, sizeof(a), r->a.d.median, div, 0),
			 fmt_in(b, sizeof(b), r->b.d.median, div, 0),
			 cell_shift(s10, sizeof(s10), &r->fx.q[1], div),
			 cell_shift(s50, sizeof(s50), &r->fx.q[3], div),
			 same_flavour || sum ? cell_p(p, sizeof(p), r->p_family) : "-");
		if (sum)
			continue;
		if (ph[i]->wait) {
			if (phase_dir(r))
				snprintf(waits + strlen(waits), sizeof(waits) - strlen(waits),
					 " B waits %s for %s (%s %s at p50).", phase_dir(r) > 0 ?
					 "longer" : "less", ph[i]->words + strlen("the wait for "),
					 fmt_in(a, sizeof(a), r->fx.q[3].est, div, 1), unit);
			continue;
		}
		if (phase_dir(r) > 0 && (up == SIZE_MAX ||
		    r->fx.q[3].est > rows[up]->fx.q[3].est))
			up = i;
		if (phase_dir(r) < 0 && (down == SIZE_MAX ||
		    r->fx.q[3].est < rows[down]->fx.q[3].est))
			down = i;
	}
	have_iv = isfinite(rows[0]->fx.q[3].lo);
	if (!same_flavour) {
		/* the lock patterns differ: the one sentence every format prints */
		phase_moved_line(e->c, e->scen, note, sizeof(note));
	} else if (up != SIZE_MAX && down != SIZE_MAX) {
		phase_moved_into(into, sizeof(into), ph[down], ph[up]);
		snprintf(note, sizeof(note), "Work moved: %s shrank and %s grew at p50: %s; "
			 "their sum exit_mmap is what counts.%s", names[down], names[up], into, waits);
	} else if (up != SIZE_MAX || down != SIZE_MAX) {
		size_t k = up != SIZE_MAX ? up : down;

		snprintf(note, sizeof(note), "Of the work, only %s moved at p50 (%s); the "
			 "other phases%s.%s", ph[k]->words, up != SIZE_MAX ? "longer" : "shorter",
			 have_iv ? "' intervals hold 0" : " did not by the boot-level test (p)",
			 waits);
	} else {
		snprintf(note, sizeof(note), "No work phase moved at p50 (%s).%s", have_iv ?
			 "every interval holds 0" : "none by the boot-level test, p column", waits);
	}
	wrap_sep(e->f, "  ", "", "", note);
	if (phase_like_line(e->c, e->scen, note, sizeof(note)))
		wrap_sep(e->f, "  ", "", "", note);
	if (!have_iv)
		put_line(e->f, "  (no intervals below %d boots a side: moves by the p column)",
			 RB_RESAMPLE_MIN_BOOTS);
}

/* "100% of 20," or "not measured" */
static void side_share(char *buf, size_t len, const struct rb_side *s)
{
	if (!s->total)
		snprintf(buf, len, "not measured");
	else
		snprintf(buf, len, "%.0f%% of %zu", 100 * s->share, s->total);
}

/* Text metrics with a counted value (reaper_outcome=reaped) and the lock
 * pattern: shares of runs with n, said once. */
static void outcomes(struct ev *e)
{
	size_t i, shown = 0;

	for (i = 0; i < e->c->n; i++) {
		const struct rb_cmp_row *r = &e->c->rows[i];
		char a[40], b[40], what[96];

		const struct rb_metric_def *d = metric_def_find(r->metric);

		/* the counted outcomes and the lock pattern; other descriptors: compare.txt */
		if (strcmp(r->scenario, e->scen) || !r->is_text || !r->hit ||
		    (!(d && d->hit) && strcmp(r->metric, "exit_flavour")))
			continue;
		if (!shown++)
			fprintf(e->f, "\nOutcomes (share of runs, n)\n");
		if (!r->a.total && !r->b.total) {
			put_line(e->f, "  %s: not measured: %.50s", r->metric,
				 r->a.absent_reason ? r->a.absent_reason : "absent");
			continue;
		}
		side_share(a, sizeof(a), &r->a);
		side_share(b, sizeof(b), &r->b);
		snprintf(what, sizeof(what), "%s=%s", r->metric, r->hit);
		put_line(e->f, "  %-26.26s A %-15s B %s", what, a, b);
	}
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

static const struct rb_series *series_of(const struct rb_sample *s, const char *scen,
					 const char *metric)
{
	size_t i;

	for (i = 0; s && i < s->n; i++)
		if (!strcmp(s->s[i].scenario, scen) && !strcmp(s->s[i].metric, metric))
			return &s->s[i];
	return NULL;
}

/* "6.10 6.31 6.22" medians of each boot's kept runs, in the given unit */
static void boot_medians(char *buf, size_t len, const struct rb_boots *b, double div)
{
	size_t i, o = 0;

	*buf = 0;
	for (i = 0; i < b->n_boots && o < len; i++) {
		size_t n = boots_runs(b, i);
		double *x = malloc((n ? n : 1) * sizeof(*x)), med;
		char v[24];

		if (!x)
			return;
		memcpy(x, b->x + b->start[i], n * sizeof(*x));
		qsort(x, n, sizeof(*x), cmp_double);
		med = n ? (n % 2 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2) : NAN;
		free(x);
		o += snprintf(buf + o, len - o, "%s%s", o ? " " : "", fmt_in(v, 24, med, div, 0));
	}
}

static void per_boot(struct ev *e)
{
	size_t i, shown = 0;

	for (i = 0; i < e->c->n; i++) {
		const struct rb_cmp_row *r = &e->c->rows[i];
		struct rb_boots ba, bb;
		int ua = 0, ub = 0;
		char la[300], lb[300], line[700];
		double div;
		const char *u;

		if (strcmp(r->scenario, e->scen) || r->family != FAMILY_PRIMARY || r->is_text ||
		    unit_of(r->metric) != RB_UNIT_US)
			continue;
		if (side_boots(series_of(e->sa, r->scenario, r->metric), NULL, 0, e->c->cfg.warmup,
			       &ba, &ua))
			continue;
		if (side_boots(series_of(e->sb, r->scenario, r->metric), NULL, 0, e->c->cfg.warmup,
			       &bb, &ub)) {
			boots_free(&ba);
			continue;
		}
		if (!shown++)
			fprintf(e->f, "\nPer-boot medians\n");
		if (ua || ub) {
			if (shown == 1)
				put_line(e->f, "  none: one boot per side; runs stand for boots");
		} else {
			u = unit_for_us(fmax(fabs(r->a.d.median), fabs(r->b.d.median)), &div);
			boot_medians(la, sizeof(la), &ba, div);
			boot_medians(lb, sizeof(lb), &bb, div);
			snprintf(line, sizeof(line), "A %s | B %s", la, lb);
			{
				char label[96];

				snprintf(label, sizeof(label), "%s (%s)", r->metric, u);
				say(e->f, "  ", label, line);
			}
		}
		boots_free(&ba);
		boots_free(&bb);
	}
}

static void margins(struct ev *e)
{
	char list[600] = "";
	size_t i, o = 0;

	for (i = 0; i < e->c->n && o < sizeof(list); i++) {
		const struct rb_cmp_row *r = &e->c->rows[i];

		if (strcmp(r->scenario, e->scen) || !isfinite(r->margin))
			continue;
		if (r->bt.scale == SCALE_LOG)
			o += snprintf(list + o, sizeof(list) - o, "%s%s +-%.1f%%", o ? ", " : "",
				      r->metric, 100 * (exp(r->margin) - 1));
		else
			o += snprintf(list + o, sizeof(list) - o, "%s%s +-%g", o ? ", " : "",
				      r->metric, r->margin);
	}
	say(e->f, "\n", "Equivalence margins", *list ? list :
	     "none stored (no A/A run set of this kernel and machine), so only a row "
	     "with identical values on both sides is equivalent; an unmoved row is "
	     "inconclusive");
}

static const char *mark(enum rb_verdict v)
{
	switch (v) {
	case VERDICT_REGRESSED:
		return "worse";
	case VERDICT_IMPROVED:
		return "better";
	case VERDICT_EQUIVALENT:
		return "same";
	case VERDICT_INCONCLUSIVE:
		return "?";
	default:
		return rb_verdict_names[v];
	}
}

/* Other scenarios, one line each: the primary rows' class and shift. */
static void scenario_table(struct ev *e)
{
	size_t i;
	const char *last = NULL;

	if (e->nscen < 2)
		return;
	fprintf(e->f, "\nScenarios (primary rows: HL shift, worse/better/same/?; details: "
		"%.12s)\n", e->scen);
	for (i = 0; i < e->c->n; i++) {
		const struct rb_cmp_row *r = &e->c->rows[i];
		char cell[200] = "", sh[32];
		size_t j, o = 0;

		if (last && !strcmp(last, r->scenario))
			continue;
		last = r->scenario;
		for (j = i; j < e->c->n && !strcmp(e->c->rows[j].scenario, last); j++) {
			const struct rb_cmp_row *q = &e->c->rows[j];

			if (q->family != FAMILY_PRIMARY || q->is_text)
				continue;
			o += snprintf(cell + o, sizeof(cell) - o, "%s%s %s %s", o ? "; " : "",
				      q->metric, fmt_qty(sh, sizeof(sh), row_shift(q).est,
							 unit_of(q->metric), 1), mark(q->verdict));
		}
		put_line(e->f, "  %-24.24s %s", last, *cell ? cell : "no primary row");
	}
}

/* "Plots: phases.png, outcome.png, ecdf-*.png (5), ..." by what is attached */
static void plots_line(struct ev *e, const struct rb_plotter *p)
{
	char list[1200] = "";
	size_t i, o = 0, boxes = 0, ecdfs = 0;

	if (!p || !p->n_made) {
		say(e->f, "\n", "Plots", "none made (gnuplot missing or --no-plots)");
		return;
	}
	for (i = 0; i < p->n_made && o < sizeof(list); i++) {
		if (!strncmp(p->made[i], "box-", 4)) {
			boxes++;
			continue;
		}
		if (!strncmp(p->made[i], "ecdf-", 5)) {
			ecdfs++;
			continue;
		}
		o += snprintf(list + o, sizeof(list) - o, "%s%s.png", o ? ", " : "", p->made[i]);
	}
	if (ecdfs && o < sizeof(list))
		o += snprintf(list + o, sizeof(list) - o, "%secdf-*.png (%zu: A vs B per metric)",
			      o ? ", " : "", ecdfs);
	if (boxes && o < sizeof(list))
		snprintf(list + o, sizeof(list) - o, "%sbox-*.png (%zu)", o ? ", " : "", boxes);
	say(e->f, "\n", "Plots (also .svg; index.html)", list);
}

int report_evidence(FILE *f, const struct rb_cmp *c, const struct rb_cmp_meta *m,
		    const struct rb_plotter *plots)
{
	struct ev e = { f, c, m, m->sa, m->sb, NULL, 0 };
	struct facts fa, fb;
	size_t i, nlead;
	const struct rb_cmp_row *lead = lead_row(c, &nlead);

	for (i = 0; i < c->n; i++)
		if (!i || strcmp(c->rows[i - 1].scenario, c->rows[i].scenario))
			e.nscen++;
	e.scen = lead ? lead->scenario : c->n ? c->rows[0].scenario : "(no scenario)";
	facts_load(&fa, m->a->info_json);
	facts_load(&fb, m->b->info_json);

	headline(&e);
	fputc('\n', f);
	evidence_side(f, "A", m->a, &fa);
	evidence_side(f, "B", m->b, &fb);
	evidence_config(f, &fa, &fb);
	evidence_machine(f, &fa);
	verdict_paragraph(&e);
	calibration(&e, &fb);
	scenario_table(&e);
	phase_table(&e);
	outcomes(&e);
	per_boot(&e);
	margins(&e);
	evidence_reproduce(f, m);
	plots_line(&e, plots);
	say(f, "\n", "More", "appendix.txt (facts, kernel config, spec and patch texts, "
	     "paths, tool counters), compare.txt (every metric), data.json (every value)");
	facts_free(&fa);
	facts_free(&fb);
	return 0;
}
