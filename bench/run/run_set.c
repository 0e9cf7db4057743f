#include "run_set.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <jansson.h>

#include "common.h"
#include "fuse_stall.h"
#include "info.h"
#include "memcg.h"
#include "runner.h"
#include "trace.h"

/* The first unsupported() reason of sc's pieces, or NULL. */
static const char *skip_reason(const struct rb_scenario *sc)
{
	const char *why = NULL;
	int j;

	if (sc->shape->unsupported)
		why = sc->shape->unsupported(&sc->params);
	if (!why && sc->trigger->unsupported)
		why = sc->trigger->unsupported(&sc->params);
	for (j = 0; !why && j < sc->n_contenders; j++)
		if (sc->contenders[j]->unsupported)
			why = sc->contenders[j]->unsupported(&sc->params);
	return why;
}

/* The trigger's duration parameters summed: the time it waits in each run. */
static int trigger_wait_us(const struct rb_scenario *sc, uint64_t *us)
{
	const struct rb_param_def *d;
	uint64_t v;

	*us = 0;
	for (d = sc->trigger->params; d && d->name; d++)
		if (d->type == RB_PARAM_DURATION) {
			if (params_get_duration_us(&sc->params, sc->trigger->params, d->name, &v) ||
			    __builtin_add_overflow(*us, v, us))
				return -1;
		}
	return 0;
}

/*
 * A rough expectation, said as one: populating at ~1 GB/s (measured here: 64 MiB
 * in ~50 ms), the trigger's wait, and ~30 ms of harness and teardown per run.
 */
static double estimate_run_s(uint64_t footprint, uint64_t wait_us)
{
	return (double)footprint / 1e9 + (double)wait_us / 1e6 + 0.03;
}

int run_set_plan(const struct rb_scenario_set *set, long timeout_s, struct rb_plan *plan)
{
	char why[320];
	int i, bad;

	memset(plan, 0, sizeof(*plan));
	for (i = 0; i < set->n; i++) {
		const struct rb_scenario *sc = &set->sc[i];
		struct rb_plan_item *it = &plan->item[i];

		if (scenario_check(sc, &bad, why, sizeof(why)))
			return err_msg("scenario %s: %s\n", sc->name, why);
		it->skip = skip_reason(sc);
		if (it->skip)
			continue;
		if (sc->shape->footprint(&sc->params, &it->footprint) ||
		    memcg_limit_for(it->footprint, &it->limit) || trigger_wait_us(sc, &it->wait_us))
			return err_msg("scenario %s: bad parameters\n", sc->name);
		if (it->wait_us >= (uint64_t)timeout_s * 1000000)
			return err_msg("scenario %s: the trigger waits %.1f s, not less than --timeout "
				       "%ld s to reap the victim: raise --timeout\n", sc->name,
				       (double)it->wait_us / 1e6, timeout_s);
		if (check_memory_budget(it->limit, sc->name))
			return -1;
		plan->expected_s += sc->runs * estimate_run_s(it->footprint, it->wait_us);
		plan->runs += sc->runs;
		plan->runnable++;
	}
	return 0;
}

void run_set_plan_print(const struct rb_scenario_set *set, const struct rb_plan *plan, FILE *f)
{
	int i, j;

	fprintf(f, "# plan: %d of %d scenarios runnable (%s), %d runs, expected duration ~%.*f s\n",
		plan->runnable, set->n, set->source, plan->runs, plan->expected_s < 10 ? 1 : 0,
		plan->expected_s);
	for (i = 0; i < set->n; i++) {
		const struct rb_scenario *sc = &set->sc[i];
		const struct rb_plan_item *it = &plan->item[i];
		char fp[32], lim[32];

		fprintf(f, "%-40s ", sc->name);
		if (it->skip) {
			fprintf(f, "skipped: %s\n", it->skip);
			continue;
		}
		param_format(RB_PARAM_SIZE, it->footprint, fp, sizeof(fp));
		param_format(RB_PARAM_SIZE, it->limit, lim, sizeof(lim));
		fprintf(f, "%d runs  shape %s  trigger %s", sc->runs, sc->shape->name,
			sc->trigger->name);
		for (j = 0; j < sc->n_contenders; j++)
			fprintf(f, "%s%s", j ? "," : "  contenders ", sc->contenders[j]->name);
		for (j = 0; j < sc->params.n; j++)
			fprintf(f, "  %s=%s", sc->params.key[j], sc->params.val[j]);
		fprintf(f, "  (footprint %s, memcg limit %s)\n", fp, lim);
	}
}

struct slot {
	int scenario, rep;
};

static struct slot *shuffled_order(const struct rb_scenario_set *set, const struct rb_plan *plan,
				   uint64_t seed, int *n_out)
{
	struct slot *order;
	gsl_rng *rng;
	int i, r, n = plan->runs;

	order = calloc(n ? n : 1, sizeof(*order));
	if (!order)
		return NULL;
	n = 0;
	for (i = 0; i < set->n; i++)
		for (r = 1; !plan->item[i].skip && r <= set->sc[i].runs; r++)
			order[n++] = (struct slot){ i, r };
	/* Interleave scenarios so that drift of the machine does not bias one of them. */
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!rng) {
		free(order);
		return NULL;
	}
	gsl_rng_set(rng, seed);
	gsl_ran_shuffle(rng, order, n, sizeof(*order));
	gsl_rng_free(rng);
	*n_out = n;
	return order;
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
static int run_all(const struct rb_run_set_opts *c, struct rb_scenario_set *set,
		   const struct slot *order, int n, struct rb_trace *t, struct rb_store *st,
		   int64_t set_id)
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
			.save_events_dir = c->save_events, .save_events_fd = c->save_events_fd,
			.seq = i + 1,
			.no_trace = c->no_trace, .pid_filter = !c->no_pid_filter,
			.perf = c->perf && (c->perf->stat || c->perf->lock) ? c->perf : NULL,
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

int run_set_execute(struct rb_scenario_set *set, const struct rb_plan *plan,
		    const struct rb_run_set_opts *o, struct rb_store *st, int64_t *set_id)
{
	struct rb_trace t = { 0 };
	struct slot *order = NULL;
	struct utsname u;
	json_t *info = NULL;
	char *info_s = NULL;
	int n = 0, stored = -1;

	*set_id = 0;
	runner_install_signals();
	memcg_sweep_leftovers();
	trace_sweep_leftovers();
	fuse_stall_sweep();
	order = shuffled_order(set, plan, o->seed, &n);
	if (!order)
		goto out;
	uname(&u);
	info = info_collect();
	info_s = json_dumps(info, JSON_COMPACT | JSON_SORT_KEYS);
	if (trace_open(&t, (size_t)o->buffer_kb))
		goto out;
	/* untraced runs: the probes unregistered, not only the buffer off (the probe effect) */
	if (o->no_trace && trace_set_events(&t, false))
		goto out;
	if (store_runset_begin(st, o->label ? o->label : u.release, u.release, o->command, o->seed,
			       info_s, set_id))
		goto out;
	printf("# run set %lld \"%s\" on %s: %d runs of %d scenarios (%s), seed %" PRIu64
	       ", store %s\n", (long long)*set_id, o->label ? o->label : u.release, u.release, n,
	       plan->runnable, set->source, o->seed, o->db);
	printf("# expected duration ~%.*f s (estimate: populate at ~1 GB/s, stall time, "
	       "~30 ms per run)\n", plan->expected_s < 10 ? 1 : 0, plan->expected_s);
	fflush(stdout);
	stored = run_all(o, set, order, n, &t, st, *set_id);
	store_runset_end(st, *set_id, stored < 0 ? "failed" : rb_stop ? "interrupted" : "complete");
out:
	perf_window_cleanup(o->perf);
	trace_close(&t);
	memcg_restore();
	trace_unmount_if_mounted();
	json_decref(info);
	free(info_s);
	free(order);
	return stored;
}
