/* reapbench export: one run set as JSON or CSV (long format, one row per metric). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "commands.h"
#include "common.h"
#include "export_hyperfine.h"
#include "metric_table.h"
#include "store.h"

static const char *const export_usage[] = {
	"usage: reapbench export [OPTIONS] [RUNSET]",
	"",
	"Dump a run set (label, #id or id; default: the newest) with its runs and metrics.",
	"",
	"  -f/--format FMT        json, csv or hyperfine (default json)",
	"  -m/--metric M          with hyperfine: a metric of unit us, exported as seconds",
	"  -d/--db FILE           store (default " RB_DEFAULT_DB ")",
	"  -h/--help              this text",
	"",
	"CSV columns: runset_id,label,run_id,seq,scenario,shape,trigger,rep,valid,",
	"metric,value,text,absent_reason. JSON: metric_defs gives each metric's unit,",
	"direction, kind and source (reapbench list --metrics).",
	"hyperfine: hyperfine's --export-json shape, one result per scenario, times in",
	"seconds from the valid runs; user/system are null (not measured).",
	NULL,
};

static const char *col(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? (const char *)t : "";
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

static const char *const run_query =
	"SELECT rs.id, rs.label, r.id, r.seq, r.scenario, r.shape, r.trigger, r.rep, r.valid,"
	" m.name, m.value, m.text, m.absent_reason, r.invalid_reason, r.params_json,"
	" r.contenders, r.sweep_param, r.sweep_value, r.wall_us, r.started_at,"
	" r.sweep2_param, r.sweep2_value"
	" FROM runsets rs JOIN runs r ON r.runset_id = rs.id"
	" LEFT JOIN metrics m ON m.run_id = r.id WHERE rs.id=? ORDER BY r.seq, m.name";

static int export_csv(struct rb_store *st, int64_t id)
{
	sqlite3_stmt *s;
	int i;

	if (sqlite3_prepare_v2(st->db, run_query, -1, &s, NULL) != SQLITE_OK)
		return err_msg("%s: %s\n", st->path, sqlite3_errmsg(st->db));
	sqlite3_bind_int64(s, 1, id);
	puts("runset_id,label,run_id,seq,scenario,shape,trigger,rep,valid,metric,value,text,"
	     "absent_reason");
	while (sqlite3_step(s) == SQLITE_ROW)
		for (i = 0; i <= 12; i++)
			csv_field(col(s, i), i == 12);
	sqlite3_finalize(s);
	return 0;
}

static json_t *runset_json(struct rb_store *st, int64_t id)
{
	sqlite3_stmt *s;
	json_t *o = json_object();
	int i;

	if (sqlite3_prepare_v2(st->db, "SELECT id, label, kernel_release, started_at, ended_at,"
			       " suite_version, git_commit, command, seed, status, info_json"
			       " FROM runsets WHERE id=?", -1, &s, NULL) != SQLITE_OK)
		return o;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		for (i = 0; i < 10; i++)
			json_object_set_new(o, sqlite3_column_name(s, i),
					    sqlite3_column_type(s, i) == SQLITE_INTEGER ?
					    json_integer(sqlite3_column_int64(s, i)) :
					    json_string(col(s, i)));
		json_object_set_new(o, "info", json_loads(col(s, 10), 0, NULL));
	}
	sqlite3_finalize(s);
	return o;
}

static int export_json(struct rb_store *st, int64_t id)
{
	json_t *root = json_object(), *runs = json_array(), *run = NULL, *metrics = NULL;
	sqlite3_stmt *s;
	int64_t cur = -1;

	if (sqlite3_prepare_v2(st->db, run_query, -1, &s, NULL) != SQLITE_OK)
		return err_msg("%s: %s\n", st->path, sqlite3_errmsg(st->db));
	sqlite3_bind_int64(s, 1, id);
	json_object_set_new(root, "reapbench_version", json_string(REAPBENCH_VERSION));
	json_object_set_new(root, "runset", runset_json(st, id));
	json_object_set_new(root, "metric_defs", metric_table_json());
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (sqlite3_column_int64(s, 2) != cur) {
			cur = sqlite3_column_int64(s, 2);
			run = json_object();
			metrics = json_object();
			json_object_set_new(run, "run_id", json_integer(cur));
			json_object_set_new(run, "seq", json_integer(sqlite3_column_int(s, 3)));
			json_object_set_new(run, "scenario", json_string(col(s, 4)));
			json_object_set_new(run, "shape", json_string(col(s, 5)));
			json_object_set_new(run, "trigger", json_string(col(s, 6)));
			json_object_set_new(run, "contenders", json_string(col(s, 15)));
			json_object_set_new(run, "rep", json_integer(sqlite3_column_int(s, 7)));
			json_object_set_new(run, "valid", json_boolean(sqlite3_column_int(s, 8)));
			if (!sqlite3_column_int(s, 8))
				json_object_set_new(run, "invalid_reason", json_string(col(s, 13)));
			json_object_set_new(run, "params", json_loads(col(s, 14), 0, NULL));
			if (sqlite3_column_type(s, 16) != SQLITE_NULL) {
				json_object_set_new(run, "sweep_param", json_string(col(s, 16)));
				json_object_set_new(run, "sweep_value",
						    json_real(sqlite3_column_double(s, 17)));
			}
			if (sqlite3_column_type(s, 20) != SQLITE_NULL) {
				json_object_set_new(run, "sweep2_param", json_string(col(s, 20)));
				json_object_set_new(run, "sweep2_value",
						    json_real(sqlite3_column_double(s, 21)));
			}
			json_object_set_new(run, "harness_wall_us",
					    json_real(sqlite3_column_double(s, 18)));
			json_object_set_new(run, "started_at", json_string(col(s, 19)));
			json_object_set_new(run, "metrics", metrics);
			json_array_append_new(runs, run);
		}
		if (sqlite3_column_type(s, 9) == SQLITE_NULL)
			continue;
		if (sqlite3_column_type(s, 10) != SQLITE_NULL)
			json_object_set_new(metrics, col(s, 9), json_real(sqlite3_column_double(s, 10)));
		else if (sqlite3_column_type(s, 11) != SQLITE_NULL)
			json_object_set_new(metrics, col(s, 9), json_string(col(s, 11)));
		else
			json_object_set_new(metrics, col(s, 9),
					    json_pack("{s:s}", "absent", col(s, 12)));
	}
	sqlite3_finalize(s);
	json_object_set_new(root, "runs", runs);
	json_dumpf(root, stdout, JSON_INDENT(2));
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
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = "json", *db = RB_DEFAULT_DB, *metric = NULL;
	struct rb_store st;
	int64_t id;
	int o, rc;

	while ((o = getopt_long(argc, argv, "f:d:m:h", opts, NULL)) != -1) {
		switch (o) {
		case 'f': format = optarg; break;
		case 'd': db = optarg; break;
		case 'm': metric = optarg; break;
		case 'h': print_usage(export_usage); return RB_EXIT_OK;
		default: err_msg("see 'reapbench export --help'\n"); return RB_EXIT_ERROR;
		}
	}
	if (strcmp(format, "json") && strcmp(format, "csv") && strcmp(format, "hyperfine"))
		return err_msg("--format '%s': expected json, csv or hyperfine\n", format),
		       RB_EXIT_ERROR;
	if (!strcmp(format, "hyperfine") != !!metric)
		return err_msg("--metric goes with --format hyperfine (e.g. --metric "
			       "kill_to_reaped_us)\n"), RB_EXIT_ERROR;
	if (store_open(db, &st))
		return RB_EXIT_ERROR;
	if (optind < argc)
		rc = store_runset_resolve(&st, argv[optind], &id);
	else
		rc = store_runset_latest(&st, &id);
	if (!rc && metric)
		rc = export_hyperfine(&st, id, metric);
	else if (!rc)
		rc = !strcmp(format, "csv") ? export_csv(&st, id) : export_json(&st, id);
	store_close(&st);
	return rc ? RB_EXIT_ERROR : RB_EXIT_OK;
}
