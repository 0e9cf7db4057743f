#include "safefile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

/* Owned by us and writable by nobody else; or, with sticky_ok, a sticky directory. */
static int dir_fd_check(int fd, const char *path, bool sticky_ok)
{
	struct stat st;

	if (fstat(fd, &st))
		return err_msg("%s: %s\n", path, strerror(errno));
	if (sticky_ok && (st.st_mode & S_ISVTX) && (st.st_uid == geteuid() || st.st_uid == 0))
		return 0;
	if (st.st_uid != geteuid())
		return err_msg("%s: refused: the directory belongs to uid %u, not to uid %u "
			       "(files written there could be redirected)\n", path,
			       (unsigned)st.st_uid, (unsigned)geteuid());
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		return err_msg("%s: refused: the directory is writable by %s (mode %04o)\n", path,
			       st.st_mode & S_IWOTH ? "others" : "its group",
			       (unsigned)(st.st_mode & 07777));
	return 0;
}

static int open_dir_at(int at, const char *name, const char *shown, bool create, bool sticky_ok)
{
	bool made = false;
	int fd;

	if (create) {
		if (!mkdirat(at, name, 0755))
			made = true;
		else if (errno != EEXIST)
			return err_msg("%s: cannot create: %s\n", shown, strerror(errno));
	}
	fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ELOOP || errno == ENOTDIR) {
			struct stat st;

			if (!fstatat(at, name, &st, AT_SYMLINK_NOFOLLOW) && S_ISLNK(st.st_mode))
				return err_msg("%s: refused: a symbolic link, not a directory\n", shown);
			return err_msg("%s: not a directory\n", shown);
		}
		return err_msg("%s: %s\n", shown, strerror(errno));
	}
	/* our new directory: 0755 whatever the umask, so that the check below holds */
	if ((made && fchmod(fd, 0755)) || dir_fd_check(fd, shown, sticky_ok)) {
		if (made)
			err_msg("%s: %s\n", shown, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int safe_dir_open(const char *path, bool create)
{
	return open_dir_at(AT_FDCWD, path, path, create, false);
}

int safe_subdir_open(int dirfd, const char *name, bool create)
{
	if (strchr(name, '/'))
		return err_msg("%s: not one path component\n", name);
	return open_dir_at(dirfd, name, name, create, false);
}

int safe_parent_open(const char *file, const char **base)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(file, '/');
	size_t n;

	*base = slash ? slash + 1 : file;
	if (!**base)
		return err_msg("%s: not a file name\n", file);
	if (!slash)
		return open_dir_at(AT_FDCWD, ".", file, false, true);
	n = slash == file ? 1 : (size_t)(slash - file);
	if (n >= sizeof(dir))
		return err_msg("%s: path too long\n", file);
	memcpy(dir, file, n);
	dir[n] = 0;
	return open_dir_at(AT_FDCWD, dir, dir, false, true);
}

int safe_file_create(struct safe_file *sf, int dirfd, const char *name)
{
	int fd = -1, i;

	memset(sf, 0, sizeof(*sf));
	sf->dirfd = -1;
	if (!*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..") ||
	    snprintf(sf->name, sizeof(sf->name), "%s", name) >= (int)sizeof(sf->name))
		return err_msg("%s: not a file name\n", name);
	for (i = 0; i < 16 && fd < 0; i++) {
		unsigned long long r = 0;

		if (getrandom(&r, sizeof(r), 0) != sizeof(r))
			r = (unsigned long long)now_ns() ^ ((unsigned long long)getpid() << 32);
		snprintf(sf->tmp, sizeof(sf->tmp), ".%s.%012llx.tmp", name, r & 0xffffffffffffULL);
		fd = openat(dirfd, sf->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			    0644);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0)
		return err_msg("%s: cannot create: %s\n", name, strerror(errno));
	sf->f = fdopen(fd, "w");
	if (!sf->f) {
		close(fd);
		unlinkat(dirfd, sf->tmp, 0);
		return err_msg("%s: %s\n", name, strerror(errno));
	}
	sf->dirfd = dirfd;
	return 0;
}

int safe_file_create_path(struct safe_file *sf, const char *path)
{
	const char *base;
	int dfd = safe_parent_open(path, &base);

	if (dfd < 0)
		return -1;
	if (safe_file_create(sf, dfd, base)) {
		close(dfd);
		return -1;
	}
	sf->own_dirfd = true;
	return 0;
}

static void end(struct safe_file *sf)
{
	if (sf->own_dirfd)
		close(sf->dirfd);
	sf->own_dirfd = false;
	sf->dirfd = -1;
	sf->f = NULL;
}

int safe_file_commit(struct safe_file *sf)
{
	int bad;

	if (!sf->f)
		return -1;
	bad = ferror(sf->f) | fflush(sf->f);
	bad |= fclose(sf->f);
	sf->f = NULL;
	if (bad || renameat(sf->dirfd, sf->tmp, sf->dirfd, sf->name)) {
		err_msg("%s: not written: %s\n", sf->name, strerror(errno));
		unlinkat(sf->dirfd, sf->tmp, 0);
		end(sf);
		return -1;
	}
	end(sf);
	return 0;
}

void safe_file_abort(struct safe_file *sf)
{
	if (!sf->f)
		return;
	fclose(sf->f);
	unlinkat(sf->dirfd, sf->tmp, 0);
	end(sf);
}
