/* reapbench push --to URI: copy a local store's run sets to the shared store. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "common.h"
#include "store.h"
#include "store_push.h"

static const char *const push_usage[] = {
	"usage: reapbench push [OPTIONS] --to STORE",
	"",
	"Copy every run set of the local store, with its runs and metrics, to another",
	"store (the shared PostgreSQL one: postgresql://user@host/db). Run sets and runs",
	"keep their UUIDs, so pushing again copies only what is new; a host that ran",
	"without network pushes later. Each run set carries the host that wrote it.",
	"",
	"  -t/--to STORE: where to push (a postgresql:// URI or a store file)",
	"  -d/--db FILE: the local store (default $REAPBENCH_DB, else " RB_DEFAULT_DB ")",
	"  -h/--help: this text",
	NULL,
};

int cmd_push(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "to", required_argument, NULL, 't' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *to = NULL, *db = store_default_path();
	struct store_push_stats ps;
	struct rb_store src, dst;
	struct timespec t0, t1;
	int o, rc;

	while ((o = getopt_long(argc, argv, "t:d:h", opts, NULL)) != -1) {
		switch (o) {
		case 't': to = optarg; break;
		case 'd': db = optarg; break;
		case 'h': print_usage(push_usage); return RB_EXIT_OK;
		default: err_msg("see 'reapbench push --help'\n"); return RB_EXIT_ERROR;
		}
	}
	if (!to)
		return err_msg("--to STORE is required (e.g. postgresql://rb@db.lab/reapbench)\n"),
		       RB_EXIT_ERROR;
	if (optind < argc)
		return err_msg("push: unexpected argument '%s'\n", argv[optind]), RB_EXIT_ERROR;
	if (!strcmp(to, db))
		return err_msg("--to %s: the same store as --db\n", to), RB_EXIT_ERROR;
	/* the local store as a writer: an older one gets its UUIDs first */
	if (store_open(db, &src))
		return RB_EXIT_ERROR;
	if (store_open(to, &dst)) {
		store_close(&src);
		return RB_EXIT_ERROR;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = store_push(&src, &dst, &ps);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	store_close(&dst);
	store_close(&src);
	if (rc)
		return RB_EXIT_ERROR;
	printf("pushed %s -> %s: run sets %d new, %d already there; runs %d new, %d already"
	       " there; metrics %d new; %.3f s\n", db, to, ps.runsets_new, ps.runsets_known,
	       ps.runs_new, ps.runs_known, ps.metrics_new,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return RB_EXIT_OK;
}
