/*
 * Where reapbench finds the files it ships: plots/ (gnuplot templates),
 * kernels/ (specs, patches, config fragments), scripts/ (kernel-*.sh),
 * workloads/scenarios/ and tests/vm/oomsmoke.c. The installed tree
 * (make install) has the same layout as the source tree.
 *
 * Search order, the first root that holds the entry wins:
 *   1. $REAPBENCH_DATADIR, when set and not empty;
 *   2. the directory of the running binary (a source tree: ./reapbench
 *      beside plots/, kernels/, ...);
 *   3. the install DATADIR given at build time (default
 *      /usr/local/share/reapbench).
 * The current directory is not searched: what runs must not depend on where
 * it was started (and, as root, on files someone left there).
 * doc/reapbench.1 (ENVIRONMENT, FILES) says the same.
 */
#ifndef REAPBENCH_DATADIR_H
#define REAPBENCH_DATADIR_H

#include <stddef.h>

/*
 * ROOT/entry of the first root in the search order where entry (a relative
 * path such as "plots" or "scripts/kernel-build.sh") exists, into buf.
 * Returns 0, or -1 with buf empty and no message (callers say what they
 * needed; rb_datadir_describe() lists where they looked).
 */
int rb_datadir_find(const char *entry, char *buf, size_t len);

/* Like rb_datadir_find, but buf receives the ROOT itself. */
int rb_datadir_root(const char *entry, char *buf, size_t len);

/* The roots in search order, "A, B, C" (for messages), into buf. */
const char *rb_datadir_describe(char *buf, size_t len);

/* The running binary's path (/proc/self/exe) into buf; 0 or -1 with a message. */
int rb_self_exe(char *buf, size_t len);

#endif
