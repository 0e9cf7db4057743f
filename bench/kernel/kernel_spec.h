/*
 * Kernel specs (kernels/NAME.ini) and where the kernel scripts live.
 *
 *   [kernel]   name, description, source, patches, config, modules
 *   [topology] nodes, cpus, mem_per_node_mib
 *   [boot]     cmdline, timeout_s
 *
 * source is prebuilt:GLOB, debian-source:PKG or path:/DIR; patches and
 * config are space-separated file names under kernels/patches/ and
 * kernels/config/. The shell scripts (scripts/kernel-*.sh) do the heavy
 * lifting; this is what the C side needs to check a spec and to record it.
 */
#ifndef REAPBENCH_KERNEL_SPEC_H
#define REAPBENCH_KERNEL_SPEC_H

#define KSPEC_MAX_FILES 16

struct kernel_spec {
	char *path;			/* the .ini */
	char *name;
	char *description;
	char *source;
	char *patches[KSPEC_MAX_FILES];	/* file names under kernels/patches/ */
	int npatches;
	char *configs[KSPEC_MAX_FILES];	/* file names under kernels/config/ */
	int nconfigs;
	char *modules;			/* prebuilt only: modules /init loads */
	long nodes, cpus, mem_per_node_mib;
	char *cmdline;
	long timeout_s;
};

/*
 * The directory holding kernels/ and scripts/: $REAPBENCH_DATADIR, else the
 * directory of the running binary, else the current directory, else the
 * install DATADIR. Returns a static string or NULL (with a message).
 */
const char *kernel_datadir(void);

/* The cache for sources, builds and downloads: $REAPBENCH_CACHE or /var/cache/reapbench. */
const char *kernel_cache(void);

/*
 * Resolve SPEC (a name under kernels/ or a path to an .ini) and parse it.
 * Bad input gets one "file:line: ..." message and -1; nothing is allocated then.
 */
int kernel_spec_load(const char *spec, struct kernel_spec *ks);
void kernel_spec_free(struct kernel_spec *ks);

/* The spec's source kind: "prebuilt", "debian-source" or "path". */
const char *kernel_spec_kind(const struct kernel_spec *ks);

/*
 * Whether a kernel image for the spec is in the cache already, as a short
 * word for `kernel list`: "built", "cached", "not built", "not fetched".
 */
const char *kernel_spec_state(const struct kernel_spec *ks);

#endif
