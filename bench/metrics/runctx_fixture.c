/*
 * Recorded runs ("fixtures"): the run context as "# ctx key=value" lines,
 * then one event per line (events.c). `reapbench run --save-events DIR`
 * writes them; unit tests read them back.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "metrics.h"

static int write_tids(FILE *f, const char *key, const pid_t *tids, int n)
{
	int i;

	fprintf(f, "# ctx %s=", key);
	for (i = 0; i < n; i++)
		fprintf(f, "%s%d", i ? "," : "", tids[i]);
	return fputc('\n', f) == EOF ? -1 : 0;
}

int runctx_write(FILE *f, const struct rb_runctx *c)
{
	int k;

	fprintf(f, "# ctx victim_pid=%d\n", c->victim_pid);
	write_tids(f, "victim_tids", c->victim_tids, c->n_victim_tids);
	write_tids(f, "contender_tids", c->contender_tids, c->n_contender_tids);
	fprintf(f, "# ctx mrelease_tid=%d\n# ctx reaper_pid=%d\n# ctx oom_kill=%d\n",
		c->mrelease_tid, c->reaper_pid, c->oom_kill);
	fprintf(f, "# ctx t_trigger_ns=%" PRIu64 "\n# ctx t_reaped_ns=%" PRIu64 "\n",
		c->t_trigger_ns, c->t_reaped_ns);
	fprintf(f, "# ctx t_mrelease_start_ns=%" PRIu64 "\n# ctx t_mrelease_end_ns=%" PRIu64 "\n",
		c->t_mrelease_start_ns, c->t_mrelease_end_ns);
	fprintf(f, "# ctx mrelease_errno=%d\n# ctx mem_peak_bytes=%" PRIu64 "\n",
		c->mrelease_errno, c->mem_peak_bytes);
	fprintf(f, "# ctx t_mem_released_ns=%" PRIu64 "\n", c->t_mem_released_ns);
	fprintf(f, "# ctx t_relief_ns=%" PRIu64 "\n", c->t_relief_ns);
	fprintf(f, "# ctx pid_filter=%d\n", c->pid_filter);
	fprintf(f, "# ctx have=");
	for (k = 0; k < EV_NR_KINDS; k++)
		if (c->have[k])
			fprintf(f, "%s,", rb_event_descs[k].name);
	return fputc('\n', f) == EOF ? -1 : 0;
}

static int parse_tids(const char *v, pid_t *tids, int max)
{
	int n = 0;

	while (*v && n < max) {
		char *end;
		long t = strtol(v, &end, 10);

		if (end == v)
			break;
		tids[n++] = (pid_t)t;
		v = *end == ',' ? end + 1 : end;
	}
	return n;
}

static void parse_have(const char *v, struct rb_runctx *c)
{
	char buf[1024], *tok, *save;

	snprintf(buf, sizeof(buf), "%s", v);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int k = rb_event_kind_by_name(tok);

		if (k >= 0)
			c->have[k] = true;
	}
}

int runctx_parse_line(const char *line, struct rb_runctx *c)
{
	char key[64], val[1024];

	if (sscanf(line, "# ctx %63[^=]=%1023s", key, val) < 1)
		return 0;
	if (sscanf(line, "# ctx %63[^=]=%1023s", key, val) == 1)
		val[0] = 0;
#define U64(k, field) if (!strcmp(key, k)) { c->field = strtoull(val, NULL, 10); return 1; }
#define INT(k, field) if (!strcmp(key, k)) { c->field = atoi(val); return 1; }
	INT("victim_pid", victim_pid)
	INT("mrelease_tid", mrelease_tid)
	INT("reaper_pid", reaper_pid)
	INT("oom_kill", oom_kill)
	INT("mrelease_errno", mrelease_errno)
	INT("pid_filter", pid_filter)
	U64("t_trigger_ns", t_trigger_ns)
	U64("t_reaped_ns", t_reaped_ns)
	U64("t_mrelease_start_ns", t_mrelease_start_ns)
	U64("t_mrelease_end_ns", t_mrelease_end_ns)
	U64("mem_peak_bytes", mem_peak_bytes)
	U64("t_mem_released_ns", t_mem_released_ns)
	U64("t_relief_ns", t_relief_ns)
#undef U64
#undef INT
	if (!strcmp(key, "victim_tids")) {
		c->n_victim_tids = parse_tids(val, c->victim_tids, RB_MAX_TIDS);
		return 1;
	}
	if (!strcmp(key, "contender_tids")) {
		c->n_contender_tids = parse_tids(val, c->contender_tids, RB_MAX_CONTENDERS);
		return 1;
	}
	if (!strcmp(key, "have")) {
		parse_have(val, c);
		return 1;
	}
	return 0;	/* unknown keys from newer writers are ignored */
}

int runctx_load_fixture(const char *path, struct rb_runctx *c, struct rb_events *evs)
{
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0, rc = 0;

	if (!f)
		return err_msg("%s: cannot open\n", path);
	memset(c, 0, sizeof(*c));
	memset(evs, 0, sizeof(*evs));
	while (getline(&line, &cap, f) > 0) {
		struct rb_event e;
		int r;

		lineno++;
		if (!strncmp(line, "# ctx ", 6)) {
			runctx_parse_line(line, c);
			continue;
		}
		if (!strncmp(line, "# lost=", 7)) {
			evs->lost = strtoull(line + 7, NULL, 10);
			continue;
		}
		r = rb_event_parse(line, &e);
		if (r < 0) {
			rc = err_msg("%s:%d: bad event line\n", path, lineno);
			break;
		}
		if (r > 0 && rb_events_push(evs, &e)) {
			rc = -1;
			break;
		}
	}
	free(line);
	fclose(f);
	return rc;
}
