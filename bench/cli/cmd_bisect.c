/*
 * reapbench bisect: find the commit of a kernel git tree that made a metric
 * regress, with git bisect run (in a worktree in the cache, never the
 * user's checkout). The work is in bench/kernel/kernel_bisect.c.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "argv.h"
#include "commands.h"
#include "common.h"
#include "compare_boot.h"
#include "kernel_bisect.h"
#include "kernel_git.h"
#include "kernel_spec.h"

#define STR_(x) #x
#define STR(x) STR_(x)

static const char *const bisect_usage[] = {
	"usage: reapbench bisect --tree DIR --good REV --bad REV --metric M [OPTIONS]",
	"                        [--scenario S] [-- RUN OPTIONS...]",
	"",
	"git bisect run over DIR between REV good and REV bad. Each step builds the",
	"tested commit (tinyconfig + a fragment, in a worktree in the cache), boots it",
	"and the good commit alternately in QEMU, runs the same scenario in each boot",
	"and decides by compare's verdict classes on M (a primary or secondary",
	"metric): regressed = bad; equivalent or improved = good; inconclusive =",
	"boots added up to --max-boots, then skipped. Each step is logged (commit,",
	"class, HL shift with its boot interval, p_holm or p_bh, boots, wall time)",
	"to bisect.log in the state directory $REAPBENCH_CACHE/bisect/TREE-GOOD12-",
	"BAD12/; the same command after an interruption resumes (decided commits are",
	"not run again). Ends with the first bad commit and the report of its step",
	"(evidence-COMMIT12/).",
	"",
	"  -t/--tree DIR       the kernel git tree (only read)",
	"  -g/--good REV       a commit without the regression",
	"  -b/--bad REV        a commit with it (a descendant of --good)",
	"  -m/--metric M       the metric decided on, e.g. exit_teardown_us",
	"  -x/--shift-us X     the shift sought, in us (default 1000): regressed needs",
	"                      compare's class regressed and a Hodges-Lehmann shift",
	"                      >= X/2; equivalent, compare's class equivalent when an",
	"                      A/A margin is stored, else the HL interval resampled",
	"                      by boot (" STR(RB_RESAMPLE_MIN_BOOTS) "+ boots a side) within +-X/2",
	"  -s/--scenario S     passed to 'reapbench run' in each guest",
	"  -k/--boots K        boots a side per step (default 2)",
	"  --max-boots K       boots a side before an inconclusive step is skipped",
	"                      (default 2 x --boots, at least " STR(RB_RESAMPLE_MIN_BOOTS) ")",
	"  -c/--config NAME    fragment under kernels/config/ (default reapbench.config)",
	"  --defconfig         on the tree's defconfig instead of tinyconfig",
	"  -d/--db FILE        store for the run sets (default STATE/bisect.db)",
	"  --state DIR         state directory (default as above)",
	"  -h/--help           this text",
	"",
	"Exit: 0 first bad commit found, 1 error or none found.",
	NULL,
};

int cmd_bisect(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tree", required_argument, NULL, 't' },
		{ "good", required_argument, NULL, 'g' },
		{ "bad", required_argument, NULL, 'b' },
		{ "metric", required_argument, NULL, 'm' },
		{ "shift-us", required_argument, NULL, 'x' },
		{ "scenario", required_argument, NULL, 's' },
		{ "boots", required_argument, NULL, 'k' },
		{ "max-boots", required_argument, NULL, 'K' },
		{ "config", required_argument, NULL, 'c' },
		{ "defconfig", no_argument, NULL, 'D' },
		{ "db", required_argument, NULL, 'd' },
		{ "state", required_argument, NULL, 'S' },
		{ "step", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct kernel_bisect b = { .shift_us = 1000, .boots = 2, .fragment = "reapbench.config",
				   .base = "tinyconfig" };
	const char *tree = NULL, *good = NULL, *bad = NULL, *scenario = NULL;
	char scen_abs[PATH_MAX], frag[PATH_MAX], **run = NULL;
	const char *hit;
	bool step = false;
	int o, rc, dirty;

	optind = 1;
	while ((o = getopt_long(argc, argv, "+t:g:b:m:x:s:k:c:d:h", opts, NULL)) != -1) {
		switch (o) {
		case 't': tree = optarg; break;
		case 'g': good = optarg; break;
		case 'b': bad = optarg; break;
		case 'm': b.metric = optarg; break;
		case 'x': {
			char *end;

			b.shift_us = strtod(optarg, &end);
			if (end == optarg || *end || !(b.shift_us > 0) || b.shift_us > 1e9)
				return err_msg("bisect: --shift-us '%s': want a number of us > 0\n",
					       optarg), RB_EXIT_ERROR;
			break;
		}
		case 's': scenario = optarg; break;
		case 'k':
			if (parse_long(optarg, 1, 50, &b.boots))
				return err_msg("bisect: --boots '%s': want 1..50\n", optarg), RB_EXIT_ERROR;
			break;
		case 'K':
			if (parse_long(optarg, 1, 100, &b.max_boots))
				return err_msg("bisect: --max-boots '%s': want 1..100\n", optarg),
				       RB_EXIT_ERROR;
			break;
		case 'c': b.fragment = optarg; break;
		case 'D': b.base = "defconfig"; break;
		case 'd': b.db = optarg; break;
		case 'S': b.state = optarg; break;
		case 'P': step = true; break;
		case 'h': print_usage(bisect_usage); return RB_EXIT_OK;
		default: return err_msg("see 'reapbench bisect --help'\n"), RB_EXIT_ERROR;
		}
	}
	if (!tree || !good || !bad || !b.metric)
		return err_msg("bisect: want --tree, --good, --bad and --metric (see --help)\n"),
		       RB_EXIT_ERROR;
	if (optind < argc && strcmp(argv[optind - 1], "--"))
		return err_msg("bisect: unexpected '%s' (run options go after --)\n", argv[optind]),
		       RB_EXIT_ERROR;
	/* the metric must have a boot-level verdict, or every step would be skipped */
	if (compare_family(b.metric, metric_better(b.metric, 0, &hit)) == FAMILY_NONE)
		return err_msg("bisect: --metric %s: not a numeric primary or secondary metric (see"
			       " 'reapbench list --metrics'): no verdict to decide on\n", b.metric),
		       RB_EXIT_ERROR;
	/* the HL interval resampled by boot, which equivalence needs without an
	 * A/A margin, exists from RB_RESAMPLE_MIN_BOOTS boots a side */
	if (!b.max_boots)
		b.max_boots = 2 * b.boots > RB_RESAMPLE_MIN_BOOTS ? 2 * b.boots
								   : RB_RESAMPLE_MIN_BOOTS;
	if (b.max_boots < b.boots)
		return err_msg("bisect: --max-boots %ld is below --boots %ld\n", b.max_boots, b.boots),
		       RB_EXIT_ERROR;
	if (strchr(b.fragment, '/') || !kernel_datadir())
		return err_msg("bisect: --config '%s': give a file name under kernels/config/\n",
			       b.fragment), RB_EXIT_ERROR;
	snprintf(frag, sizeof(frag), "%s/kernels/config/%s", kernel_datadir(), b.fragment);
	if (access(frag, R_OK))
		return err_msg("bisect: --config '%s': no %s\n", b.fragment, frag), RB_EXIT_ERROR;
	/* Bad input is refused here, before a worktree or a build exists. */
	if (kernel_git_check_tree(tree) || !realpath(tree, b.tree) ||
	    kernel_git_commit(b.tree, good, b.good) || kernel_git_commit(b.tree, bad, b.bad))
		return RB_EXIT_ERROR;
	if (!strcmp(b.good, b.bad))
		return err_msg("bisect: --good and --bad are the same commit %.12s\n", b.good),
		       RB_EXIT_ERROR;
	rc = kernel_git(b.tree, NULL, (char *[]){ "merge-base", "--is-ancestor", b.good, b.bad,
						  NULL });
	if (rc)
		return err_msg("bisect: --good %s is not an ancestor of --bad %s\n", good, bad),
		       RB_EXIT_ERROR;
	dirty = step ? 0 : kernel_git_dirty(b.tree);
	if (dirty < 0)
		return err_msg("bisect: git status failed in %s\n", tree), RB_EXIT_ERROR;
	/* the guest's run options: --scenario first (a file path made absolute), then the rest */
	run = calloc(argc - optind + 3, sizeof(*run));
	if (!run)
		return err_msg("out of memory\n"), RB_EXIT_ERROR;
	if (scenario) {
		run[b.nrun++] = "--scenario";
		run[b.nrun++] = strchr(scenario, '/') && realpath(scenario, scen_abs) ? scen_abs
										   : (char *)scenario;
	}
	for (int i = optind; i < argc; i++)
		run[b.nrun++] = argv[i];
	b.run_args = run;
	b.command = rb_argv_join("reapbench", argc, argv);
	rc = step ? kernel_bisect_step(&b) : kernel_bisect_run(&b);
	free((char *)b.command);
	free(run);
	return rc;
}
