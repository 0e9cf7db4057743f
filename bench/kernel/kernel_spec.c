/* Kernel spec parsing (libinih) and the kernel data/cache directories. */
#include "kernel_spec.h"

#include <dirent.h>
#include <fcntl.h>
#include <errno.h>
#include <fnmatch.h>
#include <ini.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "argv.h"
#include "common.h"
#include "datadir.h"
#include "kernel_git.h"
#include "metric_table.h"

static bool is_file(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode);
}

const char *kernel_datadir(void)
{
	static char dir[PATH_MAX];
	char where[3 * PATH_MAX];

	if (dir[0] || !rb_datadir_root("kernels", dir, sizeof(dir)))
		return dir;
	err_msg("cannot find kernels/ in %s; set REAPBENCH_DATADIR\n",
		rb_datadir_describe(where, sizeof(where)));
	return NULL;
}

const char *kernel_cache(void)
{
	const char *env = getenv("REAPBENCH_CACHE");

	return env && env[0] ? env : "/var/cache/reapbench";
}


struct parse_ctx {
	struct kernel_spec *ks;
	const char *datadir;
	FILE *f;
	int line;		/* the line the reader gave last: the handler's */
	char err[256];
};

/* ini_parse_stream's reader: fgets that counts lines, so that a check made
 * after the parse can still name the line of its key. */
static char *read_line(char *str, int num, void *stream)
{
	struct parse_ctx *c = stream;
	char *r = fgets(str, num, c->f);

	if (r && strchr(r, '\n'))
		c->line++;
	return r;
}

/* Split a space-separated list into malloc'd words; check each file exists. */
static int split_files(struct parse_ctx *c, const char *value, const char *subdir,
		       char **out, int *n)
{
	char *copy = strdup(value), *save = NULL, *w;
	int rc = 1;

	if (!copy)
		return 0;
	for (w = strtok_r(copy, " \t,", &save); w; w = strtok_r(NULL, " \t,", &save)) {
		char path[PATH_MAX];

		if (*n >= KSPEC_MAX_FILES) {
			snprintf(c->err, sizeof(c->err), "more than %d files", KSPEC_MAX_FILES);
			rc = 0;
			break;
		}
		if (strchr(w, '/')) {
			snprintf(c->err, sizeof(c->err), "'%s': give a file name under kernels/%s/", w, subdir);
			rc = 0;
			break;
		}
		snprintf(path, sizeof(path), "%s/kernels/%s/%s", c->datadir, subdir, w);
		if (!is_file(path)) {
			snprintf(c->err, sizeof(c->err), "'%s' not found (looked for %s)", w, path);
			rc = 0;
			break;
		}
		out[(*n)++] = strdup(w);
	}
	free(copy);
	return rc;
}

static int set_long(struct parse_ctx *c, const char *key, const char *value, long min,
		    long max, long *out)
{
	if (parse_long(value, min, max, out)) {
		snprintf(c->err, sizeof(c->err), "%s = '%s': want an integer in %ld..%ld",
			 key, value, min, max);
		return 0;
	}
	return 1;
}

static int set_str(char **dst, const char *value)
{
	free(*dst);
	*dst = strdup(value);
	return *dst != NULL;
}

/* inih handler: 0 stops the parse and makes ini_parse() return this line. */
static int handler(void *user, const char *section, const char *key, const char *value)
{
	struct parse_ctx *c = user;
	struct kernel_spec *ks = c->ks;

	if (!strcmp(section, "kernel")) {
		if (!strcmp(key, "name"))
			return set_str(&ks->name, value);
		if (!strcmp(key, "description"))
			return set_str(&ks->description, value);
		if (!strcmp(key, "source"))
			return set_str(&ks->source, value);
		if (!strcmp(key, "patches"))
			return split_files(c, value, "patches", ks->patches, &ks->npatches);
		if (!strcmp(key, "config"))
			return split_files(c, value, "config", ks->configs, &ks->nconfigs);
		if (!strcmp(key, "modules"))
			return set_str(&ks->modules, value);
		if (!strcmp(key, "series")) {
			ks->series_line = c->line;
			return set_str(&ks->series, value);
		}
		if (!strcmp(key, "base")) {
			if (strcmp(value, "tinyconfig") && strcmp(value, "defconfig")) {
				snprintf(c->err, sizeof(c->err), "base = '%s': want tinyconfig or defconfig", value);
				return 0;
			}
			return set_str(&ks->config_base, value);
		}
	} else if (!strcmp(section, "topology")) {
		if (!strcmp(key, "nodes"))
			return set_long(c, key, value, 1, 8, &ks->nodes);
		if (!strcmp(key, "cpus"))
			return set_long(c, key, value, 1, 64, &ks->cpus);
		if (!strcmp(key, "mem_per_node_mib"))
			return set_long(c, key, value, 64, 1 << 20, &ks->mem_per_node_mib);
	} else if (!strcmp(section, "boot")) {
		if (!strcmp(key, "cmdline"))
			return set_str(&ks->cmdline, value);
		if (!strcmp(key, "timeout_s"))
			return set_long(c, key, value, 10, 86400, &ks->timeout_s);
	} else if (!strcmp(section, "check")) {
		if (!strcmp(key, "exit_flavour_oom"))
			return set_str(&ks->exit_flavour_oom, value);
		if (!strcmp(key, "exit_flavour_kill"))
			return set_str(&ks->exit_flavour_kill, value);
		if (!strcmp(key, "reaper_wake_max_ms"))
			return set_long(c, key, value, 0, 86400000, &ks->reaper_wake_max_ms);
	} else if (!strcmp(section, "calibration")) {
		if (!strcmp(key, "metric")) {
			if (!metric_def_find(value)) {
				snprintf(c->err, sizeof(c->err), "metric = '%s': not a metric"
					 " (see 'reapbench list --metrics')", value);
				return 0;
			}
			return set_str(&ks->cal_metric, value);
		}
		if (!strcmp(key, "known_shift_us"))
			return set_long(c, key, value, -1000000000L, 1000000000L, &ks->cal_shift_us);
	} else {
		snprintf(c->err, sizeof(c->err), "unknown section [%s] (kernel, topology, boot, check,"
			 " calibration)", section);
		return 0;
	}
	snprintf(c->err, sizeof(c->err), "unknown key '%s' in [%s]", key, section);
	return 0;
}

static bool valid_name(const char *s)
{
	if (!s || !s[0] || s[0] == '.')
		return false;
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-", *s))
			return false;
	return true;
}

static bool is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/*
 * series = mbox:/FILE or dir:/DIR for every source that is built, range:A..B
 * for git ones (their tree holds the commits); what it names must exist. One
 * "file:line:" line and -1 on bad input, before anything is built.
 */
static int check_series(struct kernel_spec *ks, const char *kind)
{
	const char *sarg = strchr(ks->series, ':');

	sarg = sarg ? sarg + 1 : "";
	if (!strncmp(ks->series, "mbox:", 5) && sarg[0] == '/') {
		if (!is_file(sarg))
			return err_msg("%s:%d: series: no mbox %s\n", ks->path, ks->series_line, sarg);
	} else if (!strncmp(ks->series, "dir:", 4) && sarg[0] == '/') {
		if (!is_dir(sarg))
			return err_msg("%s:%d: series: no directory %s\n", ks->path, ks->series_line,
				       sarg);
	} else if (!strncmp(ks->series, "range:", 6) && strstr(sarg, "..")) {
		char from[256], id[KGIT_ID_LEN];
		const char *dots = strstr(sarg, "..");

		if (strcmp(kind, "git"))
			return err_msg("%s:%d: series = range: needs a git:/TREE@REV source (give the"
				       " commits as mbox:/FILE or dir:/DIR here)\n", ks->path,
				       ks->series_line);
		snprintf(from, sizeof(from), "%.*s", (int)(dots - sarg), sarg);
		if (kernel_git_commit(ks->git_tree, from, id) ||
		    kernel_git_commit(ks->git_tree, dots + 2, id))
			return -1;
	} else {
		return err_msg("%s:%d: series '%s': want mbox:/FILE, dir:/DIR%s\n", ks->path,
			       ks->series_line, ks->series,
			       strcmp(kind, "git") ? "" : " or range:A..B");
	}
	return 0;
}

/*
 * git:/TREE@REV: TREE the top of a clean git work tree, REV a commit of it
 * (resolved into git_commit). One line and -1 on bad input, before anything
 * is built.
 */
static int check_git_source(struct kernel_spec *ks)
{
	const char *arg = ks->source + strlen("git:"), *at = strrchr(arg, '@');
	int dirty;

	if (!at || at == arg || !at[1] || arg[0] != '/')
		return err_msg("%s: [kernel] source '%s': want git:/ABSOLUTE/TREE@REV\n", ks->path,
			       ks->source);
	ks->git_tree = strndup(arg, at - arg);
	ks->git_rev = strdup(at + 1);
	if (!ks->git_tree || !ks->git_rev)
		return err_msg("out of memory\n");
	if (kernel_git_check_tree(ks->git_tree) ||
	    kernel_git_commit(ks->git_tree, ks->git_rev, ks->git_commit))
		return -1;
	dirty = kernel_git_dirty(ks->git_tree);
	if (dirty)
		return err_msg("tree %s: %s; commit or stash them, or give the tree as path:%s\n",
			       ks->git_tree, dirty < 0 ? "git status failed" :
			       "has uncommitted changes to tracked files", ks->git_tree);
	return 0;
}

int kernel_spec_load(const char *spec, struct kernel_spec *ks)
{
	struct parse_ctx c = { .ks = ks };
	char path[PATH_MAX];
	const char *kind;
	int line;

	memset(ks, 0, sizeof(*ks));
	c.datadir = kernel_datadir();
	if (!c.datadir)
		return -1;
	if (strchr(spec, '/') || strstr(spec, ".ini"))
		snprintf(path, sizeof(path), "%s", spec);
	else
		snprintf(path, sizeof(path), "%s/kernels/%s.ini", c.datadir, spec);
	if (!is_file(path))
		return err_msg("no kernel spec '%s' (looked for %s; see 'reapbench kernel list')\n",
			       spec, path);
	ks->path = strdup(path);
	ks->nodes = 2;
	ks->cpus = 2;
	ks->mem_per_node_mib = 1536;
	ks->timeout_s = 600;
	ks->reaper_wake_max_ms = -1;

	c.f = fopen(path, "re");
	line = c.f ? ini_parse_stream(read_line, &c, handler, &c) : -1;
	if (c.f)
		fclose(c.f);
	if (line < 0) {
		err_msg("%s: cannot read: %s\n", path, strerror(errno));
		goto fail;
	}
	if (line > 0) {
		err_msg("%s:%d: %s\n", path, line, c.err[0] ? c.err : "not a section, key = value or comment");
		goto fail;
	}
	if (!valid_name(ks->name)) {
		err_msg("%s: [kernel] name '%s' missing or not made of A-Z a-z 0-9 . _ + -\n",
			path, ks->name ? ks->name : "");
		goto fail;
	}
	kind = kernel_spec_kind(ks);
	if (!kind) {
		err_msg("%s: [kernel] source '%s' is not prebuilt:GLOB, debian-source:PKG, path:/DIR"
			" or git:/TREE@REV\n",
			path, ks->source ? ks->source : "");
		goto fail;
	}
	if (!strcmp(kind, "prebuilt") && (ks->npatches || ks->nconfigs)) {
		err_msg("%s: [kernel] a prebuilt kernel takes no patches or config\n", path);
		goto fail;
	}
	if (strcmp(kind, "prebuilt") && ks->modules && ks->modules[0]) {
		err_msg("%s: [kernel] modules = is for prebuilt kernels (source builds have MODULES off)\n",
			path);
		goto fail;
	}
	if (!ks->config_base && !(ks->config_base = strdup("tinyconfig")))
		goto fail;
	if (ks->series && !strcmp(kind, "prebuilt")) {
		err_msg("%s:%d: series = is for sources that are built, not prebuilt kernels\n",
			path, ks->series_line);
		goto fail;
	}
	if (!strcmp(kind, "git") && check_git_source(ks))
		goto fail;
	if (ks->series && check_series(ks, kind))
		goto fail;
	if (!ks->cal_metric != !ks->cal_shift_us) {
		err_msg("%s: [calibration] wants both metric and a non-zero known_shift_us\n", path);
		goto fail;
	}
	if (ks->cpus % ks->nodes) {
		err_msg("%s: [topology] %ld cpus do not split evenly over %ld nodes\n",
			path, ks->cpus, ks->nodes);
		goto fail;
	}
	return 0;
fail:
	kernel_spec_free(ks);
	return -1;
}

void kernel_spec_free(struct kernel_spec *ks)
{
	int i;

	free(ks->path);
	free(ks->name);
	free(ks->description);
	free(ks->source);
	free(ks->cmdline);
	free(ks->modules);
	free(ks->exit_flavour_oom);
	free(ks->exit_flavour_kill);
	free(ks->series);
	free(ks->config_base);
	free(ks->git_tree);
	free(ks->git_rev);
	free(ks->cal_metric);
	for (i = 0; i < ks->npatches; i++)
		free(ks->patches[i]);
	for (i = 0; i < ks->nconfigs; i++)
		free(ks->configs[i]);
	memset(ks, 0, sizeof(*ks));
}

const char *kernel_spec_kind(const struct kernel_spec *ks)
{
	static const char *const kinds[] = { "prebuilt", "debian-source", "path", "git" };
	size_t i;

	if (!ks->source)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		size_t n = strlen(kinds[i]);

		if (!strncmp(ks->source, kinds[i], n) && ks->source[n] == ':' && ks->source[n + 1])
			return kinds[i];
	}
	return NULL;
}

const char *kernel_spec_state(const struct kernel_spec *ks)
{
	char path[PATH_MAX];
	const char *kind = kernel_spec_kind(ks);

	if (kind && !strcmp(kind, "prebuilt")) {
		const char *glob = ks->source + strlen("prebuilt:");
		struct dirent *de;
		bool found = false;
		DIR *d;

		snprintf(path, sizeof(path), "%s/prebuilt", kernel_cache());
		d = opendir(path);
		while (d && (de = readdir(d))) {
			char done[PATH_MAX];

			snprintf(done, sizeof(done), "%s/%s/.rb-complete", path, de->d_name);
			if (!fnmatch(glob, de->d_name, 0) && is_file(done))
				found = true;
		}
		if (d)
			closedir(d);
		return found ? "cached" : "not fetched";
	}
	snprintf(path, sizeof(path), "%s/trees/%s/.rb-build/arch/x86/boot/bzImage",
		 kernel_cache(), ks->name);
	return is_file(path) ? "built" : "not built";
}

/* NAME='value' for sh; a value that does not need quotes is printed as is. */
static int put_sh(FILE *f, const char *name, const char *value)
{
	char *q = rb_sh_quote(value ? value : "");

	if (!q)
		return -1;
	fprintf(f, "%s=%s\n", name, q);
	free(q);
	return 0;
}

static int put_sh_list(FILE *f, const char *name, char *const *words, int n)
{
	char *joined = rb_argv_join(NULL, n, words);
	int rc = joined ? put_sh(f, name, joined) : -1;

	free(joined);
	return rc;
}

static int put_sh_long(FILE *f, const char *name, long v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%ld", v);
	return put_sh(f, name, buf);
}

int kernel_spec_print_sh(FILE *f, const struct kernel_spec *ks)
{
	const char *kind = kernel_spec_kind(ks);
	int rc = 0;

	rc |= put_sh(f, "spec_file", ks->path);
	rc |= put_sh(f, "spec_name", ks->name);
	rc |= put_sh(f, "spec_description", ks->description);
	rc |= put_sh(f, "spec_source", ks->source);
	rc |= put_sh(f, "spec_kind", kind);
	rc |= put_sh(f, "spec_source_arg", ks->source + strlen(kind) + 1);
	rc |= put_sh_list(f, "spec_patches", ks->patches, ks->npatches);
	rc |= put_sh_list(f, "spec_configs", ks->configs, ks->nconfigs);
	rc |= put_sh(f, "spec_modules", ks->modules);
	rc |= put_sh_long(f, "spec_nodes", ks->nodes);
	rc |= put_sh_long(f, "spec_cpus", ks->cpus);
	rc |= put_sh_long(f, "spec_mem_per_node_mib", ks->mem_per_node_mib);
	rc |= put_sh(f, "spec_cmdline", ks->cmdline);
	rc |= put_sh_long(f, "spec_timeout_s", ks->timeout_s);
	rc |= put_sh(f, "spec_check_exit_flavour_oom", ks->exit_flavour_oom);
	rc |= put_sh(f, "spec_check_exit_flavour_kill", ks->exit_flavour_kill);
	if (ks->reaper_wake_max_ms < 0)
		rc |= put_sh(f, "spec_check_reaper_wake_max_ms", "");
	else
		rc |= put_sh_long(f, "spec_check_reaper_wake_max_ms", ks->reaper_wake_max_ms);
	rc |= put_sh(f, "spec_datadir", kernel_datadir());
	rc |= put_sh(f, "spec_cache", kernel_cache());
	rc |= put_sh(f, "spec_state", kernel_spec_state(ks));
	rc |= put_sh(f, "spec_series", ks->series);
	rc |= put_sh(f, "spec_config_base", ks->config_base);
	rc |= put_sh(f, "spec_git_tree", ks->git_tree);
	rc |= put_sh(f, "spec_git_rev", ks->git_rev);
	rc |= put_sh(f, "spec_git_commit", ks->git_commit);
	return rc ? err_msg("out of memory\n") : 0;
}

/* mkdir of each missing level of path (no symlink is followed at the last one). */
static int make_dirs(const char *path)
{
	char buf[PATH_MAX];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0755) && errno != EEXIST ? -1 : 0;
}

int kernel_spec_make_git(const char *tree, const char *rev, const char *fragment,
			 const char *base, struct kernel_spec *ks)
{
	char real[PATH_MAX], commit[KGIT_ID_LEN], name[80], dir[PATH_MAX], path[PATH_MAX + 96];
	char tmp[PATH_MAX + 128], frag[PATH_MAX];
	const char *datadir = kernel_datadir();
	FILE *f;
	int fd, dirty;

	memset(ks, 0, sizeof(*ks));
	if (!datadir || kernel_git_check_tree(tree) || !realpath(tree, real) ||
	    kernel_git_commit(real, rev, commit))
		return -1;
	dirty = kernel_git_dirty(real);
	if (dirty)
		return err_msg("tree %s: %s; commit or stash them first\n", tree,
			       dirty < 0 ? "git status failed" : "has uncommitted changes to tracked files");
	if (strchr(fragment, '/') || strchr(fragment, '\n'))
		return err_msg("--config '%s': give a file name under kernels/config/\n", fragment);
	snprintf(frag, sizeof(frag), "%s/kernels/config/%s", datadir, fragment);
	if (!is_file(frag))
		return err_msg("--config '%s': no %s\n", fragment, frag);
	if (strchr(real, '\n') || strchr(real, '@'))
		return err_msg("tree %s: a path with '@' or a newline cannot be a spec source\n", tree);
	kernel_git_spec_name(real, commit, name, sizeof(name));
	if (!strcmp(base, "defconfig"))
		snprintf(name + strlen(name), sizeof(name) - strlen(name), "-defconfig");
	snprintf(dir, sizeof(dir), "%s/specs", kernel_cache());
	if (make_dirs(dir))
		return err_msg("%s: cannot create: %s\n", dir, strerror(errno));
	snprintf(path, sizeof(path), "%s/%s.ini", dir, name);
	snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return err_msg("%s: cannot create: %s\n", tmp, strerror(errno));
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(tmp);
		return err_msg("%s: %s\n", tmp, strerror(errno));
	}
	fprintf(f, "# made by reapbench for %s at %s (%s)\n[kernel]\nname = %s\n"
		"description = %s at %.12s\nsource = git:%s@%s\nconfig = %s\nbase = %s\n",
		real, rev, commit, name, rev, commit, real, commit, fragment, base);
	if (fclose(f) || rename(tmp, path)) {
		unlink(tmp);
		return err_msg("%s: cannot write: %s\n", path, strerror(errno));
	}
	return kernel_spec_load(path, ks);
}
