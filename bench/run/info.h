/* Facts about the kernel and machine a run set is stored with (`reapbench info`). */
#ifndef REAPBENCH_INFO_H
#define REAPBENCH_INFO_H

#include <jansson.h>

/* A new JSON object with every fact; caller json_decref()s it. */
json_t *info_collect(void);
/* Human-readable form of the same object. */
void info_print_text(const json_t *info);

#endif
