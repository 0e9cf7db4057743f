/* Where the memory controller is mounted (memcg_root.h). */
#include "memcg_root.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

int memcg_find_root(char *root, size_t len, bool *v2)
{
	FILE *f = fopen("/proc/self/mounts", "re");
	char dev[256], mnt[256], type[64], opts[512];
	bool found = false;

	if (!f)
		return err_msg("cannot read /proc/self/mounts\n");
	while (!found && fscanf(f, "%255s %255s %63s %511s %*d %*d", dev, mnt, type, opts) == 4) {
		if (!strcmp(type, "cgroup") && strstr(opts, "memory")) {
			snprintf(root, len, "%s", mnt);
			*v2 = false;
			found = true;
		} else if (!strcmp(type, "cgroup2")) {
			char path[300], *ctl;

			snprintf(path, sizeof(path), "%s/cgroup.controllers", mnt);
			ctl = read_file_str(path);
			if (ctl && strstr(ctl, "memory")) {
				snprintf(root, len, "%s", mnt);
				*v2 = true;
				found = true;
			}
			free(ctl);
		}
	}
	fclose(f);
	if (!found)
		return err_msg("no memory cgroup controller is mounted (v1 or v2)\n");
	return 0;
}
