/*
 * report on the fixture store: every file is written, plots are valid PNG
 * and SVG of the requested size, evidence.txt keeps to 72 columns and lists
 * regressions first, index.html only points at files that exist.
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
#include "report.h"
#include "report_trend.h"

#include "compare_fixture.h"

static char out_dir[PATH_MAX];
static char tpl_dir[PATH_MAX];

/* plots/ of the source tree: this binary lives in tests/unit/ */
static int find_templates(void)
{
	char exe[PATH_MAX - 32];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return -1;
	exe[n] = 0;
	*strrchr(exe, '/') = 0;
	snprintf(tpl_dir, sizeof(tpl_dir), "%s/../../plots", exe);
	return 0;
}

static int report_setup(void **state)
{
	const char *keep = getenv("REAPBENCH_TEST_REPORT_DIR");

	if (setup(state) || find_templates())
		return -1;
	/* REAPBENCH_TEST_REPORT_DIR keeps the report (tests/live/report_html.t uses it) */
	if (keep)
		snprintf(out_dir, sizeof(out_dir), "%s", keep);
	else if (!mkdtemp(strcpy(out_dir, "/tmp/reapbench-test-report-XXXXXX")))
		return -1;
	return 0;
}

static int report_teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	if (!getenv("REAPBENCH_TEST_REPORT_DIR")) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", out_dir);
		if (system(cmd))
			return -1;
	}
	return teardown(state);
}

static char *slurp(const char *name, size_t *len)
{
	char path[PATH_MAX + 64], *buf;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s", out_dir, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("%s: missing", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, n, f), (size_t)n);
	fclose(f);
	if (len)
		*len = n;
	return buf;
}

static void test_report_runs(void **state)
{
	struct rb_report_args args = {
		.cmp = { .db_path = db_path, .a = "base", .b = "patch",
			 .reproduce = "reapbench report -o DIR base patch" },
		.out_dir = out_dir, .plots_dir = tpl_dir,
	};

	(void)state;
	args.out = fopen("/dev/null", "w");	/* keep the TAP stream clean */
	compare_cfg_default(&args.cmp.cfg);
	/* the fixture has regressions: exit 2, and everything written anyway */
	assert_int_equal(report_run(&args), RB_EXIT_REGRESSION);
	fclose(args.out);
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static void test_png_svg_size(void **state)
{
	const char *plots[] = { "phases", "outcome", "box-exit_mmap_us", "ecdf-kill-exit_mmap_us",
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
	assert_non_null(strstr(ev, "Significant changes"));
	assert_non_null(strstr(ev, "All metrics"));
	/* the reproducing command names run sets by id and the seed (may wrap) */
	assert_non_null(strstr(ev, "'#1' '#2'"));
	assert_non_null(strstr(ev, "20261127"));
	reg = strstr(ev, "    regressed lock_wait_us.victim  +51.28%  p(Holm)");
	imp = strstr(ev, "    improved  exit_mmap_us  -18.26%  p(Holm)");
	assert_non_null(strstr(ev, "              median 109.50 -> 89.50 us, B/A 0.817 ["));
	assert_non_null(reg);
	assert_non_null(imp);
	assert_true(reg < imp);	/* regressions lead */
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
	assert_int_equal(trend_run(&t, f), RB_EXIT_ERROR);
	fclose(f);
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
	compare_cfg_default(&args.cmp.cfg);
	snprintf(dir, sizeof(dir), "%s/plot-only", out_dir);
	args.out = fopen("/dev/null", "w");
	assert_int_equal(plot_run(&args), RB_EXIT_OK);
	fclose(args.out);
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
	compare_cfg_default(&args.cmp.cfg);
	snprintf(dir, sizeof(dir), "%s/single", out_dir);
	args.out = fopen("/dev/null", "w");
	assert_int_equal(plot_run(&args), RB_EXIT_OK);
	fclose(args.out);

	/* one ECDF block, not A and an identical B */
	buf = slurp("single/data/ecdf-kill-exit_mmap_us.dat", NULL);
	assert_non_null(strstr(buf, "# block 0: base (6.1.0-a) (n=20)\n"));
	assert_null(strstr(buf, "\n\n"));
	free(buf);
	/* [hand] box: idx scenario + 5 quartile columns; 3 scenarios (kill, 2 sweep points) */
	data_shape("single/data/box-exit_mmap_us.dat", &lines, &fields);
	assert_int_equal(lines, 3);
	assert_int_equal(fields, 7);
	/* sweep: x q1 median q3 per point; share: x share */
	data_shape("single/data/sweep-sweep-exit_mmap_us.dat", &lines, &fields);
	assert_int_equal(lines, 2);
	assert_int_equal(fields, 4);
	data_shape("single/data/sweep-sweep-reaper_outcome.dat", &lines, &fields);
	assert_int_equal(lines, 2);
	assert_int_equal(fields, 2);
	/* one bar per scenario, named without ":A" */
	buf = slurp("single/data/outcome.dat", NULL);
	assert_non_null(strstr(buf, "\n\"kill\" 100 "));
	assert_non_null(strstr(buf, "\n\"size_mb=256\" 0 "));
	assert_null(strstr(buf, ":A\""));
	assert_null(strstr(buf, ":B\""));
	/* sweep points by value, though "size_mb=1024" sorts before "size_mb=256" */
	assert_true(strstr(buf, "\"size_mb=256\"") < strstr(buf, "\"size_mb=1024\""));
	free(buf);
	data_shape("single/data/phases.dat", &lines, &fields);
	assert_int_equal(lines, 1);	/* only kill has a phase (exit_teardown_us) */

	for (i = 0; i < ARRAY_SIZE(svgs); i++) {
		snprintf(name, sizeof(name), "single/%s.svg", svgs[i]);
		buf = slurp(name, NULL);
		assert_non_null(strstr(buf, "run set base (6.1.0-a)"));
		if (strstr(buf, " vs ") || strstr(buf, "A: ") || strstr(buf, "B: "))
			fail_msg("%s: drawn as A vs B", name);
		free(buf);
	}

	/* the report (two run sets) still draws A against B */
	buf = slurp("ecdf-kill-exit_mmap_us.svg", NULL);
	assert_non_null(strstr(buf, "A = base (6.1.0-a) vs B = patch (6.1.0-b)"));
	assert_non_null(strstr(buf, "A: base (6.1.0-a)"));
	assert_non_null(strstr(buf, "B: patch (6.1.0-b)"));
	free(buf);
	data_shape("data/sweep-sweep-exit_mmap_us.dat", &lines, &fields);
	assert_int_equal(fields, 7);
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
	/* [hand] x in s; median of 15000, 15001, 15002 */
	assert_non_null(strstr(buf, "\n1.5 15000.5 15001 15001.5\n"));
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
	assert_int_equal(fields, 7);
	compare_free(&c);
	sample_free(&a);
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
	};

	return cmocka_run_group_tests_name("report", tests, report_setup, report_teardown);
}
