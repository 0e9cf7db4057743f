/*
 * reapbench kernel run: boot a spec's kernel with this very binary inside,
 * run 'reapbench run ...' there, import the guest's store into the host's.
 *
 * Guest layout: /usr/bin/reapbench (+ its libraries), scenarios under
 * /opt/reapbench/workloads/scenarios (the guest runs in /opt/reapbench), the
 * guest store at /results/reapbench.db; scripts/kernel-run.sh builds the
 * initramfs, boots and brings /results back into OUT/results.
 */
#include "kernel_run.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "kernel_import.h"
#include "kernel_spec.h"
#include "store.h"

#define GUEST_DIR "/opt/reapbench"
#define GUEST_DB "/results/reapbench.db"
#define MAX_ARGS 128
#define CMD_LEN 8192

struct run_opts {
	const char *db;
	const char *label;
	const char *out;
	const char *append;
	const char *timeout;
	bool console;
	bool no_build;
	bool merge;
};

void kernel_script_path(char *buf, size_t len, const char *name)
{
	const char *d = kernel_datadir();

	snprintf(buf, len, "%s/scripts/%s", d ? d : ".", name);
}

int kernel_run_wait(char *const argv[])
{
	int status;
	pid_t pid;

	if (rb_verbose) {
		fprintf(stderr, "+");
		for (int i = 0; argv[i]; i++)
			fprintf(stderr, " %s", argv[i]);
		fprintf(stderr, "\n");
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		err_msg("fork: %s\n", strerror(errno));
		return RB_EXIT_ERROR;
	}
	if (pid == 0) {
		execv(argv[0], argv);
		fprintf(stderr, "reapbench: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(RB_EXIT_ERROR);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			err_msg("waitpid: %s\n", strerror(errno));
			return RB_EXIT_ERROR;
		}
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	err_msg("%s died of signal %d\n", argv[0], WTERMSIG(status));
	return RB_EXIT_ERROR;
}

static bool is_file(const char *p)
{
	struct stat st;

	return !stat(p, &st) && S_ISREG(st.st_mode);
}

static bool is_dir(const char *p)
{
	struct stat st;

	return !stat(p, &st) && S_ISDIR(st.st_mode);
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

/* Append ' word' to buf as one single-quoted sh word; -1 when it does not fit. */
static int sh_append(char *buf, size_t len, const char *word)
{
	size_t o = strlen(buf);

	if (o + 3 >= len)
		return -1;
	buf[o++] = ' ';
	buf[o++] = '\'';
	for (; *word; word++) {
		if (o + 6 >= len)
			return -1;
		if (*word == '\'') {
			memcpy(buf + o, "'\\''", 4);
			o += 4;
		} else {
			buf[o++] = *word;
		}
	}
	buf[o++] = '\'';
	buf[o] = 0;
	return 0;
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
 * name the host store and label and go before SPEC.
 */
static int guest_command(int argc, char **argv, const char *label, char *cmd, size_t len,
			 struct guest_files *gf)
{
	snprintf(cmd, len, "cd " GUEST_DIR " && exec reapbench run");
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (opt_is(a, "-d", "--db") || opt_is(a, "-l", "--label")) {
			err_msg("kernel run: give %s before SPEC (it names the host store / label; "
				"the guest always writes " GUEST_DB ")\n", a);
			return -1;
		}
		const char *val = NULL;
		bool joined = false;

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
				return -1;
			}
			snprintf(gf->host[gf->n], PATH_MAX, "%s", val);
			snprintf(gf->guest[gf->n], 64, GUEST_DIR "/scenario-%d.ini", gf->n);
			if (sh_append(cmd, len, "--scenario") || sh_append(cmd, len, gf->guest[gf->n]))
				goto too_long;
			gf->n++;
			if (!joined)
				i++;
			continue;
		}
		if (sh_append(cmd, len, a))
			goto too_long;
	}
	if (sh_append(cmd, len, "--db") || sh_append(cmd, len, GUEST_DB) ||
	    sh_append(cmd, len, "--label") || sh_append(cmd, len, label))
		goto too_long;
	return 0;
too_long:
	err_msg("kernel run: the guest command line is too long\n");
	return -1;
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

/* The "kernel_spec" object stored in each imported run set's info_json. */
static char *kernel_json(const struct kernel_spec *ks, const struct run_opts *o, const char *out)
{
	const char *datadir = kernel_datadir();
	char dir[PATH_MAX], path[PATH_MAX];
	json_t *j, *patches = json_array(), *configs = json_array();
	char *spec_text = read_file_str(ks->path), *image, *release, *config = NULL, *s;

	snprintf(dir, sizeof(dir), "%s/kernels/patches", datadir);
	add_files(patches, dir, ks->patches, ks->npatches);
	snprintf(dir, sizeof(dir), "%s/kernels/config", datadir);
	add_files(configs, dir, ks->configs, ks->nconfigs);
	snprintf(path, sizeof(path), "%s/kernel.image", out);
	image = first_line(path);
	snprintf(path, sizeof(path), "%s/results/guest-uname", out);
	release = first_line(path);
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
	s = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	free(spec_text);
	free(image);
	free(release);
	free(config);
	return s;
}

static char *join_argv(int argc, char **argv)
{
	size_t len = strlen("reapbench kernel") + 1;
	char *s;

	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = malloc(len);
	if (!s)
		return NULL;
	strcpy(s, "reapbench kernel");
	for (int i = 0; i < argc; i++) {
		strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

static int import_results(const struct kernel_spec *ks, const struct run_opts *o,
			  const char *out, int argc, char **argv)
{
	struct kernel_import imp = { 0 };
	char guest_db[PATH_MAX];
	struct rb_store st;
	int rc;

	snprintf(guest_db, sizeof(guest_db), "%s/results/reapbench.db", out);
	if (!is_file(guest_db))
		return err_msg("kernel run: the guest wrote no store (%s; console log %s/console.log)\n",
			       guest_db, out);
	imp.label = o->label ? o->label : ks->name;
	imp.command = join_argv(argc, argv);
	imp.kernel_json = kernel_json(ks, o, out);
	if (!imp.command || !imp.kernel_json) {
		rc = err_msg("out of memory\n");
		goto out;
	}
	rc = store_open(o->db, &st);
	if (rc)
		goto out;
	/* --merge: into the newest run set with this label, when there is one. */
	if (o->merge && imp.label[0] != '#') {
		sqlite3_stmt *q;

		if (sqlite3_prepare_v2(st.db, "SELECT max(id) FROM runsets WHERE label = ?", -1, &q,
				       NULL) == SQLITE_OK) {
			sqlite3_bind_text(q, 1, imp.label, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(q) == SQLITE_ROW)
				imp.merge_into = sqlite3_column_int64(q, 0);
			sqlite3_finalize(q);
		}
	}
	rc = kernel_import_db(&st, guest_db, &imp);
	store_close(&st);
	if (!rc)
		printf("# kernel run: imported %d run set(s), %d runs (%d valid) as '%s' (%s run set #%lld)"
		       " into %s\n", imp.runsets, imp.runs, imp.valid_runs, imp.label,
		       imp.merge_into ? "merged into" : "new", (long long)imp.last_runset_id, o->db);
	if (!rc && imp.runs == 0)
		rc = err_msg("kernel run: the guest store holds no runs\n");
out:
	free((char *)imp.command);
	free((char *)imp.kernel_json);
	return rc;
}

/* Where the scenarios the guest needs live on the host. */
static const char *scenario_dir(void)
{
	static char dir[PATH_MAX];
	const char *datadir = kernel_datadir();

	if (is_dir("workloads/scenarios") && realpath("workloads/scenarios", dir))
		return dir;
	snprintf(dir, sizeof(dir), "%s/workloads/scenarios", datadir ? datadir : ".");
	if (is_dir(dir))
		return dir;
	if (is_dir(REAPBENCH_DATADIR "/scenarios"))
		return REAPBENCH_DATADIR "/scenarios";
	return NULL;
}

int kernel_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "label", required_argument, NULL, 'l' },
		{ "out", required_argument, NULL, 'o' },
		{ "timeout", required_argument, NULL, 't' },
		{ "append", required_argument, NULL, 'a' },
		{ "console", no_argument, NULL, 'V' },
		{ "no-build", no_argument, NULL, 'n' },
		{ "merge", no_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct run_opts o = { .db = RB_DEFAULT_DB };
	char script[PATH_MAX], exe[PATH_MAX], out[PATH_MAX], *cmd = NULL;
	char xarg[PATH_MAX + 32], farg[10][2 * PATH_MAX];
	char *args[MAX_ARGS];
	struct guest_files gf = { .n = 0 };
	struct kernel_spec ks;
	const char *scen;
	int c, na = 0, nf = 0, rc;
	ssize_t n;
	long v;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+d:l:o:t:a:Vnmh", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o.db = optarg; break;
		case 'l': o.label = optarg; break;
		case 'o': o.out = optarg; break;
		case 'a': o.append = optarg; break;
		case 'V': o.console = true; break;
		case 'n': o.no_build = true; break;
		case 'm': o.merge = true; break;
		case 't':
			if (parse_long(optarg, 10, 86400, &v))
				return err_msg("kernel run: --timeout wants seconds, 10..86400\n"),
				       RB_EXIT_ERROR;
			o.timeout = optarg;
			break;
		case 'h':
			print_usage(kernel_usage);
			return RB_EXIT_OK;
		default:
			return err_msg("kernel run: bad option (see 'reapbench kernel --help')\n"),
			       RB_EXIT_ERROR;
		}
	}
	if (optind >= argc)
		return err_msg("kernel run: no SPEC (see 'reapbench kernel list')\n"), RB_EXIT_ERROR;
	if (kernel_spec_load(argv[optind], &ks))
		return RB_EXIT_ERROR;
	rc = RB_EXIT_ERROR;
	cmd = malloc(CMD_LEN);
	if (!cmd || guest_command(argc - optind - 1, argv + optind + 1,
				  o.label ? o.label : ks.name, cmd, CMD_LEN, &gf))
		goto out;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0) {
		err_msg("cannot find this binary: /proc/self/exe: %s\n", strerror(errno));
		goto out;
	}
	exe[n] = 0;
	scen = scenario_dir();
	if (!scen) {
		err_msg("kernel run: cannot find workloads/scenarios for the guest\n");
		goto out;
	}
	if (o.out) {
		snprintf(out, sizeof(out), "%s", o.out);
	} else {
		char stamp[32];
		time_t t = time(NULL);

		strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", gmtime(&t));
		snprintf(out, sizeof(out), "%s/runs/%s-%s", kernel_cache(), ks.name, stamp);
	}
	if (mkdir_p(out)) {
		err_msg("%s: cannot create: %s\n", out, strerror(errno));
		goto out;
	}

	kernel_script_path(script, sizeof(script), "kernel-run.sh");
	args[na++] = script;
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
	if (o.timeout) {
		args[na++] = "-t";
		args[na++] = (char *)o.timeout;
	}
	if (o.append) {
		args[na++] = "-a";
		args[na++] = (char *)o.append;
	}
	if (o.console)
		args[na++] = "-v";
	if (o.no_build)
		args[na++] = "-n";
	args[na++] = ks.path;
	args[na++] = "-c";
	args[na++] = cmd;
	args[na] = NULL;

	fprintf(stderr, "# kernel run %s: guest runs:%s\n", ks.name,
		cmd + strlen("cd " GUEST_DIR " && exec"));
	rc = kernel_run_wait(args);
	if (rc == RB_EXIT_SKIPPED) {
		char db[PATH_MAX];

		snprintf(db, sizeof(db), "%s/results/reapbench.db", out);
		if (!is_file(db))
			goto out;	/* skipped before the guest wrote anything */
	}
	/* Runs are committed one by one in the guest: import what is there, even after a failure. */
	{
		int irc = import_results(&ks, &o, out, argc, argv);

		if (!rc && irc)
			rc = RB_EXIT_ERROR;
	}
	fprintf(stderr, "# kernel run %s: console log, initramfs and guest results in %s\n",
		ks.name, out);
out:
	free(cmd);
	kernel_spec_free(&ks);
	return rc;
}
