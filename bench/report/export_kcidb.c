/* A run set as KCIDB I/O JSON (export_kcidb.h). */
#include "export_kcidb.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "compare.h"
#include "store_export.h"
#include "store_query.h"

static const char *str_or(const char *s, const char *dflt)
{
	return s ? s : dflt;
}

/* "reapbench:" + rest (a static buffer per slot). */
static const char *kid(int slot, const char *rest)
{
	static char buf[3][160];

	snprintf(buf[slot], sizeof(buf[slot]), RB_KCIDB_ORIGIN ":%s", rest);
	return buf[slot];
}

/* A KCIDB test path element: [a-zA-Z0-9_-], anything else as '_'. */
static void path_part(char *out, size_t len, const char *s)
{
	size_t i;

	for (i = 0; s && s[i] && i + 1 < len; i++)
		out[i] = isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '-' ? s[i] : '_';
	out[i] = 0;
}

static bool is_hex40(const char *s)
{
	size_t i;

	for (i = 0; s && s[i]; i++)
		if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
			return false;
	return i == 40;
}

/* Where the kernel came from, as a spec's source says (kernel_spec.h). */
struct origin {
	const char *kind;	/* "debian-source", "prebuilt", "path", "git" or NULL (live) */
	char arg[512];		/* after "KIND:" */
	char url[400], commit[48];	/* a git source: URL@COMMIT */
};

static void source_origin(const char *source, json_t *spec, struct origin *o)
{
	static const char *const kinds[] = { "debian-source", "prebuilt", "path", "git" };
	const char *url = json_string_value(json_object_get(spec, "git_url"));
	const char *commit = json_string_value(json_object_get(spec, "git_commit"));
	const char *at;

	memset(o, 0, sizeof(*o));
	for (size_t k = 0; source && k < ARRAY_SIZE(kinds); k++)
		if (!strncmp(source, kinds[k], strlen(kinds[k])) && source[strlen(kinds[k])] == ':') {
			o->kind = kinds[k];
			snprintf(o->arg, sizeof(o->arg), "%s", source + strlen(kinds[k]) + 1);
		}
	/* git:URL@COMMIT, or the spec's own git_url / git_commit */
	at = o->kind && !strcmp(o->kind, "git") ? strrchr(o->arg, '@') : NULL;
	if (at) {
		snprintf(o->url, sizeof(o->url), "%.*s", (int)(at - o->arg), o->arg);
		snprintf(o->commit, sizeof(o->commit), "%s", at + 1);
	}
	if (url)
		snprintf(o->url, sizeof(o->url), "%s", url);
	if (commit)
		snprintf(o->commit, sizeof(o->commit), "%s", commit);
}

/* The checkout and build of the run set; ids into cid / bid. */
static void checkout_build(json_t *doc, const struct rb_runset_info *i, const char *set_id,
			   char *cid, size_t clen, char *bid, size_t blen)
{
	json_t *info = i->info_json ? json_loads(i->info_json, 0, NULL) : NULL;
	json_t *spec = json_object_get(info, "kernel_spec");
	const char *source = json_string_value(json_object_get(spec, "source"));
	const char *name = json_string_value(json_object_get(spec, "name"));
	const char *arch = json_string_value(json_object_get(info, "machine"));
	const char *uname_v = json_string_value(json_object_get(info, "kernel_version"));
	json_t *co = json_object(), *b = json_object(), *misc = json_object();
	const char *release = str_or(i->kernel_release, "?");
	struct origin o;
	char comment[700];

	source_origin(source, spec, &o);
	snprintf(cid, clen, "%s", kid(0, set_id));
	snprintf(bid, blen, "%s:build", cid);
	json_object_set_new(co, "id", json_string(cid));
	json_object_set_new(co, "origin", json_string(RB_KCIDB_ORIGIN));
	if (name)
		json_object_set_new(co, "tree_name", json_string(name));
	if (!strncmp(o.url, "https://", 8) || !strncmp(o.url, "git://", 6))
		json_object_set_new(co, "git_repository_url", json_string(o.url));
	if (is_hex40(o.commit))
		json_object_set_new(co, "git_commit_hash", json_string(o.commit));
	if (!o.kind)
		snprintf(comment, sizeof(comment), "the running kernel %s%s%s", release,
			 uname_v ? ", " : "", uname_v ? uname_v : "");
	else if (!strcmp(o.kind, "debian-source"))
		snprintf(comment, sizeof(comment), "kernel %s built from the Debian package %s",
			 release, o.arg);
	else if (!strcmp(o.kind, "prebuilt"))
		snprintf(comment, sizeof(comment), "kernel %s, the Debian package %s", release,
			 o.arg);
	else if (!strcmp(o.kind, "git"))
		snprintf(comment, sizeof(comment), "kernel %s built from git %s", release, o.arg);
	else
		snprintf(comment, sizeof(comment), "kernel %s built from the tree %s", release,
			 o.arg);
	json_object_set_new(co, "comment", json_string(comment));
	if (i->started_at && *i->started_at)
		json_object_set_new(co, "start_time", json_string(i->started_at));
	json_object_set_new(co, "valid", json_true());
	json_object_set_new(misc, "kernel_release", json_string(release));
	if (uname_v)
		json_object_set_new(misc, "kernel_version", json_string(uname_v));
	if (o.kind && (!strcmp(o.kind, "debian-source") || !strcmp(o.kind, "prebuilt")))
		json_object_set_new(misc, "debian_package", json_string(o.arg));
	if (source)
		json_object_set_new(misc, "source", json_string(source));
	if (json_object_get(spec, "patches"))	/* local files, no URL for patchset_files */
		json_object_set(misc, "patches", json_object_get(spec, "patches"));
	json_object_set_new(misc, "runset_label", json_string(str_or(i->label, "")));
	json_object_set_new(co, "misc", misc);
	json_array_append_new(json_object_get(doc, "checkouts"), co);

	json_object_set_new(b, "id", json_string(bid));
	json_object_set_new(b, "checkout_id", json_string(cid));
	json_object_set_new(b, "origin", json_string(RB_KCIDB_ORIGIN));
	json_object_set_new(b, "config_name", json_string(name ? name : release));
	if (arch && arch[strspn(arch, "abcdefghijklmnopqrstuvwxyz0123456789_")] == 0)
		json_object_set_new(b, "architecture", json_string(arch));
	if (i->started_at && *i->started_at)
		json_object_set_new(b, "start_time", json_string(i->started_at));
	json_object_set_new(b, "valid", json_true());
	misc = json_object();
	json_object_set_new(misc, "kernel_release", json_string(release));
	if (json_object_get(spec, "config_fragments"))
		json_object_set(misc, "config_fragments", json_object_get(spec, "config_fragments"));
	if (json_object_get(info, "config_hash"))
		json_object_set(misc, "config_hash", json_object_get(info, "config_hash"));
	json_object_set_new(b, "misc", misc);
	json_array_append_new(json_object_get(doc, "builds"), b);
	json_decref(info);
}

struct tests_ctx {
	json_t *tests, *metrics, *absent;
	const struct rb_runset_info *info;
	const char *build_id;
	int64_t run_id;
};

static int test_row(const struct rb_export_row *r, void *ctx)
{
	struct tests_ctx *t = ctx;

	if (!t->metrics || r->run_id != t->run_id) {
		json_t *test = json_object(), *misc = json_object(), *env = json_object();
		json_t *envmisc = json_object();
		char part[200], path[220], id[64];

		t->run_id = r->run_id;
		t->metrics = json_object();
		t->absent = json_object();
		if (r->uuid)
			snprintf(id, sizeof(id), "%s", r->uuid);
		else
			snprintf(id, sizeof(id), "%s:run-%lld", t->build_id + strlen(RB_KCIDB_ORIGIN ":"),
				 (long long)r->run_id);
		path_part(part, sizeof(part), r->scenario);
		snprintf(path, sizeof(path), "reapbench.%s", part);
		json_object_set_new(test, "id", json_string(kid(1, id)));
		json_object_set_new(test, "build_id", json_string(t->build_id));
		json_object_set_new(test, "origin", json_string(RB_KCIDB_ORIGIN));
		json_object_set_new(test, "path", json_string(path));
		json_object_set_new(test, "status", json_string(r->valid ? "DONE" : "ERROR"));
		json_object_set_new(test, "comment", json_string(str_or(r->scenario, "")));
		if (r->started_at && *r->started_at)
			json_object_set_new(test, "start_time", json_string(r->started_at));
		if (r->wall_us > 0)	/* 0: not measured (a run rebuilt from a sample) */
			json_object_set_new(test, "duration", json_real(r->wall_us / 1e6));
		json_object_set_new(envmisc, "host", json_string(str_or(t->info->host, "")));
		json_object_set_new(envmisc, "machine_id",
				    json_string(str_or(t->info->machine_id, "")));
		if (r->boot_id)
			json_object_set_new(envmisc, "boot_id", json_string(r->boot_id));
		json_object_set_new(env, "comment", json_string(str_or(t->info->host, "host not"
									" recorded")));
		json_object_set_new(env, "misc", envmisc);
		json_object_set_new(test, "environment", env);
		json_object_set_new(misc, "scenario", json_string(str_or(r->scenario, "")));
		json_object_set_new(misc, "seq", json_integer(r->seq));
		json_object_set_new(misc, "rep", json_integer(r->rep));
		if (!r->valid)
			json_object_set_new(misc, "invalid_reason", json_string(str_or(r->invalid_reason,
										       "")));
		json_object_set_new(misc, "params", json_loads(str_or(r->params_json, "{}"), 0, NULL));
		json_object_set_new(misc, "metrics", t->metrics);
		json_object_set_new(misc, "absent", t->absent);
		json_object_set_new(test, "misc", misc);
		json_array_append_new(t->tests, test);
	}
	if (!r->metric)
		return 0;
	if (r->has_value)
		json_object_set_new(t->metrics, r->metric, json_real(r->value));
	else if (r->text)
		json_object_set_new(t->metrics, r->metric, json_string(r->text));
	else
		json_object_set_new(t->absent, r->metric, json_string(str_or(r->absent, "")));
	return 0;
}

/* One test per scenario: the verdicts of this run set (B) against the baseline (A). */
static int verdict_tests(struct rb_store *st, int64_t id, int64_t baseline, json_t *tests,
			 const char *build_id)
{
	struct rb_sample a = { 0 }, b = { 0 };
	struct rb_cmp_cfg cfg;
	struct rb_cmp c = { 0 };
	int rc = -1;

	compare_cfg_default(&cfg);
	if (sample_load(st, baseline, NULL, NULL, &a) || sample_load(st, id, NULL, NULL, &b) ||
	    compare_samples(&a, &b, &cfg, &c))
		goto out;
	for (size_t i = 0; i < c.n; i++) {
		const struct rb_cmp_row *r = &c.rows[i];
		json_t *test = NULL, *rows;
		char part[200], path[240], tid[260];
		size_t k;

		path_part(part, sizeof(part), r->scenario);
		snprintf(path, sizeof(path), "reapbench.%s.verdict", part);
		for (k = 0; k < json_array_size(tests); k++)
			if (!strcmp(json_string_value(json_object_get(json_array_get(tests, k), "path")),
				    path))
				test = json_array_get(tests, k);
		if (!test) {
			snprintf(tid, sizeof(tid), "%s:%s", build_id, path);
			test = json_pack("{s:s, s:s, s:s, s:s, s:s, s:{s:I, s:o}}", "id", tid,
					 "build_id", build_id, "origin", RB_KCIDB_ORIGIN, "path", path,
					 "status", "PASS", "misc", "baseline_runset", (json_int_t)baseline,
					 "verdicts", json_array());
			json_array_append_new(tests, test);
		}
		rows = json_object_get(json_object_get(test, "misc"), "verdicts");
		json_array_append_new(rows, json_pack("{s:s, s:s, s:o, s:o}", "metric", r->metric,
						      "verdict", rb_verdict_names[r->verdict],
						      "change", isfinite(r->change) ?
						      json_real(r->change) : json_null(),
						      "p_adj", isfinite(r->p_adj) ?
						      json_real(r->p_adj) : json_null()));
		if (r->verdict == VERDICT_REGRESSED)
			json_object_set_new(test, "status", json_string("FAIL"));
	}
	rc = 0;
out:
	compare_free(&c);
	sample_free(&a);
	sample_free(&b);
	return rc;
}

json_t *kcidb_export(struct rb_store *st, int64_t runset_id, int64_t baseline_id)
{
	struct rb_runset_info info;
	struct tests_ctx t = { 0 };
	char cid[128], bid[160], set_id[64];
	json_t *doc;

	if (store_q_runset(st, runset_id, NULL, &info))
		return NULL;
	doc = json_pack("{s:{s:i, s:i}, s:[], s:[], s:[]}", "version", "major", RB_KCIDB_MAJOR,
			"minor", RB_KCIDB_MINOR, "checkouts", "builds", "tests");
	if (info.uuid)
		snprintf(set_id, sizeof(set_id), "%s", info.uuid);
	else	/* a store before schema 5: only unique within that store */
		snprintf(set_id, sizeof(set_id), "runset-%lld", (long long)runset_id);
	checkout_build(doc, &info, set_id, cid, sizeof(cid), bid, sizeof(bid));
	t.tests = json_object_get(doc, "tests");
	t.info = &info;
	t.build_id = bid;
	if (store_export_rows(st, runset_id, test_row, &t) ||
	    (baseline_id && verdict_tests(st, runset_id, baseline_id, t.tests, bid))) {
		json_decref(doc);
		doc = NULL;
	}
	store_q_runset_free(&info);
	return doc;
}
