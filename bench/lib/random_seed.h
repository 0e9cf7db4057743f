/* Seeds drawn from the kernel's random pool. */
#ifndef REAPBENCH_RANDOM_SEED_H
#define REAPBENCH_RANDOM_SEED_H

#include <stdint.h>

/*
 * A seed in 0..INT32_MAX (what `run --seed` accepts, so any run order can be
 * replayed) from getrandom(2): two runs started in the same second do not
 * share it, as they did with the time in seconds. 0, or -1 with a message.
 */
int random_seed(uint32_t *seed);

#endif
