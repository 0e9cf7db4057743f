/* reapbench: one program, subcommands dispatched from one table. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "common.h"

static const struct rb_command commands[] = {
	{ "info",    "show the kernel, machine and tracing facts runs are stored with", cmd_info },
	{ "list",    "list victim shapes, triggers, contenders and scenarios", cmd_list },
	{ "run",     "run scenarios on the live kernel and store the metrics", cmd_run },
	{ "compare", "compare two run sets with named statistics (exit 2 on regression)", cmd_compare },
	{ "report",  "write reviewer evidence (text, plots, HTML, JSON) for A vs B", cmd_report },
	{ "plot",    "draw plots of a run set or A vs B (ECDF, box, phases, outcome, "
		      "sweep, heatmap, race)", cmd_plot },
	{ "trend",   "a metric's median and CI over many run sets, by kernel version", cmd_trend },
	{ "export",  "dump a run set as JSON, CSV or KCIDB", cmd_export },
	{ "push",    "copy the local store's run sets to the shared store", cmd_push },
	{ "kernel",  "build kernels from specs, boot them in QEMU, import their runs", cmd_kernel },
	{ "ab",      "A/B two kernel specs: build, interleaved boots, report", cmd_ab },
	{ "bisect",  "find the commit of a kernel git tree that made a metric regress", cmd_bisect },
	{ "margin",  "learn equivalence margins from A/A boots and list them", cmd_margin },
	{ "replay",  "recompute the metrics of runs recorded with --save-events", cmd_replay },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: reapbench [-v] COMMAND [OPTIONS]\n\n"
		   "Measure exit_mmap, mmap_lock waits and the oom_reaper from kernel tracepoints.\n\n"
		   "commands:\n");
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'reapbench COMMAND --help' describes each command; see also reapbench(1).\n"
		   "exit codes: 0 ok, 1 error, 2 regression found, 4 skipped (capability missing)\n");
}

int main(int argc, char **argv)
{
	size_t i;

	while (argc > 1 && !strcmp(argv[1], "-v")) {
		rb_verbose++;
		argv++;
		argc--;
	}
	if (argc < 2) {
		usage(stderr);
		return RB_EXIT_ERROR;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return RB_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("reapbench %s (%s)\n", REAPBENCH_VERSION, REAPBENCH_GIT);
		return RB_EXIT_OK;
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].main(argc - 1, argv + 1);
	err_msg("unknown command '%s' (see 'reapbench --help')\n", argv[1]);
	return RB_EXIT_ERROR;
}
