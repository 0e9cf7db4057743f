/*
 * exit_mmap's phases between two lock patterns. A phase metric is assigned
 * by position in the lock sequence (exit_phases.h), so when the two sides of
 * a scenario ran different patterns (exit_flavour) a phase that shrank did
 * not get faster: its work sits in another phase on the other side. This
 * file owns the rule that says when the patterns differ, the class such
 * phase rows get ("moved": out of the families, not judged, not in the exit
 * code), and the sentence that says where the work went. The sum
 * exit_mmap_us keeps its verdict: it is what counts.
 */
#ifndef REAPBENCH_PHASE_MOVES_H
#define REAPBENCH_PHASE_MOVES_H

#include <stddef.h>

#include "compare.h"

#define PHASE_FLAVOUR_METRIC "exit_flavour"
#define PHASE_SUM_METRIC "exit_mmap_us"

/* A phase of exit_mmap as a reader calls it. */
struct rb_phase_words {
	const char *metric, *name, *words;
	int wait;	/* a wait for the lock, not work */
};

/* The phase words of a metric; NULL when the metric is no phase of
 * exit_phases.h (exit_write_hold_us sums write sections across phases and
 * means the same under every pattern: it is no phase and keeps its verdict). */
const struct rb_phase_words *phase_words(const char *metric);

/*
 * The rule: the lock patterns differ when each side has an exit_flavour and
 * the most common one (ties: the first by name) is not the same on both.
 */
int phase_flavours_differ(const char *a, const char *b);

/* Each side's most common flavour and whether they differ, per scenario
 * with an exit_flavour series; filled into c->flavours. 0, or -1 (no memory). */
int phase_flavours_fill(struct rb_cmp *c, const struct rb_series *const *sa, size_t na,
			const struct rb_series *const *sb, size_t nb);

/*
 * Like patterns, a side mixed (like_only): each phase series of such a
 * scenario is replaced, in sa / sb, by a copy cut to the runs of the shared
 * flavour (kept in c->like), so phases compare like with like; exit_mmap_us
 * keeps every run. A run's warm-up is still dropped per boot from the cut
 * series (the first kept run of a boot), which can drop one more run than
 * needed: never one less. 0, or -1 (no memory).
 */
int phase_like_subsets(struct rb_cmp *c, const struct rb_series **sa, size_t na,
		       const struct rb_series **sb, size_t nb);

/* The scenario's flavours, NULL when neither side recorded one. */
const struct rb_flavours *phase_flavours_of(const struct rb_cmp *c, const char *scenario);

/* The row is a phase of a scenario whose lock patterns differ, measured on a side. */
int phase_row_moved(const struct rb_cmp *c, const struct rb_cmp_row *r);

/* "the read-locked unmap moved into the write-locked section" */
void phase_moved_into(char *buf, size_t len, const struct rb_phase_words *from,
		      const struct rb_phase_words *to);

/*
 * The one line a comparison prints for a scenario whose lock patterns
 * differ: each side's flavour, the phases whose medians went down and up
 * (us; a phase the pattern lacks is "absent" and counts as 0 us), where the
 * work moved, and the sum exit_mmap_us with its verdict as what counts.
 * Returns 0 and an empty buf when the patterns do not differ.
 */
int phase_moved_line(const struct rb_cmp *c, const char *scenario, char *buf, size_t len);

/* Like patterns with a mixed side: "Phases over the runs of one lock
 * pattern: exit_flavour read+write in 18 of 20 runs of A and 20 of 20 of B;
 * ..."; 0 and an empty buf otherwise. */
int phase_like_line(const struct rb_cmp *c, const char *scenario, char *buf, size_t len);

/* Whichever of the two applies: what every format prints for the scenario. */
int phase_flavour_line(const struct rb_cmp *c, const char *scenario, char *buf, size_t len);

#endif
