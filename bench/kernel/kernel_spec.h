/*
 * Kernel specs (kernels/NAME.ini) and where the kernel scripts live.
 *
 *   [kernel]   name, description, source, patches, series, config, base, modules
 *   [topology] nodes, cpus, mem_per_node_mib
 *   [boot]     cmdline, timeout_s
 *   [check]    exit_flavour_oom, exit_flavour_kill: the exit_flavour a traced
 *              memcg-oom / kill run must show (scripts/kernel-check.sh);
 *              reaper_wake_max_ms: the oom_reaper must be woken this soon
 *   [calibration] metric, known_shift_us: a known answer (a calibration patch
 *              adds exactly this much to the metric); recorded with the run set
 *              at import so that the report can compare what it recovers
 *
 * source is prebuilt:GLOB, debian-source:PKG, path:/DIR (a tree as it is)
 * or git:/TREE@REV (REV of a git tree, built in a worktree in the cache);
 * patches and config are space-separated file names under kernels/patches/
 * and kernels/config/. series, applied after the patches, is mbox:/FILE
 * (its messages in order) or dir:/DIR (its *.patch files, by name): with git
 * am on git sources, with patch -p1 per message or file on debian-source and
 * path ones (scripts/kernel-build.sh); git sources also take range:A..B of the
 * tree (cherry-picked). base is tinyconfig (default) or defconfig. This is
 * the one parser of a spec: the shell scripts
 * (scripts/kernel-*.sh) that do the heavy lifting read the resolved values
 * from `reapbench kernel spec --sh NAME` (kernel_spec_print_sh).
 */
#ifndef REAPBENCH_KERNEL_SPEC_H
#define REAPBENCH_KERNEL_SPEC_H

#include <stdio.h>

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
	char *series;			/* mbox:/FILE, dir:/DIR; git also range:A..B */
	int series_line;		/* its line in the .ini, for messages */
	char *config_base;		/* "tinyconfig" or "defconfig" */
	char *git_tree, *git_rev;	/* git: the parts of source */
	char git_commit[41];		/* git: REV resolved */
	long nodes, cpus, mem_per_node_mib;
	char *cmdline;
	long timeout_s;
	char *exit_flavour_oom, *exit_flavour_kill;	/* NULL: not checked */
	long reaper_wake_max_ms;			/* -1: not checked */
	char *cal_metric;		/* [calibration] metric, NULL: not a calibration */
	long cal_shift_us;		/* [calibration] known_shift_us */
};

/*
 * The root holding kernels/ (and scripts/), in the data-directory search
 * order of datadir.h. Returns a static string or NULL (with a message).
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

/* The spec's source kind: "prebuilt", "debian-source", "path" or "git". */
const char *kernel_spec_kind(const struct kernel_spec *ks);

/*
 * Whether a kernel image for the spec is in the cache already, as a short
 * word for `kernel list`: "built", "cached", "not built", "not fetched".
 */
const char *kernel_spec_state(const struct kernel_spec *ks);

/*
 * The resolved spec as sh assignments, one per line, values quoted for sh:
 * spec_file, spec_name, spec_description, spec_source, spec_kind,
 * spec_source_arg (after "KIND:"), spec_patches, spec_configs (file names,
 * space-separated), spec_modules, spec_nodes, spec_cpus,
 * spec_mem_per_node_mib, spec_cmdline, spec_timeout_s (defaults applied),
 * spec_series, spec_config_base, spec_git_tree, spec_git_rev, spec_git_commit,
 * spec_datadir, spec_cache, spec_state. 0, or -1 with a message.
 */
/*
 * A spec made on the fly for REV of a git tree (ab --tree, bisect): checks
 * the tree (exists, top of a clean work tree) and REV (a commit), writes
 * $REAPBENCH_CACHE/specs/TREEBASE-COMMIT12.ini (source git:/TREE@COMMIT,
 * config fragment under kernels/config/, base tinyconfig or defconfig) and
 * loads it. Bad input: one line, -1, nothing written.
 */
int kernel_spec_make_git(const char *tree, const char *rev, const char *fragment,
			 const char *base, struct kernel_spec *ks);

int kernel_spec_print_sh(FILE *f, const struct kernel_spec *ks);

#endif
