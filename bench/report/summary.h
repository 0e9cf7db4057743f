/* The end-of-run table: per scenario and metric n, median, p90, min, max. */
#ifndef REAPBENCH_SUMMARY_H
#define REAPBENCH_SUMMARY_H

#include <stdio.h>

#include "store.h"

int summary_print(struct rb_store *st, int64_t runset_id, FILE *out);

#endif
