#include "random_seed.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "common.h"

int random_seed(uint32_t *seed)
{
	uint32_t v;
	ssize_t n;

	do
		n = getrandom(&v, sizeof(v), 0);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(v))
		return err_msg("getrandom: %s\n", n < 0 ? strerror(errno) : "short read");
	*seed = v & INT32_MAX;
	return 0;
}
