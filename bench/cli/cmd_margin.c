/*
 * reapbench margin build|list: equivalence margins learned from A/A data.
 * build takes an A/A run set (boots of one kernel on this machine, recorded
 * with boot ids, e.g. one side of `reapbench ab K K`) and stores, per
 * scenario and family metric, the 95th percentile of the gap between the
 * means of two halves of its boot summaries over every split
 * (boot_margin_from_aa), with the kernel release, machine and date; compare,
 * report and ab then call a row "equivalent" only when its interval lies
 * inside that margin (doc/STATISTICS.md section 5).
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "compare.h"
#include "margins.h"
#include "stats_opts.h"
#include "store.h"
#include "store_margins.h"
#include "store_query.h"

static const char *const margin_usage[] = {
	"usage: reapbench margin build [OPTIONS] A_A_RUNSET",
	"       reapbench margin list [-d FILE] [--kernel RELEASE]",
	"",
	"build: learn equivalence margins from an A/A run set (>= 4 recorded boots",
	"of one kernel, e.g. either side of 'reapbench ab 6.12 6.12 --boots 10'):",
	"per scenario and primary/secondary metric, the 95th percentile of",
	"|mean(half 1) - mean(half 2)| of its per-boot summaries over splits of",
	"the boots in halves, stored with the kernel release, machine and date.",
	"compare, report and ab use the newest margins for A's kernel and machine",
	"(--margin-from RUNSET: that run set's); without one no row is equivalent.",
	"",
	"  -s/--scenario GLOB  only these scenarios (default all)",
	"  -d/--db FILE        store (default " RB_DEFAULT_DB ")",
	"     --kernel RELEASE list: only margins for this kernel release",
	STATS_USAGE_SEED,
	STATS_USAGE_WARMUP,
	"  -h/--help           this text",
	NULL,
};

enum margin_opt { OPT_KERNEL = 256 };

static int margin_build(const char *db, const char *runset, const char *scenario_glob,
			const struct rb_cmp_cfg *cfg)
{
	struct rb_runset_info info = { 0 };
	struct rb_sample smp = { 0 };
	struct rb_store st;
	char machine[RB_MACHINE_LEN];
	size_t stored = 0, few = 0;
	int64_t id;
	int rc = RB_EXIT_ERROR;

	if (store_open(db, &st))
		return RB_EXIT_ERROR;
	if (store_runset_resolve(&st, runset, &id) || store_q_runset(&st, id, scenario_glob, &info) ||
	    sample_load(&st, id, scenario_glob, NULL, &smp))
		goto out;
	runset_machine(info.info_json, machine, sizeof(machine));
	printf("# margin build: A/A run set %s (#%lld), kernel %s, machine %s\n", info.label,
	       (long long)id, info.kernel_release ? info.kernel_release : "?",
	       machine[0] ? machine : "?");
	printf("# %u warm-up run(s) per boot dropped; 95th percentile of the half-split gap;"
	       " seed %lu\n", cfg->warmup, cfg->seed);
	for (size_t i = 0; i < smp.n; i++) {
		const struct rb_series *s = &smp.s[i];
		enum rb_family fam;
		enum rb_scale scale;
		size_t boots;
		double m = compare_series_margin(s, cfg, &fam, &scale, &boots);
		struct rb_margin row;

		if (fam == FAMILY_NONE)
			continue;
		if (isnan(m) || !(m > 0)) {
			few++;
			printf("%-24s %-28s -  (%s)\n", s->scenario, s->metric,
			       isnan(m) ? "fewer than 4 recorded boots with a value" :
			       "no spread between boots");
			continue;
		}
		row = (struct rb_margin){ .runset_label = info.label,
					  .kernel_release = info.kernel_release,
					  .machine = machine[0] ? machine : NULL,
					  .scenario = s->scenario, .metric = s->metric,
					  .scale = (char *)rb_scale_names[scale], .margin = m,
					  .boots = (long)boots, .warmup = cfg->warmup,
					  .seed = cfg->seed };
		if (store_margin_put(&st, &row))
			goto out;
		stored++;
		if (scale == SCALE_LOG)
			printf("%-24s %-28s ratio x%.3f..x%.3f  (%ld boots, %s)\n", s->scenario,
			       s->metric, exp(-m), exp(m), row.boots, rb_family_names[fam]);
		else
			printf("%-24s %-28s +-%.4g  (%ld boots, %s)\n", s->scenario, s->metric, m,
			       row.boots, rb_family_names[fam]);
	}
	printf("# %zu margin(s) stored in %s%s\n", stored, db,
	       few ? "; rows without one cannot be called equivalent" : "");
	rc = stored ? RB_EXIT_OK : RB_EXIT_ERROR;
	if (!stored)
		err_msg("margin build: no margin learned from %s (needs >= 4 recorded boots)\n",
			runset);
out:
	sample_free(&smp);
	store_q_runset_free(&info);
	store_close(&st);
	return rc;
}

static int margin_list(const char *db, const char *kernel)
{
	struct rb_margin *m;
	struct rb_store st;
	size_t n;

	if (store_open_readonly(db, &st))
		return RB_EXIT_ERROR;
	if (store_margins_load(&st, kernel, NULL, &m, &n)) {
		store_close(&st);
		return RB_EXIT_ERROR;
	}
	printf("# built_at kernel scenario metric scale margin boots from (machine)\n");
	for (size_t i = 0; i < n; i++)
		printf("%s %s %s %s %s %.6g %ld %s (%s)\n", m[i].built_at, m[i].kernel_release ?
		       m[i].kernel_release : "?", m[i].scenario, m[i].metric, m[i].scale,
		       m[i].margin, m[i].boots, m[i].runset_label, m[i].machine ? m[i].machine : "?");
	if (!n)
		printf("# no margins in %s%s%s (reapbench margin build A_A_RUNSET)\n", db,
		       kernel ? " for kernel " : "", kernel ? kernel : "");
	store_margins_free(m, n);
	store_close(&st);
	return RB_EXIT_OK;
}

int cmd_margin(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "scenario", required_argument, NULL, 's' },
		{ "db", required_argument, NULL, 'd' },
		{ "kernel", required_argument, NULL, OPT_KERNEL },
		STATS_OPTION_SEED,
		STATS_OPTION_WARMUP,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = RB_DEFAULT_DB, *scenario = NULL, *kernel = NULL, *sub;
	struct rb_cmp_cfg cfg;
	int o, st;

	compare_cfg_default(&cfg);
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		print_usage(margin_usage);
		return argc < 2 ? RB_EXIT_ERROR : RB_EXIT_OK;
	}
	sub = argv[1];
	if (strcmp(sub, "build") && strcmp(sub, "list"))
		return err_msg("margin: unknown subcommand '%s' (build, list)\n", sub), RB_EXIT_ERROR;
	optind = 1;
	while ((o = getopt_long(argc - 1, argv + 1, "s:d:h", opts, NULL)) != -1) {
		st = stats_opt_parse("margin", o, optarg, &cfg);
		if (st < 0)
			return RB_EXIT_ERROR;
		if (st)
			continue;
		switch (o) {
		case 's': scenario = optarg; break;
		case 'd': db = optarg; break;
		case OPT_KERNEL: kernel = optarg; break;
		case 'h': print_usage(margin_usage); return RB_EXIT_OK;
		default: return err_msg("see 'reapbench margin --help'\n"), RB_EXIT_ERROR;
		}
	}
	argc--;
	argv++;
	if (!strcmp(sub, "list")) {
		if (optind != argc)
			return err_msg("margin list: takes no run set\n"), RB_EXIT_ERROR;
		return margin_list(db, kernel);
	}
	if (optind != argc - 1)
		return err_msg("margin build: want one A/A run set (see 'reapbench margin --help')\n"),
		       RB_EXIT_ERROR;
	return margin_build(db, argv[optind], scenario, &cfg);
}
