/* reapbench replay: recompute a recorded run's metrics (from --save-events). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "metrics.h"

static const char *const replay_usage[] = {
	"usage: reapbench replay FILE...",
	"",
	"Recompute the metrics of runs recorded with 'reapbench run --save-events DIR'",
	"and print them, one 'metric value' line each (absent ones with their reason).",
	"Useful to check the analysis on a kernel the store never saw.",
	NULL,
};

static void print_metrics(const char *file, const struct rb_metrics *m)
{
	int i;

	printf("# %s: %s%s\n", file, m->valid ? "valid" : "invalid: ",
	       m->valid ? "" : m->invalid_reason);
	for (i = 0; i < m->n; i++) {
		const struct rb_metric *x = &m->m[i];

		if (x->absent[0])
			printf("%-32s absent: %s\n", x->name, x->absent);
		else if (x->text[0])
			printf("%-32s %s\n", x->name, x->text);
		else
			printf("%-32s %.3f\n", x->name, x->value);
	}
}

int cmd_replay(int argc, char **argv)
{
	static struct rb_runctx ctx;
	static struct rb_metrics m;
	int i, rc = RB_EXIT_OK;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		print_usage(replay_usage);
		return argc < 2 ? RB_EXIT_ERROR : RB_EXIT_OK;
	}
	for (i = 1; i < argc; i++) {
		struct rb_events evs;

		if (runctx_load_fixture(argv[i], &ctx, &evs)) {
			rc = RB_EXIT_ERROR;
			continue;
		}
		metrics_compute(&ctx, &evs, &m);
		rb_events_free(&evs);
		print_metrics(argv[i], &m);
	}
	return rc;
}
