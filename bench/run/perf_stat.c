/*
 * perf stat -x, output -> perf.<event> metrics. A line is
 * value,unit,event,run-time,pct,metric,metric-unit; value may be
 * "<not supported>" or "<not counted>", which is stored absent, never 0.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "perf_window.h"

int perf_stat_parse(const char *path, struct rb_metrics *m);

static void store_line(char *line, struct rb_metrics *m)
{
	char *f[4] = { 0 }, name[48], why[96];
	char *value = line, *unit, *event;
	int n = 0;

	/* strtok would merge the empty unit field: split by hand */
	for (char *p = line; n < 4; n++) {
		f[n] = p;
		p = strchr(p, ',');
		if (!p)
			break;
		*p++ = 0;
	}
	if (n < 2 || !f[2] || !*f[2])
		return;
	unit = f[1];
	event = f[2];
	if (!strcmp(unit, "msec"))
		snprintf(name, sizeof(name), "perf.%s_us", event);
	else
		snprintf(name, sizeof(name), "perf.%s", event);
	if (value[0] == '<') {
		snprintf(why, sizeof(why), "perf stat: %s", value);
		metrics_set_absent(m, name, why);
		return;
	}
	metrics_set(m, name, strtod(value, NULL) * (!strcmp(unit, "msec") ? 1000.0 : 1.0));
}

int perf_stat_parse(const char *path, struct rb_metrics *m)
{
	FILE *f = fopen(path, "re");
	char line[512];
	int rows = 0;

	if (!f)
		return err_msg("%s: %s\n", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		rstrip(line);
		if (!line[0] || line[0] == '#')
			continue;
		store_line(line, m);
		rows++;
	}
	fclose(f);
	return rows ? 0 : -1;
}
