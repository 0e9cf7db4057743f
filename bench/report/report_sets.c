/*
 * report and plot with more than two run sets (report.h): the two-set
 * report of each later set against the first in DIR/<A>-vs-<X>/, and in
 * DIR what only all sets together show: the race-window figure with one
 * column per run set, the race per run set (race-designs.txt), an
 * index.html linking the pairs and a data.json.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "html_esc.h"
#include "race_designs.h"
#include "report.h"
#include "report_race.h"

/* Every run set, loaded once for the figure and the table. */
struct sets {
	struct rb_store st;
	int n;
	struct rb_runset_info *info;
	struct rb_sample *smp;
	char (*label)[RB_PLOT_LABEL_MAX + 32];	/* short, unique names */
	char (*dir)[2 * RB_PLOT_LABEL_MAX + 40];	/* pair directory of set k >= 1 */
};

static void sets_free(struct sets *s)
{
	int k;

	for (k = 0; s->info && k < s->n; k++) {
		sample_free(&s->smp[k]);
		store_q_runset_free(&s->info[k]);
	}
	free(s->info);
	free(s->smp);
	free(s->label);
	free(s->dir);
	if (s->st.db)
		store_close(&s->st);
	memset(s, 0, sizeof(*s));
}

char *report_pair_dir(char *buf, size_t len, const char *label_a, const char *label_x)
{
	char a[RB_PLOT_LABEL_MAX + 32], x[RB_PLOT_LABEL_MAX + 32];

	snprintf(buf, len, "%s-vs-%s", plot_slug(a, sizeof(a), label_a),
		 plot_slug(x, sizeof(x), label_x));
	return buf;
}

/* Short labels (fig_short_label), made unique with the run set's id; the
 * pair directories from them. */
static void name_sets(struct sets *s)
{
	int k, j;

	for (k = 0; k < s->n; k++) {
		fig_short_label(s->label[k], sizeof(s->label[k]), s->info[k].label,
				s->info[k].kernel_release);
		for (j = 0; j < k && strcmp(s->label[j], s->label[k]); j++)
			;
		if (j < k) {
			size_t o = strlen(s->label[k]);

			snprintf(s->label[k] + o, sizeof(s->label[k]) - o, " #%lld",
				 (long long)s->info[k].id);
		}
		if (k)
			report_pair_dir(s->dir[k], sizeof(s->dir[k]), s->label[0], s->label[k]);
	}
}

static int sets_load(const struct rb_compare_args *ca, const char *const *spec, int n,
		     struct sets *s)
{
	int k, any = 0;

	memset(s, 0, sizeof(*s));
	if (store_open_readonly(ca->db_path, &s->st))
		return -1;
	s->info = calloc(n, sizeof(*s->info));
	s->smp = calloc(n, sizeof(*s->smp));
	s->label = calloc(n, sizeof(*s->label));
	s->dir = calloc(n, sizeof(*s->dir));
	if (!s->info || !s->smp || !s->label || !s->dir) {
		sets_free(s);
		return err_msg("out of memory\n");
	}
	s->n = n;
	for (k = 0; k < n; k++) {
		int64_t id;

		if (store_runset_resolve_on_host(&s->st, spec[k], ca->host, &id) ||
		    store_q_runset(&s->st, id, ca->scenario_glob, &s->info[k]) ||
		    sample_load(&s->st, id, ca->scenario_glob, ca->metric_glob, &s->smp[k])) {
			sets_free(s);
			return -1;
		}
		any |= s->smp[k].n > 0;
	}
	if (!any) {
		err_msg("%s: no valid runs of these %d run sets match the filters\n", ca->db_path, n);
		sets_free(s);
		return -1;
	}
	name_sets(s);
	return 0;
}

/* The race-window figure(s) of all sets; -1 on error, else the count. */
static int all_sets_race(const struct sets *s, const char *plots_dir, const char *out_dir,
			 int out_fd, int width, int height, FILE *tables, struct rb_plotter *p)
{
	const struct rb_sample **smp = calloc(s->n, sizeof(*smp));
	const char **labels = calloc(s->n, sizeof(*labels));
	int k, r = -1;

	if (!smp || !labels)
		goto out;
	for (k = 0; k < s->n; k++) {
		smp[k] = &s->smp[k];
		labels[k] = s->label[k];
	}
	if (plotter_init_at(p, plots_dir, out_dir, out_fd, labels[0], labels[1]))
		goto out;
	if (width > 0 && height > 0) {
		p->width = width;
		p->height = height;
	}
	r = plot_race_sets(p, smp, labels, s->n, tables);
out:
	free(smp);
	free(labels);
	return r;
}

static int build_designs(const struct sets *s, struct rb_race_designs *d)
{
	const struct rb_sample **smp = calloc(s->n, sizeof(*smp));
	const char **labels = calloc(s->n, sizeof(*labels));
	int k, r = -1;

	if (smp && labels) {
		for (k = 0; k < s->n; k++) {
			smp[k] = &s->smp[k];
			labels[k] = s->label[k];
		}
		r = race_designs_build(smp, labels, s->n, d);
	}
	free(smp);
	free(labels);
	return r;
}

struct top {
	const struct sets *s;
	const struct rb_plotter *plots;
	const struct rb_race_designs *designs;
	const int *pair_rc;		/* the exit code of each pair report, [1..n) */
	const char *reproduce;
};

static const char *rc_word(int rc)
{
	return rc == RB_EXIT_REGRESSION ? "regressed" : rc == RB_EXIT_OK ? "no regression" :
	       "failed";
}

static int w_index(FILE *f, void *x)
{
	const struct top *t = x;
	const struct sets *s = t->s;
	size_t i;
	int k;

	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
		   "<meta name=\"viewport\" content=\"width=device-width\">\n"
		   "<title>reapbench: %d run sets</title>\n<style>body{font-family:sans-serif;"
		   "margin:1.5em auto;padding:0 1em;max-width:1200px}table{border-collapse:"
		   "collapse;font-size:90%%}div.tw{max-width:100%%;overflow-x:auto}td,th{border:"
		   "1px solid #ccc;padding:2px 6px;text-align:right;white-space:nowrap}td.l,th.l"
		   "{text-align:left}img{width:100%%;height:auto;border:1px solid #ddd}"
		   "figcaption{font-size:90%%}</style></head><body>\n"
		   "<h1>reapbench: %d run sets against %s</h1>\n<ul>\n", s->n, s->n, s->label[0]);
	for (k = 0; k < s->n; k++) {
		fprintf(f, "<li>%c: <b>", 'A' + k % 26);
		html_esc(f, s->info[k].label);
		fprintf(f, "</b>, kernel ");
		html_esc(f, s->info[k].kernel_release ? s->info[k].kernel_release : "?");
		fprintf(f, ", run set #%lld, %d valid runs", (long long)s->info[k].id,
			s->info[k].runs_valid);
		if (k) {
			fprintf(f, ": <a href=\"");
			html_esc(f, s->dir[k]);
			fprintf(f, "/index.html\">against %c</a> (", 'A');
			html_esc(f, rc_word(t->pair_rc[k]));
			fprintf(f, "; <a href=\"");
			html_esc(f, s->dir[k]);
			fprintf(f, "/evidence.txt\">evidence.txt</a>)");
		}
		fprintf(f, "</li>\n");
	}
	fprintf(f, "</ul>\n<p><a href=\"data.json\">data.json</a>%s</p>\n",
		t->designs->n ? " &middot; <a href=\"race-designs.txt\">race-designs.txt</a>" : "");
	for (i = 0; t->plots && i < t->plots->n_made; i++) {
		const char *cap = i < t->plots->n_captions ? t->plots->captions[i] : NULL;

		fprintf(f, "<figure><a href=\"");
		html_esc(f, t->plots->made[i]);
		fprintf(f, ".svg\"><img src=\"");
		html_esc(f, t->plots->made[i]);
		fprintf(f, ".png\" alt=\"");
		html_esc(f, cap ? cap : t->plots->made[i]);
		fprintf(f, "\"></a><figcaption>");
		html_esc(f, cap ? cap : t->plots->made[i]);
		fprintf(f, " <a href=\"");
		html_esc(f, t->plots->made[i]);
		fprintf(f, ".txt\">table</a>, <a href=\"data/");
		html_esc(f, t->plots->made[i]);
		fprintf(f, ".dat\">data</a></figcaption></figure>\n");
	}
	race_designs_html(f, t->designs);
	if (!t->designs->n)
		fprintf(f, "<p>No scenario in these run sets has a reaper_outcome or "
			   "reaper_met_exit value: no race table.</p>\n");
	fprintf(f, "<p>Reproduce: <code>");
	html_esc(f, t->reproduce ? t->reproduce : "");
	fprintf(f, "</code></p>\n</body></html>\n");
	return ferror(f) ? -1 : 0;
}

static int w_json(FILE *f, void *x)
{
	const struct top *t = x;
	const struct sets *s = t->s;
	json_t *root, *sets = json_array(), *imgs = json_array();
	size_t i;
	int k, ret;

	for (k = 0; k < s->n; k++)
		json_array_append_new(sets, json_pack(
			"{s:s, s:s, s:s?, s:I, s:i, s:s?, s:s?}", "label", s->info[k].label,
			"short_label", s->label[k], "kernel_release", s->info[k].kernel_release,
			"id", (json_int_t)s->info[k].id, "runs_valid", s->info[k].runs_valid,
			"pair_dir", k ? s->dir[k] : NULL,
			"pair_result", k ? rc_word(t->pair_rc[k]) : NULL));
	for (i = 0; t->plots && i < t->plots->n_made; i++)
		json_array_append_new(imgs, json_string(t->plots->made[i]));
	root = json_pack("{s:s, s:s, s:s?, s:o, s:o, s:o}", "reapbench_version", REAPBENCH_VERSION,
			 "git_commit", REAPBENCH_GIT, "reproduce", t->reproduce, "run_sets", sets,
			 "race_designs", race_designs_json(t->designs), "plots", imgs);
	if (!root)
		return err_msg("cannot build data.json\n");
	ret = json_dumpf(root, f, JSON_INDENT(1) | JSON_REAL_PRECISION(17));
	fputc('\n', f);
	json_decref(root);
	return ret;
}

static int w_designs(FILE *f, void *x)
{
	return race_designs_text(f, x);
}

int report_sets_run(const struct rb_report_args *args)
{
	struct rb_plotter plots = { 0 };
	struct rb_race_designs designs = { 0 };
	FILE *out = args->out ? args->out : stdout;
	struct top t = { 0 };
	struct sets s;
	char path[PATH_MAX];
	int *rc = NULL, k, ret = RB_EXIT_ERROR, worst = RB_EXIT_OK, out_fd, no_plots = args->no_plots;

	out_fd = safe_dir_open(args->out_dir, true);
	if (out_fd < 0)
		return RB_EXIT_ERROR;
	if (sets_load(&args->cmp, args->sets, args->n_sets, &s)) {
		close(out_fd);
		return RB_EXIT_ERROR;
	}
	rc = calloc(s.n, sizeof(*rc));
	if (!rc)
		goto out;
	/* each later set against the first: the two-set report, as `report A X` */
	for (k = 1; k < s.n; k++) {
		struct rb_report_args pair = *args;

		snprintf(path, sizeof(path), "%s/%s", args->out_dir, s.dir[k]);
		pair.cmp.a = args->sets[0];
		pair.cmp.b = args->sets[k];
		pair.out_dir = path;
		pair.sets = NULL;
		pair.n_sets = 0;
		pair.tables_elsewhere = 1;
		rc[k] = report_run(&pair);
		if (rc[k] != RB_EXIT_OK && rc[k] != RB_EXIT_REGRESSION)
			goto out;
		if (rc[k] == RB_EXIT_REGRESSION)
			worst = RB_EXIT_REGRESSION;
	}
	if (!no_plots && !plot_have_gnuplot())
		no_plots = 1;	/* the pair reports said so */
	if (!no_plots && all_sets_race(&s, args->plots_dir, args->out_dir, out_fd, 0, 0, out,
				       &plots) < 0)
		goto out;
	if (build_designs(&s, &designs))
		goto out;
	if (designs.n) {
		if (report_write_file(out_fd, args->out_dir, "race-designs.txt", w_designs, &designs))
			goto out;
		race_designs_brief(out, &designs);
	}
	t = (struct top){ &s, no_plots ? NULL : &plots, &designs, rc, args->cmp.reproduce };
	if (report_write_file(out_fd, args->out_dir, "index.html", w_index, &t) ||
	    report_write_file(out_fd, args->out_dir, "data.json", w_json, &t))
		goto out;
	fprintf(out, "%s: index.html, data.json%s, %zu plots (PNG+SVG) of %d run sets; each "
		"against %s in %s/<A>-vs-<X>/\n", args->out_dir,
		designs.n ? ", race-designs.txt" : "", no_plots ? (size_t)0 : plots.n_made, s.n,
		s.label[0], args->out_dir);
	ret = worst;
out:
	race_designs_free(&designs);
	plotter_free(&plots);
	free(rc);
	sets_free(&s);
	close(out_fd);
	return ret;
}

int plot_sets_run(const struct rb_plot_args *args)
{
	struct rb_plotter plots = { 0 };
	FILE *out = args->out ? args->out : stdout;
	struct sets s;
	char path[PATH_MAX];
	size_t i;
	int k, ret = RB_EXIT_ERROR, out_fd, r;

	out_fd = safe_dir_open(args->out_dir, true);
	if (out_fd < 0)
		return RB_EXIT_ERROR;
	if (sets_load(&args->cmp, args->sets, args->n_sets, &s)) {
		close(out_fd);
		return RB_EXIT_ERROR;
	}
	if (args->kinds & PLOT_RACE) {
		r = all_sets_race(&s, args->plots_dir, args->out_dir, out_fd, args->width,
				  args->height, NULL, &plots);
		if (r < 0)
			goto out;
		for (i = 0; i < plots.n_made; i++)
			fprintf(out, "%s/%s.png %s/%s.svg\n", args->out_dir, plots.made[i],
				args->out_dir, plots.made[i]);
	}
	for (k = 1; k < s.n; k++) {
		struct rb_plot_args pair = *args;

		snprintf(path, sizeof(path), "%s/%s", args->out_dir, s.dir[k]);
		pair.cmp.a = args->sets[0];
		pair.cmp.b = args->sets[k];
		pair.out_dir = path;
		pair.sets = NULL;
		pair.n_sets = 0;
		r = plot_run(&pair);	/* what `plot A X` draws */
		if (r != RB_EXIT_OK)
			goto out;
	}
	ret = RB_EXIT_OK;
out:
	plotter_free(&plots);
	sets_free(&s);
	close(out_fd);
	return ret;
}
