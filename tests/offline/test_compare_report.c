/*
 * report on the fixture store: every file is written, plots are valid PNG
 * and SVG of the requested size, evidence.txt keeps to 72 columns and lists
 * regressions first, index.html only points at files that exist.
 * The group setup builds everything the tests read, so any test runs alone
 * or in any order: the fixture store and the report written from it, and a
 * 2-D sweep store for the heatmaps. (One group: cmocka prints a TAP plan per
 * group, and prove takes one plan per file.)
 */
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

#include <jansson.h>

#include "common.h"
#include "plots_dir.h"
#include "report.h"
#include "report_trend.h"

#include "compare_fixture.h"
#include "capture_stderr.h"

static char out_dir[PATH_MAX];		/* the report of base vs patch */
static char heat_dir[PATH_MAX];		/* what the heatmap tests draw */
static int report_rc;			/* report_run's exit code, and */
static char *report_said;		/* what it printed, from group setup */

/* The fixture store and the report of base vs patch. */
static int report_setup(void **state)
{
	const char *keep = getenv("REAPBENCH_TEST_REPORT_DIR");
	struct rb_report_args args = {
		.cmp = { .db_path = db_path, .a = "base", .b = "patch",
			 .reproduce = "reapbench report -o DIR base patch" },
		.out_dir = out_dir, .plots_dir = tpl_dir,
	};

	if (setup(state) || find_templates())
		return -1;
	/* REAPBENCH_TEST_REPORT_DIR keeps the report (tests/offline/report_html.t uses it) */
	if (keep)
		snprintf(out_dir, sizeof(out_dir), "%s", keep);
	else if (!mkdtemp(strcpy(out_dir, "/tmp/reapbench-test-report-XXXXXX")))
		return -1;
	return report_quietly(&args, &report_said, &report_rc);
}

static int report_teardown(void **state)
{
	free(report_said);
	if (!getenv("REAPBENCH_TEST_REPORT_DIR") && rm_rf(out_dir))
		return -1;
	return teardown(state);
}

/* a file of the report of base vs patch */
static char *slurp(const char *name, size_t *len)
{
	return slurp_in(out_dir, name, len);
}

static void test_report_runs(void **state)
{
	char line[PATH_MAX + 128];

	(void)state;
	/* the fixture has regressions: exit 2, and everything written anyway */
	assert_int_equal(report_rc, RB_EXIT_REGRESSION);
	/* one line says where everything went */
	snprintf(line, sizeof(line), "%s: evidence.txt, appendix.txt, compare.txt, index.html, "
		 "data.json, ",
		 out_dir);
	assert_non_null(report_said);
	assert_non_null(strstr(report_said, line));
	assert_non_null(strstr(report_said, " plots (PNG+SVG)\n"));
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static void test_png_svg_size(void **state)
{
	const char *plots[] = { "phases", "outcome", "ecdf-kill-exit_mmap_us",
				"sweep-sweep-exit_mmap_us", "sweep-sweep-reaper_outcome" };
	char name[128];
	size_t i, len;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(plots); i++) {
		unsigned char *png;
		char *svg, *tag;

		snprintf(name, sizeof(name), "%s.png", plots[i]);
		png = (unsigned char *)slurp(name, &len);
		/* signature, then IHDR first: width and height big-endian */
		assert_true(len > 33);
		assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
		assert_memory_equal(png + 12, "IHDR", 4);
		assert_int_equal(be32(png + 16), RB_PLOT_W);
		assert_int_equal(be32(png + 20), RB_PLOT_H);
		free(png);

		snprintf(name, sizeof(name), "%s.svg", plots[i]);
		svg = slurp(name, &len);
		tag = strstr(svg, "<svg");
		assert_non_null(tag);
		assert_non_null(strstr(tag, "width=\"800\""));
		assert_non_null(strstr(tag, "height=\"500\""));
		assert_non_null(strstr(svg, "</svg>"));
		free(svg);
	}
}

static void test_evidence(void **state)
{
	char *ev = slurp("evidence.txt", NULL), *line, *reg, *imp;

	(void)state;
	for (line = ev; *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : "") {
		size_t n = strcspn(line, "\n");

		if (n > RB_TEXT_COLS)
			fail_msg("evidence.txt: %zu columns: %.*s", n, (int)n, line);
		if (n && line[n - 1] == ' ')
			fail_msg("evidence.txt: trailing blank: %.*s", (int)n, line);
	}
	/* verdict first: the headline leads with the primary row that moved */
	assert_true(!strncmp(ev, "B improves exit_mmap_us by -20.0 us [", 37));
	/* moved rows named, the primary family before the secondary */
	reg = strstr(ev, "Secondary:");
	imp = strstr(ev, "exit_mmap_us (kill)");
	assert_non_null(strstr(ev, "lock_wait_us.victim.sum (kill)"));
	assert_non_null(reg);
	assert_non_null(imp);
	assert_true(imp < reg);
	/* three scenarios: a table of them, one line each */
	assert_non_null(strstr(ev, "\n  kill                     exit_mmap_us -20.0 us better\n"));
	assert_non_null(strstr(ev, "\n  sweep@size_mb=256        exit_mmap_us"));
	/* a near-zero base is never a percentage, nor an infinite one */
	assert_null(strstr(ev, "inf%"));
	/* the report's own command, and the appendix with the store and seed */
	assert_non_null(strstr(ev, "$ reapbench report -o DIR base patch"));
	free(ev);
	ev = slurp("appendix.txt", NULL);
	assert_non_null(strstr(ev, "'#1' '#2'"));
	assert_non_null(strstr(ev, "20261127"));
	assert_non_null(strstr(ev, "  A: 20 absent: no process_mrelease in this trigger"));
	free(ev);
}

static void test_html_and_json(void **state)
{
	char *html = slurp("index.html", NULL), *p;
	json_t *root;
	json_error_t err;
	char path[PATH_MAX + 64];
	size_t imgs = 0;

	(void)state;
	/* every image the page shows exists */
	for (p = html; (p = strstr(p, "<img src=\"")); imgs++) {
		p += strlen("<img src=\"");
		snprintf(path, sizeof(path), "%s/%.*s", out_dir, (int)strcspn(p, "\""), p);
		if (access(path, R_OK))
			fail_msg("index.html shows missing %s", path);
	}
	assert_true(imgs >= 5);
	free(html);

	snprintf(path, sizeof(path), "%s/data.json", out_dir);
	root = json_load_file(path, 0, &err);
	if (!root)
		fail_msg("data.json: %s", err.text);
	assert_int_equal(json_array_size(json_object_get(root, "rows")), 10);
	assert_int_equal(json_array_size(json_object_get(root, "plots")), imgs);
	/* every value behind the table: 6 kill metrics + 2 per sweep point, per side */
	assert_int_equal(json_array_size(json_object_get(json_object_get(root, "samples"), "a")), 10);
	assert_int_equal(json_array_size(json_object_get(json_object_get(root, "samples"), "b")), 10);
	json_decref(root);
}

static void test_trend(void **state)
{
	struct rb_trend_args t = { .db_path = db_path, .metric = "exit_mmap_us",
				   .scenario = "kill", .resamples = 2000, .seed = 1 };
	const char *labels[] = { "pat*", "b*" };
	char *buf = NULL, *l1, *l2;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	double m1, lo1, hi1, m2;
	unsigned n1;

	(void)state;
	assert_non_null(f);
	/* labels given patch-first: the output is still in kernel-version order */
	t.labels = labels;
	t.n_labels = 2;
	assert_int_equal(trend_run(&t, f), RB_EXIT_OK);
	fclose(f);
	l1 = strstr(buf, "\n1 ");
	l2 = strstr(buf, "\n2 ");
	assert_non_null(l1);
	assert_non_null(l2);
	assert_int_equal(sscanf(l1, " 1 \"base\" \"6.1.0-a\" %u %lf %lf %lf", &n1, &m1, &lo1, &hi1), 4);
	assert_int_equal(sscanf(l2, " 2 \"patch\" \"6.1.0-b\" %*u %lf", &m2), 1);
	/* [hand] medians of 100..119 and 80..99 */
	assert_int_equal(n1, 20);
	assert_true(m1 == 109.5 && m2 == 89.5);
	assert_true(lo1 < m1 && m1 < hi1);
	free(buf);

	/* a metric pattern that selects two series is refused, not pooled */
	t.metric = "exit_*";
	f = fopen("/dev/null", "w");
	stderr_begin();
	assert_int_equal(trend_run(&t, f), RB_EXIT_ERROR);
	buf = stderr_end();
	fclose(f);
	assert_non_null(strstr(buf, "select kill/exit_mmap_us and kill/exit_teardown_us: "
				    "pick one scenario and metric"));
	free(buf);
}

/* plot_run() with the default statistics into PARENT/SUB (args->out_dir = dir): exit 0. */
static void plot_ok(struct rb_plot_args *args, char *dir, size_t dir_size, const char *parent,
		    const char *sub)
{
	compare_cfg_default(&args->cmp.cfg);
	snprintf(dir, dir_size, "%s/%s", parent, sub);
	args->out = fopen("/dev/null", "w");
	assert_non_null(args->out);
	assert_int_equal(plot_run(args), RB_EXIT_OK);
	fclose(args->out);
}

static void test_plot_kinds(void **state)
{
	char dir[PATH_MAX + 16], path[PATH_MAX + 64];
	struct rb_plot_args args = {
		.cmp = { .db_path = db_path, .a = "base", .b = "patch" },
		.out_dir = dir, .plots_dir = tpl_dir, .kinds = PLOT_BOX,
		.width = 640, .height = 400,
	};
	unsigned char png[24];
	FILE *f;

	(void)state;
	plot_ok(&args, dir, sizeof(dir), out_dir, "plot-only");
	/* only the kind asked for, at the size asked for */
	snprintf(path, sizeof(path), "%s/box-exit_mmap_us.png", dir);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(png, 1, sizeof(png), f), sizeof(png));
	fclose(f);
	assert_int_equal(be32(png + 16), 640);
	assert_int_equal(be32(png + 20), 400);
	snprintf(path, sizeof(path), "%s/ecdf-kill-exit_mmap_us.png", dir);
	assert_int_not_equal(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "%s/phases.png", dir);
	assert_int_not_equal(access(path, F_OK), 0);
}

/* reaper_outcome absent on both sides (not an OOM kill): no outcome plot,
 * and no gnuplot failure on an empty histogram */
static void test_outcome_all_absent(void **state)
{
	struct rb_sample a = { 0 }, b = { 0 };
	struct rb_plotter p;
	char dir[PATH_MAX + 16];
	int64_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		assert_int_equal(sample_add(&a, "kill", NULL, 0, "reaper_outcome", i, NULL, NULL,
					    "not an OOM kill"), 0);
		assert_int_equal(sample_add(&b, "kill", NULL, 0, "reaper_outcome", 9 + i, NULL,
					    NULL, "not an OOM kill"), 0);
	}
	snprintf(dir, sizeof(dir), "%s/absent", out_dir);
	assert_int_equal(plotter_init(&p, tpl_dir, dir, "a", "b"), 0);
	assert_int_equal(plot_outcomes(&p, &a, &b), 0);
	assert_int_equal(p.n_made, 0);
	plotter_free(&p);
	sample_free(&a);
	sample_free(&b);
}

/* Data lines (not '#') of a data file and the fields of the first one. */
static void data_shape(const char *name, int *lines, int *fields)
{
	char *buf = slurp(name, NULL), *l, *save = NULL, *tok;

	*lines = 0;
	*fields = 0;
	for (l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char *fsave = NULL;

		if (*l == '#')
			continue;
		if (!(*lines)++)
			for (tok = strtok_r(l, " ", &fsave); tok; tok = strtok_r(NULL, " ", &fsave))
				(*fields)++;
	}
	free(buf);
}

/* plot with one run set (B not given, or B == A): each figure shows it alone,
 * titles and keys without "vs" and "A:"; report's A/B figures keep both */
static void test_plot_single(void **state)
{
	static const char *const svgs[] = { "ecdf-kill-exit_mmap_us", "box-exit_mmap_us",
					    "phases", "outcome", "sweep-sweep-exit_mmap_us",
					    "sweep-sweep-reaper_outcome" };
	char dir[PATH_MAX + 16], name[128];
	struct rb_plot_args args = {
		.cmp = { .db_path = db_path, .a = "base", .b = "base" },
		.out_dir = dir, .plots_dir = tpl_dir, .kinds = PLOT_ALL,
	};
	char *buf;
	int lines, fields;
	size_t i;

	(void)state;
	plot_ok(&args, dir, sizeof(dir), out_dir, "single");

	/* one ECDF block, not A and an identical B */
	buf = slurp("single/data/ecdf-kill-exit_mmap_us.dat", NULL);
	assert_non_null(strstr(buf, "# block 0: base (n=20)\n"));
	assert_null(strstr(buf, "\n\n"));
	free(buf);
	/* [hand] box: idx scenario + 5 quartile columns; 3 scenarios (kill, 2 sweep points) */
	data_shape("single/data/box-exit_mmap_us.dat", &lines, &fields);
	assert_int_equal(lines, 3);
	assert_int_equal(fields, 7);
	/* sweep: x q1 median q3 n per point; share: x share lo hi n */
	data_shape("single/data/sweep-sweep-exit_mmap_us.dat", &lines, &fields);
	assert_int_equal(lines, 2);
	assert_int_equal(fields, 5);
	data_shape("single/data/sweep-sweep-reaper_outcome.dat", &lines, &fields);
	assert_int_equal(lines, 2);
	assert_int_equal(fields, 5);
	/* one bar per scenario, named by it and its n, without "A" */
	buf = slurp("single/data/outcome.dat", NULL);
	assert_non_null(strstr(buf, "\n0 \"kill\\nn=20\" 100 "));
	assert_non_null(strstr(buf, " \"sweep@size_mb=256\\nn=5\" 0 "));
	assert_null(strstr(buf, "\"A\\n"));
	/* sweep points by value, though "size_mb=1024" sorts before "size_mb=256" */
	assert_true(strstr(buf, "size_mb=256") < strstr(buf, "size_mb=1024"));
	free(buf);
	/* only kill has a phase (exit_teardown_us): one bar; x tick median top total */
	data_shape("single/data/phases.dat", &lines, &fields);
	assert_int_equal(lines, 2);	/* the bar, and the (empty) group label line */
	assert_int_equal(fields, 5);

	for (i = 0; i < ARRAY_SIZE(svgs); i++) {
		snprintf(name, sizeof(name), "single/%s.svg", svgs[i]);
		buf = slurp(name, NULL);
		assert_non_null(strstr(buf, "run set base"));
		if (strstr(buf, " vs ") || strstr(buf, "A: ") || strstr(buf, "B: "))
			fail_msg("%s: drawn as A vs B", name);
		free(buf);
	}

	/* the report (two run sets) still draws A against B */
	buf = slurp("ecdf-kill-exit_mmap_us.svg", NULL);
	assert_non_null(strstr(buf, "A: base   vs   B: patch"));
	assert_non_null(strstr(buf, "A: base"));
	assert_non_null(strstr(buf, "B: patch"));
	free(buf);
	data_shape("data/sweep-sweep-exit_mmap_us.dat", &lines, &fields);
	assert_int_equal(fields, 9);
}

/* Sweep x axes in a readable unit: stall is stored in microseconds, drawn in s. */
static void test_sweep_axis(void **state)
{
	static const double stall_us[] = { 1.5e6, 2e6, 2.5e6 };
	struct rb_sample a = { 0 };
	struct rb_cmp_cfg cfg;
	struct rb_cmp c = { 0 };
	struct rb_plotter p;
	char dir[PATH_MAX + 16], *buf;
	int lines, fields, k;
	int64_t run = 0;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(stall_us); i++)
		for (k = 0; k < 3; k++) {
			double v = stall_us[i] / 100 + k;

			assert_int_equal(sample_add(&a, "st", "stall", stall_us[i], "exit_mmap_us",
						    run++, &v, NULL, NULL), 0);
		}
	compare_cfg_default(&cfg);
	assert_int_equal(compare_samples(&a, &a, &cfg, &c), 0);
	snprintf(dir, sizeof(dir), "%s/axis", out_dir);
	assert_int_equal(plotter_init(&p, tpl_dir, dir, "one", NULL), 0);
	assert_int_equal(plot_sweeps(&p, &c), 1);
	plotter_free(&p);
	buf = slurp("axis/data/sweep-st-exit_mmap_us.dat", NULL);
	assert_non_null(strstr(buf, "# x = stall (s)\n"));
	/* [hand] x in s; median of 15000, 15001, 15002; 3 runs a point: no IQR band */
	assert_non_null(strstr(buf, "\n1.5 nan 15001 nan 3\n"));
	assert_non_null(strstr(buf, "\n2.5 "));
	free(buf);
	buf = slurp("axis/sweep-st-exit_mmap_us.svg", NULL);
	assert_non_null(strstr(buf, "stall (s)"));
	free(buf);
	/* A/B: the same axis, both sides' columns */
	assert_int_equal(plotter_init(&p, tpl_dir, dir, "a", "b"), 0);
	assert_int_equal(plot_sweeps(&p, &c), 1);
	plotter_free(&p);
	data_shape("axis/data/sweep-st-exit_mmap_us.dat", &lines, &fields);
	assert_int_equal(lines, 3);
	assert_int_equal(fields, 9);
	compare_free(&c);
	sample_free(&a);
}

/*
 * A 2-D sweep, stored as the runner stores one: scenario g over size (bytes)
 * x mrelease_delay_us (us), 3 runs a point, run sets grid-a and grid-b. The
 * values sort differently by name ("128M" < "64M", "200us" < "50us").
 * exit_mmap_us = size in MiB * 10 + delay in us + {0, 1, 2} (median: + 1) on
 * A, 1.5 times that on B; A has no exit_mmap_us at 128M/0us. reaper_outcome:
 * A reaped from 200us on, B always.
 */
static char heat_db[] = "/tmp/reapbench-test-heat-XXXXXX";
static const double heat_mib[] = { 64, 128 };
static const double heat_us[] = { 0, 50, 200 };

static int build_grid(void)
{
	struct rb_metrics *m = calloc(1, sizeof(*m));
	struct rb_store st;
	int64_t set[2], id;
	size_t i, j;
	int side, k, seq = 0, ret = -1;

	if (!m || store_create(heat_db, &st))
		goto out;
	if (store_runset_begin(&st, "grid-a", "6.1.0-a", "test", 1, "{}", &set[0]) ||
	    store_runset_begin(&st, "grid-b", "6.1.0-b", "test", 1, "{}", &set[1]))
		goto out_close;
	for (side = 0; side < 2; side++)
		for (i = 0; i < ARRAY_SIZE(heat_mib); i++)
			for (j = 0; j < ARRAY_SIZE(heat_us); j++)
				for (k = 0; k < 3; k++) {
					char scen[96];
					double v = heat_mib[i] * 10 + heat_us[j] + k;
					struct rb_run_record r = {
						.seq = ++seq, .scenario = scen, .shape = "anon",
						.trigger = "kill+mrelease", .contenders = "",
						.params_json = "{}", .rep = k + 1, .started_at = "now",
						.sweep_param = "size",
						.sweep_value = heat_mib[i] * (1 << 20),
						.sweep2_param = "mrelease_delay_us",
						.sweep2_value = heat_us[j],
					};

					snprintf(scen, sizeof(scen), "g@size=%gM@mrelease_delay_us=%gus",
						 heat_mib[i], heat_us[j]);
					memset(m, 0, sizeof(*m));
					m->valid = true;
					if (!side && i == 1 && j == 0)
						metrics_set_absent(m, "exit_mmap_us", "no exit_mmap tracepoint");
					else
						metrics_set(m, "exit_mmap_us", side ? 1.5 * v : v);
					metrics_set(m, "exit_unmap_us", 7);
					metrics_set_text(m, "reaper_outcome",
						 side || heat_us[j] >= 200 ? "reaped" : "not_needed");
					if (store_run_add(&st, set[side], &r, m, &id))
						goto out_close;
				}
	ret = 0;
out_close:
	store_close(&st);
out:
	free(m);
	return ret;
}

/* The 2-D sweep store and a directory for what the heatmap tests draw. */
static int heat_setup(void **state)
{
	(void)state;
	if (find_templates() || !mkdtemp(strcpy(heat_dir, "/tmp/reapbench-test-heat-out-XXXXXX")))
		return -1;
	return build_grid();
}

static int heat_teardown(void **state)
{
	(void)state;
	if (getenv("RB_TEST_KEEP_DB")) {
		fprintf(stderr, "# kept %s and %s\n", heat_db, heat_dir);
		return 0;
	}
	unlink_store(heat_db);
	return rm_rf(heat_dir);
}

static void png_svg_size(const char *base, int w, int h)
{
	char name[PATH_MAX], *svg, *tag, attr[32];
	unsigned char *png;
	size_t len;

	snprintf(name, sizeof(name), "%s.png", base);
	png = (unsigned char *)slurp_in(heat_dir, name, &len);
	assert_true(len > 33);
	assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
	assert_int_equal(be32(png + 16), w);
	assert_int_equal(be32(png + 20), h);
	free(png);
	snprintf(name, sizeof(name), "%s.svg", base);
	svg = slurp_in(heat_dir, name, &len);
	tag = strstr(svg, "<svg");
	assert_non_null(tag);
	snprintf(attr, sizeof(attr), "width=\"%d\"", w);
	assert_non_null(strstr(tag, attr));
	snprintf(attr, sizeof(attr), "height=\"%d\"", h);
	assert_non_null(strstr(tag, attr));
	assert_non_null(strstr(svg, "</svg>"));
	free(svg);
}

/* One heatmap cell as written: "xi yi x y z "label" rest". */
struct heat_cell {
	unsigned xi, yi;
	double x, y, z;
	char label[32];
	double rest[4];
	int n_rest;
};

/* The data lines of a heatmap data file; fails on a malformed one. */
static int heat_cells(const char *name, struct heat_cell *cells, int max, char **header)
{
	char *buf = slurp_in(heat_dir, name, NULL), *l, *save = NULL;
	int n = 0;

	if (header)
		*header = strdup(buf);
	for (l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		struct heat_cell *c = &cells[n];
		int used = 0, got;
		char *p;

		if (*l == '#')
			continue;
		assert_true(n < max);
		memset(c, 0, sizeof(*c));
		got = sscanf(l, "%u %u %lf %lf %lf \"%31[^\"]\"%n", &c->xi, &c->yi, &c->x, &c->y,
			     &c->z, c->label, &used);
		if (got != 6)
			fail_msg("%s: bad cell line: %s", name, l);
		for (p = l + used; c->n_rest < 4 && sscanf(p, "%lf%n", &c->rest[c->n_rest],
							   &used) == 1; p += used)
			c->n_rest++;
		n++;
	}
	free(buf);
	return n;
}

static const struct heat_cell *heat_find(const struct heat_cell *cells, int n, double x, double y)
{
	int i;

	for (i = 0; i < n; i++)
		if (cells[i].x == x && cells[i].y == y)
			return &cells[i];
	fail_msg("no cell at %g, %g", x, y);
	return NULL;
}

static void test_heatmap_single(void **state)
{
	char dir[PATH_MAX + 16], path[PATH_MAX + 64], *hdr;
	struct rb_plot_args args = {
		.cmp = { .db_path = heat_db, .a = "grid-a" },
		.out_dir = dir, .plots_dir = tpl_dir, .kinds = PLOT_ALL,
	};
	struct heat_cell cells[16];
	size_t i, j;
	int n;

	(void)state;
	args.cmp.b = args.cmp.a;
	plot_ok(&args, dir, sizeof(dir), heat_dir, "heat");

	/* --kind all draws the heatmaps at the default size, PNG and SVG */
	png_svg_size("heat/heatmap-g-exit_mmap_us", RB_PLOT_W, RB_PLOT_H);
	png_svg_size("heat/heatmap-g-exit_unmap_us", RB_PLOT_W, RB_PLOT_H);
	png_svg_size("heat/heatmap-g-reaper_outcome", RB_PLOT_W, RB_PLOT_H);
	/* a 2-D sweep is no 1-D curve: the points would pile up on one x */
	snprintf(path, sizeof(path), "%s/sweep-g-exit_mmap_us.png", dir);
	assert_int_not_equal(access(path, F_OK), 0);

	/* one row per cell, with the axes' units in the header */
	n = heat_cells("heat/data/heatmap-g-exit_mmap_us.dat", cells, 16, &hdr);
	assert_int_equal(n, 6);
	assert_non_null(strstr(hdr, "# x = size (MiB), y = mrelease_delay_us (us), "
				    "z = median exit_mmap_us (us)\n"));
	free(hdr);
	for (i = 0; i < ARRAY_SIZE(heat_mib); i++)
		for (j = 0; j < ARRAY_SIZE(heat_us); j++) {
			const struct heat_cell *c = heat_find(cells, n, heat_mib[i], heat_us[j]);

			/* index grid: by value, not by name */
			assert_int_equal(c->xi, i);
			assert_int_equal(c->yi, j);
			if (i == 1 && j == 0) {
				/* not measured: NaN and "-", never a 0 */
				assert_true(isnan(c->z));
				assert_string_equal(c->label, "-");
				assert_true(c->n_rest == 1 && c->rest[0] == 0);
				continue;
			}
			/* [hand] median of v, v + 1, v + 2 */
			assert_true(c->z == heat_mib[i] * 10 + heat_us[j] + 1);
			assert_true(c->n_rest == 1 && c->rest[0] == 3);
		}
	assert_string_equal(heat_find(cells, n, 64, 50)->label, "691");
	/* rows by the first parameter, then the second */
	assert_true(cells[0].x == 64 && cells[0].y == 0 && cells[1].y == 50 && cells[2].y == 200);

	/* outcome share: % of runs reaped */
	n = heat_cells("heat/data/heatmap-g-reaper_outcome.dat", cells, 16, NULL);
	assert_int_equal(n, 6);
	assert_true(heat_find(cells, n, 64, 50)->z == 0);
	assert_true(heat_find(cells, n, 128, 200)->z == 100);
	assert_string_equal(heat_find(cells, n, 128, 200)->label, "100%");
}

static void test_heatmap_ratio(void **state)
{
	char dir[PATH_MAX + 16];
	struct rb_plot_args args = {
		.cmp = { .db_path = heat_db, .a = "grid-a", .b = "grid-b" },
		.out_dir = dir, .plots_dir = tpl_dir, .kinds = PLOT_HEATMAP,
		.width = 640, .height = 400,
	};
	struct heat_cell cells[16];
	const struct heat_cell *c;
	char *hdr;
	int n, i;

	(void)state;
	plot_ok(&args, dir, sizeof(dir), heat_dir, "heat-ab");
	png_svg_size("heat-ab/heatmap-g-exit_mmap_us", 640, 400);
	png_svg_size("heat-ab/heatmap-g-reaper_outcome", 640, 400);

	/* ratio B/A, A and B medians, A and B n */
	n = heat_cells("heat-ab/data/heatmap-g-exit_mmap_us.dat", cells, 16, &hdr);
	assert_int_equal(n, 6);
	assert_non_null(strstr(hdr, "# xi yi x y ratio label A_median B_median A_n B_n\n"));
	free(hdr);
	for (i = 0; i < n; i++) {
		assert_int_equal(cells[i].n_rest, 4);
		if (cells[i].x == 128 && cells[i].y == 0) {
			assert_true(isnan(cells[i].z));	/* nothing on A: no ratio */
			assert_string_equal(cells[i].label, "-");
			continue;
		}
		assert_true(fabs(cells[i].z - 1.5) < 1e-9);
		assert_string_equal(cells[i].label, "1.500");
		assert_true(cells[i].rest[1] == 1.5 * cells[i].rest[0]);
	}
	c = heat_find(cells, n, 128, 50);
	assert_true(c->rest[0] == 1331 && c->rest[2] == 3 && c->rest[3] == 3);

	/* shares: B - A in points */
	n = heat_cells("heat-ab/data/heatmap-g-reaper_outcome.dat", cells, 16, NULL);
	assert_int_equal(n, 6);
	assert_true(heat_find(cells, n, 64, 0)->z == 100);
	assert_string_equal(heat_find(cells, n, 64, 0)->label, "+100pt");
	assert_true(heat_find(cells, n, 64, 200)->z == 0);
}

/* compare: one row group per point, by the first value, then the second */
static void test_heatmap_compare_order(void **state)
{
	static const char *const want[] = {
		"g@size=64M@mrelease_delay_us=0us", "g@size=64M@mrelease_delay_us=50us",
		"g@size=64M@mrelease_delay_us=200us", "g@size=128M@mrelease_delay_us=0us",
		"g@size=128M@mrelease_delay_us=50us", "g@size=128M@mrelease_delay_us=200us",
	};
	struct rb_cmp_cfg cfg;
	struct rb_cmp c;
	struct rb_ab ab;
	size_t i, k = 0;

	(void)state;
	compare_cfg_default(&cfg);
	assert_int_equal(ab_load(heat_db, "grid-a", "grid-b", NULL, "exit_mmap_us", &ab), 0);
	assert_int_equal(compare_samples(&ab.smp[0], &ab.smp[1], &cfg, &c), 0);
	assert_int_equal(c.n, ARRAY_SIZE(want));
	for (i = 0; i < c.n; i++) {
		assert_string_equal(c.rows[i].scenario, want[k++]);
		assert_string_equal(c.rows[i].sweep2_param, "mrelease_delay_us");
		assert_string_equal(c.rows[i].base, "g");
	}
	compare_free(&c);
	ab_free(&ab);
}

/* report draws the ratio heatmaps and shows them on its page */
static void test_heatmap_report(void **state)
{
	char dir[PATH_MAX + 16], *html;
	struct rb_report_args args = {
		.cmp = { .db_path = heat_db, .a = "grid-a", .b = "grid-b" },
		.out_dir = dir, .plots_dir = tpl_dir,
	};
	int rc;

	(void)state;
	compare_cfg_default(&args.cmp.cfg);
	snprintf(dir, sizeof(dir), "%s/heat-report", heat_dir);
	args.out = fopen("/dev/null", "w");
	rc = report_run(&args);
	fclose(args.out);
	assert_true(rc == RB_EXIT_OK || rc == RB_EXIT_REGRESSION);
	png_svg_size("heat-report/heatmap-g-exit_mmap_us", RB_PLOT_W, RB_PLOT_H);
	html = slurp_in(heat_dir, "heat-report/index.html", NULL);
	assert_non_null(strstr(html, "<img src=\"heatmap-g-exit_mmap_us.png\""));
	free(html);
}

static int group_setup(void **state)
{
	return report_setup(state) || heat_setup(state) ? -1 : 0;
}

static int group_teardown(void **state)
{
	int rc = heat_teardown(state);

	return report_teardown(state) || rc ? -1 : 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_runs),
		cmocka_unit_test(test_png_svg_size),
		cmocka_unit_test(test_evidence),
		cmocka_unit_test(test_html_and_json),
		cmocka_unit_test(test_trend),
		cmocka_unit_test(test_plot_kinds),
		cmocka_unit_test(test_outcome_all_absent),
		cmocka_unit_test(test_plot_single),
		cmocka_unit_test(test_sweep_axis),
		cmocka_unit_test(test_heatmap_single),
		cmocka_unit_test(test_heatmap_ratio),
		cmocka_unit_test(test_heatmap_compare_order),
		cmocka_unit_test(test_heatmap_report),
	};

	return cmocka_run_group_tests_name("report", tests, group_setup, group_teardown);
}
