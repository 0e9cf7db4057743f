/*
 * Fuzz targets hand reapbench's parsers the fuzzer's bytes the way users do:
 * as a file. The bytes go into a memfd; the parser opens /proc/self/fd/N.
 */
#ifndef REAPBENCH_FUZZ_INPUT_H
#define REAPBENCH_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

/* Write data to a fresh memfd and put its /proc path in path; returns the fd or -1. */
static inline int fuzz_input_file(const uint8_t *data, size_t size, char *path, size_t len)
{
	int fd = memfd_create("reapbench-fuzz", MFD_CLOEXEC);
	size_t done = 0;

	if (fd < 0)
		return -1;
	while (done < size) {
		ssize_t w = write(fd, data + done, size - done);

		if (w <= 0) {
			close(fd);
			return -1;
		}
		done += (size_t)w;
	}
	snprintf(path, len, "/proc/self/fd/%d", fd);
	return fd;
}

#endif
