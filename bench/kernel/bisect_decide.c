/* A bisect step's class from compare's row (bisect_decide.h). */
#include "bisect_decide.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "compare.h"

const char *const bisect_class_names[] = { "regressed", "improved", "equivalent",
					    "inconclusive" };

static void why(struct bisect_decision *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void why(struct bisect_decision *d, const char *fmt, ...)
{
	size_t used = strlen(d->why);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->why + used, sizeof(d->why) - used, fmt, ap);
	va_end(ap);
}

static void margin_text(const struct bisect_decision *d, char *buf, size_t len)
{
	if (d->margin_log)
		snprintf(buf, len, "x%.3f..x%.3f", exp(-d->margin), exp(d->margin));
	else
		snprintf(buf, len, "+-%g", d->margin);
}

static void decision_from_row(const struct rb_cmp_row *r, double shift_us,
			      struct bisect_decision *d)
{
	/* +1 when up is worse (lower is better), -1 when down is */
	double worse = r->better == BETTER_HIGHER ? -1 : 1, half = shift_us / 2;
	int has_margin = r->margin > 0 && isfinite(r->margin);
	char m[64];

	d->verdict = rb_verdict_names[r->verdict];
	d->median_good = r->a.d.median;
	d->median_test = r->b.d.median;
	d->n_good = r->a.d.n;
	d->n_test = r->b.d.n;
	d->shift = r->fx.hl_boot.est;
	d->lo = r->fx.hl_boot.lo;
	d->hi = r->fx.hl_boot.hi;
	d->p_family = r->p_family;
	d->p_name = r->family == FAMILY_PRIMARY ? "p_holm"
		: r->family == FAMILY_SECONDARY ? "p_bh" : "p";
	d->margin = has_margin ? r->margin : NAN;
	d->margin_log = r->bt.scale == SCALE_LOG;
	d->boots_good = r->bt.boots_a;
	d->boots_test = r->bt.boots_b;
	d->boots_unrecorded = r->boots_unrecorded;
	if (has_margin)
		margin_text(d, m, sizeof(m));

	if (r->verdict == VERDICT_MOVED) {
		/* a phase across unlike lock patterns: its work sits elsewhere */
		why(d, "not comparable: exit_flavour differs, the phase's work moved (bisect on"
		    " exit_mmap_us)");
		return;
	}
	if (r->untested && !strcmp(r->untested, "all values equal")) {
		d->cls = BISECT_EQUIVALENT;	/* compare's rule: the difference is exactly 0 */
		why(d, "all values equal on both sides (%zu and %zu runs)", d->n_good, d->n_test);
		return;
	}
	if (r->untested) {
		why(d, "not testable: %s (%zu and %zu runs)", r->untested, d->n_good, d->n_test);
		return;
	}
	if (d->boots_unrecorded) {
		why(d, "runs stood for boots (one boot a side or no boot ids): the boot-to-boot"
		    " spread is unmeasured; want >= 2 boots a side");
		return;
	}
	if (d->boots_good < 2 || d->boots_test < 2 || !isfinite(d->shift)) {
		why(d, "%zu and %zu boots with runs after warm-up (%zu and %zu runs dropped):"
		    " the boot-level test wants >= 2 a side", d->boots_good, d->boots_test,
		    r->warmup_a, r->warmup_b);
		return;
	}
	if (r->verdict == VERDICT_REGRESSED && worse * d->shift >= half) {
		d->cls = BISECT_REGRESSED;
		why(d, "class regressed (%s %.2g) and HL shift %+.0f us, at least %g us %s",
		    d->p_name, d->p_family, d->shift, half, worse > 0 ? "up" : "down");
		return;
	}
	if (r->verdict == VERDICT_IMPROVED && -worse * d->shift >= half) {
		d->cls = BISECT_IMPROVED;
		why(d, "class improved (%s %.2g) and HL shift %+.0f us, at least %g us %s",
		    d->p_name, d->p_family, d->shift, half, worse > 0 ? "down" : "up");
		return;
	}
	if (has_margin) {
		if (r->verdict == VERDICT_EQUIVALENT) {
			d->cls = BISECT_EQUIVALENT;
			why(d, "equivalent by the A/A margin %s (%s): boot-level interval inside it",
			    m, r->margin_from ? r->margin_from : "stored");
		} else {
			why(d, "class %s (%s %.2g) with the A/A margin %s: neither equivalent nor a"
			    " shift of %g us", d->verdict, d->p_name, d->p_family, m, half);
		}
		return;
	}
	if (!isfinite(d->lo) || !isfinite(d->hi)) {
		why(d, "class %s (%s %.2g), no A/A margin stored, and no HL boot interval below"
		    " %d boots a side (%zu and %zu)", d->verdict, d->p_name, d->p_family,
		    RB_RESAMPLE_MIN_BOOTS, d->boots_good, d->boots_test);
		return;
	}
	if (d->lo > -half && d->hi < half) {
		d->cls = BISECT_EQUIVALENT;
		why(d, "no A/A margin stored: HL boot interval [%+.0f, %+.0f] within +-%g us"
		    " (class %s)", d->lo, d->hi, half, d->verdict);
		return;
	}
	why(d, "class %s (%s %.2g), no A/A margin stored: HL boot interval [%+.0f, %+.0f]"
	    " reaches +-%g us", d->verdict, d->p_name, d->p_family, d->lo, d->hi, half);
}

int bisect_decide(const char *db, const char *label_good, const char *label_test,
		  const char *metric, double shift_us, struct bisect_decision *d)
{
	struct rb_cmp_cfg cfg;
	struct rb_cmp cmp = { 0 };
	struct rb_ab ab;
	const struct rb_cmp_row *r = NULL;
	int rc = -1;

	bisect_decision_init(d);
	compare_cfg_default(&cfg);
	if (ab_load(db, label_good, label_test, NULL, metric, &ab))
		return -1;
	if (ab_margins(&ab, &cfg) || compare_samples(&ab.smp[0], &ab.smp[1], &cfg, &cmp))
		goto out;
	for (size_t i = 0; i < cmp.n && !r; i++)
		if (!strcmp(cmp.rows[i].metric, metric) && !cmp.rows[i].is_text)
			r = &cmp.rows[i];
	if (!r) {
		err_msg("bisect: no values of %s in '%s' and '%s'\n", metric, label_good, label_test);
		goto out;
	}
	if (r->family == FAMILY_NONE) {
		err_msg("bisect: %s is outside the verdict families (a descriptor, tool-health or"
			" unknown metric): no boot-level verdict to decide on\n", metric);
		goto out;
	}
	decision_from_row(r, shift_us, d);
	rc = 0;
out:
	compare_free(&cmp);
	ab_free(&ab);
	return rc;
}

void bisect_decision_init(struct bisect_decision *d)
{
	memset(d, 0, sizeof(*d));
	d->cls = BISECT_INCONCLUSIVE;
	d->verdict = "n/a";
	d->p_name = "p";
	d->median_good = d->median_test = NAN;
	d->shift = d->lo = d->hi = d->p_family = d->margin = NAN;
}

void bisect_decision_effect(const struct bisect_decision *d, char *buf, size_t len)
{
	char shift[24], iv[48], p[32], med[64] = "";

	if (isfinite(d->shift))
		snprintf(shift, sizeof(shift), "%+.0f us", d->shift);
	else
		snprintf(shift, sizeof(shift), "-");
	if (isfinite(d->lo) && isfinite(d->hi))
		snprintf(iv, sizeof(iv), "[%+.0f, %+.0f]", d->lo, d->hi);
	else
		snprintf(iv, sizeof(iv), "[no boot interval]");
	if (isfinite(d->p_family))
		snprintf(p, sizeof(p), "%.2g", d->p_family);
	else
		snprintf(p, sizeof(p), "-");
	if (isfinite(d->median_good) && isfinite(d->median_test))
		snprintf(med, sizeof(med), "  median %.0f -> %.0f us", d->median_good, d->median_test);
	snprintf(buf, len, "HL shift %s %s  %s %s%s", shift, iv, d->p_name, p, med);
}
