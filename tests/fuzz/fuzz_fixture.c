/*
 * libFuzzer target: recorded event streams (tests/fixtures/ *.events: context
 * lines, then one decoded event per line) loaded and turned into metrics, the
 * path `reapbench replay` and the unit tests take.
 */
#include <stdlib.h>
#include <unistd.h>

#include "common.h"
#include "fuzz_input.h"
#include "metrics.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rb_runctx ctx;
	static struct rb_events evs;
	static struct rb_metrics m;
	char path[64];
	int fd = fuzz_input_file(data, size, path, sizeof(path));

	if (fd < 0)
		return 0;
	if (!runctx_load_fixture(path, &ctx, &evs))
		metrics_compute(&ctx, &evs, &m);
	rb_events_free(&evs);
	close(fd);
	return 0;
}
