/*
 * mlock: private anonymous memory, every page written and mlocked, either
 * by MAP_LOCKED on the mapping (mode=maplocked) or by mlockall(MCL_CURRENT |
 * MCL_FUTURE | MCL_ONFAULT) before it (mode=mlockall: every vma is locked).
 * Since 5.18 the oom_reaper no longer skips VM_LOCKED vmas and exit_mmap has
 * no munlock step (folios are munlocked as they are unmapped, in the unmap
 * phase): compare its phases with `anon` of the same size.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "common.h"
#include "workload.h"

static const struct rb_param_def mlock_params[] = {
	RB_SIZE_PARAM("64M", "bytes mapped, written and locked"),
	{ "mode", RB_PARAM_ENUM, "maplocked", 0, 0, "maplocked|mlockall", false,
	  "MAP_LOCKED on the mapping, or mlockall() before it (every vma locked)" },
	{ .name = NULL },
};

static int mlock_mode(const struct rb_params *p, bool *all)
{
	const char *m;

	if (params_get_str(p, mlock_params, "mode", &m))
		return -1;
	*all = !strcmp(m, "mlockall");
	return 0;
}

static int mlock_footprint(const struct rb_params *p, uint64_t *bytes)
{
	bool all;

	if (mlock_mode(p, &all))
		return -1;
	return params_get_size(p, mlock_params, "size", bytes);
}

/* VmLck of this process in bytes, from /proc/self/status. */
static uint64_t locked_bytes(void)
{
	char *s = read_file_str("/proc/self/status"), *l;
	uint64_t kb = 0;

	if (s && (l = strstr(s, "VmLck:")))
		kb = strtoull(l + 6, NULL, 10);
	free(s);
	return kb << 10;
}

static int mlock_populate(const struct rb_params *p)
{
	struct rlimit unlimited = { RLIM_INFINITY, RLIM_INFINITY };
	uint64_t size;
	bool all;
	void *m;

	if (mlock_footprint(p, &size) || mlock_mode(p, &all))
		return -1;
	/*
	 * The victim's own limit. Without CAP_SYS_RESOURCE (containers) the raise
	 * fails, but CAP_IPC_LOCK lets root lock past RLIMIT_MEMLOCK anyway.
	 */
	if (setrlimit(RLIMIT_MEMLOCK, &unlimited))
		debug_msg("mlock: RLIMIT_MEMLOCK not raised (%s), relying on CAP_IPC_LOCK\n",
			  strerror(errno));
	/*
	 * MCL_ONFAULT: the victim is a fork of reapbench and inherits its
	 * untouched mappings (cached thread stacks, malloc arenas); populating
	 * those would charge tens of MiB more than `size` to the memcg and
	 * OOM-kill the victim while it populates. Locked vmas all the same.
	 */
	if (all && mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT))
		return err_msg("mlock: mlockall: %s (RLIMIT_MEMLOCK, CAP_IPC_LOCK?)\n",
			       strerror(errno));
	m = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | (all ? 0 : MAP_LOCKED), -1, 0);
	if (m == MAP_FAILED)
		return err_msg("mlock: mmap of %llu bytes failed: %s (RLIMIT_MEMLOCK, "
			       "CAP_IPC_LOCK?)\n", (unsigned long long)size, strerror(errno));
	touch_pages(m, size);
	if (locked_bytes() < size)
		return err_msg("mlock: only %llu of %llu bytes locked\n",
			       (unsigned long long)locked_bytes(), (unsigned long long)size);
	return 0;
}

/*
 * An AddressSanitizer build (make check-asan) keeps terabytes of shadow
 * mappings: mlockall() there locks none of the victim's pages, so the
 * measurement would not be of mlocked memory.
 */
static const char *mlock_unsupported(const struct rb_params *p)
{
#if defined(__SANITIZE_ADDRESS__)
	bool all;

	if (!mlock_mode(p, &all) && all)
		return "mode=mlockall does not lock memory in an AddressSanitizer build";
#else
	(void)p;
#endif
	return NULL;
}

const struct rb_shape_ops shape_mlock = {
	.name = "mlock",
	.help = "private anonymous memory, every page written and mlocked",
	.params = mlock_params,
	.unsupported = mlock_unsupported,
	.footprint = mlock_footprint,
	.populate = mlock_populate,
};
