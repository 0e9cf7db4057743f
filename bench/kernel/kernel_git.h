/*
 * The user's kernel git tree, read-only: resolve revisions, check that a
 * tree is a clean work tree. Every call runs `git -C TREE ...` and changes
 * nothing in TREE (no HEAD, index or working file is touched); builds use
 * worktrees in the cache (scripts/kernel-build.sh).
 */
#ifndef REAPBENCH_KERNEL_GIT_H
#define REAPBENCH_KERNEL_GIT_H

#include <stdbool.h>
#include <stddef.h>

#define KGIT_ID_LEN 41	/* a SHA-1 commit id and its NUL */

/*
 * Run git -C tree ARGS (NULL-terminated); its stdout, trimmed, into *out
 * (malloc'd; may be NULL). stderr is dropped. Returns git's exit status or -1.
 */
int kernel_git(const char *tree, char **out, char *const args[]);

/* TREE is the top of a git work tree: 0, or -1 with one line naming TREE. */
int kernel_git_check_tree(const char *tree);

/* REV names a commit of TREE: its id into commit, 0; or -1 with one line. */
int kernel_git_commit(const char *tree, const char *rev, char commit[KGIT_ID_LEN]);

/* Whether tracked files of TREE differ from its HEAD (staged or not): 1, 0, or -1. */
int kernel_git_dirty(const char *tree);

/* The first line of REV's message (malloc'd), or NULL. */
char *kernel_git_subject(const char *tree, const char *rev);

/* "BASENAME-COMMIT12" of a tree and commit, as a spec name (A-Z a-z 0-9 . _ + -). */
void kernel_git_spec_name(const char *tree, const char *commit, char *name, size_t len);

#endif
