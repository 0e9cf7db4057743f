/* Read-only questions to the user's kernel git tree (kernel_git.h). */
#include "kernel_git.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"
#include "subprocess.h"

#define KGIT_MAX_ARGS 16

int kernel_git(const char *tree, char **out, char *const args[])
{
	char *argv[KGIT_MAX_ARGS + 4] = { "git", "-C", (char *)tree };
	char *buf = NULL;
	size_t n = 3, len;
	int rc;

	for (size_t i = 0; args[i]; i++) {
		if (i == KGIT_MAX_ARGS)
			return err_msg("kernel_git: too many arguments\n");
		argv[n++] = args[i];
	}
	argv[n] = NULL;
	rc = rb_spawn_capture(&(struct rb_spawn){ .argv = argv, .err = { .kind = RB_IO_NULL } }, &buf);
	if (buf) {
		len = strlen(buf);
		while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
			buf[--len] = 0;
	}
	if (out)
		*out = buf;
	else
		free(buf);
	return rc < 0 ? -1 : rc;
}

int kernel_git_check_tree(const char *tree)
{
	char real[PATH_MAX], *top = NULL;
	struct stat st;
	int rc;

	if (stat(tree, &st) || !S_ISDIR(st.st_mode))
		return err_msg("tree %s: %s\n", tree,
			       errno == ENOENT ? "no such directory" : "not a directory");
	if (!realpath(tree, real))
		return err_msg("tree %s: %s\n", tree, strerror(errno));
	rc = kernel_git(tree, &top, (char *[]){ "rev-parse", "--show-toplevel", NULL });
	if (rc || !top || strcmp(top, real))
		rc = err_msg("tree %s: not the top of a git work tree\n", tree);
	free(top);
	return rc ? -1 : 0;
}

int kernel_git_commit(const char *tree, const char *rev, char commit[KGIT_ID_LEN])
{
	char spec[512], *id = NULL;
	int rc;

	if (!rev[0] || rev[0] == '-' || strlen(rev) > 400 || strpbrk(rev, "\n\r"))
		return err_msg("tree %s: '%s' is not a revision\n", tree, rev);
	snprintf(spec, sizeof(spec), "%s^{commit}", rev);
	rc = kernel_git(tree, &id, (char *[]){ "rev-parse", "--verify", "--quiet", spec, NULL });
	if (rc || !id || strlen(id) != KGIT_ID_LEN - 1) {
		free(id);
		return err_msg("tree %s: unknown revision '%s'\n", tree, rev);
	}
	memcpy(commit, id, KGIT_ID_LEN);
	free(id);
	return 0;
}

int kernel_git_dirty(const char *tree)
{
	char *out = NULL;
	int rc = kernel_git(tree, &out, (char *[]){ "status", "--porcelain",
						   "--untracked-files=no", NULL });
	int dirty = out && out[0];

	free(out);
	return rc ? -1 : dirty;
}

char *kernel_git_subject(const char *tree, const char *rev)
{
	char *out = NULL;

	if (kernel_git(tree, &out, (char *[]){ "log", "-1", "--format=%s", (char *)rev, "--",
					       NULL })) {
		free(out);
		return NULL;
	}
	return out;
}

void kernel_git_spec_name(const char *tree, const char *commit, char *name, size_t len)
{
	const char *base = strrchr(tree, '/');
	size_t n;

	base = base && base[1] ? base + 1 : tree;
	snprintf(name, len, "%.40s-%.12s", base[0] == '.' ? "tree" : base, commit);
	for (n = 0; name[n]; n++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-",
			    name[n]))
			name[n] = '_';
}
