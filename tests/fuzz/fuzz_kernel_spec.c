/* libFuzzer target: kernel spec files (the INI files under kernels/, libinih). */
#include <unistd.h>

#include "common.h"
#include "fuzz_input.h"
#include "kernel_spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kernel_spec ks;
	char path[64];
	int fd = fuzz_input_file(data, size, path, sizeof(path));

	if (fd < 0)
		return 0;
	if (!kernel_spec_load(path, &ks))
		kernel_spec_free(&ks);
	close(fd);
	return 0;
}
