/* compare's driver: open the store, load both sides, decide, print. */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "compare.h"
#include "compare_fmt.h"

int ab_load(const char *db_path, const char *a, const char *b, const char *scenario_glob,
	    const char *metric_glob, struct rb_ab *ab)
{
	return ab_load_on_host(db_path, a, b, NULL, scenario_glob, metric_glob, ab);
}

int ab_load_on_host(const char *db_path, const char *a, const char *b, const char *host,
		    const char *scenario_glob, const char *metric_glob, struct rb_ab *ab)
{
	const char *spec[2] = { a, b };
	int k;

	memset(ab, 0, sizeof(*ab));
	if (store_open_readonly(db_path, &ab->st))
		return -1;
	for (k = 0; k < 2; k++) {
		int64_t id;

		if (store_runset_resolve_on_host(&ab->st, spec[k], host, &id) ||
		    store_q_runset(&ab->st, id, scenario_glob, &ab->info[k]) ||
		    sample_load(&ab->st, id, scenario_glob, metric_glob, &ab->smp[k]) ||
		    /* a phase is judged only between like lock patterns, also when
		     * the filter left the pattern out */
		    (metric_glob && sample_load_flavours(&ab->st, id, scenario_glob, &ab->smp[k])))
			goto fail;
	}
	if (strcmp(a, b) && sample_pair_single(&ab->smp[0], &ab->smp[1], ab->pairing,
					      sizeof(ab->pairing)) < 0)
		goto fail;
	return 0;
fail:
	ab_free(ab);
	return -1;
}

int ab_margins(struct rb_ab *ab, struct rb_cmp_cfg *cfg)
{
	if (margin_set_load(&ab->st, &ab->info[0], cfg->margin_from, &ab->margins))
		return -1;
	if (cfg->margin_from && !ab->margins.n)
		return err_msg("--margin-from '%s': no margins built from it for kernel %s (see"
			       " 'reapbench margin list')\n", cfg->margin_from,
			       ab->info[0].kernel_release ? ab->info[0].kernel_release : "?");
	cfg->margin = margin_set_lookup;
	cfg->margin_ctx = &ab->margins;
	return 0;
}

void ab_free(struct rb_ab *ab)
{
	int k;

	margin_set_free(&ab->margins);
	for (k = 0; k < 2; k++) {
		sample_free(&ab->smp[k]);
		store_q_runset_free(&ab->info[k]);
	}
	if (ab->st.db)
		store_close(&ab->st);
}

static int run_split(const struct rb_compare_args *args, struct rb_ab *ab, FILE *out)
{
	struct rb_split_result res;
	struct rb_runset_info *s = &ab->info[0];

	fprintf(out, "# reapbench compare --split: A/A self-check of %s (#%lld)\n",
		s->label, (long long)s->id);
	fprintf(out, "# %d valid runs split in random halves of whole boots per scenario,"
		" %u times\n", s->runs_valid, args->repeats);
	fprintf(out, "# Welch on per-boot summaries, Holm (primary) / BH (secondary), alpha %g,"
		" seed %lu\n", args->cfg.alpha, args->cfg.seed);
	if (compare_split(&ab->smp[0], args->repeats, &args->cfg, out, &res))
		return RB_EXIT_ERROR;
	fprintf(out, "boots per half: at least %zu%s\n", res.boots_min,
		res.boots_min < 2 ? " (too few to test: record more boots)" : "");
	fprintf(out, "false-positive rate: %zu of %zu tested rows flagged (%.2f%%)\n",
		res.rows_flagged, res.rows_tested,
		res.rows_tested ? 100.0 * res.rows_flagged / res.rows_tested : 0.0);
	fprintf(out, "primary rows flagged: %zu of %zu (%.2f%%; Holm keeps this <= %g%%)\n",
		res.primary_flagged, res.primary_tested,
		res.primary_tested ? 100.0 * res.primary_flagged / res.primary_tested : 0.0,
		100 * args->cfg.alpha);
	fprintf(out, "unadjusted p < %g: %zu of %zu rows (%.2f%%; a calibrated test gives"
		     " about %g%%)\n", args->cfg.alpha, res.rows_raw, res.rows_tested,
		res.rows_tested ? 100.0 * res.rows_raw / res.rows_tested : 0.0,
		100 * args->cfg.alpha);
	fprintf(out, "splits with any flag: %u of %u (%.1f%%; Holm keeps this <= %g%% per family)\n",
		res.splits_with_flag, res.repeats,
		res.repeats ? 100.0 * res.splits_with_flag / res.repeats : 0.0,
		100 * args->cfg.alpha);
	return RB_EXIT_OK;
}

int compare_run(const struct rb_compare_args *args, FILE *out)
{
	struct rb_cmp_meta meta;
	struct rb_cmp_cfg cfg = args->cfg;
	struct rb_cmp c;
	struct rb_ab ab;
	int ret = RB_EXIT_ERROR;

	if (!compare_format_known(args->format))
		return err_msg("unknown format '%s' (text, brief, lkp, md, csv, json)\n", args->format),
		       RB_EXIT_ERROR;
	if (ab_load_on_host(args->db_path, args->a, args->b, args->host, args->scenario_glob,
			    args->metric_glob, &ab))
		return RB_EXIT_ERROR;
	if (!ab.smp[0].n && !ab.smp[1].n) {
		err_msg("%s: no valid runs of %s or %s match scenario '%s', metric '%s'\n",
			args->db_path, args->a, args->b,
			args->scenario_glob ? args->scenario_glob : "*",
			args->metric_glob ? args->metric_glob : "*");
		goto out;
	}
	if (args->split) {
		ret = run_split(args, &ab, out);
		goto out;
	}
	if (ab_margins(&ab, &cfg) || compare_samples(&ab.smp[0], &ab.smp[1], &cfg, &c))
		goto out;
	meta = (struct rb_cmp_meta){ &ab.info[0], &ab.info[1], args->db_path, args->reproduce,
				     args->scenario_glob, args->metric_glob, ab.pairing,
				     NULL, NULL, NULL };
	if (!compare_print(out, args->format, &c, &meta))
		ret = c.n_regressed ? RB_EXIT_REGRESSION : RB_EXIT_OK;
	compare_free(&c);
out:
	ab_free(&ab);
	return ret;
}
