/*
 * The kernel path's steps as functions: build a spec's kernel, boot it with
 * this binary inside running 'reapbench run ...', import the guest's store.
 * `reapbench kernel build|run` (bench/cli/cmd_kernel.c) and `reapbench ab`
 * (bench/cli/cmd_ab.c) call these; the heavy lifting is in
 * scripts/kernel-*.sh, started through kernel_script().
 */
#ifndef REAPBENCH_KERNEL_RUN_H
#define REAPBENCH_KERNEL_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "kernel_spec.h"

/*
 * Run scripts/NAME (found in the data-directory search order) with args (NULL-terminated, without argv[0]) and
 * wait. The script gets REAPBENCH (this binary, which it asks for the
 * spec's resolved values) and REAPBENCH_DATADIR (the root kernels/ was
 * found in) in its environment. Returns its exit status, or 1.
 */
int kernel_script(const char *name, char *const args[]);

/* Build (or fetch) the spec's kernel; jobs 0: the script's default. Exit status. */
int kernel_build(const struct kernel_spec *ks, long jobs, bool fresh);

struct kernel_run_opts {
	const char *db;			/* host store */
	const char *label;		/* run-set label; NULL: the spec's name */
	const char *out;		/* output dir; NULL: $REAPBENCH_CACHE/runs/NAME-TIME */
	const char *append;		/* extra kernel command line, or NULL */
	long timeout_s;			/* 0: the spec's timeout_s */
	bool console;			/* show the guest console */
	bool no_build;			/* boot the kernel built before */
	bool merge;			/* add to the newest run set with this label */
	const char *command;		/* the host command line, stored with the runs */
};

/*
 * Boot ks with 'reapbench run RUN_ARGS...' in the guest and leave the
 * console log and the guest's /results in out_dir (o->out, or a new
 * directory; written into out_dir). Returns the script's exit status
 * (0, 1, 4 skipped, or the guest command's).
 */
int kernel_boot(const struct kernel_spec *ks, const struct kernel_run_opts *o, int nrun,
		char *const run_args[], char *out_dir, size_t len);

/* Import out_dir/results/reapbench.db into o->db as o->label (or the spec's name). 0 or -1. */
int kernel_import_results(const struct kernel_spec *ks, const struct kernel_run_opts *o,
			  const char *out_dir);

/* kernel_boot, then kernel_import_results of whatever the guest wrote: `kernel run`. */
int kernel_run(const struct kernel_spec *ks, const struct kernel_run_opts *o, int nrun,
	       char *const run_args[]);

#endif
