#include "scenario.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ini.h>

#include "common.h"
#include "datadir.h"

int scenario_resolve(const char *name, char *path, size_t len)
{
	char entry[256], where[3 * PATH_MAX];

	if (strchr(name, '/') || strstr(name, ".ini")) {
		snprintf(path, len, "%s", name);
		if (access(path, R_OK))
			return err_msg("%s: scenario file not found\n", name);
		return 0;
	}
	/* a name: workloads/scenarios/NAME.ini in the data directory (datadir.h) */
	if ((size_t)snprintf(entry, sizeof(entry), "workloads/scenarios/%s.ini", name) < sizeof(entry) &&
	    !rb_datadir_find(entry, path, len))
		return 0;
	return err_msg("scenario '%s': no workloads/scenarios/%s.ini in %s (see 'reapbench list')\n",
		       name, name, rb_datadir_describe(where, sizeof(where)));
}

int scenario_set_contenders(struct rb_scenario *sc, const char *list, char *err, size_t len)
{
	char buf[256], shown[64], *tok, *rest;
	int i;

	printable(list, shown, sizeof(shown));
	if (strlen(list) >= sizeof(buf)) {
		snprintf(err, len, "contender list '%s' too long", shown);
		return -1;
	}
	snprintf(buf, sizeof(buf), "%s", list);
	sc->n_contenders = 0;
	for (rest = buf; (tok = strsep(&rest, ","));) {
		const struct rb_contender_ops *c;

		while (isspace((unsigned char)*tok))
			tok++;
		rstrip(tok);
		printable(tok, shown, sizeof(shown));
		if (!*tok) {
			snprintf(err, len, "empty entry in the contender list");
			return -1;
		}
		c = contender_find(tok);
		if (!c) {
			snprintf(err, len, "unknown contender '%s' (see 'reapbench list')", shown);
			return -1;
		}
		for (i = 0; i < sc->n_contenders; i++)
			if (sc->contenders[i] == c) {
				snprintf(err, len, "contender '%s' listed twice", shown);
				return -1;
			}
		if (sc->n_contenders == (int)ARRAY_SIZE(sc->contenders)) {
			snprintf(err, len, "more than %d contenders", (int)ARRAY_SIZE(sc->contenders));
			return -1;
		}
		sc->contenders[sc->n_contenders++] = c;
	}
	return 0;
}

const struct rb_param_def *scenario_param_def(const struct rb_scenario *sc, const char *key)
{
	const struct rb_param_def *d = NULL;
	int i;

	if (sc->shape)
		d = param_def_in(sc->shape->params, key);
	if (!d && sc->trigger)
		d = param_def_in(sc->trigger->params, key);
	for (i = 0; !d && i < sc->n_contenders; i++)
		d = param_def_in(sc->contenders[i]->params, key);
	return d;
}

static void add_keys(const struct rb_param_def *d, char *buf, size_t len)
{
	for (; d && d->name; d++)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", *buf ? ", " : "", d->name);
}

void scenario_keys(const struct rb_scenario *sc, char *buf, size_t len)
{
	int i;

	*buf = 0;
	if (sc->shape)
		add_keys(sc->shape->params, buf, len);
	if (sc->trigger)
		add_keys(sc->trigger->params, buf, len);
	for (i = 0; i < sc->n_contenders; i++)
		add_keys(sc->contenders[i]->params, buf, len);
	if (!*buf)
		snprintf(buf, len, "none");
}

int scenario_check(const struct rb_scenario *sc, int *bad_key, char *err, size_t len)
{
	char shown[48], keys[256], why[200];
	int i;

	*bad_key = -1;
	if (!sc->shape) {
		snprintf(err, len, "key 'shape' missing");
		return -1;
	}
	if (!sc->trigger) {
		snprintf(err, len, "key 'trigger' missing");
		return -1;
	}
	if (sc->runs < 1) {
		snprintf(err, len, "key 'runs' must be at least 1");
		return -1;
	}
	for (i = 0; i < sc->params.n; i++) {
		const struct rb_param_def *d = scenario_param_def(sc, sc->params.key[i]);

		*bad_key = i;
		printable(sc->params.key[i], shown, sizeof(shown));
		if (!d) {
			scenario_keys(sc, keys, sizeof(keys));
			snprintf(err, len, "unknown key '%s' (shape %s, trigger %s%s take: %s)", shown,
				 sc->shape->name, sc->trigger->name,
				 sc->n_contenders ? " and the contenders" : "", keys);
			return -1;
		}
		if (param_value_check(d, sc->params.val[i], NULL, why, sizeof(why))) {
			snprintf(err, len, "key '%s': %s", shown, why);
			return -1;
		}
	}
	*bad_key = -1;
	return 0;
}

/* ---- scenario files ---- */

/* Where each key of a file's scenario was, for messages naming file:line. */
struct sc_lines {
	int section, shape, trigger, contenders, runs;
	int key[RB_MAX_PARAMS];
};

struct load_ctx {
	struct rb_scenario_set *set;
	int first;		/* this file's first scenario in set */
	FILE *f;
	int line;		/* lines read: the line inih hands to on_key */
	int section_line;	/* of the last [section] header */
	struct sc_lines lines[RB_MAX_SCENARIOS];
	int err_line;		/* the first error's line; 0: none yet */
	char err[320];
};

static __attribute__((format(printf, 3, 4))) void note_error(struct load_ctx *c, int line,
							      const char *fmt, ...)
{
	va_list ap;

	if (c->err_line && c->err_line <= line)
		return;	/* only the first error counts */
	c->err_line = line;
	va_start(ap, fmt);
	vsnprintf(c->err, sizeof(c->err), fmt, ap);
	va_end(ap);
}

/*
 * inih's reader: one file line per call, so that inih's line numbers are the
 * file's. A line longer than inih's buffer is an error (its rest is skipped,
 * never parsed as a line of its own).
 */
static char *read_line(char *buf, int size, void *stream)
{
	struct load_ctx *c = stream;
	char *r = fgets(buf, size, c->f);
	const char *s = r;
	int ch;

	if (!r)
		return NULL;
	c->line++;
	if ((int)strlen(buf) == size - 1 && buf[size - 2] != '\n' &&
	    (ch = fgetc(c->f)) != EOF && ch != '\n') {
		while ((ch = fgetc(c->f)) != EOF && ch != '\n')
			;
		note_error(c, c->line, "line longer than %d characters", size - 1);
	}
	while (isspace((unsigned char)*s))
		s++;
	if (*s == '[')
		c->section_line = c->line;
	return r;
}

/* The scenario of section name: the current one, or a new one; NULL on error (noted). */
static struct rb_scenario *section(struct load_ctx *c, const char *name)
{
	struct rb_scenario_set *set = c->set;
	struct rb_scenario *sc;
	char shown[64];
	int i;

	if (set->n > c->first && !strcmp(set->sc[set->n - 1].name, name) &&
	    c->lines[set->n - 1 - c->first].section == c->section_line)
		return &set->sc[set->n - 1];
	printable(name, shown, sizeof(shown));
	for (i = c->first; i < set->n; i++)
		if (!strcmp(set->sc[i].name, name)) {
			note_error(c, c->section_line, "section [%s] given again (first at line %d): "
				   "one name, one scenario", shown, c->lines[i - c->first].section);
			return NULL;
		}
	if (strlen(name) >= sizeof(sc->name)) {
		note_error(c, c->section_line, "section name [%s] longer than %d", shown,
			   (int)sizeof(sc->name) - 1);
		return NULL;
	}
	if (set->n == RB_MAX_SCENARIOS) {
		note_error(c, c->section_line, "more than %d scenarios", RB_MAX_SCENARIOS);
		return NULL;
	}
	sc = &set->sc[set->n++];
	memset(sc, 0, sizeof(*sc));
	memset(&c->lines[set->n - 1 - c->first], 0, sizeof(c->lines[0]));
	c->lines[set->n - 1 - c->first].section = c->section_line;
	snprintf(sc->name, sizeof(sc->name), "%s", name);
	sc->runs = 5;
	return sc;
}

/* A structural key seen twice in one section? Record its line if not. */
static bool once(struct load_ctx *c, int *line, const char *key)
{
	if (*line) {
		note_error(c, c->line, "key '%s' given twice (first at line %d)", key, *line);
		return false;
	}
	*line = c->line;
	return true;
}

static int on_key(void *data, const char *sect, const char *key, const char *val)
{
	struct load_ctx *c = data;
	struct rb_scenario *sc;
	struct sc_lines *l;
	char k[48], v[48], why[200];
	uint64_t runs;
	int i;

	printable(key, k, sizeof(k));
	printable(val, v, sizeof(v));
	if (!*sect) {
		note_error(c, c->line, "key '%s' outside a [scenario] section", k);
		return 1;
	}
	sc = section(c, sect);
	if (!sc)
		return 1;
	l = &c->lines[sc - c->set->sc - c->first];
	if (!strcmp(key, "shape")) {
		if (once(c, &l->shape, key) && !(sc->shape = shape_find(val)))
			note_error(c, c->line, "key 'shape': unknown shape '%s' (see 'reapbench "
				   "list')", v);
	} else if (!strcmp(key, "trigger")) {
		if (once(c, &l->trigger, key) && !(sc->trigger = trigger_find(val)))
			note_error(c, c->line, "key 'trigger': unknown trigger '%s' (see "
				   "'reapbench list')", v);
	} else if (!strcmp(key, "contenders")) {
		if (once(c, &l->contenders, key) &&
		    scenario_set_contenders(sc, val, why, sizeof(why)))
			note_error(c, c->line, "key 'contenders': %s", why);
	} else if (!strcmp(key, "runs")) {
		if (!once(c, &l->runs, key))
			;
		else if (parse_u64(val, &runs) || runs < 1 || runs > 100000)
			note_error(c, c->line, "key 'runs': '%s' is not 1..100000", v);
		else
			sc->runs = (int)runs;
	} else if ((i = params_index(&sc->params, key)) >= 0) {
		note_error(c, c->line, "key '%s' given twice (first at line %d)", k, l->key[i]);
	} else if (params_set(&sc->params, key, val)) {
		note_error(c, c->line, "key '%s': too long a key or value, or more than %d keys",
			   k, RB_MAX_PARAMS);
	} else {
		l->key[sc->params.n - 1] = c->line;
	}
	return 1;	/* go on: an earlier line may hold the first error */
}

int scenario_load_file(const char *path, struct rb_scenario_set *set)
{
	struct load_ctx *c = calloc(1, sizeof(*c));
	int rc = -1, line, i, bad;
	char why[320], name[64];

	if (!c)
		return err_msg("out of memory\n");
	c->set = set;
	c->first = set->n;
	c->f = fopen(path, "re");
	if (!c->f) {
		err_msg("%s: cannot open: %s\n", path, strerror(errno));
		goto out;
	}
	line = ini_parse_stream(read_line, c, on_key, c);
	if (line > 0 && (!c->err_line || line < c->err_line))
		note_error(c, line, "syntax error (expected [name] or key = value)");
	for (i = c->first; i < set->n; i++) {
		struct sc_lines *l = &c->lines[i - c->first];

		printable(set->sc[i].name, name, sizeof(name));
		if ((!set->sc[i].shape && l->shape) || (!set->sc[i].trigger && l->trigger))
			continue;	/* named at its line already */
		if (scenario_check(&set->sc[i], &bad, why, sizeof(why)))
			note_error(c, bad >= 0 ? l->key[bad] : l->section, "[%s]: %s%s", name, why,
				   bad >= 0 && !scenario_param_def(&set->sc[i],
								   set->sc[i].params.key[bad]) ?
				   "; every scenario takes shape, trigger, contenders, runs" : "");
	}
	if (c->err_line) {
		err_msg("%s:%d: %s\n", path, c->err_line, c->err);
		set->n = c->first;
		goto out;
	}
	if (set->n == c->first) {
		err_msg("%s: no scenario in the file\n", path);
		goto out;
	}
	snprintf(set->source, sizeof(set->source), "%s", path);
	rc = 0;
out:
	if (c->f)
		fclose(c->f);
	free(c);
	return rc;
}
