/* reapbench export: one run set as JSON or CSV (long format, one row per metric). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "commands.h"
#include "common.h"
#include "export_hyperfine.h"
#include "export_kcidb.h"
#include "metric_table.h"
#include "store.h"
#include "store_export.h"
#include "store_query.h"

static const char *const export_usage[] = {
	"usage: reapbench export [OPTIONS] [RUNSET]",
	"",
	"Dump a run set (label, #id or id; default: the newest) with its runs and metrics.",
	"",
	"  -f/--format FMT        json, csv, hyperfine or kcidb (default json)",
	"  -m/--metric M          with hyperfine: a metric of unit us, exported as seconds",
	"  -b/--baseline RUNSET   with kcidb: also a verdict test per scenario against it",
	"  -d/--db FILE           store: a file or postgresql:// URI (default",
	"                         $REAPBENCH_DB, else " RB_DEFAULT_DB ")",
	"  -h/--help              this text",
	"",
	"CSV columns: runset_id,label,run_id,seq,scenario,shape,trigger,rep,valid,",
	"metric,value,text,absent_reason. JSON: metric_defs gives each metric's unit,",
	"direction, kind and source (reapbench list --metrics); each run has the boot",
	"it measured (boot_id) when the store has it.",
	"hyperfine: hyperfine's --export-json shape, one result per scenario, times in",
	"seconds from the valid runs; user/system are null (not measured).",
	"kcidb: KernelCI KCIDB I/O JSON (kcidb-io schema v4.3): a checkout (the kernel's",
	"tree and commit, or its source package), a build (its config), a test per run",
	"(status DONE, or ERROR when invalid; the metrics in misc).",
	NULL,
};

static const char *str(const char *s)
{
	return s ? s : "";
}

static void csv_field(const char *v, bool last)
{
	if (strpbrk(v, ",\"\n")) {
		putchar('"');
		for (; *v; v++) {
			if (*v == '"')
				putchar('"');
			putchar(*v);
		}
		putchar('"');
	} else {
		fputs(v, stdout);
	}
	putchar(last ? '\n' : ',');
}

static int csv_row(const struct rb_export_row *r, void *ctx)
{
	char num[4][24];

	(void)ctx;
	snprintf(num[0], sizeof(num[0]), "%lld", (long long)r->runset_id);
	snprintf(num[1], sizeof(num[1]), "%lld", (long long)r->run_id);
	snprintf(num[2], sizeof(num[2]), "%d", r->seq);
	snprintf(num[3], sizeof(num[3]), "%d", r->rep);
	csv_field(num[0], false);
	csv_field(str(r->label), false);
	csv_field(num[1], false);
	csv_field(num[2], false);
	csv_field(str(r->scenario), false);
	csv_field(str(r->shape), false);
	csv_field(str(r->trigger), false);
	csv_field(num[3], false);
	csv_field(r->valid ? "1" : "0", false);
	csv_field(str(r->metric), false);
	csv_field(str(r->value_text), false);
	csv_field(str(r->text), false);
	csv_field(str(r->absent), true);
	return 0;
}

static int export_csv(struct rb_store *st, int64_t id)
{
	puts("runset_id,label,run_id,seq,scenario,shape,trigger,rep,valid,metric,value,text,"
	     "absent_reason");
	return store_export_rows(st, id, csv_row, NULL);
}

static json_t *runset_json(struct rb_store *st, int64_t id)
{
	struct rb_runset_info i;
	json_t *o = json_object();

	if (store_q_runset(st, id, NULL, &i))
		return o;
	json_object_set_new(o, "id", json_integer(i.id));
	json_object_set_new(o, "label", json_string(str(i.label)));
	json_object_set_new(o, "kernel_release", json_string(str(i.kernel_release)));
	json_object_set_new(o, "started_at", json_string(str(i.started_at)));
	json_object_set_new(o, "ended_at", json_string(str(i.ended_at)));
	json_object_set_new(o, "suite_version", json_string(str(i.suite_version)));
	json_object_set_new(o, "git_commit", json_string(str(i.git_commit)));
	json_object_set_new(o, "command", json_string(str(i.command)));
	json_object_set_new(o, "seed", i.has_seed ? json_integer((json_int_t)i.seed)
						  : json_string(""));
	json_object_set_new(o, "status", json_string(str(i.status)));
	if (i.uuid)
		json_object_set_new(o, "uuid", json_string(i.uuid));
	if (i.host)
		json_object_set_new(o, "host", json_string(i.host));
	if (i.machine_id)
		json_object_set_new(o, "machine_id", json_string(i.machine_id));
	json_object_set_new(o, "info", json_loads(str(i.info_json), 0, NULL));
	store_q_runset_free(&i);
	return o;
}

struct json_export {
	json_t *runs, *metrics;
	int64_t run_id;
};

static int json_row(const struct rb_export_row *r, void *ctx)
{
	struct json_export *je = ctx;

	if (!je->metrics || r->run_id != je->run_id) {
		json_t *run = json_object();

		je->run_id = r->run_id;
		je->metrics = json_object();
		json_object_set_new(run, "run_id", json_integer(r->run_id));
		json_object_set_new(run, "seq", json_integer(r->seq));
		json_object_set_new(run, "scenario", json_string(str(r->scenario)));
		json_object_set_new(run, "shape", json_string(str(r->shape)));
		json_object_set_new(run, "trigger", json_string(str(r->trigger)));
		json_object_set_new(run, "contenders", json_string(str(r->contenders)));
		json_object_set_new(run, "rep", json_integer(r->rep));
		json_object_set_new(run, "valid", json_boolean(r->valid));
		if (!r->valid)
			json_object_set_new(run, "invalid_reason", json_string(str(r->invalid_reason)));
		json_object_set_new(run, "params", json_loads(str(r->params_json), 0, NULL));
		if (r->sweep_param) {
			json_object_set_new(run, "sweep_param", json_string(r->sweep_param));
			json_object_set_new(run, "sweep_value", json_real(r->sweep_value));
		}
		if (r->sweep2_param) {
			json_object_set_new(run, "sweep2_param", json_string(r->sweep2_param));
			json_object_set_new(run, "sweep2_value", json_real(r->sweep2_value));
		}
		json_object_set_new(run, "harness_wall_us", json_real(r->wall_us));
		json_object_set_new(run, "started_at", json_string(str(r->started_at)));
		if (r->boot_id)
			json_object_set_new(run, "boot_id", json_string(r->boot_id));
		if (r->uuid)
			json_object_set_new(run, "uuid", json_string(r->uuid));
		json_object_set_new(run, "metrics", je->metrics);
		json_array_append_new(je->runs, run);
	}
	if (!r->metric)
		return 0;
	if (r->has_value)
		json_object_set_new(je->metrics, r->metric, json_real(r->value));
	else if (r->text)
		json_object_set_new(je->metrics, r->metric, json_string(r->text));
	else
		json_object_set_new(je->metrics, r->metric, json_pack("{s:s}", "absent", str(r->absent)));
	return 0;
}

static int export_json(struct rb_store *st, int64_t id)
{
	struct json_export je = { .runs = json_array() };
	json_t *root = json_object();

	json_object_set_new(root, "reapbench_version", json_string(REAPBENCH_VERSION));
	json_object_set_new(root, "runset", runset_json(st, id));
	json_object_set_new(root, "metric_defs", metric_table_json());
	json_object_set_new(root, "runs", je.runs);
	if (store_export_rows(st, id, json_row, &je)) {
		json_decref(root);
		return -1;
	}
	json_dumpf(root, stdout, JSON_INDENT(2));
	putchar('\n');
	json_decref(root);
	return 0;
}

static int export_kcidb(struct rb_store *st, int64_t id, const char *baseline)
{
	int64_t base = 0;
	json_t *root;

	if (baseline && store_runset_resolve(st, baseline, &base))
		return -1;
	root = kcidb_export(st, id, base);
	if (!root)
		return -1;
	json_dumpf(root, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
	putchar('\n');
	json_decref(root);
	return 0;
}

static int export_hyperfine(struct rb_store *st, int64_t id, const char *metric)
{
	json_t *root = hyperfine_export(st, id, metric);

	if (!root)
		return -1;
	json_dumpf(root, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
	putchar('\n');
	json_decref(root);
	return 0;
}

int cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "db", required_argument, NULL, 'd' },
		{ "metric", required_argument, NULL, 'm' },
		{ "baseline", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = "json", *db = store_default_path(), *metric = NULL;
	const char *baseline = NULL;
	struct rb_store st;
	int64_t id;
	int o, rc;

	while ((o = getopt_long(argc, argv, "f:d:m:b:h", opts, NULL)) != -1) {
		switch (o) {
		case 'f': format = optarg; break;
		case 'd': db = optarg; break;
		case 'm': metric = optarg; break;
		case 'b': baseline = optarg; break;
		case 'h': print_usage(export_usage); return RB_EXIT_OK;
		default: err_msg("see 'reapbench export --help'\n"); return RB_EXIT_ERROR;
		}
	}
	if (strcmp(format, "json") && strcmp(format, "csv") && strcmp(format, "hyperfine") &&
	    strcmp(format, "kcidb"))
		return err_msg("--format '%s': expected json, csv, hyperfine or kcidb\n", format),
		       RB_EXIT_ERROR;
	if (baseline && strcmp(format, "kcidb"))
		return err_msg("--baseline goes with --format kcidb\n"), RB_EXIT_ERROR;
	if (!strcmp(format, "hyperfine") != !!metric)
		return err_msg("--metric goes with --format hyperfine (e.g. --metric "
			       "kill_to_reaped_us)\n"), RB_EXIT_ERROR;
	if (store_open_readonly(db, &st))
		return RB_EXIT_ERROR;
	if (optind < argc)
		rc = store_runset_resolve(&st, argv[optind], &id);
	else
		rc = store_runset_latest(&st, &id);
	if (!rc && metric)
		rc = export_hyperfine(&st, id, metric);
	else if (!rc && !strcmp(format, "kcidb"))
		rc = export_kcidb(&st, id, baseline);
	else if (!rc)
		rc = !strcmp(format, "csv") ? export_csv(&st, id) : export_json(&st, id);
	store_close(&st);
	return rc ? RB_EXIT_ERROR : RB_EXIT_OK;
}
