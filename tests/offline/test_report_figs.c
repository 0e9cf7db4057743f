/*
 * The curated figures (bench/report/report_figs.c, the templates in plots/): what each
 * family draws and leaves out, read back from the data files gnuplot plotted
 * and the SVG text it wrote. Samples are built in memory; the report, the
 * page and the trend read a store built through bench/store.
 */
#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "common.h"
#include "plots_dir.h"
#include "exit_phases.h"
#include "report.h"
#include "report_trend.h"

#include "compare_fixture.h"

static char out_dir[PATH_MAX];

static char *slurp(const char *fmt, ...)
{
	char path[PATH_MAX + 256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	return slurp_path(path, NULL);
}

static int exists(const char *fmt, ...)
{
	char path[PATH_MAX + 256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	return access(path, F_OK) == 0;
}

/* Files in dir whose name starts with prefix. */
static int count_prefixed(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += !strncmp(e->d_name, prefix, strlen(prefix));
	closedir(d);
	return n;
}

static void add(struct rb_sample *s, const char *scen, const char *param, double at,
		const char *metric, int64_t run, double v)
{
	assert_int_equal(sample_add(s, scen, param, at, metric, run, &v, NULL, NULL), 0);
}

static void add_text(struct rb_sample *s, const char *scen, const char *metric, int64_t run,
		     const char *t)
{
	assert_int_equal(sample_add(s, scen, NULL, 0, metric, run, NULL, t, NULL), 0);
}

static void add_absent(struct rb_sample *s, const char *scen, const char *metric, int64_t run,
		       const char *why)
{
	assert_int_equal(sample_add(s, scen, NULL, 0, metric, run, NULL, NULL, why), 0);
}

/*
 * A: a 6.1-style kill (read+write phases, no hand-over), B: the pre-5.17
 * hand-over (its long exit_handover_us). kill_to_exit_us is the same 5 us in
 * every run (a constant), memcg_peak_bytes a descriptor that varies.
 */
static void build_samples(struct rb_sample *a, struct rb_sample *b)
{
	int64_t i;

	for (i = 0; i < 10; i++) {
		add(a, "kill", NULL, 0, "exit_mmap_us", i, 10000 + 100 * i);
		add(a, "kill", NULL, 0, "exit_read_wait_us", i, 1 + i);
		add(a, "kill", NULL, 0, "exit_unmap_us", i, 6000 + 10 * i);
		add(a, "kill", NULL, 0, "exit_write_wait_us", i, 2 + i);
		add(a, "kill", NULL, 0, "exit_teardown_us", i, 3000 + 10 * i);
		add_absent(a, "kill", "exit_handover_us", i, "no lock before the unmap");
		add(a, "kill", NULL, 0, "kill_to_exit_us", i, 5);
		add(a, "kill", NULL, 0, "memcg_peak_bytes", i, 67108864 + 4096 * i);
		add_text(a, "kill", "reaper_outcome", i, i < 5 ? "reaped" : "not_needed");

		add(b, "kill", NULL, 0, "exit_mmap_us", 100 + i, 19000 + 100 * i);
		add(b, "kill", NULL, 0, "exit_handover_us", 100 + i, 18000 + 10 * i);
		add(b, "kill", NULL, 0, "exit_read_wait_us", 100 + i, 1 + i);
		add(b, "kill", NULL, 0, "exit_unmap_us", 100 + i, 100 + i);
		add(b, "kill", NULL, 0, "exit_write_wait_us", 100 + i, 2 + i);
		add(b, "kill", NULL, 0, "exit_teardown_us", 100 + i, 300 + i);
		add(b, "kill", NULL, 0, "kill_to_exit_us", 100 + i, 5);
		add(b, "kill", NULL, 0, "memcg_peak_bytes", 100 + i, 67108864 + 8192 * i);
		add_text(b, "kill", "reaper_outcome", 100 + i, "reaped");
	}
}

struct figs {
	struct rb_sample a, b;
	struct rb_cmp c;
	struct rb_plotter p;
	char dir[PATH_MAX + 32];
};

static void figs_begin(struct figs *x, const char *sub)
{
	struct rb_cmp_cfg cfg;

	memset(x, 0, sizeof(*x));
	build_samples(&x->a, &x->b);
	compare_cfg_default(&cfg);
	assert_int_equal(compare_samples(&x->a, &x->b, &cfg, &x->c), 0);
	snprintf(x->dir, sizeof(x->dir), "%s/%s", out_dir, sub);
	assert_int_equal(plotter_init(&x->p, tpl_dir, x->dir, "6.12", "6.12+handover"), 0);
}

static void figs_end(struct figs *x)
{
	plotter_free(&x->p);
	compare_free(&x->c);
	sample_free(&x->a);
	sample_free(&x->b);
}

/* Every phase a kernel measured is stacked, the hand-over included, in
 * exit_mmap's order, with exit_mmap_us beside the stack. */
static void test_phases_every_phase(void **state)
{
	struct figs x;
	char *dat, *svg, *h, *r;

	(void)state;
	figs_begin(&x, "phases");
	assert_int_equal(plot_phases(&x.p, &x.c), 1);
	dat = slurp("%s/data/phases.dat", x.dir);
	h = strstr(dat, "exit_handover_us");
	r = strstr(dat, "exit_read_wait_us");
	assert_non_null(h);
	assert_non_null(r);
	assert_true(h < r);	/* the hand-over comes first in exit_mmap */
	assert_non_null(strstr(dat, "exit_teardown_us"));
	/* [hand] B: medians 18045 (hand-over), 5.5, 104.5, 6.5, 304.5; A has no hand-over */
	assert_non_null(strstr(dat, "\n1 \"B\\nn=10\" 18045 5.5 104.5 6.5 304.5 "));
	assert_non_null(strstr(dat, "\n0 \"A\\nn=10\" 0 5.5 6045 6.5 3045 "));
	svg = slurp("%s/phases.svg", x.dir);
	assert_non_null(strstr(svg, "hand-over (self-reap, barrier)"));
	assert_non_null(strstr(svg, "exit_mmap_us (median)"));
	/* 19 ms is drawn in ms, not as 19000 us */
	assert_non_null(strstr(svg, "median time (ms)"));
	free(dat);
	free(svg);
	figs_end(&x);
}

/* Every phase of the list is a metric of the table. */
static void test_phases_in_table(void **state)
{
	const struct rb_exit_phase *p;
	int n = 0;

	(void)state;
	for (p = rb_exit_phases; p->metric; p++, n++) {
		const struct rb_metric_def *d = metric_def_find(p->metric);

		if (!d)
			fail_msg("%s: not in the metric table", p->metric);
		assert_int_equal(d->unit, RB_UNIT_US);
		assert_ptr_equal(exit_phase_find(p->metric), p);
	}
	assert_true(n >= 5);
	assert_null(exit_phase_find("exit_mmap_us"));
}

/* A constant (kill_to_exit_us: 5 us in every run) and a descriptor
 * (memcg_peak_bytes) get no ECDF and no box, even when every one is asked for. */
static void test_no_constant_no_descriptor(void **state)
{
	struct figs x;
	int n;

	(void)state;
	figs_begin(&x, "const");
	n = plot_ecdfs(&x.p, &x.a, &x.b, NULL);
	assert_true(n >= 5);
	assert_true(exists("%s/ecdf-kill-exit_mmap_us.svg", x.dir));
	assert_false(exists("%s/ecdf-kill-kill_to_exit_us.svg", x.dir));
	assert_false(exists("%s/ecdf-kill-memcg_peak_bytes.svg", x.dir));
	assert_true(plot_boxes(&x.p, &x.c) >= 1);
	assert_true(exists("%s/box-exit_mmap_us.svg", x.dir));
	assert_false(exists("%s/box-kill_to_exit_us.svg", x.dir));
	assert_false(exists("%s/box-memcg_peak_bytes.svg", x.dir));
	figs_end(&x);
}

/* ECDF: key below the plot, x in ms for values in the ten-thousands of us,
 * the short run-set names, and a caption saying what it shows. */
static void test_ecdf_readable(void **state)
{
	struct figs x;
	char *svg, *dat;
	size_t i;

	(void)state;
	figs_begin(&x, "ecdf");
	assert_true(plot_ecdfs(&x.p, &x.a, &x.b, &x.c) >= 2);
	svg = slurp("%s/ecdf-kill-exit_mmap_us.svg", x.dir);
	assert_non_null(strstr(svg, "exit_mmap_us (ms)"));
	assert_non_null(strstr(svg, "A: 6.12"));
	assert_non_null(strstr(svg, "B: 6.12+handover"));
	free(svg);
	/* the data file keeps the stored unit */
	dat = slurp("%s/data/ecdf-kill-exit_mmap_us.dat", x.dir);
	assert_non_null(strstr(dat, "\n10000 0.1\n"));
	free(dat);
	for (i = 0; i < x.p.n_made; i++)
		if (!strcmp(x.p.made[i], "ecdf-kill-exit_mmap_us"))
			break;
	assert_true(i < x.p.n_captions);
	assert_non_null(strstr(x.p.captions[i], "exit_mmap_us in scenario kill, A (n=10) "
					      "against B (n=10)"));
	figs_end(&x);
}

/* Outcome bars: n under each, the Wilson 95% interval of the reaped share. */
static void test_outcome_n_wilson(void **state)
{
	struct figs x;
	char *dat, *svg, *l;
	double share, lo, hi;

	(void)state;
	figs_begin(&x, "outcome");
	assert_int_equal(plot_outcomes(&x.p, &x.a, &x.b), 1);
	dat = slurp("%s/data/outcome.dat", x.dir);
	/* A: 5 of 10 reaped; columns x tick reaped not_needed top1 top2 lo hi n */
	l = strstr(dat, "\n0 \"A\\nn=10\" ");
	assert_non_null(l);
	assert_int_equal(sscanf(l, "\n0 \"A\\nn=10\" %lf %*f %*f %*f %lf %lf 10", &share, &lo, &hi),
			 3);
	/* [hand] Wilson, z = 1.95996, 5/10: 0.5 -+ 0.263406 */
	assert_true(share == 50);
	assert_true(fabs(lo - 23.6594) < 1e-3 && fabs(hi - 76.3406) < 1e-3);
	assert_non_null(strstr(dat, "\n1 \"B\\nn=10\" 100 0 "));
	svg = slurp("%s/outcome.svg", x.dir);
	assert_non_null(strstr(svg, "n=10"));
	assert_non_null(strstr(svg, "Wilson 95% (reaped)"));
	assert_non_null(strstr(svg, "not needed"));
	free(dat);
	free(svg);
	figs_end(&x);
}

/* A stall sweep across 2 s: the reaper-delay marker; IQR columns only
 * where a point has 5 runs; x in s. A size sweep: no marker. */
static void test_sweep_marker_bands(void **state)
{
	static const double stall_us[] = { 1.5e6, 2e6, 2.5e6 };
	struct rb_sample a = { 0 }, z = { 0 };
	struct rb_cmp_cfg cfg;
	struct rb_cmp c = { 0 }, cz = { 0 };
	struct rb_plotter p;
	char dir[PATH_MAX + 16], *dat, *svg;
	int64_t run = 0;
	size_t i, k;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(stall_us); i++)
		for (k = 0; k < (i ? 5 : 3); k++)	/* 3 runs at 1.5 s, 5 at the others */
			add(&a, "st", "stall", stall_us[i], "kill_to_reaped_us", run++,
			    stall_us[i] + 1000 * k);
	for (i = 1; i <= 3; i++)
		for (k = 0; k < 5; k++)
			add(&z, "sz", "size", i * 1048576.0, "exit_mmap_us", run++, 100 * i + k);
	compare_cfg_default(&cfg);
	assert_int_equal(compare_samples(&a, &a, &cfg, &c), 0);
	assert_int_equal(compare_samples(&z, &z, &cfg, &cz), 0);
	snprintf(dir, sizeof(dir), "%s/sweep", out_dir);
	assert_int_equal(plotter_init(&p, tpl_dir, dir, "one", NULL), 0);
	assert_int_equal(plot_sweeps(&p, &c), 1);
	assert_int_equal(plot_sweeps(&p, &cz), 1);
	plotter_free(&p);
	dat = slurp("%s/data/sweep-st-kill_to_reaped_us.dat", dir);
	assert_non_null(strstr(dat, "\n1.5 nan 1501000 nan 3\n"));
	assert_non_null(strstr(dat, "\n2 2001000 2002000 2003000 5\n"));
	free(dat);
	svg = slurp("%s/sweep-st-kill_to_reaped_us.svg", dir);
	assert_non_null(strstr(svg, "OOM_REAPER_DELAY 2 s"));
	assert_non_null(strstr(svg, "stall (s)"));
	assert_non_null(strstr(svg, "kill_to_reaped_us (s)"));
	assert_non_null(strstr(svg, "points with n >= 5"));
	free(svg);
	svg = slurp("%s/sweep-sz-exit_mmap_us.svg", dir);
	assert_null(strstr(svg, "OOM_REAPER_DELAY"));
	free(svg);
	compare_free(&c);
	compare_free(&cz);
	sample_free(&a);
	sample_free(&z);
}

/* Bars of sweep points are named by the point under the bars, the base once
 * in the title; a report draws the sweeps of primary metrics only unless
 * another is flagged, plot draws every one. */
static void test_sweep_points_named(void **state)
{
	struct rb_sample a = { 0 }, b = { 0 };
	struct rb_cmp_cfg cfg;
	struct rb_cmp c = { 0 };
	struct rb_plotter p;
	char dir[PATH_MAX + 16], *dat, *svg;
	int64_t run = 0;
	int i, k;

	(void)state;
	for (k = 0; k < 2; k++)
		for (i = 0; i < 5; i++) {
			const char *scen = k ? "st@stall=2500ms" : "st@stall=1500ms";
			double at = k ? 2.5e6 : 1.5e6, v = 1000 + i;

			assert_int_equal(sample_add(&a, scen, "stall", at, "reaper_outcome", run, NULL,
						    k ? "reaped" : "not_needed", NULL), 0);
			assert_int_equal(sample_add(&b, scen, "stall", at, "reaper_outcome", run + 50,
						    NULL, "reaped", NULL), 0);
			assert_int_equal(sample_add(&a, scen, "stall", at, "mem_release_us", run, &v,
						    NULL, NULL), 0);
			assert_int_equal(sample_add(&b, scen, "stall", at, "mem_release_us", run + 50,
						    &v, NULL, NULL), 0);
			run++;
		}
	compare_cfg_default(&cfg);
	assert_int_equal(compare_samples(&a, &b, &cfg, &c), 0);
	snprintf(dir, sizeof(dir), "%s/points", out_dir);
	assert_int_equal(plotter_init(&p, tpl_dir, dir, "a", "b"), 0);
	assert_int_equal(plot_outcomes(&p, &a, &b), 1);
	dat = slurp("%s/data/outcome.dat", dir);
	assert_non_null(strstr(dat, "\n0.5 \"\\n\\nstall=1500ms\"\n"));
	assert_non_null(strstr(dat, "\n3.5 \"\\n\\nstall=2500ms\"\n"));
	free(dat);
	svg = slurp("%s/outcome.svg", dir);
	assert_non_null(strstr(svg, "oom_reaper outcome, st"));
	free(svg);
	/* the report's curated set: the outcome share, not mem_release_us (unflagged) */
	p.curated = 1;
	assert_int_equal(plot_sweeps(&p, &c), 1);
	assert_true(exists("%s/sweep-st-reaper_outcome.svg", dir));
	assert_false(exists("%s/sweep-st-mem_release_us.svg", dir));
	p.curated = 0;
	assert_int_equal(plot_sweeps(&p, &c), 2);
	assert_true(exists("%s/sweep-st-mem_release_us.svg", dir));
	plotter_free(&p);
	compare_free(&c);
	sample_free(&a);
	sample_free(&b);
}

static void test_short_labels(void **state)
{
	char buf[128];
	double div;

	(void)state;
	assert_string_equal(fig_short_label(buf, sizeof(buf), "6.12 (A, ab-20261127T173836Z)",
					    "6.12.117-rb-6.12"), "6.12");
	assert_string_equal(fig_short_label(buf, sizeof(buf), "(x)", "6.18.44"), "6.18.44");
	fig_short_label(buf, sizeof(buf), "6.12+calibrate-teardown-delay+and-a-long-tail-of-words",
			NULL);
	/* at most RB_PLOT_LABEL_MAX characters (the ellipsis is one), the end kept */
	assert_true(strlen(buf) <= RB_PLOT_LABEL_MAX + 2);
	assert_non_null(strstr(buf, "tail-of-words"));
	assert_string_equal(fig_unit("exit_mmap_us", 19000, &div), "ms");
	assert_true(div == 1000);
	assert_string_equal(fig_unit("kill_to_reaped_us", 2.5e6, &div), "s");
	assert_string_equal(fig_unit("exit_unmap_us", 900, &div), "us");
	assert_string_equal(fig_unit("memcg_peak_bytes", 67108864, &div), "MiB");
	assert_false(fig_metric_plottable("trace_events_n"));
	assert_false(fig_metric_plottable("exit_flavour"));
	assert_true(fig_metric_plottable("reaper_outcome"));
	assert_true(fig_metric_plottable("exit_handover_us"));
}

/* The report on the fixture store: no box plot by default; index.html with a
 * table of contents whose anchors all exist, the verdict before the table,
 * captions that are sentences, not file names. */
static void test_report_page(void **state)
{
	char dir[PATH_MAX + 16], *html, *p, *said = NULL;
	size_t anchors = 0, caps = 0;
	int rc;
	struct rb_report_args args = {
		.cmp = { .db_path = db_path, .a = "base", .b = "patch",
			 .reproduce = "reapbench report -o DIR base patch" },
		.out_dir = dir, .plots_dir = tpl_dir,
	};

	(void)state;
	compare_cfg_default(&args.cmp.cfg);
	snprintf(dir, sizeof(dir), "%s/report", out_dir);
	assert_int_equal(report_quietly(&args, &said, &rc), 0);
	assert_int_equal(rc, RB_EXIT_REGRESSION);
	free(said);
	assert_int_equal(count_prefixed(dir, "box-"), 0);
	assert_true(count_prefixed(dir, "ecdf-") > 0);
	html = slurp("%s/index.html", dir);
	assert_non_null(strstr(html, "<nav id=\"toc\">"));
	for (p = html; (p = strstr(p, "href=\"#")); anchors++) {
		char id[128];

		p += strlen("href=\"#");
		snprintf(id, sizeof(id), "id=\"%.*s\"", (int)strcspn(p, "\""), p);
		if (!strstr(html, id))
			fail_msg("index.html: anchor #%.*s resolves nowhere", (int)strcspn(p, "\""), p);
	}
	assert_true(anchors >= 4);
	assert_true(strstr(html, "id=\"verdict\"") < strstr(html, "id=\"comparison\""));
	assert_true(strstr(html, "id=\"comparison\"") < strstr(html, "<figure"));
	/* the verdict block is evidence.txt's: its headline first */
	assert_non_null(strstr(html, "<pre class=\"verdict\">B improves exit_mmap_us by "));
	for (p = html; (p = strstr(p, "<figcaption>")); caps++) {
		p += strlen("<figcaption>");
		if (!strncmp(p, "ecdf-", 5) || !strncmp(p, "phases", 6) || !strncmp(p, "outcome", 7))
			fail_msg("a caption is a file name: %.40s", p);
		assert_true(strcspn(p, "<") > 30);
	}
	assert_true(caps >= 3);
	free(html);
}

/* trend: the lock pattern per run set in the text, and the plot marks where
 * it changes between kernels. */
static void test_trend_flavour(void **state)
{
	static const struct {
		const char *label, *release, *flavour;
		double base;
	} sets[] = {
		{ "old", "5.16.0", "barrier+read+write", 9000 },
		{ "mid", "6.1.0", "read+write", 6000 },
		{ "new", "6.12.0", "read+write", 5000 },
	};
	struct rb_trend_args t = { .db_path = db_path, .metric = "exit_mmap_us",
				   .scenario = "trendscen", .resamples = 2000, .seed = 1,
				   .plots_dir = tpl_dir };
	const char *labels[] = { "old", "mid", "new" };
	struct rb_metrics *m = calloc(1, sizeof(*m));
	char dir[PATH_MAX + 16], *buf = NULL, *svg;
	size_t len = 0, k;
	struct rb_store st;
	int64_t set, id;
	FILE *f;
	int i;

	(void)state;
	assert_non_null(m);
	assert_int_equal(store_open(db_path, &st), 0);
	for (k = 0; k < ARRAY_SIZE(sets); k++) {
		assert_int_equal(store_runset_begin(&st, sets[k].label, sets[k].release, "test", 1,
						    "{}", &set), 0);
		for (i = 0; i < 6; i++) {
			struct rb_run_record r = {
				.seq = i, .scenario = "trendscen", .shape = "anon", .trigger = "kill",
				.contenders = "", .params_json = "{}", .rep = i + 1,
				.started_at = "now",
			};

			memset(m, 0, sizeof(*m));
			m->valid = true;
			metrics_set(m, "exit_mmap_us", sets[k].base + 100 * i);
			/* one run in six of "old" shows another pattern: the dominant one counts */
			metrics_set_text(m, "exit_flavour", !k && !i ? "read+write" : sets[k].flavour);
			metrics_set_text(m, "exit_phase_method", "kprobe");
			assert_int_equal(store_run_add(&st, set, &r, m, &id), 0);
		}
	}
	store_close(&st);
	free(m);
	snprintf(dir, sizeof(dir), "%s/trend", out_dir);
	t.out_dir = dir;
	t.labels = labels;
	t.n_labels = ARRAY_SIZE(labels);
	f = open_memstream(&buf, &len);
	assert_int_equal(trend_run(&t, f), RB_EXIT_OK);
	fclose(f);
	assert_non_null(strstr(buf, "\n1 \"old\" \"5.16.0\" 6 "));
	/* then the host that wrote the run set, last */
	assert_non_null(strstr(buf, " \"barrier+read+write\" 0.833 \"kprobe\" \""));
	assert_non_null(strstr(buf, "\n3 \"new\" \"6.12.0\" 6 "));
	free(buf);
	svg = slurp("%s/trend-trendscen-exit_mmap_us.svg", dir);
	/* two regions, one change between 5.16 and 6.1 */
	assert_non_null(strstr(svg, "barrier+read+write"));
	assert_non_null(strstr(svg, "lock pattern changes"));
	assert_null(strstr(strstr(svg, "lock pattern changes") + 1, "lock pattern changes"));
	assert_non_null(strstr(svg, "exit_mmap_us (ms)"));
	free(svg);
}

static int group_setup(void **state)
{
	const char *keep = getenv("REAPBENCH_TEST_FIGS_DIR");

	if (find_templates() || setup(state))
		return -1;
	if (keep)
		snprintf(out_dir, sizeof(out_dir), "%s", keep);
	else if (!mkdtemp(strcpy(out_dir, "/tmp/reapbench-test-figs-XXXXXX")))
		return -1;
	return 0;
}

static int group_teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	if (!getenv("REAPBENCH_TEST_FIGS_DIR")) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", out_dir);
		if (system(cmd))
			return -1;
	}
	return teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phases_every_phase),
		cmocka_unit_test(test_phases_in_table),
		cmocka_unit_test(test_no_constant_no_descriptor),
		cmocka_unit_test(test_ecdf_readable),
		cmocka_unit_test(test_outcome_n_wilson),
		cmocka_unit_test(test_sweep_marker_bands),
		cmocka_unit_test(test_sweep_points_named),
		cmocka_unit_test(test_short_labels),
		cmocka_unit_test(test_report_page),
		cmocka_unit_test(test_trend_flavour),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
