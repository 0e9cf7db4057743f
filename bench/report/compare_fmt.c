/*
 * Human formats of a comparison, each at most RB_TEXT_COLS columns so they
 * paste into a patch mail: text (mmtests compare-kernels rows), lkp (the
 * 0-day robot block) and md. User strings (labels, reasons) are cut to fit.
 */
#include "compare_fmt.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include "calibration.h"
#include "common.h"
#include "metric_table.h"
#include "phase_moves.h"
#include "report_facts.h"

char *fmt_num(char *buf, size_t width, double v)
{
	char tmp[64];
	int prec;

	if (isnan(v))
		return strcpy(buf, "-");
	if (isinf(v))
		return strcpy(buf, v > 0 ? "inf" : "-inf");
	if (v != 0 && fabs(v) < 1) {
		snprintf(tmp, sizeof(tmp), "%.3g", v);
		if (strlen(tmp) > width)
			snprintf(tmp, sizeof(tmp), "%.0e", v);
		return strcpy(buf, tmp);
	}
	for (prec = 2; prec >= 0; prec--) {
		snprintf(tmp, sizeof(tmp), "%.*f", prec, v);
		if (strlen(tmp) <= width)
			return strcpy(buf, tmp);
	}
	for (prec = 3; prec >= 0; prec--) {
		snprintf(tmp, sizeof(tmp), "%.*e", prec, v);
		if (strlen(tmp) <= width || !prec)
			break;
	}
	if (strlen(tmp) > width)
		tmp[width] = 0;
	return strcpy(buf, tmp);
}

char *fmt_pct(char *buf, size_t len, double frac)
{
	if (isfinite(frac))
		snprintf(buf, len, "%.2f%%", 100 * frac);
	else
		snprintf(buf, len, "-");
	return buf;
}

char *fmt_ratio(char *buf, size_t len, double v)
{
	/* three decimals near 1, fewer for the large ratios of rare events */
	if (isfinite(v))
		snprintf(buf, len, "%.*f", fabs(v) >= 100 ? 0 : fabs(v) >= 10 ? 1 : 3, v);
	else
		snprintf(buf, len, "-");
	return buf;
}

/* A relative change reads well only against a base clearly away from zero:
 * past 10x either way (0.28 -> 119 us) the absolute change says more. */
static int base_near_zero(const struct rb_cmp_row *r)
{
	double a = r->a.d.median, b = r->b.d.median;

	return !(fabs(a) > 0) || fabs(b) > 10 * fabs(a) || fabs(b) < fabs(a) / 10;
}

char *fmt_change(char *buf, size_t len, const struct rb_cmp_row *r)
{
	double pct = 100 * r->change;
	const struct rb_metric_def *d = metric_def_find(r->metric);

	if (isnan(pct))
		snprintf(buf, len, "-");
	else if (r->is_text)
		snprintf(buf, len, "%+.1fpt", pct);
	else if (base_near_zero(r))
		fmt_qty(buf, len, r->b.d.median - r->a.d.median, d ? d->unit : RB_UNIT_COUNT, 1);
	else
		snprintf(buf, len, "%+.*f%%", fabs(pct) < 100 ? 2 : 0, pct);
	return buf;
}

/* Three significant digits, at most two decimals: 1.04, 10.4, 104, 1042. */
static void fmt_sig(char *buf, size_t len, double v, int sign)
{
	double a = fabs(v);
	/* the precision of the rounded value: 9.997 prints as 10.0, not 10.00 */
	int prec = a >= 99.95 ? 0 : a >= 9.995 ? 1 : 2;

	snprintf(buf, len, sign ? "%+.*f" : "%.*f", prec, v);
	if (!strpbrk(buf, "123456789"))	/* no "-0.00" */
		snprintf(buf, len, "0");
}

const char *unit_for_us(double max_abs_us, double *div)
{
	if (max_abs_us >= 1e6) {
		*div = 1e6;
		return "s";
	}
	if (max_abs_us >= 1e3) {
		*div = 1e3;
		return "ms";
	}
	*div = 1;
	return "us";
}

char *fmt_in(char *buf, size_t len, double v, double div, int sign)
{
	if (!isfinite(v))
		snprintf(buf, len, "-");
	else
		fmt_sig(buf, len, v / div, sign);
	return buf;
}

char *fmt_qty(char *buf, size_t len, double v, enum rb_metric_unit unit, int sign)
{
	static const char *const bytes[] = { "B", "KiB", "MiB", "GiB" };
	char num[32];
	const char *u = "";
	double div = 1;
	size_t k = 0;

	if (!isfinite(v))
		return snprintf(buf, len, "-"), buf;
	if (unit == RB_UNIT_US) {
		u = unit_for_us(fabs(v), &div);
	} else if (unit == RB_UNIT_BYTES) {
		for (; k + 1 < ARRAY_SIZE(bytes) && fabs(v) / div >= 1024; k++)
			div *= 1024;
		u = bytes[k];
	}
	fmt_sig(num, sizeof(num), v / div, sign);
	snprintf(buf, len, "%s%s%s", num, *u ? " " : "", u);
	return buf;
}

int row_flagged(const struct rb_cmp_row *r)
{
	return r->verdict == VERDICT_REGRESSED || r->verdict == VERDICT_IMPROVED ||
	       r->verdict == VERDICT_CHANGED;
}

static int side_empty(const struct rb_cmp_row *r, const struct rb_side *s)
{
	return r->is_text ? !s->total : !s->d.n;
}

/* printf, cut at RB_TEXT_COLS characters ("~" marks a cut), newline added. */
void put_line(FILE *f, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (strlen(buf) > RB_TEXT_COLS) {
		buf[RB_TEXT_COLS - 1] = '~';
		buf[RB_TEXT_COLS] = 0;
	}
	rstrip(buf);	/* mail clients and checkpatch dislike trailing blanks */
	fprintf(f, "%s\n", buf);
}

/* Where exit_mmap's work moved when the lock patterns differ, or which runs
 * the phases took when a side mixed patterns (phase_moves.h), wrapped. */
static int print_moved(FILE *f, const struct rb_cmp *c, const char *scenario,
		       const char *indent)
{
	char line[1400];

	if (!phase_flavour_line(c, scenario, line, sizeof(line)))
		return 0;
	wrap_sep(f, indent, "", "", line);
	return 1;
}

static void side_line(FILE *f, const char *prefix, const char *tag, const struct rb_runset_info *s)
{
	int done = !s->status || !strcmp(s->status, "complete");

	/* a run set still running or cut short is usable, but say so */
	put_line(f, "%s%s: %s (#%lld) kernel %s%s%s%s", prefix, tag, s->label ? s->label : "?",
		 (long long)s->id, s->kernel_release ? s->kernel_release : "?",
		 done ? "" : " [", done ? "" : s->status, done ? "" : "]");
	put_line(f, "%s   %d valid runs, %d invalid%s%s%s", prefix, s->runs_valid, s->runs_invalid,
		 s->invalid_reason ? " (" : "", s->invalid_reason ? s->invalid_reason : "",
		 s->invalid_reason ? ")" : "");
}

void compare_print_header(FILE *f, const struct rb_cmp *c, const struct rb_cmp_meta *m,
			  const char *prefix)
{
	put_line(f, "%sreapbench compare, A = %s, B = %s", prefix, m->a->label, m->b->label);
	side_line(f, prefix, "A", m->a);
	side_line(f, prefix, "B", m->b);
	compare_print_method(f, c, m, prefix);
}

/* "reaper_outcome=reaped, mrelease_ret=0": the text metrics whose share of
 * a value counts, from the metric table. */
static const char *share_hits(char *buf, size_t len)
{
	const struct rb_metric_def *d;
	size_t i, o = 0;

	buf[0] = 0;
	for (i = 0; (d = metric_def_at(i)) && o < len; i++)
		if (d->hit)
			o += snprintf(buf + o, len - o, "%s%s=%s", o ? ", " : "", d->name, d->hit);
	return buf;
}

/* Which A/A margins the rows used: "equivalent" needs one. */
static void print_margins(FILE *f, const struct rb_cmp *c, const char *prefix)
{
	const char *from = NULL;
	size_t with = 0, tested = 0, i;

	for (i = 0; i < c->n; i++) {
		if (c->rows[i].family == FAMILY_NONE || isnan(c->rows[i].bt.p))
			continue;
		tested++;
		if (c->rows[i].margin_from) {
			with++;
			from = from ? from : c->rows[i].margin_from;
		}
	}
	put_line(f, "%smargins: %zu of %zu tested rows have an A/A margin%s", prefix, with, tested,
		 with ? " from" : " (none: nothing can");
	if (with)
		put_line(f, "%s  %s", prefix, from);
	else
		put_line(f, "%s  be called equivalent; reapbench margin build A_A_RUNSET)", prefix);
}

/* B is a calibration patch: the known shift against the recovered one. */
static void print_calibration(FILE *f, const struct rb_cmp *c, const struct rb_cmp_meta *m,
			      const char *prefix)
{
	struct rb_calibration cal;
	char e[16], lo[16], hi[16], k[16];

	if (!m->b || !calibration_find(c, m->b->info_json, &cal))
		return;
	snprintf(k, sizeof(k), "%+.0f", cal.known_us);
	put_line(f, "%scalibration of %s (p10 shift, boots resampled):", prefix, cal.metric);
	if (!cal.row || isnan(cal.est)) {
		put_line(f, "%s  known %s us, recovered: - (not measured)", prefix, k);
		return;
	}
	snprintf(e, sizeof(e), "%+.0f", cal.est);
	snprintf(lo, sizeof(lo), "%+.0f", cal.lo);
	snprintf(hi, sizeof(hi), "%+.0f", cal.hi);
	if (isnan(cal.lo))
		put_line(f, "%s  known %s us, recovered %s us [no CI: < %d boots], %s"
			 " 10%%", prefix, k, e, RB_RESAMPLE_MIN_BOOTS,
			 cal.within ? "within" : "NOT within");
	else
		put_line(f, "%s  known %s us, recovered %s us [%s, %s], %s 10%%", prefix, k, e, lo,
			 hi, cal.within ? "within" : "NOT within");
}

void compare_print_method(FILE *f, const struct rb_cmp *c, const struct rb_cmp_meta *m,
			  const char *prefix)
{
	char hits[96];

	if (m->pairing && *m->pairing) {
		/* cut at "paired" so each half fits a line */
		const char *p = strstr(m->pairing, " paired ");

		put_line(f, "%s%.*s", prefix, p ? (int)(p - m->pairing) : 200, m->pairing);
		if (p)
			put_line(f, "%s %s", prefix, p);
	}
	put_line(f, "%sunit: the boot; %u warm-up run(s) after each boot dropped", prefix,
		 c->cfg.warmup);
	if (c->boots_unrecorded)
		put_line(f, "%snote: fewer than 2 recorded boots on a side: each run taken", prefix);
	if (c->boots_unrecorded)
		put_line(f, "%s  as a boot (runs assumed independent)", prefix);
	put_line(f, "%stest: Welch's t on per-boot means of log(value) (of the", prefix);
	put_line(f, "%s  value where <= 0), two-sided", prefix);
	put_line(f, "%sshares (%s, other text", prefix, share_hits(hits, sizeof(hits)));
	put_line(f, "%s  values: the most common): per-boot shares, same test", prefix);
	put_line(f, "%sHolm over %zu primary rows, BH over %zu secondary; alpha %g", prefix,
		 c->n_primary, c->n_secondary, c->cfg.alpha);
	put_line(f, "%sshifts: Hodges-Lehmann and quantiles, intervals resampled by", prefix);
	put_line(f, "%s  boot (%u, mt19937 seed %lu); doc/STATISTICS.md", prefix,
		 c->cfg.resamples, c->cfg.seed);
	put_line(f, "%sverdict: %zu regressed, %zu improved, %zu changed, %zu", prefix,
		 c->n_regressed, c->n_improved, c->n_changed, c->n_equivalent);
	put_line(f, "%s  equivalent, %zu inconclusive; '*' marks the flagged", prefix,
		 c->n_inconclusive);
	if (c->n_moved) {
		put_line(f, "%s%zu phase rows moved: exit_flavour differs between the sides,", prefix,
			 c->n_moved);
		put_line(f, "%s  so they are not tested; their sum exit_mmap_us is",
			 prefix);
	}
	print_margins(f, c, prefix);
	print_calibration(f, c, m, prefix);
	if (c->underpowered) {
		put_line(f, "%snote: with these n the exact test cannot reach p < %g/%zu:", prefix,
			 c->cfg.alpha, c->n_tested);
		put_line(f, "%s  nothing can be flagged; run more repetitions per side", prefix);
	}
}

/* Descriptive rows shown per numeric metric, in mmtests' order. */
static const struct {
	const char *label;
	size_t off;
	int pct;	/* print as a percentage (CoV) */
	int change;	/* show % change B vs A on this row */
} desc_rows[] = {
	{ "Min", offsetof(struct rb_desc, min), 0, 1 },
	{ "Median", offsetof(struct rb_desc, median), 0, 1 },
	{ "Amean", offsetof(struct rb_desc, mean), 0, 1 },
	{ "Stddev", offsetof(struct rb_desc, stddev), 0, 0 },
	{ "CoV", offsetof(struct rb_desc, cov), 1, 0 },
	{ "P90", offsetof(struct rb_desc, p90), 0, 1 },
	{ "P99", offsetof(struct rb_desc, p99), 0, 1 },
	{ "Max", offsetof(struct rb_desc, max), 0, 1 },
};

/* 6 + 28 + 10 + 10 + 9 + marks = 69 columns: metric names up to 28 fit */
#define ROW_FMT "%-6s %-28.28s %10s %10s %9s%s"
#define NUM_W 10

static double desc_field(const struct rb_desc *d, size_t off)
{
	return *(const double *)((const char *)d + off);
}

static void text_absent(FILE *f, const struct rb_cmp_row *r)
{
	char a[24], b[24];

	if (!r->a.absent && !r->b.absent)
		return;
	snprintf(a, sizeof(a), "%zu", r->a.absent);
	snprintf(b, sizeof(b), "%zu", r->b.absent);
	put_line(f, ROW_FMT, "Absent", r->metric, a, b, "", "");
	/* say why, never print a 0 for what was not measurable */
	if (r->a.absent && r->b.absent && !strcmp(r->a.absent_reason, r->b.absent_reason)) {
		put_line(f, "  A, B: absent: %s", r->a.absent_reason);
		return;
	}
	if (r->a.absent)
		put_line(f, "  A: absent: %s", r->a.absent_reason);
	if (r->b.absent)
		put_line(f, "  B: absent: %s", r->b.absent_reason);
}

static const char *family_adj_name(const struct rb_cmp_row *r)
{
	return r->family == FAMILY_PRIMARY ? "holm" : r->family == FAMILY_SECONDARY ? "bh" : "unadj";
}

/* The verdict's test (boots), then the run-level test as a description. */
static void text_test(FILE *f, const struct rb_cmp_row *r)
{
	char p[16], padj[16], mp[16];

	if (isnan(r->bt.p) || r->untested) {
		put_line(f, "%-6s %-28.28s %s: %s", "Test", r->metric,
			 r->untested ? r->untested : "fewer than 2 boots on a side",
			 rb_verdict_names[r->verdict]);
	} else {
		snprintf(p, sizeof(p), "%.2g", r->bt.p);
		snprintf(padj, sizeof(padj), "%.2g", r->p_family);
		put_line(f, "%-6s %zu+%zu boots %s, welch p=%s %s=%s %s%s", "Test", r->bt.boots_a,
			 r->bt.boots_b, rb_family_names[r->family], p, family_adj_name(r),
			 isnan(r->p_family) ? "-" : padj, rb_verdict_names[r->verdict],
			 row_flagged(r) ? " *" : "");
	}
	if (r->family != FAMILY_NONE && !isnan(r->bt.p)) {
		if (!r->margin_from)
			put_line(f, "%-6s none: cannot call equivalent", "Margin");
		else if (r->bt.scale == SCALE_LOG)
			put_line(f, "%-6s ratio x%.3f..x%.3f (A/A)", "Margin", exp(-r->margin),
				 exp(r->margin));
		else
			put_line(f, "%-6s +-%s (A/A)", "Margin", fmt_num(p, 10, r->margin));
	}
	if (r->test) {
		snprintf(p, sizeof(p), "%.2g", r->p);
		snprintf(mp, sizeof(mp), "%.2g", r->min_p);
		put_line(f, "%-6s %s p=%s (runs as independent; min p %s)", "Runs", r->test, p,
			 r->test && strcmp(r->test, "fisher") ? mp : "-");
	}
}

/* Effects in the metric's unit and the verdict's interval. */
static void text_effects(FILE *f, const struct rb_cmp_row *r)
{
	char e[16], lo[16], hi[16], blo[16], bhi[16];
	size_t q;

	if (isnan(r->bt.diff))
		return;
	if (r->bt.scale == SCALE_LOG)
		put_line(f, "%-6s %-28.28s %s  CI95 [%s, %s]", "Ratio", "geo. mean B/A, by boot",
			 fmt_ratio(e, sizeof(e), r->bt.ratio), fmt_ratio(lo, sizeof(lo), r->bt.ratio_lo),
			 fmt_ratio(hi, sizeof(hi), r->bt.ratio_hi));
	else
		put_line(f, "%-6s %-28.28s %s  CI95 [%s, %s]", "Diff", "mean B-A, by boot",
			 fmt_num(e, NUM_W, r->bt.diff), fmt_num(lo, NUM_W, r->bt.lo),
			 fmt_num(hi, NUM_W, r->bt.hi));
	if (r->is_text || isnan(r->fx.hl.est))
		return;
	put_line(f, "%-6s HL %s [%s, %s] by boot [%s, %s] P(B>A) %.2f", "Shift",
		 fmt_num(e, NUM_W, r->fx.hl.est), fmt_num(lo, NUM_W, r->fx.hl.lo),
		 fmt_num(hi, NUM_W, r->fx.hl.hi), fmt_num(blo, NUM_W, r->fx.hl_boot.lo),
		 fmt_num(bhi, NUM_W, r->fx.hl_boot.hi), r->fx.p_b_gt_a);
	for (q = 0; q < RB_QSHIFT_N; q++) {
		if (isnan(r->fx.q[q].est))
			continue;
		put_line(f, "%-6s %-4s %s  by boot [%s, %s]", "Qshift", rb_qshift_names[q],
			 fmt_num(e, NUM_W, r->fx.q[q].est), fmt_num(lo, NUM_W, r->fx.q[q].lo),
			 fmt_num(hi, NUM_W, r->fx.q[q].hi));
	}
	if (!isnan(r->bt.mde))
		put_line(f, "%-6s %s%s detectable at 80%% power with these boots", "MDE",
			 r->bt.scale == SCALE_LOG ? "ratio x" : "",
			 fmt_ratio(e, sizeof(e), r->bt.scale == SCALE_LOG ? exp(r->bt.mde) : r->bt.mde));
}

static char *fmt_rel(char *buf, size_t len, double rel)
{
	double pct = 100 * rel;

	if (isnan(pct))
		snprintf(buf, len, "-");
	else if (isinf(pct))
		snprintf(buf, len, "%sinf%%", pct > 0 ? "+" : "-");
	else
		snprintf(buf, len, "%+.*f%%", fabs(pct) < 1000 ? 2 : 0, pct);
	return buf;
}

static void text_numeric(FILE *f, const struct rb_cmp_row *r)
{
	char a[24], b[24], ch[24];
	size_t i;

	snprintf(a, sizeof(a), "%zu", r->a.d.n);
	snprintf(b, sizeof(b), "%zu", r->b.d.n);
	put_line(f, ROW_FMT, "n", r->metric, a, b, "", "");
	if (!r->a.d.n && !r->b.d.n)
		return;	/* nothing measured on either side: the Absent row says why */
	for (i = 0; i < ARRAY_SIZE(desc_rows); i++) {
		double va = desc_field(&r->a.d, desc_rows[i].off);
		double vb = desc_field(&r->b.d, desc_rows[i].off);
		int median = desc_rows[i].off == offsetof(struct rb_desc, median);

		if (desc_rows[i].pct) {
			fmt_pct(a, sizeof(a), va);
			fmt_pct(b, sizeof(b), vb);
		} else {
			fmt_num(a, NUM_W, va);
			fmt_num(b, NUM_W, vb);
		}
		ch[0] = 0;
		if (desc_rows[i].change)
			fmt_rel(ch, sizeof(ch), stats_rel_change(va, vb));
		put_line(f, ROW_FMT, desc_rows[i].label, r->metric, a, b, ch,
			 median && row_flagged(r) ? " *" : "");
	}
}

static void text_share(FILE *f, const struct rb_cmp_row *r)
{
	char a[24], b[24], ch[24], name[64];

	snprintf(a, sizeof(a), "%zu", r->a.total);
	snprintf(b, sizeof(b), "%zu", r->b.total);
	put_line(f, ROW_FMT, "n", r->metric, a, b, "", "");
	if (!r->a.total && !r->b.total)
		return;
	snprintf(name, sizeof(name), "%s=%s", r->metric, r->hit ? r->hit : "?");
	fmt_pct(a, sizeof(a), r->a.share);
	fmt_pct(b, sizeof(b), r->b.share);
	put_line(f, ROW_FMT, "Share", name, a, b,
		 fmt_change(ch, sizeof(ch), r), row_flagged(r) ? " *" : "");
}

void compare_print_text_rows(FILE *f, const struct rb_cmp *c)
{
	const char *scen = NULL;
	size_t i;

	for (i = 0; i < c->n; i++) {
		const struct rb_cmp_row *r = &c->rows[i];

		if (!scen || strcmp(scen, r->scenario)) {
			scen = r->scenario;
			put_line(f, "\n## %s", scen);
			print_moved(f, c, scen, "");
			put_line(f, ROW_FMT, "", "", "A", "B", "change", "");
		}
		if (r->is_text)
			text_share(f, r);
		else
			text_numeric(f, r);
		text_test(f, r);
		text_effects(f, r);
		text_absent(f, r);
	}
}

static int unmeasured(const struct rb_cmp_row *r)
{
	return side_empty(r, &r->a) && side_empty(r, &r->b);
}

static const char *reason_of(const struct rb_cmp_row *r)
{
	return r->a.absent_reason ? r->a.absent_reason : "no values";
}

static void brief_row(FILE *f, const struct rb_cmp_row *r)
{
	char a[24], b[24], ch[24], p[16], name[64];

	if (r->is_text) {
		snprintf(name, sizeof(name), "%s=%s", r->metric, r->hit ? r->hit : "?");
		fmt_pct(a, sizeof(a), r->a.share);
		fmt_pct(b, sizeof(b), r->b.share);
	} else {
		snprintf(name, sizeof(name), "%s", r->metric);
		fmt_num(a, NUM_W, r->a.d.median);
		fmt_num(b, NUM_W, r->b.d.median);
	}
	if (isnan(r->p_family))
		snprintf(p, sizeof(p), "-");
	else
		snprintf(p, sizeof(p), "%.2g", r->p_family);
	put_line(f, "%-28.28s %10s %10s %9s %8s%s", name, a, b, fmt_change(ch, sizeof(ch), r), p,
		 row_flagged(r) ? " *" : "");
	/* a side without a value says why, never shows a 0 */
	if (r->a.absent)
		put_line(f, "  A: %zu absent: %s", r->a.absent, r->a.absent_reason);
	if (r->b.absent)
		put_line(f, "  B: %zu absent: %s", r->b.absent, r->b.absent_reason);
}

/* Rows [from, to) measured on neither side, one wrapped list per reason. */
static void brief_unmeasured(FILE *f, const struct rb_cmp *c, size_t from, size_t to)
{
	char line[RB_TEXT_COLS + 1];
	size_t i, j;

	for (i = from; i < to; i++) {
		int first = unmeasured(&c->rows[i]);

		for (j = from; j < i && first; j++)
			first = !(unmeasured(&c->rows[j]) &&
				  !strcmp(reason_of(&c->rows[j]), reason_of(&c->rows[i])));
		if (!first)
			continue;
		put_line(f, "absent on A and B: %s:", reason_of(&c->rows[i]));
		line[0] = 0;
		for (j = i; j < to; j++) {
			const struct rb_cmp_row *q = &c->rows[j];

			if (!unmeasured(q) || strcmp(reason_of(q), reason_of(&c->rows[i])))
				continue;
			if (strlen(line) + strlen(q->metric) + 3 > RB_TEXT_COLS) {
				put_line(f, "%s", line);
				line[0] = 0;
			}
			snprintf(line + strlen(line), sizeof(line) - strlen(line), "  %s", q->metric);
		}
		put_line(f, "%s", line);
	}
}

/* One row per metric: what a mail shows; compare.txt / --format text has the rest. */
void compare_print_brief_rows(FILE *f, const struct rb_cmp *c)
{
	size_t i = 0, j;

	while (i < c->n) {
		const char *scen = c->rows[i].scenario;
		size_t start = i;

		for (j = i; j < c->n && !strcmp(c->rows[j].scenario, scen); j++)
			;
		put_line(f, "\n## %s", scen);
		print_moved(f, c, scen, "");
		put_line(f, "%-28s %10s %10s %9s %8s", "metric (median; share)", "A", "B", "change",
			 "p(adj)");
		for (; i < j; i++)
			if (!unmeasured(&c->rows[i]))
				brief_row(f, &c->rows[i]);
		brief_unmeasured(f, c, start, j);
	}
}

static int print_brief(FILE *f, const struct rb_cmp *c, const struct rb_cmp_meta *m)
{
	compare_print_header(f, c, m, "# ");
	compare_print_brief_rows(f, c);
	return 0;
}

static int print_text(FILE *f, const struct rb_cmp *c, const struct rb_cmp_meta *m)
{
	compare_print_header(f, c, m, "# ");
	compare_print_text_rows(f, c);
	return 0;
}

/* 0-day: "A ±stddev%  %change  B ±stddev%  metric"; ± is one column in UTF-8. */
static void lkp_dev(char *buf, size_t len, const struct rb_desc *d)
{
	double pct = 100 * d->cov;

	/* like the robot, leave the spread out when it is under 2% */
	if (isnan(pct) || pct < 2)
		snprintf(buf, len, "     ");
	else
		snprintf(buf, len, "\u00b1%3.0f%%", fmin(pct, 999));
}

static int print_lkp(FILE *f, const struct rb_cmp *c, const struct rb_cmp_meta *m)
{
	const char *scen = NULL;
	size_t i;

	compare_print_header(f, c, m, "# ");
	for (i = 0; i < c->n; i++) {
		const struct rb_cmp_row *r = &c->rows[i];
		char a[24], b[24], da[16], db[16], ch[24], name[64];

		if (!scen || strcmp(scen, r->scenario)) {
			scen = r->scenario;
			put_line(f, "\n%s", scen);
			print_moved(f, c, scen, "");
			put_line(f, "%15.15s %27.27s", m->a->label, m->b->label);
			fprintf(f, "--------------- ---------------------------\n");
			fprintf(f, "        %%stddev    %%change         %%stddev\n");
			fprintf(f, "            \\          |                \\\n");
		}
		if (side_empty(r, &r->a) && side_empty(r, &r->b))
			continue;	/* like the robot: only what was measured */
		if (r->is_text) {
			snprintf(name, sizeof(name), "%s.%s%%", r->metric, r->hit ? r->hit : "?");
			fmt_num(a, 9, 100 * r->a.share);
			fmt_num(b, 10, 100 * r->b.share);
			snprintf(da, sizeof(da), "     ");
			snprintf(db, sizeof(db), "     ");
		} else {
			snprintf(name, sizeof(name), "%s", r->metric);
			fmt_num(a, 9, r->a.d.median);
			fmt_num(b, 10, r->b.d.median);
			lkp_dev(da, sizeof(da), &r->a.d);
			lkp_dev(db, sizeof(db), &r->b.d);
		}
		/* the ± takes two bytes but one column: 44 columns before the name */
		fprintf(f, "%9s %s %8s%s %10s %s  %.28s\n", a, da, fmt_change(ch, sizeof(ch), r),
			row_flagged(r) ? "*" : " ", b, db, name);
	}
	return 0;
}

static int print_md(FILE *f, const struct rb_cmp *c, const struct rb_cmp_meta *m)
{
	const char *scen = NULL;
	size_t i;

	fprintf(f, "```\n");
	compare_print_header(f, c, m, "");
	fprintf(f, "```\n");
	for (i = 0; i < c->n; i++) {
		const struct rb_cmp_row *r = &c->rows[i];
		char a[24], b[24], ch[24], lo[16], hi[16], p[16];

		if (!scen || strcmp(scen, r->scenario)) {
			scen = r->scenario;
			put_line(f, "\n### %s\n", scen);
			if (print_moved(f, c, scen, ""))
				fputc('\n', f);	/* a paragraph before the table */
			fprintf(f, "|metric|A|B|change|CI95 B/A by boot|p adj|verdict|\n");
			fprintf(f, "|:--|--:|--:|--:|:-:|--:|:--|\n");
		}
		if (side_empty(r, &r->a) && side_empty(r, &r->b))
			continue;
		if (r->is_text) {
			fmt_num(a, 7, 100 * r->a.share);
			fmt_num(b, 7, 100 * r->b.share);
			strcat(a, "%");
			strcat(b, "%");
		} else {
			fmt_num(a, 9, r->a.d.median);
			fmt_num(b, 9, r->b.d.median);
		}
		snprintf(p, sizeof(p), "%.2g", r->p_family);
		fmt_ratio(lo, sizeof(lo), r->bt.ratio_lo);
		fmt_ratio(hi, sizeof(hi), r->bt.ratio_hi);
		put_line(f, "|%.28s|%s|%s|%s|%s%s%s|%s|%s%s|", r->metric, a, b,
			 fmt_change(ch, sizeof(ch), r), lo, isnan(r->bt.ratio_lo) ? "" : "-",
			 isnan(r->bt.ratio_lo) ? "" : hi, isnan(r->p_family) ? "-" : p,
			 rb_verdict_names[r->verdict], row_flagged(r) ? "*" : "");
	}
	fprintf(f, "\nA and B are medians; shares are %% of runs.\n");
	return 0;
}

static const struct {
	const char *name;
	int (*print)(FILE *f, const struct rb_cmp *c, const struct rb_cmp_meta *m);
} formats[] = {
	{ "text", print_text },
	{ "brief", print_brief },
	{ "lkp", print_lkp },
	{ "md", print_md },
	{ "csv", compare_print_csv },
	{ "json", compare_print_json },
};

int compare_format_known(const char *format)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(formats); i++)
		if (!strcmp(format, formats[i].name))
			return 1;
	return 0;
}

int compare_print(FILE *f, const char *format, const struct rb_cmp *c,
		  const struct rb_cmp_meta *m)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(formats); i++)
		if (!strcmp(format, formats[i].name))
			return formats[i].print(f, c, m);
	return err_msg("unknown format '%s' (text, brief, lkp, md, csv, json)\n", format);
}
