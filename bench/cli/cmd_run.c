/*
 * reapbench run: run a scenario set (file or command line) on the live
 * kernel, store every finished run at once, print a summary.
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

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <jansson.h>

#include "commands.h"
#include "common.h"
#include "info.h"
#include "memcg.h"
#include "runner.h"
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
	"  -s/--scenario NAME|FILE   scenario file (workloads/scenarios/NAME.ini)",
	"  -S/--shape NAME           victim shape (default anon; see 'reapbench list')",
	"  -z/--size SIZE            victim size, e.g. 64M, 1G (default 64M)",
	"  -t/--trigger NAME         kill, kill+mrelease, memcg-oom, stall (default kill)",
	"  -c/--contender LIST       contenders on the victim's mmap_lock, comma list",
	"  -p/--param KEY=VALUE      a shape/trigger parameter (repeatable)",
	"  -n/--runs N               repetitions per scenario (default 5)",
	"  -l/--label LABEL          run-set label (default: uname -r)",
	"  -d/--db FILE              store (default " RB_DEFAULT_DB ")",
	"     --seed N               shuffle seed for the run order (default: time)",
	"     --buffer-kb N          ring buffer per CPU in KiB (default 16384)",
	"     --timeout S            seconds to populate / to reap a victim (default 120)",
	"     --save-events DIR      write each run's events as a fixture into DIR",
	"     --no-summary           do not print the summary table",
	"     --sweep P=V1,V2,..|P=FROM..TO/STEP  one scenario per value of parameter P;",
	"                            given twice: every pair of values (a 2-D sweep)",
	"                            (size, stall, mrelease_delay_us, threads, count, churn_threads)",
	"     --no-trace             tracing off: only user-space metrics (probe effect)",
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
	"Exit: 0 all runs stored, 1 error, 4 skipped (the kernel or machine lacks",
	"something a scenario needs; the reason is printed).",
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
};

struct run_cfg {
	const char *scenario;
	const char *shape, *size, *trigger, *contenders;
	struct rb_params params;
	long runs;
	const char *label, *db, *save_events, *sweep, *sweep2;
	uint64_t seed;
	long buffer_kb, timeout_s;
	bool summary, quiet, no_trace, no_pid_filter;
	struct rb_perf perf;
};

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
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long v;
	int o;

	memset(c, 0, sizeof(*c));
	c->shape = "anon";
	c->trigger = "kill";
	c->runs = 5;
	c->db = RB_DEFAULT_DB;
	c->seed = (uint64_t)time(NULL);
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
			if (params_set_kv(&c->params, optarg))
				return err_msg("--param '%s': expected KEY=VALUE\n", optarg);
			break;
		case 'n':
			if (parse_long(optarg, 1, 100000, &c->runs))
				return err_msg("--runs '%s': expected 1..100000\n", optarg);
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
			exit(RB_EXIT_OK);
		default:
			return err_msg("see 'reapbench run --help'\n");
		}
	}
	if (optind < argc)
		return err_msg("unexpected argument '%s' (see 'reapbench run --help')\n",
			       argv[optind]);
	return 0;
}

static int build_set(struct run_cfg *c, struct rb_scenario_set *set)
{
	struct rb_scenario *sc;
	char path[512];

	if (c->scenario) {
		if (scenario_resolve(c->scenario, path, sizeof(path)) ||
		    scenario_load_file(path, set))
			return -1;
		return 0;
	}
	sc = &set->sc[set->n++];
	memset(sc, 0, sizeof(*sc));
	sc->params = c->params;
	if (c->size && params_set(&sc->params, "size", c->size))
		return err_msg("--size '%s': too long\n", c->size);
	sc->shape = shape_find(c->shape);
	if (!sc->shape)
		return err_msg("--shape '%s': unknown (see 'reapbench list')\n", c->shape);
	sc->trigger = trigger_find(c->trigger);
	if (!sc->trigger)
		return err_msg("--trigger '%s': unknown (see 'reapbench list')\n", c->trigger);
	if (c->contenders && scenario_set_contenders(sc, c->contenders))
		return -1;
	sc->runs = (int)c->runs;
	/* a swept size is named by each point ("@size=..."), not in the base name */
	if ((c->sweep && !strncmp(c->sweep, "size=", 5)) ||
	    (c->sweep2 && !strncmp(c->sweep2, "size=", 5)))
		snprintf(sc->name, sizeof(sc->name), "%s-%s%s%s", sc->shape->name,
			 sc->trigger->name, c->contenders ? "+" : "",
			 c->contenders ? c->contenders : "");
	else
		snprintf(sc->name, sizeof(sc->name), "%s-%s-%s%s%s", sc->shape->name,
			 params_str(&sc->params, "size", "64M"), sc->trigger->name,
			 c->contenders ? "+" : "", c->contenders ? c->contenders : "");
	snprintf(set->source, sizeof(set->source), "command line");
	return 0;
}

/* Duration parameters read by triggers: checked here, before anything starts. */
static int check_durations(const struct rb_scenario *sc, uint64_t *stall_us)
{
	static const char *const keys[] = { "stall", "mrelease_delay_us" };
	uint64_t us;
	size_t i;

	*stall_us = 0;
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		if (params_duration_us(&sc->params, keys[i], 0, &us))
			return -1;	/* the key and value were named */
		if (!strcmp(keys[i], "stall"))
			*stall_us = us;
	}
	if (!strcmp(sc->trigger->name, "stall") && !params_str(&sc->params, "stall", NULL))
		*stall_us = 3000000;	/* the trigger's default */
	return 0;
}

/*
 * A rough expectation, said as one: populating at ~1 GB/s (measured here: 64 MiB
 * in ~50 ms), the stall time, and ~30 ms of harness and teardown per run.
 */
static double estimate_run_s(uint64_t footprint, uint64_t stall_us)
{
	return (double)footprint / 1e9 + (double)stall_us / 1e6 + 0.03;
}

/* Skip reasons and the global-OOM check, before anything starts. */
static int preflight(struct rb_scenario_set *set, bool *skip, double *expected_s)
{
	int i, j, runnable = 0;
	uint64_t stall_us;

	for (i = 0; i < set->n; i++) {
		struct rb_scenario *sc = &set->sc[i];
		const char *why = NULL;
		uint64_t fp;

		skip[i] = false;
		if (sc->shape->unsupported)
			why = sc->shape->unsupported(&sc->params);
		if (!why && sc->trigger->unsupported)
			why = sc->trigger->unsupported(&sc->params);
		for (j = 0; !why && j < sc->n_contenders; j++)
			if (sc->contenders[j]->unsupported)
				why = sc->contenders[j]->unsupported(&sc->params);
		if (why) {
			printf("# %s: skipped: %s\n", sc->name, why);
			skip[i] = true;
			continue;
		}
		if (sc->shape->footprint(&sc->params, &fp) || check_durations(sc, &stall_us))
			return err_msg("scenario %s: bad parameters\n", sc->name);
		if (check_memory_budget(memcg_limit_for(fp), sc->name))
			return -1;
		*expected_s += sc->runs * estimate_run_s(fp, stall_us);
		runnable++;
	}
	return runnable;
}

struct slot {
	int scenario, rep;
};

static struct slot *shuffled_order(const struct rb_scenario_set *set, const bool *skip,
				   uint64_t seed, int *n_out)
{
	struct slot *order;
	gsl_rng *rng;
	int i, r, n = 0;

	for (i = 0; i < set->n; i++)
		n += skip[i] ? 0 : set->sc[i].runs;
	order = calloc(n ? n : 1, sizeof(*order));
	if (!order)
		return NULL;
	n = 0;
	for (i = 0; i < set->n; i++)
		for (r = 1; !skip[i] && r <= set->sc[i].runs; r++)
			order[n++] = (struct slot){ i, r };
	/* Interleave scenarios so that drift of the machine does not bias one of them. */
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, seed);
	gsl_ran_shuffle(rng, order, n, sizeof(*order));
	gsl_rng_free(rng);
	*n_out = n;
	return order;
}

static char *command_line(int argc, char **argv)
{
	size_t len = 16;
	char *s;
	int i;

	for (i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = calloc(1, len);
	if (!s)
		return NULL;
	strcat(s, "reapbench");
	for (i = 0; i < argc; i++) {
		strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

static void progress(bool on, int i, int n, const char *name, uint64_t t0)
{
	double el = (double)(now_ns() - t0) / 1e9;

	if (!on)
		return;
	fprintf(stderr, "\r\033[Krun %d/%d  %-32s elapsed %4.0fs  remaining ~%4.0fs", i + 1, n,
		name, el, i ? el / i * (n - i) : 0.0);
	if (i + 1 == n)
		fputc('\n', stderr);
}

static int store_one(struct rb_store *st, int64_t set_id, const struct rb_scenario *sc,
		     int seq, int rep, const char *started, double wall_us,
		     const struct rb_metrics *m)
{
	char *pj = params_json(&sc->params);
	char contenders[256] = "";
	struct rb_run_record rec = {
		.seq = seq, .scenario = sc->name, .shape = sc->shape->name,
		.trigger = sc->trigger->name, .contenders = contenders,
		.params_json = pj ? pj : "{}",
		.sweep_param = sc->sweep_param[0] ? sc->sweep_param : NULL,
		.sweep_value = sc->sweep_value,
		.sweep2_param = sc->sweep2_param[0] ? sc->sweep2_param : NULL,
		.sweep2_value = sc->sweep2_value, .rep = rep, .started_at = started,
		.wall_us = wall_us,
	};
	int64_t run_id;
	int i, rc;

	for (i = 0; i < sc->n_contenders; i++)
		snprintf(contenders + strlen(contenders), sizeof(contenders) - strlen(contenders),
			 "%s%s", i ? "," : "", sc->contenders[i]->name);
	rc = store_run_add(st, set_id, &rec, m, &run_id);
	free(pj);
	return rc;
}

/* One pass over the shuffled order; returns the number of stored runs or -1. */
static int run_all(struct run_cfg *c, struct rb_scenario_set *set, const struct slot *order,
		   int n, struct rb_trace *t, struct rb_store *st, int64_t set_id)
{
	bool show = !c->quiet && isatty(STDERR_FILENO);
	uint64_t t0 = now_ns();
	int i, stored = 0;

	for (i = 0; i < n && !rb_stop; i++) {
		struct rb_scenario *sc = &set->sc[order[i].scenario];
		struct rb_run run = {
			.params = &sc->params, .shape = sc->shape, .trigger = sc->trigger,
			.n_contenders = sc->n_contenders,
		};
		struct rb_run_opts o = {
			.timeout_ms = (int)c->timeout_s * 1000,
			.save_events_dir = c->save_events, .seq = i + 1,
			.no_trace = c->no_trace, .pid_filter = !c->no_pid_filter,
			.perf = c->perf.stat || c->perf.lock ? &c->perf : NULL,
		};
		static struct rb_metrics m;
		struct rb_events evs;
		char started[32];
		uint64_t t_run;
		int rc;

		memcpy(run.contenders, sc->contenders, sizeof(run.contenders));
		progress(show, i, n, sc->name, t0);
		now_iso8601(started, sizeof(started));
		t_run = now_ns();
		rc = run_one(&run, t, &o, &evs, &m);
		rb_events_free(&evs);
		if (rc == 1)
			break;
		if (rc < 0)
			return -1;
		if (store_one(st, set_id, sc, i + 1, order[i].rep, started,
			      (double)(now_ns() - t_run) / 1e3, &m))
			return -1;
		stored++;
		if (!m.valid)
			fprintf(stderr, "%sreapbench: run %d (%s) invalid: %s\n", show ? "\n" : "",
				i + 1, sc->name, m.invalid_reason);
	}
	if (show && rb_stop)
		fputc('\n', stderr);
	return stored;
}

int cmd_run(int argc, char **argv)
{
	static struct rb_scenario_set set;
	static bool skip[RB_MAX_SCENARIOS];
	struct run_cfg c;
	struct rb_store st = { 0 };
	struct rb_trace t = { 0 };
	struct slot *order = NULL;
	struct utsname u;
	json_t *info = NULL;
	char *info_s = NULL, *cmd = NULL;
	int64_t set_id = 0;
	int n, runnable, stored = -1, rc = RB_EXIT_ERROR;
	double expected_s = 0;

	if (parse_args(argc, argv, &c) || build_set(&c, &set) ||
	    (c.sweep && sweep_apply(&set, c.sweep)) || (c.sweep2 && sweep_apply(&set, c.sweep2)))
		return RB_EXIT_ERROR;
	if (geteuid())
		return err_msg("run needs root (tracefs, cgroups)\n"), RB_EXIT_ERROR;
	if (c.save_events && mkdir(c.save_events, 0755) && errno != EEXIST)
		return err_msg("%s: %s\n", c.save_events, strerror(errno)), RB_EXIT_ERROR;
	if (perf_unsupported(&c.perf)) {
		printf("# skipped: %s\n", perf_unsupported(&c.perf));
		return RB_EXIT_SKIPPED;
	}
	runner_install_signals();
	memcg_sweep_leftovers();
	trace_sweep_leftovers();
	runnable = preflight(&set, skip, &expected_s);
	if (runnable < 0)
		goto out;
	if (!runnable) {
		rc = RB_EXIT_SKIPPED;
		goto out;
	}
	order = shuffled_order(&set, skip, c.seed, &n);
	if (!order)
		goto out;
	uname(&u);
	info = info_collect();
	info_s = json_dumps(info, JSON_COMPACT | JSON_SORT_KEYS);
	cmd = command_line(argc, argv);
	if (store_open(c.db, &st))
		goto out;
	if (trace_open(&t, (size_t)c.buffer_kb))
		goto out;
	if (store_runset_begin(&st, c.label ? c.label : u.release, u.release, cmd, c.seed, info_s,
			       &set_id))
		goto out;
	printf("# run set %lld \"%s\" on %s: %d runs of %d scenarios (%s), seed %" PRIu64
	       ", store %s\n", (long long)set_id, c.label ? c.label : u.release, u.release, n,
	       runnable, set.source, c.seed, c.db);
	printf("# expected duration ~%.*f s (estimate: populate at ~1 GB/s, stall time, "
	       "~30 ms per run)\n", expected_s < 10 ? 1 : 0, expected_s);
	fflush(stdout);
	stored = run_all(&c, &set, order, n, &t, &st, set_id);
	store_runset_end(&st, set_id, stored < 0 ? "failed" : rb_stop ? "interrupted" : "complete");
	if (stored >= 0 && c.summary)
		summary_print(&st, set_id, stdout);
	if (rb_stop)
		fprintf(stderr, "reapbench: interrupted: %d finished runs kept in %s\n",
			stored < 0 ? 0 : stored, c.db);
	rc = stored < 0 ? RB_EXIT_ERROR : rb_stop ? RB_EXIT_ERROR : RB_EXIT_OK;
out:
	perf_window_cleanup(&c.perf);
	trace_close(&t);
	store_close(&st);
	memcg_restore();
	trace_unmount_if_mounted();
	json_decref(info);
	free(info_s);
	free(cmd);
	free(order);
	return rc;
}
