/* Kernel sets: parsing (libinih) and the interleaved boots of 'reapbench ab @SET'. */
#include "kernel_set.h"

#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "argv.h"
#include "common.h"
#include "kernel_run.h"
#include "report.h"

const char *kernel_set_dir(void)
{
	static char dir[PATH_MAX];
	const char *datadir = kernel_datadir();

	if (!datadir)
		return NULL;
	snprintf(dir, sizeof(dir), "%s/kernels/sets", datadir);
	return dir;
}

struct set_ctx {
	struct kernel_set *ks;
	char err[256];
};

static int set_handler(void *user, const char *section, const char *key, const char *value)
{
	struct set_ctx *c = user;
	struct kernel_set *ks = c->ks;

	if (strcmp(section, "set")) {
		snprintf(c->err, sizeof(c->err), "unknown section [%s] (set)", section);
		return 0;
	}
	if (!strcmp(key, "name") || !strcmp(key, "description")) {
		char **dst = !strcmp(key, "name") ? &ks->name : &ks->description;

		free(*dst);
		*dst = strdup(value);
		return *dst != NULL;
	}
	if (!strcmp(key, "specs")) {
		char *copy = strdup(value), *save = NULL, *w;
		int ok = copy != NULL;

		for (w = copy ? strtok_r(copy, " \t,", &save) : NULL; w && ok;
		     w = strtok_r(NULL, " \t,", &save)) {
			struct kernel_spec spec;

			if (ks->nspecs == KSET_MAX_SPECS) {
				snprintf(c->err, sizeof(c->err), "more than %d specs", KSET_MAX_SPECS);
				ok = 0;
			} else if (strchr(w, '/') || kernel_spec_load(w, &spec)) {
				snprintf(c->err, sizeof(c->err), "spec '%s' is not a loadable kernels/%s.ini", w, w);
				ok = 0;
			} else {
				kernel_spec_free(&spec);
				ks->specs[ks->nspecs++] = strdup(w);
			}
		}
		free(copy);
		return ok;
	}
	snprintf(c->err, sizeof(c->err), "unknown key '%s' in [set]", key);
	return 0;
}

int kernel_set_load(const char *set, struct kernel_set *ks)
{
	struct set_ctx c = { .ks = ks };
	const char *dir = kernel_set_dir();
	char path[PATH_MAX];
	struct stat st;
	int line;

	memset(ks, 0, sizeof(*ks));
	if (!dir)
		return -1;
	if (strchr(set, '/') || strstr(set, ".ini"))
		snprintf(path, sizeof(path), "%s", set);
	else
		snprintf(path, sizeof(path), "%s/%s.ini", dir, set);
	if (stat(path, &st) || !S_ISREG(st.st_mode))
		return err_msg("no kernel set '%s' (looked for %s; see 'reapbench kernel list')\n",
			       set, path);
	ks->path = strdup(path);
	line = ini_parse(path, set_handler, &c);
	if (line < 0)
		err_msg("%s: cannot read: %s\n", path, strerror(errno));
	else if (line > 0)
		err_msg("%s:%d: %s\n", path, line, c.err[0] ? c.err : "not a section, key = value or comment");
	else if (!ks->name || !ks->name[0])
		err_msg("%s: [set] name is missing\n", path);
	else if (ks->nspecs < 2)
		err_msg("%s: [set] specs wants at least two specs\n", path);
	else
		return 0;
	kernel_set_free(ks);
	return -1;
}

void kernel_set_free(struct kernel_set *ks)
{
	free(ks->path);
	free(ks->name);
	free(ks->description);
	for (int i = 0; i < ks->nspecs; i++)
		free(ks->specs[i]);
	memset(ks, 0, sizeof(*ks));
}

static double since(uint64_t t0)
{
	return (double)(now_ns() - t0) / 1e9;
}

#define MAX_SPECS (KSET_MAX_SPECS * 4)

/* Expand @SET words into spec names (malloc'd, into out); returns the count or -1. */
static int expand(int nspec, char **specs, char **out)
{
	int n = 0;

	for (int i = 0; i < nspec; i++) {
		struct kernel_set set;

		if (specs[i][0] != '@') {
			if (n == MAX_SPECS)
				return err_msg("ab: more than %d specs\n", MAX_SPECS), -1;
			out[n++] = strdup(specs[i]);
			continue;
		}
		if (kernel_set_load(specs[i] + 1, &set))
			return -1;
		for (int j = 0; j < set.nspecs; j++) {
			if (n == MAX_SPECS) {
				kernel_set_free(&set);
				return err_msg("ab: more than %d specs\n", MAX_SPECS), -1;
			}
			out[n++] = strdup(set.specs[j]);
		}
		kernel_set_free(&set);
	}
	return n;
}

int kernel_ab_set(const char *db, const char *out, long boots, const struct rb_cmp_cfg *cfg,
		  int nspec, char **specs, int nrun, char **run_opts)
{
	char *names[MAX_SPECS] = { 0 }, *labels[MAX_SPECS] = { 0 };
	struct kernel_spec ks[MAX_SPECS];
	char stamp[32], dir[PATH_MAX], *command = NULL;
	uint64_t t0 = now_ns(), tb;
	time_t now = time(NULL);
	int n, i, loaded = 0, rc = RB_EXIT_ERROR;
	struct tm tm;

	n = expand(nspec, specs, names);
	if (n < 2) {
		if (n >= 0)
			err_msg("ab: want at least two specs\n");
		goto out;
	}
	for (; loaded < n; loaded++)
		if (kernel_spec_load(names[loaded], &ks[loaded]))
			goto out;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	if (out)
		snprintf(dir, sizeof(dir), "%s", out);
	else
		snprintf(dir, sizeof(dir), "results/ab-%s-%s%s-%s", names[0],
			 specs[0][0] == '@' ? "set-" : "and-",
			 specs[0][0] == '@' ? specs[0] + 1 : names[1], stamp);
	for (i = 0; i < n; i++) {
		if (asprintf(&labels[i], "%s (%c, ab-%s)", names[i], 'A' + (i % 26), stamp) < 0) {
			labels[i] = NULL;
			goto out;
		}
	}
	command = rb_argv_join("reapbench ab", nspec + nrun, specs);
	for (i = 0; i < n; i++) {
		tb = now_ns();
		if ((rc = kernel_build(&ks[i], 0, false)))
			goto out;
		printf("# ab: built %s in %.0f s\n", names[i], since(tb));
	}
	for (long k = 1; k <= boots; k++) {
		for (i = 0; i < n; i++) {
			struct kernel_run_opts o = { .db = db, .label = labels[i], .no_build = true,
						     .merge = k > 1, .command = command };

			tb = now_ns();
			if ((rc = kernel_run(&ks[i], &o, nrun, run_opts)))
				goto out;
			printf("# ab: boot %ld/%ld of %c (%s): %.0f s\n", k, boots, 'A' + (i % 26),
			       names[i], since(tb));
			fflush(stdout);
		}
	}
	if (mkdir(dir, 0755) && errno != EEXIST) {
		err_msg("ab: %s: %s\n", dir, strerror(errno));
		rc = RB_EXIT_ERROR;
		goto out;
	}
	{
		/* one report of all specs: each against the first in DIR/<A>-vs-<X>/,
		 * the race-window figure and race-designs.txt of all in DIR */
		struct rb_report_args rep = { .cmp = { .db_path = db, .a = labels[0],
						       .b = labels[1], .cfg = *cfg },
					      .out_dir = dir, .sets = (const char *const *)labels,
					      .n_sets = n };
		char *rep_argv[MAX_SPECS + 4] = { "--db", (char *)db, "-o", dir };

		for (i = 0; i < n; i++)
			rep_argv[4 + i] = labels[i];
		rep.cmp.reproduce = rb_argv_join("reapbench report", n + 4, rep_argv);
		rc = report_sets_run(&rep);
		free((char *)rep.cmp.reproduce);
		if (rc != RB_EXIT_OK && rc != RB_EXIT_REGRESSION)
			goto out;
	}
	printf("# ab: %d specs, %ld boots each: %.0f s wall in all; reports in %s\n", n, boots,
	       since(t0), dir);
out:
	for (i = 0; i < loaded; i++)
		kernel_spec_free(&ks[i]);
	for (i = 0; i < MAX_SPECS; i++) {
		free(names[i]);
		free(labels[i]);
	}
	free(command);
	return rc;
}
