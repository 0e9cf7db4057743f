/*
 * thp: private anonymous memory aligned to 2 MiB, MADV_HUGEPAGE, every page
 * written. How much really became huge (AnonHugePages in smaps_rollup) is
 * stored as thp_huge_bytes, printed with -v, and warned about when under
 * half: such a run measured mostly small pages.
 */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "common.h"
#include "workload.h"

#define HPAGE (2ULL << 20)
#define THP_ENABLED "/sys/kernel/mm/transparent_hugepage/enabled"

static const struct rb_param_def thp_params[] = {
	RB_SIZE_PARAM("64M", "bytes mapped with MADV_HUGEPAGE, rounded up to 2M"),
	{ .name = NULL },
};

static const char *thp_unsupported(const struct rb_params *p)
{
	char *s = read_file_str(THP_ENABLED);
	const char *why = NULL;

	(void)p;
	if (!s)
		return "no " THP_ENABLED " (kernel without CONFIG_TRANSPARENT_HUGEPAGE)";
	if (strstr(s, "[never]"))
		why = "transparent hugepages are disabled ([never] in " THP_ENABLED ")";
	free(s);
	return why;
}

static int thp_footprint(const struct rb_params *p, uint64_t *bytes)
{
	if (params_get_size(p, thp_params, "size", bytes) ||
	    __builtin_add_overflow(*bytes, HPAGE - 1, bytes))
		return -1;
	*bytes &= ~(HPAGE - 1);
	return 0;
}

static uint64_t anon_huge_bytes(void)
{
	char *s = read_file_str("/proc/self/smaps_rollup"), *l;
	uint64_t kb = 0;

	if (s && (l = strstr(s, "AnonHugePages:")))
		kb = strtoull(l + strlen("AnonHugePages:"), NULL, 10);
	free(s);
	return kb << 10;
}

static int thp_populate(const struct rb_params *p)
{
	uint64_t size, huge;
	uintptr_t a;
	char *m;

	if (thp_footprint(p, &size))
		return -1;
	/* over-map by one huge page so the used range starts 2 MiB aligned */
	m = mmap(NULL, size + HPAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return err_msg("thp: mmap of %llu bytes failed\n", (unsigned long long)size);
	a = ((uintptr_t)m + HPAGE - 1) & ~(uintptr_t)(HPAGE - 1);
	if (madvise((void *)a, size, MADV_HUGEPAGE))
		return err_msg("thp: madvise(MADV_HUGEPAGE) failed\n");
	touch_pages((void *)a, size);
	huge = anon_huge_bytes();
	debug_msg("thp: %llu of %llu KiB became huge (AnonHugePages)\n",
		  (unsigned long long)huge >> 10, (unsigned long long)size >> 10);
	if (huge < size / 2)
		err_msg("thp: warning: only %llu of %llu KiB became huge pages\n",
			(unsigned long long)huge >> 10, (unsigned long long)size >> 10);
	return 0;
}

static int thp_report(struct rb_fact *facts, int max)
{
	if (max < 1)
		return 0;
	snprintf(facts[0].name, sizeof(facts[0].name), "thp_huge_bytes");
	facts[0].value = (double)anon_huge_bytes();
	return 1;
}

const struct rb_shape_ops shape_thp = {
	.name = "thp",
	.help = "anonymous memory with MADV_HUGEPAGE (metric thp_huge_bytes: how much became huge)",
	.params = thp_params,
	.unsupported = thp_unsupported,
	.footprint = thp_footprint,
	.populate = thp_populate,
	.report = thp_report,
};
