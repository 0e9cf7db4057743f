/* reapbench list --metrics: the metric table (bench/metrics/metric_table.c). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "commands.h"
#include "common.h"
#include "metric_table.h"

static const char *const list_metrics_usage[] = {
	"usage: reapbench list --metrics [--format text|md|man|json] [NAME...]",
	"",
	"Every metric the suite stores, one line each: name (a <placeholder> stands for",
	"a family, e.g. lock_wait_us.<role>.sum), unit, which way is better (only a",
	"metric with a direction can improve or regress in compare), kind (primary,",
	"secondary, descriptor, tool_health), source (trace: absent with --no-trace;",
	"user; perf) and what it measures. README.md and reapbench(1) carry the md and",
	"man forms. With NAMEs (stored names such as lock_wait_us.victim.sum): the",
	"entry of each, exit 1 when one has none.",
	"",
	"  -f/--format FMT    text (default), md, man or json",
	"  -h/--help          this text",
	NULL,
};

/* The entry of each stored name, as text; 1 when a name has none. */
static int print_entries(int n, char **names)
{
	const struct rb_metric_def *d;
	int i, rc = RB_EXIT_OK;

	for (i = 0; i < n; i++) {
		d = metric_def_find(names[i]);
		if (!d) {
			err_msg("list --metrics: '%s' is no metric of the table "
				"(bench/metrics/metric_table.c)\n", names[i]);
			rc = RB_EXIT_ERROR;
			continue;
		}
		printf("%-30s ", names[i]);
		metric_def_print(stdout, d, RB_DOC_TEXT);
	}
	return rc;
}

int cmd_list_metrics(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "metrics", no_argument, NULL, 'M' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *format = "text";
	json_t *j;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'M':
			break;
		case 'f':
			format = optarg;
			break;
		case 'h':
			print_usage(list_metrics_usage);
			return RB_EXIT_OK;
		default:
			return RB_EXIT_ERROR;
		}
	}
	if (optind < argc)
		return print_entries(argc - optind, argv + optind);
	if (!strcmp(format, "json")) {
		j = metric_table_json();
		if (!j || json_dumpf(j, stdout, JSON_INDENT(2)))
			return err_msg("list --metrics: cannot write JSON\n"), RB_EXIT_ERROR;
		putchar('\n');
		json_decref(j);
	} else if (!strcmp(format, "text")) {
		metric_table_print(stdout, RB_DOC_TEXT);
	} else if (!strcmp(format, "md")) {
		metric_table_print(stdout, RB_DOC_MD);
	} else if (!strcmp(format, "man")) {
		metric_table_print(stdout, RB_DOC_MAN);
	} else {
		return err_msg("--format '%s': text, md, man or json\n", format), RB_EXIT_ERROR;
	}
	return RB_EXIT_OK;
}
