/* Run-set facts flattened from info_json, and 72-column wrapping. */
#ifndef REAPBENCH_REPORT_FACTS_H
#define REAPBENCH_REPORT_FACTS_H

#include <stddef.h>
#include <stdio.h>

struct fact {
	char *key, *val;
};

struct facts {
	struct fact *f;
	size_t n;
};

/* Every scalar of info_json as "a.b.c" -> text; arrays of strings joined. */
void facts_load(struct facts *fs, const char *info_json);
void facts_free(struct facts *fs);
/* The value of one key, NULL when not recorded. */
const char *facts_get(const struct facts *fs, const char *key);
/* The key matches one of the NULL-terminated fnmatch patterns. */
int key_has(const char *key, const char *const *pats);
/* "<indent><label><sep>text" wrapped at RB_TEXT_COLS, continuation indented. */
void wrap_sep(FILE *f, const char *indent, const char *label, const char *sep, const char *text);
/* The same with continuation lines indented by `hang` columns (0: under the text). */
void wrap_hang(FILE *f, const char *indent, const char *label, const char *sep,
	       const char *text, size_t hang);
void wrap(FILE *f, const char *indent, const char *label, const char *text);
/* A blank line, the title and a line of dashes under it. */
void section(FILE *f, const char *title);

#endif
