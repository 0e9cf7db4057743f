/* The parts of evidence.txt (report_evidence.c drives, evidence_sides.c
 * says who A, B and the machine are). */
#ifndef REAPBENCH_EVIDENCE_H
#define REAPBENCH_EVIDENCE_H

#include <stdio.h>

#include "compare_fmt.h"
#include "report_facts.h"

/* Limits tests/offline/evidence_limits.t holds every evidence.txt to:
 * one scenario fits 60 lines; each further scenario adds one line to the
 * scenario table, which with its heading costs 4 lines. */
#define RB_EVIDENCE_LINES 60
#define RB_EVIDENCE_LINES_MULTI(n) (RB_EVIDENCE_LINES + 4 + (n))
#define RB_EVIDENCE_CONFIG_NAMES 10	/* differing options named, the rest counted */

/* The calibration's known answer (a shift stated by the spec). */
struct rb_known_shift {
	char metric[64];
	double shift_us;
};

/* "A: <release>, spec <name>, patch "<subject>" (blob <id>)" */
void evidence_side(FILE *f, const char *tag, const struct rb_runset_info *s,
		   const struct facts *fs);
/* "Config: same on A and B" or the options that differ, by name. */
void evidence_config(FILE *f, const struct facts *fa, const struct facts *fb);
/* "Machine: QEMU TCG guest, 2 CPUs, 2 NUMA nodes, HZ 250, PREEMPT_VOLUNTARY" */
void evidence_machine(FILE *f, const struct facts *fs);
/* 1 and *k filled when the side's facts state a known shift. */
int evidence_known_shift(const struct facts *fs, struct rb_known_shift *k);
/* The stored commands without the store's path or any path of this machine. */
void evidence_reproduce(FILE *f, const struct rb_cmp_meta *m);

#endif
