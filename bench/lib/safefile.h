/*
 * Creating files as root without following anyone's symlinks.
 *
 * An output directory is opened with O_NOFOLLOW|O_DIRECTORY and must belong
 * to the caller (euid) and not be writable by group or others: nobody else
 * can then plant a name in it. Files are created relative to that directory
 * fd under a fresh temporary name (O_CREAT|O_EXCL|O_NOFOLLOW) and renamed
 * into place on success (renameat replaces a name, it never follows it).
 * Only the last component of a directory path is checked: the path above it
 * is the caller's choice.
 */
#ifndef REAPBENCH_SAFEFILE_H
#define REAPBENCH_SAFEFILE_H

#include <stdbool.h>
#include <stdio.h>

/*
 * Open the output directory path (created 0755 when create and absent).
 * Returns a directory fd, or -1 with one line naming path and the reason
 * (a symlink, not a directory, owned by another user, writable by others).
 */
int safe_dir_open(const char *path, bool create);
/* The same for a subdirectory name of the safe directory dirfd. */
int safe_subdir_open(int dirfd, const char *name, bool create);
/*
 * The directory a single output file (e.g. a log) goes into: the caller's
 * and not writable by others as above, or a sticky directory (/tmp): a
 * rename there cannot replace another user's name. -1 with a message.
 */
int safe_parent_open(const char *file, const char **base);

/* A file being written: created by safe_file_create, ended by commit or abort. */
struct safe_file {
	FILE *f;
	int dirfd;
	bool own_dirfd;		/* safe_file_create_path opened it: closed at the end */
	char name[256];
	char tmp[300];
};

/*
 * Start writing name (one path component) in dirfd: sf->f is a new file
 * under a temporary name (mode 0644). -1 with a message.
 */
int safe_file_create(struct safe_file *sf, int dirfd, const char *name);
/* The same for a path: its parent is opened with safe_parent_open (closed by commit/abort). */
int safe_file_create_path(struct safe_file *sf, const char *path);
/* Flush, close and rename into place; on any error the temporary file goes. -1 with a message. */
int safe_file_commit(struct safe_file *sf);
/* Close and remove the temporary file (no-op on an ended one). */
void safe_file_abort(struct safe_file *sf);
/* For a writer that wants a file descriptor (e.g. a child's stdout). */
static inline int safe_file_fd(const struct safe_file *sf) { return fileno(sf->f); }

#endif
