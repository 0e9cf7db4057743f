/* exit_mmap's phases between two lock patterns (phase_moves.h). */
#include "phase_moves.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "exit_phases.h"

/* What a reader calls each phase of exit_phases.h, in the order they run. */
static const struct rb_phase_words words[] = {
	{ "exit_prelock_us", "prelock", "the part before the first lock", 0 },
	{ "exit_handover_us", "handover", "the hand-over before the unmap", 0 },
	{ "exit_read_wait_us", "read_wait", "the wait for the read lock", 1 },
	{ "exit_unmap_us", "unmap", "the read-locked unmap", 0 },
	{ "exit_write_wait_us", "write_wait", "the wait for the write lock", 1 },
	{ "exit_teardown_us", "teardown", "the write-locked section", 0 },
};

const struct rb_phase_words *phase_words(const char *metric)
{
	size_t i;

	if (!exit_phase_find(metric))
		return NULL;
	for (i = 0; i < ARRAY_SIZE(words); i++)
		if (!strcmp(words[i].metric, metric))
			return &words[i];
	return NULL;
}

int phase_flavours_differ(const char *a, const char *b)
{
	return a && b && strcmp(a, b);
}

/* The most common text value of a series (ties: the first by name), its
 * count, and the runs with a text value. */
static const char *dominant(const struct rb_series *s, size_t *hits, size_t *runs)
{
	const char *best = NULL;
	size_t i, j;

	*hits = *runs = 0;
	for (i = 0; s && i < s->n; i++) {
		size_t n = 0;

		if (!s->o[i].text)
			continue;
		(*runs)++;
		for (j = 0; j < s->n; j++)
			n += s->o[j].text && !strcmp(s->o[j].text, s->o[i].text);
		if (n > *hits || (n == *hits && strcmp(s->o[i].text, best) < 0)) {
			*hits = n;
			best = s->o[i].text;
		}
	}
	return best;
}

static const struct rb_series *find_flavour(const struct rb_series *const *s, size_t n,
					    const char *scenario)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(s[i]->metric, PHASE_FLAVOUR_METRIC) && !strcmp(s[i]->scenario, scenario))
			return s[i];
	return NULL;
}

/* The scenario's entry, added when new (the array holds one per series). */
static struct rb_flavours *flavours_get(struct rb_cmp *c, const char *scenario)
{
	size_t i;

	for (i = 0; i < c->n_flavours; i++)
		if (!strcmp(c->flavours[i].scenario, scenario))
			return &c->flavours[i];
	c->flavours[c->n_flavours].scenario = scenario;
	return &c->flavours[c->n_flavours++];
}

int phase_flavours_fill(struct rb_cmp *c, const struct rb_series *const *sa, size_t na,
			const struct rb_series *const *sb, size_t nb)
{
	size_t i;

	c->flavours = calloc(na + nb + 1, sizeof(*c->flavours));
	if (!c->flavours)
		return err_msg("out of memory\n");
	for (i = 0; i < na + nb; i++) {
		const struct rb_series *s = i < na ? sa[i] : sb[i - na];
		struct rb_flavours *fl;

		if (strcmp(s->metric, PHASE_FLAVOUR_METRIC))
			continue;
		fl = flavours_get(c, s->scenario);
		if (i < na)
			fl->a = dominant(s, &fl->a_hits, &fl->a_runs);
		else
			fl->b = dominant(s, &fl->b_hits, &fl->b_runs);
	}
	for (i = 0; i < c->n_flavours; i++) {
		struct rb_flavours *fl = &c->flavours[i];

		fl->differ = phase_flavours_differ(fl->a, fl->b);
		/* one pattern on both sides, but a side also ran another */
		fl->like_only = fl->a && fl->b && !fl->differ &&
			(fl->a_hits < fl->a_runs || fl->b_hits < fl->b_runs);
	}
	return 0;
}

/* The run's exit_flavour is f (fs: the side's flavour series). */
static int run_has(const struct rb_series *fs, int64_t run, const char *f)
{
	size_t i;

	for (i = 0; fs && i < fs->n; i++)
		if (fs->o[i].run == run)
			return fs->o[i].text && !strcmp(fs->o[i].text, f);
	return 0;
}

static int cut_to_flavour(struct rb_cmp *c, int side, const struct rb_series *const *s, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		const struct rb_flavours *fl = phase_flavours_of(c, s[i]->scenario);
		const struct rb_series *fs;
		struct rb_sweep_point pt = { s[i]->sweep_param, s[i]->sweep_value,
					     s[i]->sweep2_param, s[i]->sweep2_value };

		if (!fl || !fl->like_only || !exit_phase_find(s[i]->metric))
			continue;
		fs = find_flavour(s, n, s[i]->scenario);
		/* the display key as scenario: it keeps the point's name as stored */
		if (!sample_series(&c->like[side], s[i]->scenario, &pt, s[i]->metric))
			return err_msg("out of memory\n");
		for (j = 0; j < s[i]->n; j++)
			if (run_has(fs, s[i]->o[j].run, fl->a) &&
			    sample_add_obs(&c->like[side], s[i]->scenario, &pt, s[i]->metric,
					   &s[i]->o[j]))
				return -1;
	}
	return 0;
}

/* Point a side's phase series at their cut copies (after all are made: the
 * copies' array may move while it grows). */
static void use_cut(const struct rb_sample *like, const struct rb_series **s, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++)
		for (k = 0; k < like->n; k++)
			if (!strcmp(like->s[k].scenario, s[i]->scenario) &&
			    !strcmp(like->s[k].metric, s[i]->metric))
				s[i] = &like->s[k];
}

int phase_like_subsets(struct rb_cmp *c, const struct rb_series **sa, size_t na,
		       const struct rb_series **sb, size_t nb)
{
	if (cut_to_flavour(c, 0, sa, na) || cut_to_flavour(c, 1, sb, nb))
		return -1;
	use_cut(&c->like[0], sa, na);
	use_cut(&c->like[1], sb, nb);
	return 0;
}

const struct rb_flavours *phase_flavours_of(const struct rb_cmp *c, const char *scenario)
{
	size_t i;

	for (i = 0; i < c->n_flavours; i++)
		if (!strcmp(c->flavours[i].scenario, scenario))
			return &c->flavours[i];
	return NULL;
}

int phase_row_moved(const struct rb_cmp *c, const struct rb_cmp_row *r)
{
	const struct rb_flavours *fl;

	if (r->is_text || !exit_phase_find(r->metric) || (!r->a.d.n && !r->b.d.n))
		return 0;
	fl = phase_flavours_of(c, r->scenario);
	return fl && fl->differ;
}

void phase_moved_into(char *buf, size_t len, const struct rb_phase_words *from,
		      const struct rb_phase_words *to)
{
	snprintf(buf, len, "%s moved into %s", from->words, to->words);
}

/* A phase's median on one side; a phase the side's pattern lacks is 0 us. */
static double side_us(const struct rb_side *s)
{
	return s->d.n ? s->d.median : 0;
}

static void side_text(char *buf, size_t len, const struct rb_side *s)
{
	if (s->d.n)
		snprintf(buf, len, "%.0f", s->d.median);
	else
		snprintf(buf, len, "absent");
}

/* "unmap -905 us (912 -> 7), " for every phase moving in direction dir */
static size_t list_phases(const struct rb_cmp *c, const char *scenario, int dir, char *buf,
			  size_t len, const struct rb_phase_words **most)
{
	size_t i, o = 0, n = 0;
	double best = 0;

	*buf = 0;
	*most = NULL;
	for (i = 0; i < c->n; i++) {
		const struct rb_cmp_row *r = &c->rows[i];
		const struct rb_phase_words *w;
		double d;
		char a[32], b[32];

		if (strcmp(r->scenario, scenario) || !phase_row_moved(c, r))
			continue;
		d = side_us(&r->b) - side_us(&r->a);
		if (!(d * dir > 0))
			continue;
		w = phase_words(r->metric);
		side_text(a, sizeof(a), &r->a);
		side_text(b, sizeof(b), &r->b);
		if (o < len)
			o += snprintf(buf + o, len - o, "%s%s %+.0f us (%s -> %s)", n++ ? ", " : "",
				      w ? w->name : r->metric, d, a, b);
		/* the work, not a wait, that moved most says where it went */
		if (w && !w->wait && fabs(d) > best) {
			best = fabs(d);
			*most = w;
		}
	}
	return n;
}

int phase_like_line(const struct rb_cmp *c, const char *scenario, char *buf, size_t len)
{
	const struct rb_flavours *fl = phase_flavours_of(c, scenario);

	*buf = 0;
	if (!fl || !fl->like_only)
		return 0;
	snprintf(buf, len, "Phases over the runs of one lock pattern: exit_flavour %s in %zu of "
		 "%zu runs of A and %zu of %zu of B; the other runs count in %s only.", fl->a,
		 fl->a_hits, fl->a_runs, fl->b_hits, fl->b_runs, PHASE_SUM_METRIC);
	return 1;
}

int phase_flavour_line(const struct rb_cmp *c, const char *scenario, char *buf, size_t len)
{
	return phase_moved_line(c, scenario, buf, len) || phase_like_line(c, scenario, buf, len);
}

int phase_moved_line(const struct rb_cmp *c, const char *scenario, char *buf, size_t len)
{
	const struct rb_flavours *fl = phase_flavours_of(c, scenario);
	const struct rb_phase_words *down_w, *up_w;
	const struct rb_cmp_row *sum = NULL;
	char down[400], up[400], into[160] = "", total[160];
	size_t i, nd, nu;

	*buf = 0;
	if (!fl || !fl->differ)
		return 0;
	nd = list_phases(c, scenario, -1, down, sizeof(down), &down_w);
	nu = list_phases(c, scenario, 1, up, sizeof(up), &up_w);
	for (i = 0; i < c->n && !sum; i++)
		if (!strcmp(c->rows[i].scenario, scenario) &&
		    !strcmp(c->rows[i].metric, PHASE_SUM_METRIC))
			sum = &c->rows[i];
	if (down_w && up_w) {
		phase_moved_into(into, sizeof(into), down_w, up_w);
		snprintf(into + strlen(into), sizeof(into) - strlen(into), "; ");
	}
	if (sum && sum->a.d.n && sum->b.d.n)
		snprintf(total, sizeof(total), "%+.0f us (%.0f -> %.0f), %s", sum->b.d.median -
			 sum->a.d.median, sum->a.d.median, sum->b.d.median,
			 rb_verdict_names[sum->verdict]);
	else
		snprintf(total, sizeof(total), "not measured on both sides");
	snprintf(buf, len, "Work moved: the lock pattern differs (exit_flavour A %s, %zu of %zu "
		 "runs; B %s, %zu of %zu), so the phases are not judged (class moved). Medians: "
		 "down %s; up %s; %stheir sum %s is what counts: %s.", fl->a, fl->a_hits,
		 fl->a_runs, fl->b, fl->b_hits, fl->b_runs, nd ? down : "none",
		 nu ? up : "none", into, PHASE_SUM_METRIC, total);
	return 1;
}
