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

static const struct rb_param_def maps_table[] = {
	{ "maps_file", RB_PARAM_ENUM, "smaps", 0, 0, "smaps|maps|smaps_rollup", false,
	  "the /proc/VICTIM file read in a loop" },
	{ .name = NULL },
};

/* NULL (printed) on a bad value */
static const char *maps_file(const struct rb_params *p)
{
	const char *f;

	return params_get_str(p, maps_table, "maps_file", &f) ? NULL : f;
}

static void reader_body(struct rb_run *run, int ready_fd)
{
	static char buf[1 << 16];
	struct timespec gone = { 0, 100 * 1000 };
	const char *file = maps_file(run->params);
	char path[64];

	if (!file)
		_exit(1);	/* never ready: start() reports it */
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)run->victim, file);
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
	if (!maps_file(run->params))
		return -1;
	return contender_child_start_slot(run, &contender_maps_reader, reader_body, "reapbench-maps");
}

static void maps_stop(struct rb_run *run)
{
	contender_child_stop_slot(run, &contender_maps_reader);
}

const struct rb_contender_ops contender_maps_reader = {
	.name = "maps-reader",
	.help = "a process reading /proc/VICTIM/smaps in a loop",
	.params = maps_table,
	.start = maps_start,
	.stop = maps_stop,
};
