/* report's driver: compare, then write plots, evidence.txt, index.html, data.json. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "race_designs.h"
#include "report.h"
#include "report_race.h"

/* Each value with its run and boot (null when the store did not record it),
 * so every p can be recomputed from data.json alone. */
static json_t *series_json(const struct rb_series *s)
{
	json_t *vals = json_array(), *runs = json_array(), *boots = json_array();
	json_t *texts = json_array(), *text_runs = json_array(), *absent = json_array();
	size_t i;

	for (i = 0; i < s->n; i++) {
		const struct rb_obs *o = &s->o[i];

		if (o->absent) {
			json_array_append_new(absent, json_pack("{s:I, s:s}", "run_id",
								(json_int_t)o->run, "reason", o->absent));
		} else if (o->text) {
			json_array_append_new(texts, json_string(o->text));
			json_array_append_new(text_runs, json_integer(o->run));
		} else {
			json_array_append_new(vals, compare_json_num(o->value));
			json_array_append_new(runs, json_integer(o->run));
			json_array_append_new(boots, o->boot ? json_string(o->boot) : json_null());
		}
	}
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "scenario", s->scenario,
			 "metric", s->metric, "values", vals, "run_ids", runs, "boot_ids", boots,
			 "texts", texts, "text_run_ids", text_runs, "absent", absent);
}

int report_data_json(FILE *f, const struct rb_cmp *c, const struct rb_cmp_meta *m,
		     const struct rb_sample *a, const struct rb_sample *b,
		     const struct rb_plotter *plots)
{
	json_t *root = compare_json(c, m), *sides = json_object(), *imgs = json_array();
	const struct rb_sample *smp[2] = { a, b };
	size_t i, k;
	int ret;

	if (!root)
		return err_msg("cannot build data.json\n");
	for (k = 0; k < 2; k++) {
		json_t *arr = json_array();

		for (i = 0; i < smp[k]->n; i++)
			json_array_append_new(arr, series_json(&smp[k]->s[i]));
		json_object_set_new(sides, k ? "b" : "a", arr);
	}
	for (i = 0; plots && i < plots->n_made; i++)
		json_array_append_new(imgs, json_string(plots->made[i]));
	/* every value behind the table, so a reviewer can redo the statistics */
	json_object_set_new(root, "samples", sides);
	json_object_set_new(root, "plots", imgs);
	if (m->designs && m->designs->n)
		json_object_set_new(root, "race_designs", race_designs_json(m->designs));
	ret = json_dumpf(root, f, JSON_INDENT(1) | JSON_REAL_PRECISION(17));
	fputc('\n', f);
	json_decref(root);
	return ret;
}

struct write_ctx {
	const struct rb_cmp *c;
	const struct rb_cmp_meta *m;
	const struct rb_ab *ab;
	const struct rb_plotter *plots;
};

static int w_evidence(FILE *f, void *x)
{
	struct write_ctx *w = x;

	return report_evidence(f, w->c, w->m, w->plots);
}

static int w_appendix(FILE *f, void *x)
{
	struct write_ctx *w = x;

	return report_appendix(f, w->c, w->m, w->plots);
}

static int w_text(FILE *f, void *x)
{
	struct write_ctx *w = x;

	return compare_print(f, "text", w->c, w->m);
}

static int w_html(FILE *f, void *x)
{
	struct write_ctx *w = x;

	return report_html(f, w->c, w->m, w->plots);
}

static int w_json(FILE *f, void *x)
{
	struct write_ctx *w = x;

	return report_data_json(f, w->c, w->m, &w->ab->smp[0], &w->ab->smp[1], w->plots);
}

static int w_designs(FILE *f, void *x)
{
	return race_designs_text(f, x);
}

/* A new file under a temporary name in the safe directory, renamed into
 * place: nothing is left half-written and no planted name is followed. */
int report_write_file(int dir_fd, const char *dir, const char *name, report_writer_fn fn,
		      void *ctx)
{
	struct safe_file sf;

	if (safe_file_create(&sf, dir_fd, name))
		return err_msg("%s/%s: not written\n", dir, name);
	if (fn(sf.f, ctx)) {
		safe_file_abort(&sf);
		return err_msg("%s/%s: not written\n", dir, name);
	}
	return safe_file_commit(&sf);
}

const struct rb_plot_kind_name rb_plot_kinds[] = {
	{ "ecdf", PLOT_ECDF }, { "box", PLOT_BOX }, { "phases", PLOT_PHASES },
	{ "outcome", PLOT_OUTCOME }, { "sweep", PLOT_SWEEP }, { "heatmap", PLOT_HEATMAP },
	{ "race", PLOT_RACE },
	{ "all", PLOT_ALL },
	{ NULL, 0 },
};

/* report (all_ecdfs 0) leads with the ECDFs that matter; plot draws every one */
static int make_plots(struct rb_plotter *p, const struct rb_cmp *c, const struct rb_ab *ab,
		      unsigned kinds, int all_ecdfs, FILE *out)
{
	p->curated = !all_ecdfs;
	/* summary plots first: they are what index.html and the mail lead with */
	if (((kinds & PLOT_PHASES) && plot_phases(p, c) < 0) ||
	    ((kinds & PLOT_OUTCOME) && plot_outcomes(p, &ab->smp[0], &ab->smp[1]) < 0) ||
	    ((kinds & PLOT_BOX) && plot_boxes(p, c) < 0) ||
	    ((kinds & PLOT_SWEEP) && plot_sweeps(p, c) < 0) ||
	    ((kinds & PLOT_HEATMAP) && plot_heatmaps(p, c) < 0) ||
	    ((kinds & PLOT_RACE) && plot_race(p, &ab->smp[0], &ab->smp[1], out) < 0) ||
	    ((kinds & PLOT_ECDF) && plot_ecdfs(p, &ab->smp[0], &ab->smp[1],
					       all_ecdfs ? NULL : c) < 0) ||
	    ((kinds & PLOT_ECDF) && !all_ecdfs && plot_ecdf_phases(p, &ab->smp[0], &ab->smp[1], c) < 0))
		return -1;
	return 0;
}

/* Plot titles and keys name the run set shortly (fig_short_label): the
 * label without what ab adds, never the long release string; evidence.txt
 * and index.html give both in full. */
static const char *side_label(char *buf, size_t len, const struct rb_runset_info *s)
{
	return fig_short_label(buf, len, s->label, s->kernel_release);
}

/*
 * The output directory opened (created if missing) and the two sides loaded:
 * the directory's fd, or -1 with a message and nothing left open, also when
 * neither side has a valid run that matches the filters.
 */
static int open_out_and_load(const struct rb_compare_args *ca, const char *out_dir,
			     struct rb_ab *ab)
{
	int out_fd = safe_dir_open(out_dir, true);

	if (out_fd < 0)
		return -1;
	if (ab_load(ca->db_path, ca->a, ca->b, ca->scenario_glob, ca->metric_glob, ab)) {
		close(out_fd);
		return -1;
	}
	if (!ab->smp[0].n && !ab->smp[1].n) {
		err_msg("%s: no valid runs of %s or %s match the filters\n", ca->db_path, ca->a, ca->b);
		ab_free(ab);
		close(out_fd);
		return -1;
	}
	return out_fd;
}

/* What plot_run() and report_run() hold once open_out_and_load() succeeded. */
static void release_all(int out_fd, struct rb_plotter *plots, struct rb_cmp *c, struct rb_ab *ab)
{
	close(out_fd);
	plotter_free(plots);
	compare_free(c);
	ab_free(ab);
}

int plot_run(const struct rb_plot_args *args)
{
	char la[256], lb[256];
	const struct rb_compare_args *ca = &args->cmp;
	struct rb_plotter plots = { 0 };
	struct rb_cmp c = { 0 };
	struct rb_cmp_cfg cfg = ca->cfg;
	struct rb_ab ab;
	int ret = RB_EXIT_ERROR, out_fd;
	size_t i;

	if (!plot_have_gnuplot())
		return err_msg("plot: gnuplot not found (apt-get install gnuplot-nox)\n"),
		       RB_EXIT_ERROR;
	if (args->n_sets > 2)
		return plot_sets_run(args);
	out_fd = open_out_and_load(ca, args->out_dir, &ab);
	if (out_fd < 0)
		return RB_EXIT_ERROR;
	/* one run set (plot A, or A twice): drawn alone, not as A vs an identical B */
	if (ab_margins(&ab, &cfg) || compare_samples(&ab.smp[0], &ab.smp[1], &cfg, &c) ||
	    plotter_init_at(&plots, args->plots_dir, args->out_dir, out_fd,
			 side_label(la, sizeof(la), &ab.info[0]),
			 ab.info[0].id == ab.info[1].id ? NULL :
			 side_label(lb, sizeof(lb), &ab.info[1])))
		goto out;
	if (args->width > 0 && args->height > 0) {
		plots.width = args->width;
		plots.height = args->height;
	}
	if (make_plots(&plots, &c, &ab, args->kinds, 1, NULL))
		goto out;
	for (i = 0; i < plots.n_made; i++)
		fprintf(args->out ? args->out : stdout, "%s/%s.png %s/%s.svg\n", args->out_dir,
			plots.made[i], args->out_dir, plots.made[i]);
	if (!plots.n_made)
		err_msg("plot: nothing to plot for these run sets and filters\n");
	ret = plots.n_made ? RB_EXIT_OK : RB_EXIT_ERROR;
out:
	release_all(out_fd, &plots, &c, &ab);
	return ret;
}

int report_run(const struct rb_report_args *args)
{
	char la[256], lb[256];
	const struct rb_compare_args *ca = &args->cmp;
	struct rb_plotter plots = { 0 };
	struct rb_race_designs designs = { 0 };
	struct rb_cmp_meta meta;
	struct write_ctx w;
	struct rb_cmp c = { 0 };
	struct rb_cmp_cfg cfg = ca->cfg;
	struct rb_ab ab;
	FILE *out = args->out ? args->out : stdout;
	int ret = RB_EXIT_ERROR, no_plots = args->no_plots, out_fd;

	if (args->n_sets > 2)
		return report_sets_run(args);
	out_fd = open_out_and_load(ca, args->out_dir, &ab);
	if (out_fd < 0)
		return RB_EXIT_ERROR;
	if (ab_margins(&ab, &cfg) || compare_samples(&ab.smp[0], &ab.smp[1], &cfg, &c))
		goto out;
	side_label(la, sizeof(la), &ab.info[0]);
	side_label(lb, sizeof(lb), &ab.info[1]);
	{
		const struct rb_sample *smp[2] = { &ab.smp[0], &ab.smp[1] };
		const char *labels[2] = { la, lb };

		if (race_designs_build(smp, labels, 2, &designs))
			goto out;
	}
	meta = (struct rb_cmp_meta){ &ab.info[0], &ab.info[1], ca->db_path, ca->reproduce,
				     ca->scenario_glob, ca->metric_glob, ab.pairing,
				     &ab.smp[0], &ab.smp[1], &designs };
	if (!args->no_plots && !plot_have_gnuplot()) {
		err_msg("report: gnuplot not found (apt-get install gnuplot-nox): no plots\n");
		no_plots = 1;
	}
	if (!no_plots &&
	    (plotter_init_at(&plots, args->plots_dir, args->out_dir, out_fd, la, lb) ||
	     make_plots(&plots, &c, &ab, PLOT_DEFAULT, 0, args->tables_elsewhere ? NULL : out)))
		goto out;
	if (designs.n) {
		if (report_write_file(out_fd, args->out_dir, "race-designs.txt", w_designs, &designs))
			goto out;
		if (!args->tables_elsewhere)
			race_designs_brief(out, &designs);
	}
	w = (struct write_ctx){ &c, &meta, &ab, &plots };
	if (report_write_file(out_fd, args->out_dir, "evidence.txt", w_evidence, &w) ||
	    report_write_file(out_fd, args->out_dir, "appendix.txt", w_appendix, &w) ||
	    report_write_file(out_fd, args->out_dir, "compare.txt", w_text, &w) ||
	    report_write_file(out_fd, args->out_dir, "index.html", w_html, &w) ||
	    report_write_file(out_fd, args->out_dir, "data.json", w_json, &w))
		goto out;
	fprintf(out,
		"%s: evidence.txt, appendix.txt, compare.txt, index.html, data.json, %zu plots "
		"(PNG+SVG)\n",
		args->out_dir,
		plots.n_made);
	ret = c.n_regressed ? RB_EXIT_REGRESSION : RB_EXIT_OK;
out:
	race_designs_free(&designs);
	release_all(out_fd, &plots, &c, &ab);
	return ret;
}
