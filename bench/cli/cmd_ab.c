/*
 * reapbench ab: A/B of two kernel specs in QEMU. Builds both, boots them
 * in ABBA order, A B B A ... (K each, so that drift of the host cancels), runs
 * the same scenarios in every boot (one run set per side: the boots after
 * the first merge into it), then writes the comparison report. Each step is
 * a function call into bench/kernel (kernel_build, kernel_run) and
 * bench/report (report_run), the same code `reapbench kernel build|run` and
 * `reapbench report` run; --dry-run prints the steps without taking them.
 * With --until-resolved it compares after every pair from 3 boots a side at
 * the level the alpha spending gives that look (doc/STATISTICS.md section 7).
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "argv.h"
#include "commands.h"
#include "common.h"
#include "kernel_run.h"
#include "kernel_set.h"
#include "kernel_spec.h"
#include "report.h"
#include "seq_bounds.h"
#include "stats_opts.h"
#include "store.h"

static const char *const ab_usage[] = {
	"usage: reapbench ab [OPTIONS] SPEC_A SPEC_B [RUN OPTIONS...]",
	"       reapbench ab [OPTIONS] @SET | SPEC_A SPEC_B SPEC_C... [RUN OPTIONS...]",
	"       reapbench ab [OPTIONS] --tree DIR REV_A REV_B [RUN OPTIONS...]",
	"",
	"Build both kernel specs (kernels/NAME.ini), boot them in QEMU in ABBA order,",
	"A B B A A B ..., run the same scenarios in every boot, then compare and write",
	"the report. RUN OPTIONS go to 'reapbench run' in each guest, e.g.",
	"--scenario kernels/scenarios/patch-ab.ini or --size 64M --trigger kill --runs 10.",
	"With a set (kernels/sets/SET.ini, e.g. @designs) or more than two specs, every",
	"spec is booted in turn, K rounds, and reported against the first one: one",
	"'reapbench report' of all run sets (each against the first in DIR/<A>-vs-<X>/,",
	"the race-window figure with every spec and race-designs.txt in DIR).",
	"",
	"  -t/--tree DIR     A and B are revisions of the git tree DIR: specs are made",
	"                    on the fly ($REAPBENCH_CACHE/specs/), each built in a worktree",
	"                    in the cache (DIR's checkout is never touched); the run sets",
	"                    record both commit ids",
	"  -c/--config NAME  with --tree: the fragment under kernels/config/ (default",
	"                    reapbench.config), merged onto tinyconfig",
	"  --defconfig       with --tree: merge it onto the tree's defconfig instead",
	"  -k/--boots K      boots per side (default 2)",
	"     --until-resolved  add boot pairs until every primary metric is",
	"                    regressed, improved or equivalent (from 3 boots a side;",
	"                    O'Brien-Fleming alpha spending over the looks)",
	"     --max-boots N  most boots per side with --until-resolved (default 20)",
	"     --append ARGS  extra guest kernel command line for every boot (e.g.",
	"                    no_timer_check: a loaded host can fail the IO-APIC timer check)",
	"  -o/--output DIR   report directory (default results/ab-A-vs-B-TIME)",
	"  -d/--db FILE      host store (default " RB_DEFAULT_DB ")",
	"  -n/--dry-run      check both specs, print the steps, take none",
	"  the statistics of the report:",
	STATS_USAGE_ALL,
	"  -h/--help         this text",
	"",
	"Exit: 0 nothing regressed, 2 a regression found, 1 error, 4 skipped",
	"(no QEMU, no kernel source).",
	NULL,
};

enum ab_opt { OPT_UNTIL_RESOLVED = 256, OPT_MAX_BOOTS, OPT_APPEND };

#define AB_FIRST_LOOK 3		/* boots per side before the first look */
#define AB_MAX_LOOKS 100

static double since(uint64_t t0)
{
	return (double)(now_ns() - t0) / 1e9;
}

/* What one A/B does, decided before any step runs. */
struct ab_plan {
	struct kernel_spec side[2];
	char label[2][160];
	long boots;
	const char *db, *out;
	int nrun;
	char **run_args;
	struct rb_cmp_cfg cfg;
	char *command;		/* the ab command line, stored with both sides' runs */
	bool until_resolved;	/* boots is then the most, --max-boots */
	const char *append;	/* extra kernel command line, NULL: none */
};

/* ABBA: side of the k-th boot (0, 1) of pair i (from 1); the order flips
 * every pair, so a drift of the host within a pair lands on both sides. */
static int side_at(long i, int k)
{
	return i % 2 ? k : 1 - k;
}

/*
 * One look of --until-resolved (boots[j] per side at look j, `look` looks):
 * compare at the level the spending gives this look, into *alpha.
 * 1 resolved, 0 not yet, -1 error.
 */
static int look_resolved(const struct ab_plan *p, const size_t *boots, size_t look,
			 double *alpha)
{
	double alpha_k[AB_MAX_LOOKS];
	struct rb_cmp_cfg cfg = p->cfg;
	struct rb_cmp c;
	struct rb_ab ab;
	int res;

	if (look > AB_MAX_LOOKS ||
	    seq_look_alphas(boots, look, (size_t)p->boots, p->cfg.alpha, alpha_k))
		return err_msg("ab: no alpha-spending levels for look %zu\n", look);
	cfg.alpha = *alpha = alpha_k[look - 1];
	if (ab_load(p->db, p->label[0], p->label[1], NULL, NULL, &ab))
		return -1;
	if (ab_margins(&ab, &cfg) || compare_samples(&ab.smp[0], &ab.smp[1], &cfg, &c)) {
		ab_free(&ab);
		return -1;
	}
	/* runs taken as boots would make every look anti-conservative */
	if (c.boots_unrecorded) {
		err_msg("ab: --until-resolved needs the store's per-run boot ids, and this"
			" store has none\n");
		res = -1;
	} else {
		res = compare_primary_resolved(&c);
		printf("# ab: look %zu at %zu boots a side, alpha %.3g: %s (%zu regressed,"
		       " %zu improved, %zu equivalent, %zu inconclusive)\n", look, boots[look - 1],
		       cfg.alpha, res ? "resolved" : "not resolved", c.n_regressed, c.n_improved,
		       c.n_equivalent, c.n_inconclusive);
	}
	compare_free(&c);
	ab_free(&ab);
	return res;
}

static void ab_print_plan(const struct ab_plan *p)
{
	char *run = rb_argv_join("reapbench run", p->nrun, p->run_args);

	printf("# ab plan: %s%ld boot(s) per side into %s; report in %s\n",
	       p->until_resolved ? "until resolved, at most " : "", p->boots, p->db, p->out);
	for (int s = 0; s < 2; s++)
		printf("build   %c %s (%s, %s)\n", "AB"[s], p->side[s].name, p->side[s].source,
		       kernel_spec_state(&p->side[s]));
	for (long i = 1; i <= p->boots; i++) {
		for (int k = 0; k < 2; k++) {
			int s = side_at(i, k);

			printf("boot    %c %ld/%ld %s: %s -> run set '%s'%s\n", "AB"[s], i, p->boots,
			       p->side[s].name, run ? run : "", p->label[s],
			       i > 1 ? " (merged)" : "");
		}
		if (p->until_resolved && i >= AB_FIRST_LOOK)
			printf("look    %ld: stop when every primary metric is resolved\n", i);
	}
	printf("report  '%s' vs '%s' -> %s (alpha %g, %u warm-up run(s) per boot, %u resamples,"
	       " seed %lu)\n", p->label[0], p->label[1], p->out, p->cfg.alpha, p->cfg.warmup,
	       p->cfg.resamples, p->cfg.seed);
	free(run);
}

static int ab_execute(struct ab_plan *p)
{
	struct kernel_run_opts o = { .db = p->db, .no_build = true, .command = p->command,
				     .append = p->append };
	struct rb_report_args rep = { .cmp = { .db_path = p->db, .cfg = p->cfg },
				      .out_dir = p->out };
	char *const rep_argv[] = { "--db", (char *)p->db, "-o", (char *)p->out,
				   p->label[0], p->label[1] };
	uint64_t t0 = now_ns(), t;
	size_t looks[AB_MAX_LOOKS], nlooks = 0;
	bool resolved = false;
	long done = p->boots;
	int rc;

	for (int s = 0; s < 2; s++) {
		t = now_ns();
		if ((rc = kernel_build(&p->side[s], 0, false)))
			return rc;
		printf("# ab: built %s in %.0f s\n", p->side[s].name, since(t));
	}
	for (long i = 1; i <= p->boots && !resolved; i++) {
		for (int k = 0; k < 2; k++) {
			int s = side_at(i, k);

			t = now_ns();
			o.label = p->label[s];
			o.merge = i > 1;
			if ((rc = kernel_run(&p->side[s], &o, p->nrun, p->run_args)))
				return rc;
			printf("# ab: boot %ld/%ld of %c (%s): %.0f s\n", i, p->boots, "AB"[s],
			       p->side[s].name, since(t));
			fflush(stdout);
		}
		if (p->until_resolved && i >= AB_FIRST_LOOK) {
			looks[nlooks++] = (size_t)i;
			rc = look_resolved(p, looks, nlooks, &rep.cmp.cfg.alpha);
			if (rc < 0)
				return RB_EXIT_ERROR;
			resolved = rc;
			done = i;
		}
	}
	if (p->until_resolved)
		printf("# ab: %s after %ld boots a side, %.0f s wall\n",
		       resolved ? "resolved" : "not resolved at --max-boots", done, since(t0));
	rep.cmp.a = p->label[0];
	rep.cmp.b = p->label[1];
	rep.cmp.reproduce = rb_argv_join("reapbench report", ARRAY_SIZE(rep_argv), rep_argv);
	rc = report_run(&rep);
	free((char *)rep.cmp.reproduce);
	printf("# ab: %s vs %s, %ld boots each: %.0f s wall in all; report in %s\n",
	       p->side[0].name, p->side[1].name, done, since(t0), p->out);
	return rc;
}

int cmd_ab(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "boots", required_argument, NULL, 'k' },
		{ "tree", required_argument, NULL, 't' },
		{ "config", required_argument, NULL, 'c' },
		{ "defconfig", no_argument, NULL, 'D' },
		{ "output", required_argument, NULL, 'o' },
		{ "db", required_argument, NULL, 'd' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "until-resolved", no_argument, NULL, OPT_UNTIL_RESOLVED },
		{ "max-boots", required_argument, NULL, OPT_MAX_BOOTS },
		{ "append", required_argument, NULL, OPT_APPEND },
		STATS_OPTIONS_ALL,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ab_plan p = { .boots = 2, .db = store_default_path() };
	char stamp[32], outbuf[512];
	bool dry = false;
	long max_boots = 20;
	const char *tree = NULL, *fragment = NULL, *base = "tinyconfig";
	time_t now = time(NULL);
	struct tm tm;
	int o, rc = RB_EXIT_ERROR, st, loaded = 0, nspec;

	compare_cfg_default(&p.cfg);
	optind = 1;
	/* '+': options after SPEC_B belong to the guests' 'reapbench run' */
	while ((o = getopt_long(argc, argv, "+k:t:c:o:d:nh", opts, NULL)) != -1) {
		st = stats_opt_parse("ab", o, optarg, &p.cfg);
		if (st < 0)
			return RB_EXIT_ERROR;
		if (st)
			continue;
		switch (o) {
		case 'k':
			if (parse_long(optarg, 1, 100, &p.boots))
				return err_msg("ab: --boots '%s': expected 1..100\n", optarg), RB_EXIT_ERROR;
			break;
		case OPT_UNTIL_RESOLVED: p.until_resolved = true; break;
		case OPT_APPEND: p.append = optarg; break;
		case OPT_MAX_BOOTS:
			if (parse_long(optarg, AB_FIRST_LOOK, AB_MAX_LOOKS, &max_boots))
				return err_msg("ab: --max-boots '%s': expected %d..%d\n", optarg,
					       AB_FIRST_LOOK, AB_MAX_LOOKS), RB_EXIT_ERROR;
			break;
		case 't': tree = optarg; break;
		case 'c': fragment = optarg; break;
		case 'D': base = "defconfig"; break;
		case 'o': p.out = optarg; break;
		case 'd': p.db = optarg; break;
		case 'n': dry = true; break;
		case 'h': print_usage(ab_usage); return RB_EXIT_OK;
		default: err_msg("see 'reapbench ab --help'\n"); return RB_EXIT_ERROR;
		}
	}
	for (nspec = 0; optind + nspec < argc && argv[optind + nspec][0] != '-'; nspec++)
		;
	if (!tree && (nspec > 2 || (nspec && argv[optind][0] == '@')))
		return kernel_ab_set(p.db, p.out, p.boots, &p.cfg, nspec, argv + optind,
				     argc - optind - nspec, argv + optind + nspec);
	if (argc - optind < 2)
		return err_msg("ab: want %s (see 'reapbench ab --help')\n",
			       tree ? "REV_A REV_B" : "SPEC_A SPEC_B"), RB_EXIT_ERROR;
	if (p.until_resolved)
		p.boots = max_boots;
	if (!tree && (fragment || strcmp(base, "tinyconfig")))
		return err_msg("ab: --config and --defconfig go with --tree\n"), RB_EXIT_ERROR;
	for (; loaded < 2; loaded++)
		if (tree ? kernel_spec_make_git(tree, argv[optind + loaded],
						fragment ? fragment : "reapbench.config", base,
						&p.side[loaded])
			 : kernel_spec_load(argv[optind + loaded], &p.side[loaded]))
			goto out;
	p.nrun = argc - optind - 2;
	p.run_args = argv + optind + 2;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	for (int s = 0; s < 2; s++)
		snprintf(p.label[s], sizeof(p.label[s]), "%s (%c, ab-%s)", p.side[s].name, "AB"[s],
			 stamp);
	if (!p.out) {
		snprintf(outbuf, sizeof(outbuf), "results/ab-%s-vs-%s-%s", p.side[0].name,
			 p.side[1].name, stamp);
		p.out = outbuf;
	}
	p.command = rb_argv_join("reapbench", argc, argv);
	if (!p.command) {
		err_msg("out of memory\n");
		goto out;
	}
	if (dry) {
		ab_print_plan(&p);
		rc = RB_EXIT_OK;
	} else {
		rc = ab_execute(&p);
	}
out:
	free(p.command);
	while (loaded-- > 0)
		kernel_spec_free(&p.side[loaded]);
	return rc;
}
