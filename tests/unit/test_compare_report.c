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
	};

	return cmocka_run_group_tests_name("report", tests, report_setup, report_teardown);
}
