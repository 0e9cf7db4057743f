/*
 * A run set as KernelCI's KCIDB I/O JSON (kcidb-io schema v4.3; checked in
 * tests against tests/schemas/kcidb-io-v4.3.schema.json):
 *
 *   checkouts: one, the kernel tested: a kernel spec's git tree and commit
 *              (source git:URL@COMMIT, or the spec's git_url / git_commit),
 *              else the Debian package it came from (debian-source:PKG,
 *              prebuilt:GLOB) or the running kernel's release and uname -v,
 *              in comment and misc
 *   builds:    one, its configuration (config_name; fragments and hash in misc)
 *   tests:     one per run, path "reapbench.<scenario>", status DONE (a
 *              measurement, no verdict) or ERROR (an invalid run), duration
 *              the harness wall time, the metrics in misc (absent ones with
 *              their reason); with a baseline, one more per scenario,
 *              "reapbench.<scenario>.verdict", FAIL when a metric regressed
 *              against the baseline else PASS, the verdict rows in misc.
 *
 * Ids are "reapbench:" and the run set's / run's UUID (schema 5), so the
 * same run exported from any store is the same KCIDB object.
 */
#ifndef REAPBENCH_EXPORT_KCIDB_H
#define REAPBENCH_EXPORT_KCIDB_H

#include <jansson.h>
#include <stdint.h>

#include "store.h"

#define RB_KCIDB_ORIGIN "reapbench"
#define RB_KCIDB_MAJOR 4
#define RB_KCIDB_MINOR 3

/* The document, or NULL after printing why; baseline_id 0: no verdicts.
 * The caller json_decref()s it. */
json_t *kcidb_export(struct rb_store *st, int64_t runset_id, int64_t baseline_id);

#endif
