/*
 * The kernel path's steps (kernel_run.h): build a spec's kernel, boot it
 * with this very binary inside running 'reapbench run ...', import the
 * guest's store into the host's.
 *
 * Guest layout: /usr/bin/reapbench (+ its libraries), scenarios under
 * /opt/reapbench/workloads/scenarios (the guest runs in /opt/reapbench with
 * REAPBENCH_DATADIR=/opt/reapbench), the guest store at /results/reapbench.db;
 * scripts/kernel-run.sh builds the initramfs, boots and brings /results back
 * into OUT/results.
 */
#include "kernel_run.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "argv.h"
#include "common.h"
#include "datadir.h"
#include "safefile.h"
#include "store_import.h"
#include "kernel_spec.h"
#include "store.h"
#include "subprocess.h"

#define GUEST_DIR "/opt/reapbench"
#define GUEST_DB "/results/reapbench.db"
#define MAX_ARGS 128

/* The root kernels/ was found in, as "REAPBENCH_DATADIR=ROOT", for the scripts. */
static const char *datadir_env(void)
{
	static char env[PATH_MAX + 32];
	const char *d = kernel_datadir();

	if (!d)
		return NULL;
	snprintf(env, sizeof(env), "REAPBENCH_DATADIR=%s", d);
	return env;
}

int kernel_script(const char *name, char *const args[])
{
	char script[PATH_MAX], entry[128], exe[PATH_MAX], exe_env[PATH_MAX + 16];
	char where[3 * PATH_MAX];
	const char *env[3] = { NULL };
	char **argv;
	int n = 0, rc;

	if (!kernel_datadir() || rb_self_exe(exe, sizeof(exe)))
		return RB_EXIT_ERROR;
	snprintf(entry, sizeof(entry), "scripts/%s", name);
	if (rb_datadir_find(entry, script, sizeof(script)))
		return err_msg("cannot find %s in %s\n", entry,
			       rb_datadir_describe(where, sizeof(where))), RB_EXIT_ERROR;
	snprintf(exe_env, sizeof(exe_env), "REAPBENCH=%s", exe);
	env[0] = exe_env;
	env[1] = datadir_env();
	while (args[n])
		n++;
	argv = calloc(n + 2, sizeof(*argv));
	if (!argv)
		return err_msg("out of memory\n"), RB_EXIT_ERROR;
	argv[0] = script;
	memcpy(argv + 1, args, n * sizeof(*argv));
	rc = rb_spawn_run(&(struct rb_spawn){ .argv = argv, .env = env });
	free(argv);
	return rc < 0 ? RB_EXIT_ERROR : rc;
}

int kernel_build(const struct kernel_spec *ks, long jobs, bool fresh)
{
	char jobs_s[24], *args[6];
	int n = 0;

	if (jobs > 0) {
		snprintf(jobs_s, sizeof(jobs_s), "%ld", jobs);
		args[n++] = "-j";
		args[n++] = jobs_s;
	}
	if (fresh)
		args[n++] = "-f";
	args[n++] = ks->path;
	args[n] = NULL;
	return kernel_script("kernel-build.sh", args);
}

static bool is_file(const char *p)
{
	struct stat st;

	return !stat(p, &st) && S_ISREG(st.st_mode);
}

static int mkdir_p(const char *path)
{
	char buf[PATH_MAX];
	char *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0755) && errno != EEXIST ? -1 : 0;
}

static bool opt_is(const char *arg, const char *s, const char *l)
{
	size_t n = strlen(l);

	return !strcmp(arg, s) || !strcmp(arg, l) || (!strncmp(arg, l, n) && arg[n] == '=');
}

/* Files a host path names are handed to the guest under GUEST_DIR. */
struct guest_files {
	char host[8][PATH_MAX];
	char guest[8][64];
	int n;
};

/*
 * The guest command: reapbench run with the user's options; scenario files
 * given as paths are copied in and renamed. Refuses --db/--label here: they
 * name the host store and label and go before SPEC. Malloc'd, or NULL with
 * a message.
 */
static char *guest_command(int argc, char *const *argv, const char *label,
			   struct guest_files *gf)
{
	char **words = calloc(argc + 5, sizeof(*words)), *cmd;
	int n = 0;

	if (!words)
		return err_msg("out of memory\n"), NULL;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *val = NULL;
		bool joined = false;

		if (opt_is(a, "-d", "--db") || opt_is(a, "-l", "--label")) {
			err_msg("kernel run: give %s before SPEC (it names the host store / label; "
				"the guest always writes " GUEST_DB ")\n", a);
			free(words);
			return NULL;
		}
		if ((!strcmp(a, "-s") || !strcmp(a, "--scenario")) && i + 1 < argc) {
			val = argv[i + 1];
		} else if (!strncmp(a, "--scenario=", 11)) {
			val = a + 11;
			joined = true;
		}
		if (val && (strchr(val, '/') || is_file(val))) {
			if (!is_file(val) || gf->n == 8) {
				err_msg("kernel run: scenario file %s: %s\n", val,
					gf->n == 8 ? "too many" : "not found");
				free(words);
				return NULL;
			}
			snprintf(gf->host[gf->n], PATH_MAX, "%s", val);
			snprintf(gf->guest[gf->n], 64, GUEST_DIR "/scenario-%d.ini", gf->n);
			words[n++] = "--scenario";
			words[n++] = gf->guest[gf->n];
			gf->n++;
			if (!joined)
				i++;
			continue;
		}
		words[n++] = (char *)a;
	}
	words[n++] = "--db";
	words[n++] = GUEST_DB;
	words[n++] = "--label";
	words[n++] = (char *)label;
	/* the guest binary is /usr/bin/reapbench; its data directory GUEST_DIR */
	cmd = rb_argv_join("cd " GUEST_DIR " && export REAPBENCH_DATADIR=" GUEST_DIR
			   " && exec reapbench run", n, words);
	free(words);
	if (!cmd)
		err_msg("out of memory\n");
	return cmd;
}

/* First line of a small file, trimmed (malloc'd), or NULL. */
static char *first_line(const char *path)
{
	char *s = read_file_str(path), *nl;

	if (s && (nl = strchr(s, '\n')))
		*nl = 0;
	return s;
}

static void add_files(json_t *arr, const char *dir, char *const *names, int n)
{
	for (int i = 0; i < n; i++) {
		char path[PATH_MAX];
		char *text;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		text = read_file_str(path);
		json_array_append_new(arr, json_pack("{s:s, s:s?}", "file", names[i], "text", text));
		free(text);
	}
}

/*
 * OUT/source.facts (kernel-build*.sh, git: and path: sources): "KEY VALUE"
 * lines as an object; "patch COMMIT SUBJECT" (git series) and "patch_blob
 * BLOB SUBJECT" (a series patched into a debian-source or path: tree, no
 * commit made) lines as its "patches" array, in order.
 * NULL when there is no such file.
 */
static json_t *source_facts(const char *out)
{
	char path[PATH_MAX];
	char *text, *line, *save = NULL;
	json_t *o, *patches;

	snprintf(path, sizeof(path), "%s/source.facts", out);
	text = read_file_str(path);
	if (!text)
		return NULL;
	o = json_object();
	patches = json_array();
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *sp = strchr(line, ' ');

		if (!sp)
			continue;
		*sp++ = 0;
		if (!strcmp(line, "patch") || !strcmp(line, "patch_blob")) {
			char *subj = strchr(sp, ' ');

			if (subj)
				*subj++ = 0;
			json_array_append_new(patches, json_pack("{s:s, s:s}",
								 line[5] ? "blob" : "commit", sp,
								 "subject", subj ? subj : ""));
		} else {
			json_object_set_new(o, line, json_string(sp));
		}
	}
	json_object_set_new(o, "patches", patches);
	free(text);
	return o;
}

/* The "kernel_spec" object stored in each imported run set's info_json. */
static char *kernel_json(const struct kernel_spec *ks, const struct kernel_run_opts *o,
			 const char *out)
{
	const char *datadir = kernel_datadir();
	char dir[PATH_MAX], path[PATH_MAX];
	json_t *j, *patches = json_array(), *configs = json_array();
	char *spec_text = read_file_str(ks->path), *image, *release, *config = NULL, *s, *accel;

	snprintf(dir, sizeof(dir), "%s/kernels/patches", datadir);
	add_files(patches, dir, ks->patches, ks->npatches);
	snprintf(dir, sizeof(dir), "%s/kernels/config", datadir);
	add_files(configs, dir, ks->configs, ks->nconfigs);
	snprintf(path, sizeof(path), "%s/kernel.image", out);
	image = first_line(path);
	snprintf(path, sizeof(path), "%s/results/guest-uname", out);
	release = first_line(path);
	snprintf(path, sizeof(path), "%s/accel", out);
	accel = first_line(path);
	if (strcmp(kernel_spec_kind(ks), "prebuilt")) {
		/* the built kernel's .config without its comment lines */
		snprintf(path, sizeof(path), "%s/kernel.config", out);
		config = read_file_str(path);
		if (config) {
			char *w = config, *line = config, *nl;

			for (; *line; line = nl ? nl + 1 : line + strlen(line)) {
				size_t n;

				nl = strchr(line, '\n');
				n = nl ? (size_t)(nl - line + 1) : strlen(line);
				if (line[0] != '#' && line[0] != '\n') {
					memmove(w, line, n);
					w += n;
				}
				if (!nl)
					break;
			}
			*w = 0;
		}
	}
	snprintf(path, sizeof(path), "%s/console.log", out);
	j = json_pack("{s:s, s:s?, s:s, s:s, s:o, s:o, s:s?, s:{s:i, s:i, s:i}, s:s?, s:s?,"
		      " s:s?, s:s?, s:s, s:s}",
		      "name", ks->name, "description", ks->description, "source", ks->source,
		      "kind", kernel_spec_kind(ks), "patches", patches, "config_fragments", configs,
		      "spec_ini", spec_text,
		      "topology", "nodes", (int)ks->nodes, "cpus", (int)ks->cpus,
		      "mem_per_node_mib", (int)ks->mem_per_node_mib,
		      "cmdline", ks->cmdline, "cmdline_extra", o->append,
		      "image", image, "guest_release", release,
		      "console_log", path, "output_dir", out);
	if (j && config)
		json_object_set_new(j, "kernel_config", json_string(config));
	if (j) {
		json_t *facts = source_facts(out);

		if (facts)
			json_object_set_new(j, "source_facts", facts);
	}
	/* the known answer of a calibration patch, read back by the report */
	if (j && ks->cal_metric)
		json_object_set_new(j, "calibration",
				    json_pack("{s:s, s:I}", "metric", ks->cal_metric,
					      "known_shift_us", (json_int_t)ks->cal_shift_us));
	if (j && accel)
		json_object_set_new(j, "accel", json_string(accel));
	s = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	free(spec_text);
	free(image);
	free(release);
	free(accel);
	free(config);
	return s;
}

int kernel_import_results(const struct kernel_spec *ks, const struct kernel_run_opts *o,
			  const char *out)
{
	struct store_import imp = { 0 };
	char guest_db[PATH_MAX];
	struct rb_store st;
	int rc;

	snprintf(guest_db, sizeof(guest_db), "%s/results/reapbench.db", out);
	if (!is_file(guest_db))
		return err_msg("kernel run: the guest wrote no store (%s; console log %s/console.log)\n",
			       guest_db, out);
	imp.label = o->label ? o->label : ks->name;
	imp.command = o->command;
	imp.kernel_json = kernel_json(ks, o, out);
	if (!imp.kernel_json) {
		rc = err_msg("out of memory\n");
		goto out;
	}
	rc = store_open(o->db, &st);
	if (rc)
		goto out;
	/* --merge: into the newest run set with this label, when there is one. */
	if (o->merge && imp.label[0] != '#')
		rc = store_runset_find_label(&st, imp.label, &imp.merge_into);
	if (!rc)
		rc = store_import_guest(&st, guest_db, &imp);
	store_close(&st);
	if (!rc)
		printf("# kernel run: imported %d run set(s), %d runs (%d valid) as '%s' (%s run set #%lld)"
		       " into %s\n", imp.runsets, imp.runs, imp.valid_runs, imp.label,
		       imp.merge_into ? "merged into" : "new", (long long)imp.last_runset_id, o->db);
	if (!rc && imp.runs == 0)
		rc = err_msg("kernel run: the guest store holds no runs\n");
out:
	free((char *)imp.kernel_json);
	return rc;
}

int kernel_boot(const struct kernel_spec *ks, const struct kernel_run_opts *o, int nrun,
		char *const run_args[], char *out, size_t len)
{
	char exe[PATH_MAX], scen[PATH_MAX], xarg[PATH_MAX + 32], farg[10][2 * PATH_MAX];
	char timeout[24], *args[MAX_ARGS], *cmd;
	struct guest_files gf = { .n = 0 };
	int na = 0, nf = 0, rc;

	out[0] = 0;	/* stays empty unless the script ran */
	cmd = guest_command(nrun, run_args, o->label ? o->label : ks->name, &gf);
	if (!cmd)
		return RB_EXIT_ERROR;
	rc = RB_EXIT_ERROR;
	if (rb_self_exe(exe, sizeof(exe)))
		goto out;
	if (rb_datadir_find("workloads/scenarios", scen, sizeof(scen))) {
		err_msg("kernel run: cannot find workloads/scenarios for the guest in %s\n",
			rb_datadir_describe(farg[0], sizeof(farg[0])));
		goto out;
	}
	if (o->out) {
		snprintf(out, len, "%s", o->out);
	} else {
		char stamp[32];
		time_t t = time(NULL);
		struct tm tm;

		strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", gmtime_r(&t, &tm));
		snprintf(out, len, "%s/runs/%s-%s", kernel_cache(), ks->name, stamp);
	}
	if (mkdir_p(out)) {
		err_msg("%s: cannot create: %s\n", out, strerror(errno));
		out[0] = 0;
		goto out;
	}
	/* kernel-run.sh writes there: ours, not a symlink, writable by nobody else */
	{
		int fd = safe_dir_open(out, false);

		if (fd < 0) {
			out[0] = 0;
			goto out;
		}
		close(fd);
	}
	args[na++] = "-o";
	args[na++] = out;
	snprintf(xarg, sizeof(xarg), "%s:/usr/bin/reapbench", exe);
	args[na++] = "-x";
	args[na++] = xarg;
	snprintf(farg[nf], sizeof(farg[nf]), "%s:" GUEST_DIR "/workloads/scenarios", scen);
	args[na++] = "-f";
	args[na++] = farg[nf++];
	for (int i = 0; i < gf.n; i++) {
		snprintf(farg[nf], sizeof(farg[nf]), "%s:%s", gf.host[i], gf.guest[i]);
		args[na++] = "-f";
		args[na++] = farg[nf++];
	}
	if (o->timeout_s) {
		snprintf(timeout, sizeof(timeout), "%ld", o->timeout_s);
		args[na++] = "-t";
		args[na++] = timeout;
	}
	if (o->append) {
		args[na++] = "-a";
		args[na++] = (char *)o->append;
	}
	if (o->console)
		args[na++] = "-v";
	if (o->no_build)
		args[na++] = "-n";
	args[na++] = ks->path;
	args[na++] = "-c";
	args[na++] = cmd;
	args[na] = NULL;

	fprintf(stderr, "# kernel run %s: guest runs: %s\n", ks->name,
		strstr(cmd, "reapbench run"));
	rc = kernel_script("kernel-run.sh", args);
out:
	free(cmd);
	return rc;
}

int kernel_run(const struct kernel_spec *ks, const struct kernel_run_opts *o, int nrun,
	       char *const run_args[])
{
	char out[PATH_MAX], db[PATH_MAX + 32];
	int rc, irc;

	rc = kernel_boot(ks, o, nrun, run_args, out, sizeof(out));
	snprintf(db, sizeof(db), "%s/results/reapbench.db", out);
	if (!out[0])
		return rc;	/* failed before the script ran */
	if (rc == RB_EXIT_SKIPPED && !is_file(db))
		return rc;	/* skipped before the guest wrote anything */
	/* Runs are committed one by one in the guest: import what is there, even after a failure. */
	irc = kernel_import_results(ks, o, out);
	if (!rc && irc)
		rc = RB_EXIT_ERROR;
	fprintf(stderr, "# kernel run %s: console log, initramfs and guest results in %s\n",
		ks->name, out);
	return rc;
}
