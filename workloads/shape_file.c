/*
 * file: a private read mapping of a real file the victim writes into
 * dir (default /var/tmp) and unlinks at once, every page read through the
 * mapping (touch=write: written, i.e. copied on write into anon pages).
 * Its page cache is charged to the victim's memcg; the pages of the
 * unlinked file go only when the file's last reference does (after
 * exit_mmap), and dirty ones may be under writeback: mem_release may then
 * be absent. The reaper skips file pages that are not anon copies.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common.h"
#include "workload.h"

#define WRITE_CHUNK (1 << 20)

static const struct rb_param_def file_table[] = {
	RB_SIZE_PARAM("64M", "bytes of the file, mapped private"),
	{ "dir", RB_PARAM_TEXT, "/var/tmp", 0, 0, NULL, false,
	  "directory the file is created (and at once unlinked) in" },
	{ "touch", RB_PARAM_ENUM, "read", 0, 0, "read|write", false,
	  "read every page, or write it (copied on write into anon pages)" },
	{ .name = NULL },
};

static int file_params(const struct rb_params *p, uint64_t *size, bool *write_touch)
{
	const char *t;

	if (params_get_str(p, file_table, "touch", &t))
		return -1;
	*write_touch = !strcmp(t, "write");
	return params_get_size(p, file_table, "size", size);
}

static int file_footprint(const struct rb_params *p, uint64_t *bytes)
{
	bool w;
	uint64_t size;

	if (file_params(p, &size, &w))
		return -1;
	/* page cache, plus the anon copies when written */
	return __builtin_mul_overflow(size, w ? 2 : 1, bytes) ? -1 : 0;
}

static void read_pages(const char *m, size_t len)
{
	long page = sysconf(_SC_PAGESIZE);
	volatile char sink = 0;
	size_t off;

	for (off = 0; off < len; off += page)
		sink ^= m[off];
	(void)sink;
}

static int fill(int fd, uint64_t size)
{
	static char buf[WRITE_CHUNK];
	uint64_t done = 0;

	memset(buf, 'r', sizeof(buf));
	while (done < size) {
		size_t n = size - done < sizeof(buf) ? size - done : sizeof(buf);
		ssize_t w = write(fd, buf, n);

		if (w <= 0)
			return -1;
		done += w;
	}
	return 0;
}

static int file_populate(const struct rb_params *p)
{
	const char *dir;
	char path[256];
	uint64_t size;
	bool w;
	char *m;
	int fd;

	if (file_params(p, &size, &w) || params_get_str(p, file_table, "dir", &dir))
		return -1;
	snprintf(path, sizeof(path), "%s/reapbench-%d-file-XXXXXX", dir, (int)getpid());
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0)
		return err_msg("file: cannot create %s: %s\n", path, strerror(errno));
	unlink(path);	/* nothing to clean up on any path: gone with the last reference */
	if (fill(fd, size)) {
		close(fd);
		return err_msg("file: writing %llu bytes to %s failed: %s\n",
			       (unsigned long long)size, dir, strerror(errno));
	}
	m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return err_msg("file: mmap of %llu bytes failed\n", (unsigned long long)size);
	if (w)
		touch_pages(m, size);
	else
		read_pages(m, size);
	return 0;
}

const struct rb_shape_ops shape_file = {
	.name = "file",
	.help = "private mapping of an unlinked file in dir: page cache mapped",
	.params = file_table,
	.footprint = file_footprint,
	.populate = file_populate,
};
