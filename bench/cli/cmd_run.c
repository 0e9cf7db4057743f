/*
 * reapbench run: options into a scenario set (a file, or one scenario from
 * the command line), then bench/run/run_set.c plans it and runs it.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "argv.h"
#include "calibrate.h"
#include "commands.h"
#include "common.h"
#include "random_seed.h"
#include "run_set.h"
#include "runner.h"
#include "safefile.h"
#include "scenario.h"
#include "store.h"
#include "summary.h"
#include "sweep.h"

static const char *const run_usage[] = {
	"usage: reapbench run [OPTIONS]",
	"",
	"Run victims on the live kernel, trace their teardown, store the metrics.",
	"Either a scenario set (--scenario) or one scenario from the options below.",
	"",
	"  -s/--scenario NAME|FILE   scenario file (workloads/scenarios/NAME.ini); it sets",
	"                            shape, trigger, contenders and parameters itself:",
	"                            -S, -z, -t, -c and -p are refused with it, -n",
	"                            overrides every scenario's runs (said on stdout)",
	"  -S/--shape NAME           victim shape (default anon; see 'reapbench list')",
	"  -z/--size SIZE            victim size, e.g. 64M, 1G (default 64M; the shape's",
	"                            range, 4K..1T); same as --param size=SIZE",
	"  -t/--trigger NAME         victim trigger (default kill; see 'reapbench list')",
	"  -c/--contender LIST       contenders on the victim's mmap_lock, comma list",
	"  -p/--param KEY=VALUE      a key of the shape, trigger or a contender (repeatable;",
	"                            'reapbench list' shows each key's type, default, range)",
	"  -n/--runs N               repetitions per scenario (default 5)",
	"  -l/--label LABEL          run-set label (default: uname -r)",
	"  -d/--db FILE              store (default " RB_DEFAULT_DB ")",
	"     --check                validate everything (parameters, what this machine",
	"                            cannot run, the memory budget), print the plan and",
	"                            stop: creates nothing (no store, memcg or tracefs",
	"                            instance) and needs no root",
	"     --seed N               shuffle seed for the run order (default: random)",
	"     --buffer-kb N          ring buffer per CPU in KiB (default 16384)",
	"     --timeout S            seconds to populate / to reap a victim (default 120)",
	"     --save-events DIR      write each run's events as a fixture into DIR",
	"     --no-summary           do not print the summary table",
	"     --sweep P=V1,V2,..|P=FROM..TO/STEP  one scenario per value of parameter P;",
	"                            given twice: every pair of values (a 2-D sweep);",
	"                            P is a key marked sweepable in 'reapbench list'",
	"     --sweep stall=calibrated[:SPAN/STEP]  (--trigger stall) the points measured here",
	"                            first: 3 calibration runs (stall 3s, stored as run set",
	"                            LABEL-calibration) give the median reaper_start_us M;",
	"                            then stall = M-SPAN..M+SPAN/STEP (default 30ms/5ms)",
	"     --sweep mrelease_delay_us=calibrated[:STEP]  (--trigger kill+mrelease) 3 runs",
	"                            of kill-pinned give the median exit_mmap_us D; then",
	"                            mrelease_delay_us = 0..D/STEP (default STEP: D/10)",
	"     --no-trace             tracing off, the probes unregistered: only user-space",
	"                            metrics (probe effect, doc/PROBE-EFFECT.md)",
	"     --no-pid-filter        record mmap_lock/contention events of every thread",
	"                            (default: the victim's, reaper's, mrelease's, contenders')",
	"     --perf-stat[=EVENTS]   perf stat counters of the victim, trigger to reaped,",
	"                            stored as perf.<event>; default EVENTS:",
	"                            " PERF_STAT_DEFAULT_EVENTS,
	"     --perf-lock            perf lock contention over the same window: mmap_lock rows",
	"                            as perf_lock.mmap_* beside contention_us",
	"  -q/--quiet                no progress line",
	"  -h/--help                 this text",
	"",
	"Sizes and durations are whole numbers with a unit (K M G T; us ms s), a",
	"decimal fraction only where the result is whole (1.5G, 2.5s); no exponents.",
	"Bad input is refused before anything is created.",
	"",
	"Exit: 0 all runs stored (--check: valid), 1 error, 4 skipped (the kernel or",
	"machine lacks something every scenario needs; the reason is printed).",
	NULL,
};

enum run_opt {
	OPT_SEED = 256,
	OPT_BUFFER_KB,
	OPT_TIMEOUT,
	OPT_SAVE_EVENTS,
	OPT_NO_SUMMARY,
	OPT_NO_TRACE,
	OPT_NO_PID_FILTER,
	OPT_PERF_STAT,
	OPT_PERF_LOCK,
	OPT_SWEEP,
	OPT_CHECK,
};

struct run_cfg {
	const char *scenario;
	const char *shape, *size, *trigger, *contenders;	/* NULL: not given */
	struct rb_params params;
	long runs;
	bool runs_given, check;
	const char *label, *db, *save_events, *sweep, *sweep2;
	int save_events_fd;	/* the --save-events directory, opened safely */
	uint64_t seed;
	long buffer_kb, timeout_s;
	bool summary, quiet, no_trace, no_pid_filter;
	struct rb_perf perf;
};

/* The keys --sweep may vary, from the pieces' tables: "size (anon, mlock, ...)". */
static void print_sweepable(void)
{
	struct piece {
		const char *name;
		const struct rb_param_def *params;
	} pieces[64];
	const struct rb_param_def *d, *e;
	int i, j, n = 0;
	bool first;

	for (i = 0; rb_shapes[i] && n < 64; i++)
		pieces[n++] = (struct piece){ rb_shapes[i]->name, rb_shapes[i]->params };
	for (i = 0; rb_triggers[i] && n < 64; i++)
		pieces[n++] = (struct piece){ rb_triggers[i]->name, rb_triggers[i]->params };
	for (i = 0; rb_contenders[i] && n < 64; i++)
		pieces[n++] = (struct piece){ rb_contenders[i]->name,
						   rb_contenders[i]->params };
	printf("\nSweepable keys (--sweep), from the pieces' tables:\n");
	for (i = 0; i < n; i++)
		for (d = pieces[i].params; d && d->name; d++) {
			if (!d->sweepable)
				continue;
			for (j = 0; j < i && !param_def_in(pieces[j].params, d->name); j++)
				;
			if (j < i)
				continue;	/* listed with an earlier piece */
			printf("  %-18s %s (", d->name, param_type_name(d->type));
			for (j = i, first = true; j < n; j++)
				if ((e = param_def_in(pieces[j].params, d->name)) && e->sweepable) {
					printf("%s%s", first ? "" : ", ", pieces[j].name);
					first = false;
				}
			printf(")\n");
		}
}

/* --param KEY=VALUE: a key of a piece, given once; the scenario's own keys have flags. */
static int add_param(struct rb_params *p, const char *kv)
{
	static const char *const own[] = { "shape", "trigger", "contenders", "runs" };
	const char *eq = strchr(kv, '=');
	char shown[64], key[32];
	size_t i;

	printable(kv, shown, sizeof(shown));
	if (!eq || eq == kv || (size_t)(eq - kv) >= sizeof(key))
		return err_msg("--param '%s': expected KEY=VALUE\n", shown);
	snprintf(key, sizeof(key), "%.*s", (int)(eq - kv), kv);
	for (i = 0; i < ARRAY_SIZE(own); i++)
		if (!strcmp(key, own[i]))
			return err_msg("--param '%s': %s has its own option (see 'reapbench run "
				       "--help')\n", shown, key);
	if (params_index(p, key) >= 0)
		return err_msg("--param '%s': key %s given twice\n", shown, key);
	if (params_set_kv(p, kv))
		return err_msg("--param '%s': too long, or more than %d keys\n", shown,
			       RB_MAX_PARAMS);
	return 0;
}

static int parse_args(int argc, char **argv, struct run_cfg *c)
{
	static const struct option opts[] = {
		{ "scenario", required_argument, NULL, 's' },
		{ "shape", required_argument, NULL, 'S' },
		{ "size", required_argument, NULL, 'z' },
		{ "trigger", required_argument, NULL, 't' },
		{ "contender", required_argument, NULL, 'c' },
		{ "param", required_argument, NULL, 'p' },
		{ "runs", required_argument, NULL, 'n' },
		{ "label", required_argument, NULL, 'l' },
		{ "db", required_argument, NULL, 'd' },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "buffer-kb", required_argument, NULL, OPT_BUFFER_KB },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "save-events", required_argument, NULL, OPT_SAVE_EVENTS },
		{ "no-summary", no_argument, NULL, OPT_NO_SUMMARY },
		{ "no-trace", no_argument, NULL, OPT_NO_TRACE },
		{ "no-pid-filter", no_argument, NULL, OPT_NO_PID_FILTER },
		{ "perf-stat", optional_argument, NULL, OPT_PERF_STAT },
		{ "perf-lock", no_argument, NULL, OPT_PERF_LOCK },
		{ "sweep", required_argument, NULL, OPT_SWEEP },
		{ "check", no_argument, NULL, OPT_CHECK },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	uint32_t seed;
	long v;
	int o;

	memset(c, 0, sizeof(*c));
	c->runs = 5;
	c->db = store_default_path();
	if (random_seed(&seed))
		return -1;
	c->seed = seed;
	c->buffer_kb = 16384;
	c->timeout_s = 120;
	c->summary = true;
	while ((o = getopt_long(argc, argv, "s:S:z:t:c:p:n:l:d:qh", opts, NULL)) != -1) {
		switch (o) {
		case 's': c->scenario = optarg; break;
		case 'S': c->shape = optarg; break;
		case 'z': c->size = optarg; break;
		case 't': c->trigger = optarg; break;
		case 'c': c->contenders = optarg; break;
		case 'l': c->label = optarg; break;
		case 'd': c->db = optarg; break;
		case OPT_SAVE_EVENTS: c->save_events = optarg; break;
		case OPT_NO_SUMMARY: c->summary = false; break;
		case OPT_CHECK: c->check = true; break;
		case OPT_NO_TRACE: c->no_trace = true; break;
		case OPT_NO_PID_FILTER: c->no_pid_filter = true; break;
		case OPT_PERF_LOCK: c->perf.lock = true; break;
		case OPT_SWEEP:
			if (c->sweep2)
				return err_msg("--sweep: at most two parameters (a 2-D sweep)\n");
			if (c->sweep)
				c->sweep2 = optarg;
			else
				c->sweep = optarg;
			break;
		case OPT_PERF_STAT:
			c->perf.stat = true;
			c->perf.stat_events = optarg ? optarg : PERF_STAT_DEFAULT_EVENTS;
			break;
		case 'q': c->quiet = true; break;
		case 'p':
			if (add_param(&c->params, optarg))
				return -1;
			break;
		case 'n':
			if (parse_long(optarg, 1, 100000, &c->runs))
				return err_msg("--runs '%s': expected 1..100000\n", optarg);
			c->runs_given = true;
			break;
		case OPT_SEED:
			if (parse_long(optarg, 0, INT32_MAX, &v))
				return err_msg("--seed '%s': expected a non-negative integer\n", optarg);
			c->seed = (uint64_t)v;
			break;
		case OPT_BUFFER_KB:
			if (parse_long(optarg, 64, 4 << 20, &c->buffer_kb))
				return err_msg("--buffer-kb '%s': expected 64..4194304\n", optarg);
			break;
		case OPT_TIMEOUT:
			if (parse_long(optarg, 1, 3600, &c->timeout_s))
				return err_msg("--timeout '%s': expected 1..3600 seconds\n", optarg);
			break;
		case 'h':
			print_usage(run_usage);
			print_sweepable();
			exit(RB_EXIT_OK);
		default:
			return err_msg("see 'reapbench run --help'\n");
		}
	}
	if (optind < argc)
		return err_msg("unexpected argument '%s' (see 'reapbench run --help')\n",
			       argv[optind]);
	if (c->scenario) {
		const char *flag = c->shape ? "--shape" : c->size ? "--size" :
				   c->trigger ? "--trigger" : c->contenders ? "--contender" :
				   c->params.n ? "--param" : NULL;

		if (flag)
			return err_msg("%s cannot be combined with --scenario: the scenario file "
				       "sets it (edit the file, or use --sweep)\n", flag);
	}
	if (c->size && params_index(&c->params, "size") >= 0)
		return err_msg("--size and --param size=...: give the size once\n");
	return 0;
}

/* The flag a key of the command-line scenario came from, and what is wrong with it. */
static int key_error(const struct run_cfg *c, const struct rb_scenario *sc, int key,
		     const char *why)
{
	const struct rb_param_def *d = scenario_param_def(sc, sc->params.key[key]);
	char reason[200];

	if (d && !param_value_check(d, sc->params.val[key], NULL, reason, sizeof(reason)))
		d = NULL;	/* the value is fine: why is about something else */
	if (c->size && !strcmp(sc->params.key[key], "size"))
		return err_msg("--size: %s\n", d ? reason : why);
	return err_msg("--param %s: %s\n", sc->params.key[key], d ? reason : why);
}

static int build_from_options(struct run_cfg *c, struct rb_scenario_set *set)
{
	struct rb_scenario *sc = &set->sc[0];
	const struct rb_param_def *size_def;
	char why[320];
	int bad;

	set->n = 1;
	memset(sc, 0, sizeof(*sc));
	sc->params = c->params;
	if (c->size && params_set(&sc->params, "size", c->size))
		return err_msg("--size: too long\n");
	sc->shape = shape_find(c->shape ? c->shape : "anon");
	sc->trigger = trigger_find(c->trigger ? c->trigger : "kill");
	if (!sc->shape || !sc->trigger) {
		printable(sc->shape ? c->trigger : c->shape, why, 64);
		return err_msg("%s '%s': unknown (see 'reapbench list')\n",
			       sc->shape ? "--trigger" : "--shape", why);
	}
	if (c->contenders && scenario_set_contenders(sc, c->contenders, why, sizeof(why)))
		return err_msg("--contender: %s\n", why);
	sc->runs = (int)c->runs;
	if (scenario_check(sc, &bad, why, sizeof(why)))
		return bad >= 0 ? key_error(c, sc, bad, why) : err_msg("%s\n", why);
	size_def = scenario_param_def(sc, "size");
	/* a swept size is named by each point ("@size=..."), not in the base name */
	if (!size_def || (c->sweep && !strncmp(c->sweep, "size=", 5)) ||
	    (c->sweep2 && !strncmp(c->sweep2, "size=", 5)))
		snprintf(sc->name, sizeof(sc->name), "%s-%s%s%s", sc->shape->name,
			 sc->trigger->name, c->contenders ? "+" : "",
			 c->contenders ? c->contenders : "");
	else
		snprintf(sc->name, sizeof(sc->name), "%s-%s-%s%s%s", sc->shape->name,
			 params_str(&sc->params, "size", size_def->def), sc->trigger->name,
			 c->contenders ? "+" : "", c->contenders ? c->contenders : "");
	snprintf(set->source, sizeof(set->source), "command line");
	return 0;
}

static int build_set(struct run_cfg *c, struct rb_scenario_set *set)
{
	char path[512];
	int i;

	set->n = 0;
	if (!c->scenario)
		return build_from_options(c, set);
	if (scenario_resolve(c->scenario, path, sizeof(path)) || scenario_load_file(path, set))
		return -1;
	if (c->runs_given) {
		for (i = 0; i < set->n; i++)
			set->sc[i].runs = (int)c->runs;
		printf("# --runs %ld overrides the runs of every scenario in %s\n", c->runs, path);
	}
	return 0;
}

/*
 * A calibrated sweep: run the calibration set (planned in *plan) as its own
 * run set, "<label>-calibration", then turn its median into the sweep of set
 * and plan that into *plan.
 */
static int calibrate_run(const struct run_cfg *c, const struct rb_run_set_opts *o,
			 struct rb_store *st, struct rb_calibration *cal,
			 struct rb_scenario_set *cal_set, struct rb_plan *plan,
			 struct rb_scenario_set *set)
{
	struct rb_run_set_opts co = *o;
	char label[160], spec[128];
	struct utsname u;
	int64_t cal_id = 0;

	uname(&u);
	snprintf(label, sizeof(label), "%s-calibration", c->label ? c->label : u.release);
	co.label = label;
	printf("# --sweep %s: calibrating: %d runs of %s, the median of %s\n", c->sweep,
	       CALIBRATE_RUNS, cal_set->sc[0].trigger->name, cal->metric);
	if (run_set_execute(cal_set, plan, &co, st, &cal_id) < 0 || rb_stop)
		return -1;
	if (calibrate_resolve(st, cal_id, cal, spec, sizeof(spec)))
		return -1;
	printf("# calibrated: %s median %.1f us over %d runs (run set %" PRId64 ", label %s): "
	       "--sweep %s\n", cal->metric, cal->median_us, cal->n, cal_id, label, spec);
	if (sweep_apply(set, spec) || (c->sweep2 && sweep_apply(set, c->sweep2)) ||
	    run_set_plan(set, c->timeout_s, plan))
		return -1;
	return 0;
}

int cmd_run(int argc, char **argv)
{
	static struct rb_scenario_set set, cal_set;
	static struct rb_plan plan;
	struct rb_calibration cal;
	bool calibrated;
	struct run_cfg c;
	struct rb_store st = { 0 };
	struct rb_run_set_opts o;
	const char *perf_why;
	int64_t set_id = 0;
	int stored, rc = RB_EXIT_ERROR;
	char *cmd;

	if (parse_args(argc, argv, &c) || build_set(&c, &set))
		return RB_EXIT_ERROR;
	if (c.sweep2 && calibrate_wanted(c.sweep2))
		return err_msg("--sweep '%s': give the calibrated sweep first\n", c.sweep2),
		       RB_EXIT_ERROR;
	calibrated = c.sweep && calibrate_wanted(c.sweep);
	if (calibrated ? calibrate_parse(c.sweep, &set, &cal) || calibrate_set(&set, &cal, &cal_set) ||
			 run_set_plan(&cal_set, c.timeout_s, &plan) :
			 (c.sweep && sweep_apply(&set, c.sweep)) ||
			 (c.sweep2 && sweep_apply(&set, c.sweep2)) ||
			 run_set_plan(&set, c.timeout_s, &plan))
		return RB_EXIT_ERROR;
	perf_why = perf_unsupported(&c.perf);
	if (c.check) {
		if (calibrated)
			printf("# --sweep %s: the points come from these %d calibration runs of %s "
			       "(median %s), measured when the run starts\n", c.sweep,
			       CALIBRATE_RUNS, cal_set.sc[0].trigger->name, cal.metric);
		run_set_plan_print(calibrated ? &cal_set : &set, &plan, stdout);
		if (perf_why)
			printf("# skipped: %s\n", perf_why);
		if (!plan.runnable || perf_why) {
			printf("# check: valid, but nothing would run here (exit 4)\n");
			return RB_EXIT_SKIPPED;
		}
		printf("# check: valid; nothing was created\n");
		return RB_EXIT_OK;
	}
	if (geteuid())
		return err_msg("run needs root (tracefs, cgroups); --check does not\n"), RB_EXIT_ERROR;
	for (int i = 0; i < (calibrated ? cal_set.n : set.n); i++)
		if (plan.item[i].skip)
			printf("# %s: skipped: %s\n", (calibrated ? cal_set : set).sc[i].name,
			       plan.item[i].skip);
	if (perf_why) {
		printf("# skipped: %s\n", perf_why);
		return RB_EXIT_SKIPPED;
	}
	if (!plan.runnable)
		return RB_EXIT_SKIPPED;
	c.save_events_fd = -1;
	if (c.save_events && (c.save_events_fd = safe_dir_open(c.save_events, true)) < 0)
		return RB_EXIT_ERROR;
	cmd = rb_argv_join("reapbench", argc, argv);
	o = (struct rb_run_set_opts){
		.label = c.label, .db = c.db, .command = cmd, .save_events = c.save_events,
		.save_events_fd = c.save_events_fd,
		.seed = c.seed, .buffer_kb = c.buffer_kb, .timeout_s = c.timeout_s,
		.quiet = c.quiet, .no_trace = c.no_trace, .no_pid_filter = c.no_pid_filter,
		.perf = &c.perf,
	};
	if (store_open(c.db, &st))
		goto out;
	if (calibrated && calibrate_run(&c, &o, &st, &cal, &cal_set, &plan, &set))
		goto out;
	stored = run_set_execute(&set, &plan, &o, &st, &set_id);
	if (stored >= 0 && c.summary)
		summary_print(&st, set_id, stdout);
	if (rb_stop)
		fprintf(stderr, "reapbench: interrupted: %d finished runs kept in %s\n",
			stored < 0 ? 0 : stored, c.db);
	rc = stored < 0 || rb_stop ? RB_EXIT_ERROR : RB_EXIT_OK;
out:
	store_close(&st);
	free(cmd);
	if (c.save_events_fd >= 0)
		close(c.save_events_fd);
	return rc;
}
