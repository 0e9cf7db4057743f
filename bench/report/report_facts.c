/*
 * A run set's info_json (the `reapbench info --json` facts and the kernel
 * spec stored with it) flattened to "a.b.c = value" facts, and the wrapping
 * that evidence.txt and appendix.txt share.
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "compare_fmt.h"
#include "report_facts.h"

static void facts_add(struct facts *fs, const char *key, const char *val)
{
	struct fact *p = realloc(fs->f, (fs->n + 1) * sizeof(*p));

	if (!p)
		return;
	fs->f = p;
	p[fs->n].key = strdup(key);
	p[fs->n].val = strdup(val);
	if (p[fs->n].key && p[fs->n].val)
		fs->n++;
}

static void flatten(struct facts *fs, const char *prefix, json_t *j)
{
	char key[256], val[512];
	const char *k;
	json_t *v;
	size_t i;

	switch (json_typeof(j)) {
	case JSON_OBJECT:
		json_object_foreach(j, k, v) {
			snprintf(key, sizeof(key), "%s%s%s", prefix, *prefix ? "." : "", k);
			flatten(fs, key, v);
		}
		return;
	case JSON_ARRAY:
		/* a list of names (tracepoints) reads best joined */
		val[0] = 0;
		json_array_foreach(j, i, v) {
			if (json_is_object(v) || json_is_array(v)) {
				snprintf(key, sizeof(key), "%s[%zu]", prefix, i);
				flatten(fs, key, v);
				continue;
			}
			if (json_is_string(v) && strlen(val) + strlen(json_string_value(v)) + 3 < sizeof(val))
				snprintf(val + strlen(val), sizeof(val) - strlen(val), "%s%s",
					 *val ? ", " : "", json_string_value(v));
		}
		if (*val)
			facts_add(fs, prefix, val);
		return;
	case JSON_STRING:
		facts_add(fs, prefix, json_string_value(j));
		return;
	case JSON_INTEGER:
		snprintf(val, sizeof(val), "%lld", (long long)json_integer_value(j));
		break;
	case JSON_REAL:
		snprintf(val, sizeof(val), "%g", json_real_value(j));
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		snprintf(val, sizeof(val), "%s", json_is_true(j) ? "yes" : "no");
		break;
	default:
		return;
	}
	facts_add(fs, prefix, val);
}

void facts_load(struct facts *fs, const char *info_json)
{
	json_t *j = info_json ? json_loads(info_json, 0, NULL) : NULL;

	memset(fs, 0, sizeof(*fs));
	if (j)
		flatten(fs, "", j);
	json_decref(j);
}

void facts_free(struct facts *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++) {
		free(fs->f[i].key);
		free(fs->f[i].val);
	}
	free(fs->f);
}

const char *facts_get(const struct facts *fs, const char *key)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (!strcmp(fs->f[i].key, key))
			return fs->f[i].val;
	return NULL;
}

/* fnmatch patterns against the flattened key */
int key_has(const char *key, const char *const *pats)
{
	for (; *pats; pats++)
		if (!fnmatch(*pats, key, 0))
			return 1;
	return 0;
}

/* Next word of a wrapped text: up to a blank, or through a comma, so long
 * comma lists break between items. */
static size_t word_len(const char *p)
{
	size_t w = 0;

	while (p[w] && p[w] != ' ')
		if (p[w++] == ',')
			break;
	return w;
}

/* "<indent><label><sep>text" wrapped at 72 columns, continuation lines
 * indented, no trailing blanks; a word longer than a line is split. */
void wrap_sep(FILE *f, const char *indent, const char *label, const char *sep,
		     const char *text)
{
	wrap_hang(f, indent, label, sep, text, 0);
}

void wrap_hang(FILE *f, const char *indent, const char *label, const char *sep,
	       const char *text, size_t hang)
{
	size_t col = (size_t)fprintf(f, "%s%.60s%s", indent, label, sep);
	size_t cont = hang ? hang : col < 40 ? col : 8, w;
	const char *p = text;
	int blank = 0;

	for (; *p; p += w) {
		if (*p == ' ') {
			blank = 1;
			w = 1;
			continue;
		}
		w = word_len(p);
		if (col > cont && col + blank + w > RB_TEXT_COLS) {
			fprintf(f, "\n%*s", (int)cont, "");
			col = cont;
			blank = 0;
		}
		if (blank)
			fputc(' ', f), col++;
		blank = 0;
		while (col + w > RB_TEXT_COLS) {
			size_t room = RB_TEXT_COLS - col;

			fwrite(p, 1, room, f);
			p += room;
			w -= room;
			fprintf(f, "\n%*s", (int)cont, "");
			col = cont;
		}
		fwrite(p, 1, w, f);
		col += w;
	}
	fputc('\n', f);
}

void wrap(FILE *f, const char *indent, const char *label, const char *text)
{
	wrap_sep(f, indent, label, ": ", text);
}

void section(FILE *f, const char *title)
{
	fprintf(f, "\n%s\n", title);
	for (size_t i = 0; i < strlen(title); i++)
		fputc('-', f);
	fputc('\n', f);
}

