/*
 * vmas: count=N small private anonymous mappings of pages=P pages each,
 * every page written. They sit side by side in one reserved range with
 * alternating protections (rw, r) so that none can merge: N vmas, and
 * exit_mmap / the reaper walk a long maple tree instead of one big vma.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common.h"
#include "workload.h"

/* vmas the process has anyway (binary, libraries, stack, vdso) plus margin */
#define OTHER_VMAS 200

static const struct rb_param_def vmas_table[] = {
	{ "count", RB_PARAM_COUNT, "10000", 1, 1ULL << 30, NULL, true,
	  "vmas (at most vm.max_map_count - 200)" },
	{ "pages", RB_PARAM_COUNT, "1", 1, 1ULL << 20, NULL, false, "pages per vma" },
	{ .name = NULL },
};

static int vmas_params(const struct rb_params *p, long *count, long *pages)
{
	uint64_t max_map = 65530;
	long limit;

	read_file_u64("/proc/sys/vm/max_map_count", &max_map);
	limit = (long)max_map - OTHER_VMAS;
	if (params_get_count(p, vmas_table, "pages", pages) ||
	    params_get_count(p, vmas_table, "count", count))
		return -1;
	if (*count > limit)
		return err_msg("parameter count: %ld vmas is above vm.max_map_count (%llu) minus %d "
			       "for the process itself; refused\n", *count,
			       (unsigned long long)max_map, OTHER_VMAS);
	return 0;
}

static int vmas_footprint(const struct rb_params *p, uint64_t *bytes)
{
	long count, pages;

	if (vmas_params(p, &count, &pages))
		return -1;
	if (__builtin_mul_overflow((uint64_t)count, (uint64_t)pages, bytes) ||
	    __builtin_mul_overflow(*bytes, (uint64_t)sysconf(_SC_PAGESIZE), bytes))
		return err_msg("vmas: count * pages overflows\n");
	return 0;
}

static int vmas_populate(const struct rb_params *p)
{
	size_t piece, size;
	long count, pages, i;
	char *m;

	if (vmas_params(p, &count, &pages))
		return -1;
	piece = (size_t)pages * sysconf(_SC_PAGESIZE);
	size = piece * count;
	m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return err_msg("vmas: mmap of %zu bytes failed\n", size);
	touch_pages(m, size);
	/* every other piece read-only: neighbours differ, no merge */
	for (i = 1; i < count; i += 2)
		if (mprotect(m + i * piece, piece, PROT_READ))
			return err_msg("vmas: mprotect of vma %ld failed: %s\n", i, strerror(errno));
	return 0;
}

/* The vmas the victim really has (all of them, not only ours): lines of /proc/self/maps. */
static int vmas_report(struct rb_fact *facts, int max)
{
	char *s = read_file_str("/proc/self/maps"), *c;
	long n = 0;

	if (!s || max < 1) {
		free(s);
		return 0;
	}
	for (c = s; *c; c++)
		n += *c == '\n';
	free(s);
	snprintf(facts[0].name, sizeof(facts[0].name), "vma_n");
	facts[0].value = (double)n;
	return 1;
}

const struct rb_shape_ops shape_vmas = {
	.name = "vmas",
	.help = "many small anonymous vmas that cannot merge (alternating protections)",
	.params = vmas_table,
	.footprint = vmas_footprint,
	.populate = vmas_populate,
	.report = vmas_report,
};
