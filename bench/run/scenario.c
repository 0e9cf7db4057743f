#include "scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ini.h>

#include "common.h"

int scenario_resolve(const char *name, char *path, size_t len)
{
	const char *dirs[] = { "workloads/scenarios", REAPBENCH_DATADIR "/scenarios" };
	size_t i;

	if (strchr(name, '/') || strstr(name, ".ini")) {
		snprintf(path, len, "%s", name);
		if (access(path, R_OK))
			return err_msg("%s: scenario file not found\n", name);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		snprintf(path, len, "%s/%s.ini", dirs[i], name);
		if (!access(path, R_OK))
			return 0;
	}
	return err_msg("scenario '%s' not found in ./workloads/scenarios or %s/scenarios "
		       "(see 'reapbench list')\n", name, REAPBENCH_DATADIR);
}

int scenario_set_contenders(struct rb_scenario *sc, const char *list)
{
	char buf[256], *tok, *save;

	snprintf(buf, sizeof(buf), "%s", list);
	sc->n_contenders = 0;
	for (tok = strtok_r(buf, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		const struct rb_contender_ops *c = contender_find(tok);

		if (!c)
			return err_msg("unknown contender '%s' (see 'reapbench list')\n", tok);
		if (sc->n_contenders == (int)ARRAY_SIZE(sc->contenders))
			return err_msg("too many contenders\n");
		sc->contenders[sc->n_contenders++] = c;
	}
	return 0;
}

struct load_ctx {
	struct rb_scenario_set *set;
	const char *path;
	char error[256];
};

static struct rb_scenario *section(struct load_ctx *c, const char *name)
{
	struct rb_scenario_set *set = c->set;
	struct rb_scenario *sc;

	if (set->n && !strcmp(set->sc[set->n - 1].name, name))
		return &set->sc[set->n - 1];
	if (set->n == RB_MAX_SCENARIOS)
		return NULL;
	sc = &set->sc[set->n++];
	memset(sc, 0, sizeof(*sc));
	snprintf(sc->name, sizeof(sc->name), "%s", name);
	sc->runs = 5;
	return sc;
}

static int on_key(void *data, const char *sect, const char *key, const char *val)
{
	struct load_ctx *c = data;
	struct rb_scenario *sc;
	long runs;

	if (!*sect) {
		snprintf(c->error, sizeof(c->error), "key '%s' outside a [scenario] section", key);
		return 0;
	}
	sc = section(c, sect);
	if (!sc) {
		snprintf(c->error, sizeof(c->error), "more than %d scenarios", RB_MAX_SCENARIOS);
		return 0;
	}
	if (!strcmp(key, "shape")) {
		if (!(sc->shape = shape_find(val)))
			snprintf(c->error, sizeof(c->error), "key 'shape': unknown shape '%s'", val);
	} else if (!strcmp(key, "trigger")) {
		if (!(sc->trigger = trigger_find(val)))
			snprintf(c->error, sizeof(c->error), "key 'trigger': unknown trigger '%s'",
				 val);
	} else if (!strcmp(key, "contenders")) {
		if (scenario_set_contenders(sc, val))
			snprintf(c->error, sizeof(c->error), "key 'contenders': bad list '%s'", val);
	} else if (!strcmp(key, "runs")) {
		if (parse_long(val, 1, 100000, &runs))
			snprintf(c->error, sizeof(c->error), "key 'runs': '%s' is not 1..100000",
				 val);
		else
			sc->runs = (int)runs;
	} else if (params_set(&sc->params, key, val)) {
		snprintf(c->error, sizeof(c->error), "key '%s': too many or too long parameters",
			 key);
	}
	return c->error[0] ? 0 : 1;
}

int scenario_load_file(const char *path, struct rb_scenario_set *set)
{
	struct load_ctx c = { .set = set, .path = path };
	int first = set->n, line, i;

	line = ini_parse(path, on_key, &c);
	if (line < 0)
		return err_msg("%s: cannot open\n", path);
	if (line > 0)
		return err_msg("%s:%d: %s\n", path, line,
			       c.error[0] ? c.error : "syntax error (expected key = value)");
	for (i = first; i < set->n; i++) {
		char where[600];

		snprintf(where, sizeof(where), "%s: [%s]", path, set->sc[i].name);
		if (scenario_validate(&set->sc[i], where))
			return -1;
	}
	if (set->n == first)
		return err_msg("%s: no scenario in the file\n", path);
	snprintf(set->source, sizeof(set->source), "%s", path);
	return 0;
}

int scenario_validate(const struct rb_scenario *sc, const char *where)
{
	if (!sc->shape)
		return err_msg("%s: key 'shape' missing\n", where);
	if (!sc->trigger)
		return err_msg("%s: key 'trigger' missing\n", where);
	if (sc->runs < 1)
		return err_msg("%s: key 'runs' must be at least 1\n", where);
	return 0;
}
