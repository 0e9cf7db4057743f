/*
 * appendix.txt: what evidence.txt refers to and leaves out: every recorded
 * fact of both run sets (full kernel config, spec and patch texts, paths,
 * command lines), the tracepoints, the method in full, the reproducing
 * commands with the store's path, and every metric's row including the tool
 * counters. Facts come from each run set's info_json, read generically so
 * new facts show up without code here: every scalar flattens to "a.b.c".
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "argv.h"
#include "common.h"
#include "compare_fmt.h"
#include "metric_table.h"
#include "report.h"
#include "report_facts.h"

static const char *const kernel_words[] = { "*cmdline", "*config*", "kernel_*", "kernel.*",
					    NULL };
static const char *const machine_words[] = { "cpu*", "mem*", "numa*", "thp*", "cgroup*",
					     "machine*", "hostname", "arch*", NULL };
static const char *const trace_words[] = { "tracing.*", "process_mrelease", "*tracepoint*",
					   "*events*", NULL };
/* facts that differ between any two runs and say nothing about the kernel */
static const char *const volatile_words[] = { "*time*", "*date*", "*uptime*", "*free*",
					      "*pid*", NULL };

/* A multi-line value (a config, a patch) verbatim under its key: wrapping
 * would break its lines apart. */
static void fact_out(FILE *f, const char *indent, const char *key, const char *val)
{
	const char *p, *nl;

	if (!strchr(val, '\n')) {
		wrap(f, indent, key, val);
		return;
	}
	fprintf(f, "%s%s:\n", indent, key);
	for (p = val; *p; p = nl ? nl + 1 : p + strlen(p)) {
		nl = strchr(p, '\n');
		fprintf(f, "%s    %.*s\n", indent, (int)(nl ? nl - p : (long)strlen(p)), p);
		if (!nl)
			break;
	}
}

static void side_facts(FILE *f, const char *tag, const struct rb_runset_info *s)
{
	char head[512];

	snprintf(head, sizeof(head), "%s (#%lld), kernel %s, started %s, %d valid runs, "
		 "%d invalid%s%s%s", s->label, (long long)s->id,
		 s->kernel_release ? s->kernel_release : "?", s->started_at ? s->started_at : "?",
		 s->runs_valid, s->runs_invalid, s->invalid_reason ? " (" : "",
		 s->invalid_reason ? s->invalid_reason : "", s->invalid_reason ? ")" : "");
	wrap(f, "  ", tag, head);
}

/* Kernel facts recorded identically on both sides, said once. */
static void kernel_common(FILE *f, const struct facts *a, const struct facts *b)
{
	size_t i;
	int any = 0;

	for (i = 0; i < a->n; i++) {
		const char *vb = facts_get(b, a->f[i].key);

		if (!key_has(a->f[i].key, kernel_words) || key_has(a->f[i].key, volatile_words) ||
		    !vb || strcmp(vb, a->f[i].val))
			continue;
		if (!any++)
			fprintf(f, "  same on A and B:\n");
		fact_out(f, "    ", a->f[i].key, a->f[i].val);
	}
}

/* What differs between A and B, each side's value in full. */
static void facts_diff(FILE *f, const struct facts *a, const struct facts *b)
{
	size_t i, shown = 0;

	for (i = 0; i < a->n; i++) {
		const char *vb = facts_get(b, a->f[i].key);
		char key[300];

		if (key_has(a->f[i].key, volatile_words) || (vb && !strcmp(vb, a->f[i].val)))
			continue;
		shown++;
		snprintf(key, sizeof(key), "A %s", a->f[i].key);
		fact_out(f, "    ", key, a->f[i].val);
		snprintf(key, sizeof(key), "B %s", a->f[i].key);
		fact_out(f, "    ", key, vb ? vb : "(not recorded)");
	}
	for (i = 0; i < b->n; i++)
		if (!facts_get(a, b->f[i].key) && !key_has(b->f[i].key, volatile_words)) {
			char key[300];

			shown++;
			snprintf(key, sizeof(key), "B only %s", b->f[i].key);
			fact_out(f, "    ", key, b->f[i].val);
		}
	if (!shown)
		fprintf(f, "    none: A and B were recorded with the same facts\n");
}

/* One significant row: verdict and metric, then the numbers behind it. */
static void sig_line(FILE *f, const struct rb_cmp_row *r, const char **scen)
{
	char ch[24], a[24], b[24], r1[16], lo[16], hi[16], p[16];
	const struct rb_metric_def *d = metric_def_find(r->metric);
	/* counts read better without a unit */
	const char *u = d && d->unit != RB_UNIT_COUNT ? metric_unit_name(d->unit) : "";

	if (!*scen || strcmp(*scen, r->scenario)) {
		*scen = r->scenario;
		put_line(f, "  %s:", r->scenario);
	}
	fmt_change(ch, sizeof(ch), r);
	snprintf(p, sizeof(p), "%.2g", r->p_family);
	put_line(f, "    %-9s %s%s%s  %s  p(%s) %s", rb_verdict_names[r->verdict], r->metric,
		 r->is_text ? "=" : "", r->is_text ? r->hit : "", ch,
		 r->family == FAMILY_PRIMARY ? "Holm" : r->family == FAMILY_SECONDARY ? "BH" : "raw", p);
	if (r->is_text) {
		fmt_pct(a, sizeof(a), r->a.share);
		fmt_pct(b, sizeof(b), r->b.share);
		put_line(f, "              share of runs %s -> %s (per-boot shares)", a, b);
		return;
	}
	fmt_num(a, 11, r->a.d.median);
	fmt_num(b, 11, r->b.d.median);
	/* a ratio to a base near zero (0.28 -> 119 us) says nothing: no B/A then */
	if (!(fabs(r->a.d.median) > 0) || fabs(r->b.d.median) > 10 * fabs(r->a.d.median) ||
	    fabs(r->b.d.median) < fabs(r->a.d.median) / 10) {
		put_line(f, "              median %s -> %s%s%s", a, b, *u ? " " : "", u);
		return;
	}
	put_line(f, "              median %s -> %s%s%s, B/A %s [%s, %s]", a, b, *u ? " " : "", u,
		 fmt_ratio(r1, sizeof(r1), r->ci.ratio), fmt_ratio(lo, sizeof(lo), r->ci.lo),
		 fmt_ratio(hi, sizeof(hi), r->ci.hi));
}

#define EVENTS "tracing.events."

/* "tracing.events.<sys:name>: yes/no" as two lists: what a mail reader scans.
 * Returns the label of the last list printed (static), NULL when none was. */
static const char *trace_lists(FILE *f, const struct facts *fs)
{
	static const char *const labels[] = { "used", "missing" };
	const char *any = NULL;
	char list[4096];
	size_t i, k;

	for (k = 0; k < 2; k++) {
		list[0] = 0;
		for (i = 0; i < fs->n; i++) {
			const char *key = fs->f[i].key;

			if (strncmp(key, EVENTS, strlen(EVENTS)) ||
			    (!strcmp(fs->f[i].val, "yes")) != !k)
				continue;
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
				 *list ? ", " : "", key + strlen(EVENTS));
		}
		if (*list)
			wrap(f, "  ", any = labels[k], list);
	}
	return any;
}

/* "ECDF A vs B: exit_mmap_us, kill_to_reaped_us, flagged rows" */
static const char *ecdf_what(char *buf, size_t len)
{
	const struct rb_metric_def *d;
	size_t i, o = snprintf(buf, len, "ECDF A vs B:");

	for (i = 0; (d = metric_def_at(i)) && o < len; i++)
		if (fig_ecdf_always(d))
			o += snprintf(buf + o, len - o, " %s,", d->name);
	if (o < len)
		snprintf(buf + o, len - o, " flagged rows");
	return buf;
}

/* The plots by family: a mail names what is attached, not 40 file names. */
static void plot_families(FILE *f, const struct rb_plotter *p)
{
	char ecdf[160];
	const struct {
		const char *prefix, *what;
	} fam[] = {
		{ "phases", "exit_mmap phases stacked, A vs B" },
		{ "outcome", "oom_reaper outcome shares" },
		{ "box-", "box per scenario, one per metric" },
		{ "sweep-", "median and IQR over the swept parameter" },
		{ "heatmap-", "2-D sweep grid: median (B/A with two sets)" },
		{ "ecdf-", ecdf_what(ecdf, sizeof(ecdf)) },
	};
	size_t i, k;

	section(f, "Plots (each as .png and .svg, data in data/)");
	for (k = 0; k < ARRAY_SIZE(fam); k++) {
		size_t n = 0;
		const char *one = NULL;

		for (i = 0; i < p->n_made; i++)
			if (!strncmp(p->made[i], fam[k].prefix, strlen(fam[k].prefix)))
				n++, one = p->made[i];
		if (n == 1)
			put_line(f, "  %s.png: %s", one, fam[k].what);
		else if (n > 1)
			put_line(f, "  %s*.png (%zu): %s", fam[k].prefix, n, fam[k].what);
	}
}

int report_appendix(FILE *f, const struct rb_cmp *c, const struct rb_cmp_meta *m,
		    const struct rb_plotter *plots)
{
	struct facts fa, fb;
	size_t i, nsig = 0;
	const char *v;

	facts_load(&fa, m->a->info_json);
	facts_load(&fb, m->b->info_json);
	put_line(f, "reapbench appendix to evidence.txt: A = %s vs B = %s", m->a->label,
		 m->b->label);
	put_line(f, "(reapbench %s, %s)", REAPBENCH_VERSION, REAPBENCH_GIT);

	section(f, "Kernels");
	side_facts(f, "A", m->a);
	side_facts(f, "B", m->b);
	kernel_common(f, &fa, &fb);
	fprintf(f, "  differences in the recorded facts (A -> B):\n");
	facts_diff(f, &fa, &fb);

	section(f, "Machine (as recorded with A)");
	for (i = 0, v = NULL; i < fa.n; i++)
		if (key_has(fa.f[i].key, machine_words) && !key_has(fa.f[i].key, volatile_words) &&
		    !key_has(fa.f[i].key, kernel_words))
			fact_out(f, "  ", fa.f[i].key, v = fa.f[i].val);
	if (!v)
		fprintf(f, "  not recorded (run set stored without info facts)\n");

	section(f, "Tracepoints");
	v = trace_lists(f, &fa);
	for (i = 0; i < fa.n; i++)
		if (key_has(fa.f[i].key, trace_words) && strncmp(fa.f[i].key, EVENTS, strlen(EVENTS)))
			wrap(f, "  ", fa.f[i].key, v = fa.f[i].val);
	if (!v)
		wrap(f, "  ", "expected", "mmap_lock:{start_locking,acquire_returned,released}, "
		     "mmap:exit_mmap, lock:contention_{begin,end}, oom:{mark_victim,wake_reaper,"
		     "start_task_reaping,finish_task_reaping,skip_task_reaping}, "
		     "sched:sched_process_exit, signal:signal_generate, "
		     "syscalls:sys_{enter,exit}_process_mrelease (not recorded with A)");

	section(f, "Method");
	compare_print_method(f, c, m, "  ");
	fprintf(f, "  n per side (valid runs):\n");
	for (i = 0; i < c->n; i++) {
		size_t j, na = 0, nb = 0;

		if (i && !strcmp(c->rows[i - 1].scenario, c->rows[i].scenario))
			continue;
		/* runs of the scenario: the most any of its metrics saw, absent included */
		for (j = i; j < c->n && !strcmp(c->rows[j].scenario, c->rows[i].scenario); j++) {
			const struct rb_cmp_row *r = &c->rows[j];
			size_t a = r->a.absent + (r->is_text ? r->a.total : r->a.d.n);
			size_t b = r->b.absent + (r->is_text ? r->b.total : r->b.d.n);

			na = a > na ? a : na;
			nb = b > nb ? b : nb;
		}
		put_line(f, "    %s: A %zu, B %zu", c->rows[i].scenario, na, nb);
	}

	section(f, "Reproduce");
	{
		char seed[24], ida[24], idb[24], *words[12], *cmd;
		int n = 0;

		/* ids, not labels: a label may be reused by a later run set */
		snprintf(seed, sizeof(seed), "%lu", c->cfg.seed);
		snprintf(ida, sizeof(ida), "#%lld", (long long)m->a->id);
		snprintf(idb, sizeof(idb), "#%lld", (long long)m->b->id);
		words[n++] = "--db";
		words[n++] = (char *)m->db_path;
		if (m->scenario_glob) {
			words[n++] = "--scenario";
			words[n++] = (char *)m->scenario_glob;
		}
		if (m->metric_glob) {
			words[n++] = "--metric";
			words[n++] = (char *)m->metric_glob;
		}
		words[n++] = "--seed";
		words[n++] = seed;
		words[n++] = ida;
		words[n++] = idb;
		cmd = rb_argv_join("reapbench compare", n, words);
		if (!cmd)
			return -1;
		wrap_sep(f, "  ", "$", " ", cmd);
		free(cmd);
		if (m->reproduce)
			wrap_sep(f, "  ", "$", " ", m->reproduce);
	}

	section(f, "Significant changes (regressions first; B/A: ratio of medians, CI95)");
	{
		static const enum rb_verdict order[] = { VERDICT_REGRESSED, VERDICT_IMPROVED,
							 VERDICT_CHANGED };
		const char *scen = NULL;
		size_t k;

		for (k = 0; k < ARRAY_SIZE(order); k++)
			for (i = 0; i < c->n; i++)
				if (c->rows[i].verdict == order[k])
					sig_line(f, &c->rows[i], &scen), nsig++;
	}
	if (!nsig)
		fprintf(f, "  none: no row is significant after Holm (primary) / BH (secondary)\n");

	section(f, "All metrics (per-side n, mean, stddev, CoV, p90, p99: compare.txt)");
	compare_print_brief_rows(f, c);

	if (plots && plots->n_made)
		plot_families(f, plots);
	facts_free(&fa);
	facts_free(&fb);
	return 0;
}
