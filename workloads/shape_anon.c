/* anon: one private anonymous mapping of `size` bytes, every page written. */
#include <stdio.h>
#include <sys/mman.h>

#include "common.h"
#include "workload.h"

static const struct rb_param_def anon_params[] = {
	RB_SIZE_PARAM("64M", "bytes mapped and written"),
	{ .name = NULL },
};

static int anon_footprint(const struct rb_params *p, uint64_t *bytes)
{
	return params_get_size(p, anon_params, "size", bytes);
}

static int anon_populate(const struct rb_params *p)
{
	uint64_t size;
	void *m;

	if (anon_footprint(p, &size))
		return -1;
	m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return err_msg("anon: mmap of %llu bytes failed\n", (unsigned long long)size);
	touch_pages(m, size);
	return 0;
}

const struct rb_shape_ops shape_anon = {
	.name = "anon",
	.help = "private anonymous memory, every page written",
	.params = anon_params,
	.footprint = anon_footprint,
	.populate = anon_populate,
};
