/*
 * pgtables: a page-table-heavy victim, so that exit_mmap's free_pgtables
 * (write-locked on 6.1+) dominates its teardown. `span` bytes of address
 * space in vmas of `vma_span` with a hole of the same size after each
 * (sparse: no merging, free_pgtables walks many ranges), and one page
 * written per 2 MiB: every touch costs a whole PTE page (4 KiB) for one data
 * page. page=4k forbids huge pages (MADV_NOHUGEPAGE, and PR_SET_THP_DISABLE
 * for the victim, which works without madvise(2)); page=thp asks for them
 * (MADV_HUGEPAGE: each touch maps a 2 MiB huge page by a PMD; x86 still
 * deposits a PTE page per huge page, so VmPTE stays), the page-size axis.
 * page=thp on a kernel without madvise(2) needs THP [always]. What the
 * kernel really built is stored as facts: pgtable_bytes (VmPTE) and
 * thp_huge_bytes (AnonHugePages of the whole victim: with THP [always] it
 * includes what fork shared from reapbench's own memory).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>

#include "common.h"
#include "workload.h"

#define HPAGE (2ULL << 20)
#define PT_PAGE 4096ULL
#define THP_ENABLED "/sys/kernel/mm/transparent_hugepage/enabled"
/* vmas the process has anyway (binary, libraries, stack, vdso) plus margin */
#define OTHER_VMAS 200

static const struct rb_param_def pgtables_table[] = {
	{ "span", RB_PARAM_SIZE, "8G", 2ULL << 20, 16ULL << 40, NULL, true,
	  "address space covered by the vmas (holes not counted), one page written per 2M" },
	{ "vma_span", RB_PARAM_SIZE, "64M", 2ULL << 20, 16ULL << 40, NULL, false,
	  "bytes per vma, rounded up to 2M; each is followed by a hole as large" },
	{ "page", RB_PARAM_ENUM, "4k", 0, 0, "4k|thp", false,
	  "4k: MADV_NOHUGEPAGE (a PTE page per touch); thp: MADV_HUGEPAGE (a 2M page per touch)" },
	{ .name = NULL },
};

struct layout {
	uint64_t vma_span, n_vmas, touches;
	bool thp;
};

static int pgtables_layout(const struct rb_params *p, struct layout *l)
{
	uint64_t span, max_map = 65530;
	const char *page;

	if (params_get_size(p, pgtables_table, "span", &span) ||
	    params_get_size(p, pgtables_table, "vma_span", &l->vma_span) ||
	    params_get_str(p, pgtables_table, "page", &page))
		return -1;
	l->thp = !strcmp(page, "thp");
	l->vma_span = (l->vma_span + HPAGE - 1) & ~(HPAGE - 1);	/* <= 16T: no overflow */
	l->n_vmas = (span + l->vma_span - 1) / l->vma_span;
	l->touches = l->n_vmas * (l->vma_span / HPAGE);
	read_file_u64("/proc/sys/vm/max_map_count", &max_map);
	if (l->n_vmas + OTHER_VMAS > max_map)
		return err_msg("pgtables: %llu vmas (span / vma_span) exceed vm.max_map_count "
			       "(%llu) minus %d for the process itself; refused\n",
			       (unsigned long long)l->n_vmas, (unsigned long long)max_map,
			       OTHER_VMAS);
	return 0;
}

/* The THP mode in brackets ("always", "madvise", "never"), or NULL without THP. */
static const char *thp_mode(void)
{
	static const char *const modes[] = { "always", "madvise", "never" };
	char *s = read_file_str(THP_ENABLED), want[16];
	const char *mode = NULL;
	size_t i;

	for (i = 0; s && !mode && i < sizeof(modes) / sizeof(modes[0]); i++) {
		snprintf(want, sizeof(want), "[%s]", modes[i]);
		if (strstr(s, want))
			mode = modes[i];
	}
	free(s);
	return mode;
}

/* Tinyconfig kernels may lack madvise(2) (CONFIG_ADVISE_SYSCALLS). */
static bool have_madvise(void)
{
	return !(madvise(NULL, 0, MADV_NORMAL) && errno == ENOSYS);
}

static const char *pgtables_unsupported(const struct rb_params *p)
{
	const char *page, *mode = thp_mode();

	if (params_get_str(p, pgtables_table, "page", &page))
		return NULL;	/* the getter printed why; the plan refuses it */
	if (!strcmp(page, "4k"))
		return NULL;	/* PR_SET_THP_DISABLE works without madvise(2) too */
	if (!mode)
		return "page=thp: no " THP_ENABLED " (kernel without CONFIG_TRANSPARENT_HUGEPAGE)";
	if (!strcmp(mode, "never"))
		return "page=thp: transparent hugepages are disabled ([never] in " THP_ENABLED ")";
	if (strcmp(mode, "always") && !have_madvise())
		return "page=thp: THP is [madvise] and the kernel has no madvise(2) "
		       "(CONFIG_ADVISE_SYSCALLS)";
	return NULL;
}

/* Data pages plus their page tables (charged to the memcg too): PTE and PMD pages. */
static int pgtables_footprint(const struct rb_params *p, uint64_t *bytes)
{
	struct layout l;
	uint64_t data, pte, pmd;

	if (pgtables_layout(p, &l))
		return -1;
	/* touches <= 8M (16T / 2M): none of these products overflows */
	data = l.touches * (l.thp ? HPAGE : PT_PAGE);
	pte = l.thp ? 0 : l.touches * PT_PAGE;
	pmd = (l.n_vmas * l.vma_span * 2 / (1ULL << 30) + l.n_vmas + 1) * PT_PAGE;
	*bytes = data + pte + pmd;
	return 0;
}

static int pgtables_populate(const struct rb_params *p)
{
	uint64_t reserve, i, off;
	struct layout l;
	char *m, *base;

	if (pgtables_layout(p, &l))
		return -1;
	/* vma, hole, vma, hole...: reserve it all (plus 2M to align) and map the vmas into it */
	reserve = l.n_vmas * l.vma_span * 2 + HPAGE;
	m = mmap(NULL, reserve, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m == MAP_FAILED)
		return err_msg("pgtables: reserving %llu bytes of address space failed: %s\n",
			       (unsigned long long)reserve, strerror(errno));
	base = (char *)(((uintptr_t)m + HPAGE - 1) & ~(HPAGE - 1));
	/* the whole victim without huge pages: also where madvise(2) is missing */
	if (!l.thp && prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0))
		return err_msg("pgtables: PR_SET_THP_DISABLE failed: %s\n", strerror(errno));
	for (i = 0; i < l.n_vmas; i++) {
		char *v = base + i * 2 * l.vma_span;

		if (mmap(v, l.vma_span, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0) == MAP_FAILED)
			return err_msg("pgtables: mmap of vma %llu failed: %s\n",
				       (unsigned long long)i, strerror(errno));
		/* without madvise(2): PR_SET_THP_DISABLE (4k), THP [always] (thp, unsupported()) */
		if (madvise(v, l.vma_span, l.thp ? MADV_HUGEPAGE : MADV_NOHUGEPAGE) &&
		    errno != ENOSYS)
			return err_msg("pgtables: madvise failed: %s\n", strerror(errno));
		/* the hole: unmapped, so the next vma is a separate range for free_pgtables */
		if (munmap(v + l.vma_span, l.vma_span))
			return err_msg("pgtables: munmap of a hole failed: %s\n", strerror(errno));
		for (off = 0; off < l.vma_span; off += HPAGE)
			v[off] = 1;
	}
	return 0;
}

static uint64_t status_kb(const char *file, const char *key)
{
	char *s = read_file_str(file), *l;
	uint64_t kb = 0;

	if (s && (l = strstr(s, key)))
		kb = strtoull(l + strlen(key), NULL, 10);
	free(s);
	return kb;
}

static int pgtables_report(struct rb_fact *facts, int max)
{
	if (max < 2)
		return 0;
	snprintf(facts[0].name, sizeof(facts[0].name), "pgtable_bytes");
	facts[0].value = (double)(status_kb("/proc/self/status", "VmPTE:") << 10);
	snprintf(facts[1].name, sizeof(facts[0].name), "thp_huge_bytes");
	facts[1].value = (double)(status_kb("/proc/self/smaps_rollup", "AnonHugePages:") << 10);
	return 2;
}

const struct rb_shape_ops shape_pgtables = {
	.name = "pgtables",
	.help = "sparse vmas with one page written per 2M: page tables dominate (metric "
		"pgtable_bytes)",
	.params = pgtables_table,
	.unsupported = pgtables_unsupported,
	.footprint = pgtables_footprint,
	.populate = pgtables_populate,
	.report = pgtables_report,
};
