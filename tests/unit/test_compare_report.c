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
	compare_cfg_default(&args.cmp.cfg);
	/* the fixture has regressions: exit 2, and everything written anyway */
	assert_int_equal(report_run(&args), RB_EXIT_REGRESSION);
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static void test_png_svg_size(void **state)
{
	const char *plots[] = { "phases", "outcome", "box-exit_mmap_us", "ecdf-kill-exit_mmap_us",
				"sweep-sweep-exit_mmap_us" };
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
	assert_non_null(strstr(ev, "Full table"));
	/* the reproducing command names run sets by id and the seed (may wrap) */
	assert_non_null(strstr(ev, "'#1' '#2'"));
	assert_non_null(strstr(ev, "20261127"));
	reg = strstr(ev, "  regressed kill lock_wait_us.victim");
	imp = strstr(ev, "  improved  kill exit_mmap_us");
	assert_non_null(reg);
	assert_non_null(imp);
	assert_true(reg < imp);	/* regressions lead */
	assert_non_null(strstr(ev, "absent: no process_mrelease in this trigger"));
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
	assert_int_equal(json_array_size(json_object_get(root, "rows")), 8);
	assert_int_equal(json_array_size(json_object_get(root, "plots")), imgs);
	assert_int_equal(json_array_size(json_object_get(root, "samples_a_b")), 2);
	json_decref(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_runs),
		cmocka_unit_test(test_png_svg_size),
		cmocka_unit_test(test_evidence),
		cmocka_unit_test(test_html_and_json),
	};

	return cmocka_run_group_tests_name("report", tests, report_setup, report_teardown);
}
