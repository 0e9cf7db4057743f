/*
 * shmem: a shared memfd (tmpfs) mapping, every page written. The oom_reaper
 * skips shared mappings and the pages are freed only when the file's last
 * reference goes (after exit_mmap), so reaping and release differ from anon.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common.h"
#include "workload.h"

static const struct rb_param_def shmem_params[] = {
	RB_SIZE_PARAM("64M", "bytes of the memfd, mapped shared and written"),
	{ .name = NULL },
};

static int shmem_footprint(const struct rb_params *p, uint64_t *bytes)
{
	return params_get_size(p, shmem_params, "size", bytes);
}

static int shmem_populate(const struct rb_params *p)
{
	uint64_t size;
	void *m;
	int fd;

	if (shmem_footprint(p, &size))
		return -1;
	fd = memfd_create("reapbench-shmem", MFD_CLOEXEC);
	if (fd < 0)
		return err_msg("shmem: memfd_create: %s\n", strerror(errno));
	if (ftruncate(fd, (off_t)size)) {
		close(fd);
		return err_msg("shmem: ftruncate: %s\n", strerror(errno));
	}
	m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);	/* the mapping keeps the file: it dies with the mm */
	if (m == MAP_FAILED)
		return err_msg("shmem: mmap of %llu bytes failed\n", (unsigned long long)size);
	touch_pages(m, size);
	return 0;
}

const struct rb_shape_ops shape_shmem = {
	.name = "shmem",
	.help = "shared memfd (tmpfs) mapping, every page written (the reaper skips it)",
	.params = shmem_params,
	.footprint = shmem_footprint,
	.populate = shmem_populate,
};
