/*
 * maps-reader: another process reading /proc/VICTIM/smaps (maps_file=) in
 * a loop, as monitoring agents do: each read takes the victim's mmap_lock
 * for reading and walks its vmas, racing exit_mmap and the reaper.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "contender_child.h"
#include "workload.h"

extern const struct rb_contender_ops contender_maps_reader;

static const char *maps_file(const struct rb_params *p)
{
	return params_str(p, "maps_file", "smaps");
}

static void reader_body(struct rb_run *run, int ready_fd)
{
	static char buf[1 << 16];
	struct timespec gone = { 0, 100 * 1000 };
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)run->victim, maps_file(run->params));
	for (;;) {
		int fd = open(path, O_RDONLY | O_CLOEXEC);

		if (fd < 0) {		/* the victim is gone: wait to be stopped */
			nanosleep(&gone, NULL);
			continue;
		}
		while (read(fd, buf, sizeof(buf)) > 0)
			;
		close(fd);
		contender_child_ready(&ready_fd);
	}
}

static int maps_start(struct rb_run *run)
{
	const char *f = maps_file(run->params);

	if (strcmp(f, "smaps") && strcmp(f, "maps") && strcmp(f, "smaps_rollup"))
		return err_msg("parameter maps_file: '%s' is not smaps, maps or smaps_rollup\n", f);
	return contender_child_start_slot(run, &contender_maps_reader, reader_body, "reapbench-maps");
}

static void maps_stop(struct rb_run *run)
{
	contender_child_stop_slot(run, &contender_maps_reader);
}

const struct rb_contender_ops contender_maps_reader = {
	.name = "maps-reader",
	.help = "a process reading /proc/VICTIM/smaps in a loop (maps_file=smaps|maps|smaps_rollup)",
	.start = maps_start,
	.stop = maps_stop,
};
