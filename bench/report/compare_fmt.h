/* Output formats of a comparison: text, brief, lkp, md (72 columns), csv, json. */
#ifndef REAPBENCH_COMPARE_FMT_H
#define REAPBENCH_COMPARE_FMT_H

#include <stdio.h>

#include <jansson.h>

#include "compare.h"
#include "store_query.h"

#define RB_TEXT_COLS 72

/* What the output says about where the numbers came from. */
struct rb_race_designs;

struct rb_cmp_meta {
	const struct rb_runset_info *a, *b;
	const char *db_path;
	const char *reproduce;	/* the command line that reproduces the output */
	const char *scenario_glob, *metric_glob;	/* the filters, NULL: all */
	const char *pairing;	/* non-empty: how differently named scenarios were paired */
	const struct rb_sample *sa, *sb;	/* the values (per-boot medians), NULL: none */
	/* report: the race per run set (race_designs.h), NULL or no rows: none */
	const struct rb_race_designs *designs;
};

/* -1 for an unknown format name. */
int compare_print(FILE *f, const char *format, const struct rb_cmp *c,
		  const struct rb_cmp_meta *m);
int compare_format_known(const char *format);

/* The machine formats (compare_json.c). */
int compare_print_json(FILE *f, const struct rb_cmp *c, const struct rb_cmp_meta *m);
int compare_print_csv(FILE *f, const struct rb_cmp *c, const struct rb_cmp_meta *m);

/* The comparison as a JSON object (units in keys); caller json_decref()s. */
json_t *compare_json(const struct rb_cmp *c, const struct rb_cmp_meta *m);
/* A number as JSON: full precision; NaN null; +-inf the strings "inf" / "-inf". */
json_t *compare_json_num(double v);

/* Number into at most `width` characters ("-" for NaN); returns buf. */
char *fmt_num(char *buf, size_t width, double v);
/* fraction as "12.34%", ratio as "0.912"; "-" when undefined */
char *fmt_pct(char *buf, size_t len, double frac);
char *fmt_ratio(char *buf, size_t len, double v);
/* "+12.34%" style relative change (or "+5.0pt" for shares) into buf; the
 * absolute change in the metric's unit ("+118 us") when A's median is zero
 * or B's is more than 10x away from it. */
char *fmt_change(char *buf, size_t len, const struct rb_cmp_row *r);
/* Units for people: the unit microseconds read best in at this size, and
 * the divisor from microseconds ("ms", 1000). */
const char *unit_for_us(double max_abs_us, double *div);
/* v / div with three significant digits ("1.04", "+104"); "-" if not finite. */
char *fmt_in(char *buf, size_t len, double v, double div, int sign);
/* v in its metric unit scaled for people: "1.04 ms", "+118 us", "256 MiB", "4". */
char *fmt_qty(char *buf, size_t len, double v, enum rb_metric_unit unit, int sign);
/* Significant after Holm and beyond the noise floor. */
int row_flagged(const struct rb_cmp_row *r);
/* Print the "#"-prefixed header naming both sides and the decision rule. */
void compare_print_header(FILE *f, const struct rb_cmp *c, const struct rb_cmp_meta *m,
			  const char *prefix);
/* The same without the two side lines: pairing, tests, Holm, bootstrap, verdicts. */
void compare_print_method(FILE *f, const struct rb_cmp *c, const struct rb_cmp_meta *m,
			  const char *prefix);

/* One row per metric (median or share, change, Holm p): the brief format. */
void compare_print_brief_rows(FILE *f, const struct rb_cmp *c);
/* The mmtests-like rows of the text format, without the header. */
void compare_print_text_rows(FILE *f, const struct rb_cmp *c);
/* printf one line cut at RB_TEXT_COLS ("~" marks a cut), trailing blanks dropped. */
void put_line(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
