/* Kernel spec parsing (libinih) and the kernel data/cache directories. */
#include "kernel_spec.h"

#include <dirent.h>
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
	char err[256];
};

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
	} else {
		snprintf(c->err, sizeof(c->err), "unknown section [%s] (kernel, topology, boot, check)",
			 section);
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

	line = ini_parse(path, handler, &c);
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
		err_msg("%s: [kernel] source '%s' is not prebuilt:GLOB, debian-source:PKG or path:/DIR\n",
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
	for (i = 0; i < ks->npatches; i++)
		free(ks->patches[i]);
	for (i = 0; i < ks->nconfigs; i++)
		free(ks->configs[i]);
	memset(ks, 0, sizeof(*ks));
}

const char *kernel_spec_kind(const struct kernel_spec *ks)
{
	static const char *const kinds[] = { "prebuilt", "debian-source", "path" };
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
	return rc ? err_msg("out of memory\n") : 0;
}
