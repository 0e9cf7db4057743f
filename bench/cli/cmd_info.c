/* reapbench info: the facts a run set is stored with. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "common.h"
#include "info.h"
#include "trace.h"

static const char *const info_usage[] = {
	"usage: reapbench info [--json]",
	"",
	"Kernel release and cmdline, CPU, memory, NUMA nodes, THP mode, cgroup layout,",
	"which tracepoints exist (and the mmap_lock field flavour), process_mrelease,",
	"kprobes and function_graph availability, a hash of /proc/config.gz.",
	"",
	"  -j/--json   machine-readable output",
	"  -h/--help   this text",
	NULL,
};

int cmd_info(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool json = false;
	json_t *info;
	int o;

	while ((o = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (o) {
		case 'j': json = true; break;
		case 'h': print_usage(info_usage); return RB_EXIT_OK;
		default: err_msg("see 'reapbench info --help'\n"); return RB_EXIT_ERROR;
		}
	}
	info = info_collect();
	trace_unmount_if_mounted();
	if (json) {
		json_dumpf(info, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
		putchar('\n');
	} else {
		info_print_text(info);
	}
	json_decref(info);
	return RB_EXIT_OK;
}
