/* A bisect step's class from compare_samples() (bisect_decide.h). */
#include "bisect_decide.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "compare.h"

const char *const bisect_class_names[] = { "regressed", "improved", "equivalent",
					    "inconclusive" };

int bisect_decide(const char *db, const char *label_good, const char *label_test,
		  const char *metric, double shift_us, struct bisect_decision *d)
{
	struct rb_cmp_cfg cfg;
	struct rb_cmp cmp = { 0 };
	struct rb_ab ab;
	const struct rb_cmp_row *r = NULL;
	int rc = -1;

	memset(d, 0, sizeof(*d));
	d->cls = BISECT_INCONCLUSIVE;
	compare_cfg_default(&cfg);
	if (ab_load(db, label_good, label_test, NULL, metric, &ab))
		return -1;
	if (compare_samples(&ab.smp[0], &ab.smp[1], &cfg, &cmp))
		goto out;
	for (size_t i = 0; i < cmp.n && !r; i++)
		if (!strcmp(cmp.rows[i].metric, metric) && !cmp.rows[i].is_text)
			r = &cmp.rows[i];
	if (!r) {
		err_msg("bisect: no values of %s in '%s' and '%s'\n", metric, label_good, label_test);
		goto out;
	}
	d->n_good = r->a.d.n;
	d->n_test = r->b.d.n;
	d->median_good = r->a.d.median;
	d->median_test = r->b.d.median;
	d->shift = d->median_test - d->median_good;
	d->lo = d->median_good * (r->ci.lo - 1);
	d->hi = d->median_good * (r->ci.hi - 1);
	d->p_adj = r->p_adj;
	rc = 0;
	if (r->verdict == VERDICT_MOVED) {
		/* a phase across unlike lock patterns: its work sits elsewhere */
		snprintf(d->why, sizeof(d->why), "not comparable: exit_flavour differs, the "
			 "phase's work moved (bisect on exit_mmap_us)");
	} else if (r->verdict == VERDICT_NA || !isfinite(d->lo) || !isfinite(d->hi)) {
		snprintf(d->why, sizeof(d->why), "not testable (%zu and %zu values)", d->n_good,
			 d->n_test);
	} else if (r->verdict == VERDICT_REGRESSED && d->shift >= shift_us / 2 && d->lo > 0) {
		d->cls = BISECT_REGRESSED;
		snprintf(d->why, sizeof(d->why), "up, p_adj %.2g, shift >= %g us, interval above 0",
			 d->p_adj, shift_us / 2);
	} else if (r->verdict == VERDICT_IMPROVED && d->shift <= -shift_us / 2 && d->hi < 0) {
		d->cls = BISECT_IMPROVED;
		snprintf(d->why, sizeof(d->why), "down, p_adj %.2g, shift <= -%g us, interval below 0",
			 d->p_adj, shift_us / 2);
	} else if (d->lo > -shift_us / 2 && d->hi < shift_us / 2) {
		d->cls = BISECT_EQUIVALENT;
		snprintf(d->why, sizeof(d->why), "interval within +-%g us", shift_us / 2);
	} else {
		snprintf(d->why, sizeof(d->why), "interval reaches +-%g us without a significant shift"
			 " of that size (p_adj %.2g)", shift_us / 2, d->p_adj);
	}
out:
	compare_free(&cmp);
	ab_free(&ab);
	return rc;
}
