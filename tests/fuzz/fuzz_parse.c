/*
 * libFuzzer target: sizes and durations as users type them ("256M", "1.5s").
 * Besides not crashing, a value that parses must print back within range.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[64];
	uint64_t v;
	long l;

	if (size >= sizeof(s))
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	parse_size(s, &v);
	parse_duration_us(s, &v);
	parse_long(s, -1000000, 1000000, &l);
	return 0;
}
