/* reapbench kernel run, and helpers shared by the kernel subcommands. */
#ifndef REAPBENCH_KERNEL_RUN_H
#define REAPBENCH_KERNEL_RUN_H

#include <stddef.h>

/* The usage text of 'reapbench kernel' (cmd_kernel.c). */
extern const char *const kernel_usage[];

/* 'reapbench kernel run [OPTIONS] SPEC [RUN OPTIONS...]'; argv[0] is "run". */
int kernel_run(int argc, char **argv);

/* Run argv (argv[0] a path) and wait: its exit status, or 1 when it did not exit. */
int kernel_run_wait(char *const argv[]);

/* DATADIR/scripts/NAME into buf. */
void kernel_script_path(char *buf, size_t len, const char *name);

#endif
