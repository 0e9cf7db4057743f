/*
 * reapbench-selfbench: what the suite costs, measured with the suite's own
 * code paths (run_one, trace_collect), printed with unit and method.
 *
 *  (a) probe effect: kill_to_reaped_us (user-space clock, the same with and
 *      without tracing) of runs with tracing on and off, one shuffled
 *      interleaved sequence; ratio of medians on/off with a percentile
 *      bootstrap 95% CI (GSL RNG, resampling each group).
 *  (b) harness overhead per run: wall time of run_one() (what cmd_run stores
 *      as runs.wall_us) minus victim_life_us (fork -> reaped), traced runs.
 *  (c)+(d) in decode.c.
 *  (e) the cost of one traced event, a microbenchmark (probecost.c).
 *  (f) the probe-effect bound per metric: events inside each window of the
 *      traced runs of (a) times (e) (windows.c).
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "common.h"
#include "fuse_stall.h"
#include "safefile.h"
#include "memcg.h"
#include "runner.h"
#include "selfbench.h"

#define BOOTSTRAP_N 10000

double sb_median(const double *v, size_t n)
{
	double *c = malloc(n * sizeof(*c)), m;

	if (!c || !n) {
		free(c);
		return 0;
	}
	memcpy(c, v, n * sizeof(*c));
	gsl_sort(c, 1, n);
	m = gsl_stats_median_from_sorted_data(c, 1, n);
	free(c);
	return m;
}

struct sample {
	double *v;
	size_t n;
};

static double resampled_median(gsl_rng *r, const struct sample *s, double *tmp)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		tmp[i] = s->v[gsl_rng_uniform_int(r, s->n)];
	gsl_sort(tmp, 1, s->n);
	return gsl_stats_median_from_sorted_data(tmp, 1, s->n);
}

/* Percentile bootstrap of median(on)/median(off): lo, hi of the 95% interval. */
static void bootstrap_ratio(const struct sample *on, const struct sample *off, double *lo,
			    double *hi)
{
	double *ratios = malloc(BOOTSTRAP_N * sizeof(*ratios));
	double *tmp = malloc((on->n > off->n ? on->n : off->n) * sizeof(*tmp));
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	int b;

	gsl_rng_set(r, 1);
	for (b = 0; b < BOOTSTRAP_N; b++) {
		double a = resampled_median(r, on, tmp);

		ratios[b] = a / resampled_median(r, off, tmp);
	}
	gsl_sort(ratios, 1, BOOTSTRAP_N);
	*lo = gsl_stats_quantile_from_sorted_data(ratios, 1, BOOTSTRAP_N, 0.025);
	*hi = gsl_stats_quantile_from_sorted_data(ratios, 1, BOOTSTRAP_N, 0.975);
	gsl_rng_free(r);
	free(ratios);
	free(tmp);
}

/* The on/off A/B of (a) in percent, for the cross-check of (f). */
struct ab_result {
	double pct, lo, hi;
};

/*
 * (f)'s extra runs: traced with every thread recorded, to count in each window
 * the other threads' lock events that the pid filter drops in a real run.
 */
static int count_filtered_out(struct rb_trace *t, const struct rb_params *params, long runs,
			      long seq, struct sb_windows *w)
{
	long i;

	for (i = 0; i < runs && !rb_stop; i++) {
		struct rb_run run = { .params = params, .shape = shape_find("anon"),
				      .trigger = trigger_find("kill") };
		struct rb_run_opts o = { .timeout_ms = 120000, .seq = (int)(seq + i) };
		static struct rb_metrics m;
		struct rb_events evs;

		if (run_one(&run, t, &o, &evs, &m))
			return -1;
		if (m.valid && !evs.lost)
			sb_windows_add(w, &run, &evs, &m);
		rb_events_free(&evs);
	}
	return 0;
}

static int probe_and_overhead(long pairs, const char *size, long buffer_kb, FILE *raw,
			      long unfiltered_runs, struct sb_windows *w, struct ab_result *ab)
{
	struct sample on = { calloc(pairs, sizeof(double)), 0 };
	struct sample off = { calloc(pairs, sizeof(double)), 0 };
	double *ovh = calloc(2 * pairs, sizeof(double)), *life = calloc(2 * pairs, sizeof(double));
	double *arm = calloc(2 * pairs, sizeof(double)), *life_off = calloc(2 * pairs, sizeof(double));
	double *wall_on = calloc(2 * pairs, sizeof(double));
	size_t n_ovh = 0;
	int *order = calloc(2 * pairs, sizeof(int)), i, invalid = 0, rc = -1;
	static struct rb_params params;
	struct rb_trace t = { 0 };
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	double lo, hi, ratio, arm_us;
	bool events_on = true;

	if (!on.v || !off.v || !ovh || !life || !arm || !life_off || !wall_on || !order || params_set(&params, "size", size))
		goto out;
	for (i = 0; i < 2 * pairs; i++)
		order[i] = i % 2;
	gsl_rng_set(r, (unsigned long)now_ns());
	gsl_ran_shuffle(r, order, 2 * pairs, sizeof(int));
	if (trace_open(&t, (size_t)buffer_kb))
		goto out;
	for (i = 0; i < 2 * pairs && !rb_stop; i++) {
		struct rb_run run = { .params = &params, .shape = shape_find("anon"),
				      .trigger = trigger_find("kill") };
		struct rb_run_opts o = { .timeout_ms = 120000, .seq = i + 1, .no_trace = !order[i],
					  .pid_filter = true };	/* as run does */
		static struct rb_metrics m;
		const struct rb_metric *k, *l;
		struct rb_events evs;
		uint64_t t0 = now_ns();
		double wall_us;

		/* untraced: the instance's probes unregistered, as if reapbench were not there */
		if (events_on != (bool)order[i] && trace_set_events(&t, order[i]))
			goto out;
		events_on = order[i];
		if (run_one(&run, &t, &o, &evs, &m))
			goto out;
		wall_us = (double)(now_ns() - t0) / 1e3;
		k = metrics_get(&m, "kill_to_reaped_us");
		l = metrics_get(&m, "victim_life_us");
		if (!m.valid || !k || k->absent[0] || !l) {
			rb_events_free(&evs);
			invalid++;
			continue;
		}
		if (raw)
			fprintf(raw, "%d %s %.1f %.1f %.1f\n", i + 1, order[i] ? "on" : "off", k->value,
				l->value, wall_us);
		if (order[i]) {
			sb_windows_add(w, &run, &evs, &m);
			on.v[on.n++] = k->value;
			ovh[n_ovh] = wall_us - l->value;
			wall_on[n_ovh] = wall_us;
			life[n_ovh++] = l->value;
		} else {
			off.v[off.n] = k->value;
			life_off[off.n++] = l->value;
		}
		rb_events_free(&evs);
		if (isatty(STDERR_FILENO))
			fprintf(stderr, "\r%d/%ld runs", i + 1, 2 * pairs);
	}
	if (isatty(STDERR_FILENO))
		fputc('\n', stderr);
	if (on.n < 2 || off.n < 2 || !n_ovh)
		goto out;
	/* What only the traced path does before the trigger: arming the instance. */
	if (!events_on && trace_set_events(&t, true))
		goto out;
	for (i = 0; i < 2 * pairs; i++) {
		uint64_t t0 = now_ns();

		trace_start(&t);
		arm[i] = (double)(now_ns() - t0) / 1e3;
		trace_stop(&t);
	}
	arm_us = sb_median(arm, 2 * pairs);
	if (count_filtered_out(&t, &params, unfiltered_runs, 2 * pairs + 1, w))
		goto out;
	ratio = sb_median(on.v, on.n) / sb_median(off.v, off.n);
	bootstrap_ratio(&on, &off, &lo, &hi);
	*ab = (struct ab_result){ (ratio - 1) * 100, (lo - 1) * 100, (hi - 1) * 100 };
	printf("# (a) probe effect, whole runs (a cross-check of (f)): anon %s victim, trigger kill, "
	       "%zu traced + %zu untraced runs interleaved in one shuffled sequence (%d invalid "
	       "left out); untraced = the instance's events disabled (state \"off\" of (e))\n",
	       size, on.n, off.n, invalid);
	printf("probe_kill_to_reaped_median_on_us   %10.1f\n", sb_median(on.v, on.n));
	printf("probe_kill_to_reaped_median_off_us  %10.1f\n", sb_median(off.v, off.n));
	printf("probe_ratio_on_off                  %10.4f   # 95%% CI %.4f .. %.4f "
	       "(percentile bootstrap, %d resamples of medians)\n", ratio, lo, hi, BOOTSTRAP_N);
	printf("probe_effect_pct                    %10.2f   # 95%% CI %.2f .. %.2f\n",
	       (ratio - 1) * 100, (lo - 1) * 100, (hi - 1) * 100);
	printf("trace_start_median_us               %10.1f   # arming tracing, between populate "
	       "and trigger in traced runs only (%ld calls)\n", arm_us, 2 * pairs);
	printf("# (b) harness overhead per traced run: wall of run_one() (runs.wall_us) minus "
	       "victim_life_us (fork -> reaped), median of %zu runs\n", n_ovh);
	printf("harness_overhead_median_us          %10.1f\n", sb_median(ovh, n_ovh));
	printf("victim_life_median_us               %10.1f   # traced runs; untraced runs: %.1f\n",
	       sb_median(life, n_ovh), sb_median(life_off, off.n));
	printf("harness_overhead_pct_of_life        %10.2f\n",
	       100 * sb_median(ovh, n_ovh) / sb_median(life, n_ovh));
	/* Arming happens inside the victim's life: count it against the untraced life too. */
	printf("harness_incl_arming_pct_of_life     %10.2f   # (median wall of traced runs - median "
	       "victim_life_us of untraced runs) / the latter\n",
	       100 * (sb_median(wall_on, n_ovh) - sb_median(life_off, off.n)) /
	       sb_median(life_off, off.n));
	rc = 0;
out:
	trace_close(&t);
	gsl_rng_free(r);
	free(on.v);
	free(off.v);
	free(ovh);
	free(life);
	free(arm);
	free(life_off);
	free(wall_on);
	free(order);
	return rc;
}

static const char *const usage[] = {
	"usage: reapbench-selfbench [OPTIONS]   (root; make bench-self)",
	"",
	"  -n/--pairs N        traced + untraced runs each for (a)/(b) (default 200)",
	"  -z/--size SIZE      victim size (default 64M)",
	"  -e/--iters N        mmap/munmap iterations for (c)/(d) (default 200000)",
	"     --buffer-kb N    ring buffer per CPU for (c)/(d) in KiB (default 131072)",
	"     --only-decode    only (c)/(d)",
	"     --only-cost      only (e), the per-event cost microbenchmark",
	"     --no-decode      without (c)/(d)",
	"     --cost-reps N    (e) repetitions of the four states (default 100)",
	"     --cost-iters N   (e) mprotect pairs per block (default 2000)",
	"     --unfiltered-runs N  (f) extra traced runs without the pid filter, counting",
	"                      what it drops in a window (default 20, 0: none)",
	"     --raw FILE       (a)/(b): every run's figures, one line each",
	"     --churn N        (internal) be the mmap/munmap workload",
	"     --life SIZE      one victim life for hyperfine (make crosscheck), no root",
	"     --log FILE       with --life: append its phase times to FILE",
	NULL,
};

enum { OPT_ONLY_COST = 256, OPT_COST_REPS, OPT_COST_ITERS, OPT_UNFILTERED_RUNS, OPT_NO_DECODE };

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "pairs", required_argument, NULL, 'n' },
		{ "size", required_argument, NULL, 'z' },
		{ "iters", required_argument, NULL, 'e' },
		{ "buffer-kb", required_argument, NULL, 'b' },
		{ "only-decode", no_argument, NULL, 'D' },
		{ "only-cost", no_argument, NULL, OPT_ONLY_COST },
		{ "no-decode", no_argument, NULL, OPT_NO_DECODE },
		{ "cost-reps", required_argument, NULL, OPT_COST_REPS },
		{ "cost-iters", required_argument, NULL, OPT_COST_ITERS },
		{ "unfiltered-runs", required_argument, NULL, OPT_UNFILTERED_RUNS },
		{ "churn", required_argument, NULL, 'C' },
		{ "life", required_argument, NULL, 'L' },
		{ "log", required_argument, NULL, 'G' },
		{ "raw", required_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long pairs = 200, iters = 200000, buffer_kb = 131072, cost_reps = 100, cost_iters = 2000;
	long unfiltered_runs = 20;
	struct ab_result ab = { NAN, NAN, NAN };
	struct sb_event_cost cost;
	struct sb_windows w = { 0 };
	bool only_cost = false, no_decode = false;
	const char *size = "64M", *life = NULL, *log = NULL, *raw_path = NULL;
	struct safe_file raw_sf;	/* --raw FILE: renamed into place at the end */
	FILE *raw = NULL;
	bool only_decode = false;
	int o, rc = 0;

	while ((o = getopt_long(argc, argv, "n:z:e:h", opts, NULL)) != -1) {
		switch (o) {
		case 'n':
			if (parse_long(optarg, 2, 100000, &pairs))
				return err_msg("--pairs: expected 2..100000\n"), 1;
			break;
		case 'z': size = optarg; break;
		case 'e':
			if (parse_long(optarg, 1, 100000000, &iters))
				return err_msg("--iters: expected 1..1e8\n"), 1;
			break;
		case 'b':
			if (parse_long(optarg, 64, 4 << 20, &buffer_kb))
				return err_msg("--buffer-kb: expected 64..4194304\n"), 1;
			break;
		case 'D': only_decode = true; break;
		case OPT_ONLY_COST: only_cost = true; break;
		case OPT_NO_DECODE: no_decode = true; break;
		case OPT_COST_REPS:
			if (parse_long(optarg, 3, 100000, &cost_reps))
				return err_msg("--cost-reps: expected 3..100000\n"), 1;
			break;
		case OPT_UNFILTERED_RUNS:
			if (parse_long(optarg, 0, 100000, &unfiltered_runs))
				return err_msg("--unfiltered-runs: expected 0..100000\n"), 1;
			break;
		case OPT_COST_ITERS:
			if (parse_long(optarg, 10, 1000000, &cost_iters))
				return err_msg("--cost-iters: expected 10..1000000\n"), 1;
			break;
		case 'C': return sb_churn(atol(optarg)) ? 1 : 0;
		case 'L': life = optarg; break;
		case 'G': log = optarg; break;
		case 'R': raw_path = optarg; break;
		case 'h': for (o = 0; usage[o]; o++) puts(usage[o]); return 0;
		default: return 1;
		}
	}
	if (life)
		return sb_life(life, log) ? 1 : 0;
	if (geteuid())
		return err_msg("selfbench needs root (tracefs, cgroups)\n"), 1;
	/* Leftover sweeps of other reapbench processes recognise us by this name. */
	prctl(PR_SET_NAME, "reapbench");
	runner_install_signals();
	memcg_sweep_leftovers();
	trace_sweep_leftovers();
	fuse_stall_sweep();
	if (raw_path) {
		if (safe_file_create_path(&raw_sf, raw_path))
			return err_msg("%s: cannot write\n", raw_path), 1;
		raw = raw_sf.f;
	}
	if (raw)
		fprintf(raw, "# seq tracing kill_to_reaped_us victim_life_us wall_us\n");
	if (sb_windows_init(&w, (size_t)(pairs > unfiltered_runs ? pairs : unfiltered_runs)))
		return err_msg("out of memory\n"), 1;
	if (!only_decode && !only_cost && probe_and_overhead(pairs, size, 16384, raw, unfiltered_runs, &w, &ab))
		rc = 1;
	if (!rc && !rb_stop && !only_decode) {
		if (sb_probe_cost(cost_reps, cost_iters, &cost))
			rc = 1;
		else
			sb_probe_cost_print(&cost);
	}
	if (!rc && !rb_stop && !only_decode && !only_cost)
		sb_windows_print(&w, &cost, ab.pct, ab.lo, ab.hi);
	if (!rc && !rb_stop && !only_cost && !no_decode && sb_decode_rate(argv[0], iters, buffer_kb))
		rc = 1;
	sb_windows_free(&w);
	memcg_restore();
	trace_unmount_if_mounted();
	if (raw && safe_file_commit(&raw_sf))
		rc = 1;
	return rc;
}
