/* reapbench list: the pieces and the scenario files, with one-line help. */
#include <dirent.h>
#include <limits.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "datadir.h"
#include "scenario.h"

static const char *const list_usage[] = {
	"usage: reapbench list",
	"       reapbench list --metrics [--format text|md|man|json] [NAME...]",
	"",
	"Victim shapes, triggers, contenders and scenario files, with their parameters:",
	"key, type (size, duration, count, enum, text), default, valid values, and",
	"whether --sweep may vary it. A scenario file key or --param KEY=VALUE sets one.",
	NULL,
};

/* One line per key of a piece's table. */
static void list_params(const struct rb_param_def *d)
{
	char range[96];

	for (; d && d->name; d++) {
		param_range_text(d, range, sizeof(range));
		printf("      %s: %s %s, default %s%s\n        %s\n", d->name,
		       param_type_name(d->type), range, d->def ? d->def : "none",
		       d->sweepable ? ", sweepable" : "", d->help);
	}
}

static void list_scenarios(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		static struct rb_scenario_set set;
		char path[PATH_MAX + 256];
		size_t len = strlen(de->d_name);
		int i, runs = 0;

		if (len < 5 || strcmp(de->d_name + len - 4, ".ini"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		set.n = 0;
		if (scenario_load_file(path, &set))
			continue;
		for (i = 0; i < set.n; i++)
			runs += set.sc[i].runs;
		printf("  %-16.*s %d scenarios, %d runs (%s)\n", (int)(len - 4), de->d_name, set.n,
		       runs, path);
	}
	closedir(d);
}

int cmd_list(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--metrics"))
			return cmd_list_metrics(argc, argv);
	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		print_usage(list_usage);
		return RB_EXIT_OK;
	}
	printf("shapes (--shape, key 'shape'):\n");
	for (i = 0; rb_shapes[i]; i++) {
		printf("  %-16s %s\n", rb_shapes[i]->name, rb_shapes[i]->help);
		list_params(rb_shapes[i]->params);
	}
	printf("\ntriggers (--trigger, key 'trigger'):\n");
	for (i = 0; rb_triggers[i]; i++) {
		printf("  %-16s %s\n", rb_triggers[i]->name, rb_triggers[i]->help);
		list_params(rb_triggers[i]->params);
	}
	printf("\ncontenders (--contender, key 'contenders'):\n");
	for (i = 0; rb_contenders[i]; i++) {
		printf("  %-16s %s\n", rb_contenders[i]->name, rb_contenders[i]->help);
		list_params(rb_contenders[i]->params);
	}
	if (!rb_contenders[0])
		printf("  (none yet)\n");
	printf("\nscenario sets (--scenario):\n");
	{
		char dir[PATH_MAX], where[3 * PATH_MAX];

		if (rb_datadir_find("workloads/scenarios", dir, sizeof(dir)))
			printf("  (none: no workloads/scenarios in %s)\n",
			       rb_datadir_describe(where, sizeof(where)));
		else
			list_scenarios(dir);
	}
	return RB_EXIT_OK;
}
