/* libFuzzer target: scenario files (INI through libinih, then every key checked). */
#include <stdlib.h>
#include <unistd.h>

#include "common.h"
#include "fuzz_input.h"
#include "scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rb_scenario_set set;	/* large: keep it off the stack */
	char path[64];
	int fd = fuzz_input_file(data, size, path, sizeof(path));

	if (fd < 0)
		return 0;
	set.n = 0;
	scenario_load_file(path, &set);
	close(fd);
	return 0;
}
