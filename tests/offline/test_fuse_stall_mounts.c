/*
 * Which mountinfo lines the stale-mount sweep may unmount: only the stall
 * trigger's own FUSE mounts (fstype fuse.reapbench, source reapbench-<pid>,
 * mounted by root, on /tmp/reapbench-<pid>-stall-*), never a mount that only
 * sits at a predictable name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>

#include "fuse_stall_mounts.h"

#define OURS "812 30 0:77 / /tmp/reapbench-4242-stall-AbC123 rw,nosuid,nodev,relatime " \
	     "shared:400 - fuse.reapbench reapbench-4242 rw,user_id=0,group_id=0\n"

static void accepts_a_stall_mount(void **state)
{
	char dir[256];
	int pid = 0;

	(void)state;
	assert_int_equal(fuse_stall_mount_parse(OURS, &pid, dir, sizeof(dir)), 0);
	assert_int_equal(pid, 4242);
	assert_string_equal(dir, "/tmp/reapbench-4242-stall-AbC123");
}

static void rejects_others(void **state)
{
	static const char *const bad[] = {
		/* what a planted /tmp/reapbench-1-stall-x -> /boot resolves to */
		"29 1 8:1 / /boot rw,relatime shared:2 - ext4 /dev/sda1 rw\n",
		/* a tmpfs mounted at the predictable name */
		"90 30 0:50 / /tmp/reapbench-1-stall-x rw shared:9 - tmpfs tmpfs rw\n",
		/* a user's FUSE mount (fusermount3) with a borrowed fsname */
		"91 30 0:51 / /tmp/reapbench-7-stall-x rw - fuse.reapbench reapbench-7 rw,user_id=1000,group_id=1000\n",
		/* FUSE without our subtype */
		"92 30 0:52 / /tmp/reapbench-7-stall-x rw - fuse reapbench-7 rw,user_id=0,group_id=0\n",
		/* mount point outside /tmp/reapbench-<pid>-stall-* */
		"93 30 0:53 / /mnt rw - fuse.reapbench reapbench-7 rw,user_id=0,group_id=0\n",
		"94 30 0:54 / /tmp/reapbench-7-stall-x/sub rw - fuse.reapbench reapbench-7 rw,user_id=0\n",
		/* pid in the source and in the path differ */
		"95 30 0:55 / /tmp/reapbench-8-stall-x rw - fuse.reapbench reapbench-7 rw,user_id=0\n",
		/* not a pid */
		"96 30 0:56 / /tmp/reapbench-0-stall-x rw - fuse.reapbench reapbench-0 rw,user_id=0\n",
		"97 30 0:57 / /tmp/reapbench-7x-stall-x rw - fuse.reapbench reapbench-7x rw,user_id=0\n",
		/* user_id=00 is not user_id=0's token; user_id=01 neither */
		"98 30 0:58 / /tmp/reapbench-7-stall-x rw - fuse.reapbench reapbench-7 rw,user_id=01\n",
		/* truncated */
		"99 30 0:59 / /tmp/reapbench-7-stall-x rw - fuse.reapbench\n",
		"",
	};
	char dir[256];
	size_t i;
	int pid;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		pid = -5;
		assert_int_equal(fuse_stall_mount_parse(bad[i], &pid, dir, sizeof(dir)), -1);
		assert_int_equal(pid, -5);
	}
}

static void unescapes_the_mount_point(void **state)
{
	char dir[256];
	int pid;

	(void)state;
	assert_int_equal(fuse_stall_mount_parse("1 2 0:1 / /tmp/reapbench-5-stall-a\\040b rw - "
						"fuse.reapbench reapbench-5 rw,user_id=0\n",
						&pid, dir, sizeof(dir)), 0);
	assert_string_equal(dir, "/tmp/reapbench-5-stall-a b");
	/* a mount point that does not fit is refused, not cut */
	assert_int_equal(fuse_stall_mount_parse(OURS, &pid, dir, 10), -1);
}

static void finds_the_mount_of_a_pid(void **state)
{
	char path[] = "/tmp/rb-mountinfo-XXXXXX", dir[256];
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	(void)state;
	assert_non_null(f);
	fputs("29 1 8:1 / /boot rw - ext4 /dev/sda1 rw\n" OURS, f);
	fputs("813 30 0:78 / /tmp/reapbench-77-stall-a rw - fuse.reapbench reapbench-77 rw,user_id=0\n", f);
	fputs("814 30 0:79 / /tmp/reapbench-77-stall-b rw - fuse.reapbench reapbench-77 rw,user_id=0\n", f);
	fclose(f);
	assert_int_equal(fuse_stall_mount_find(path, 4242, dir, sizeof(dir)), 0);
	assert_string_equal(dir, "/tmp/reapbench-4242-stall-AbC123");
	assert_int_equal(fuse_stall_mount_find(path, 77, dir, sizeof(dir)), -1);	/* two */
	assert_int_equal(fuse_stall_mount_find(path, 1, dir, sizeof(dir)), -1);	/* none */
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_a_stall_mount),
		cmocka_unit_test(rejects_others),
		cmocka_unit_test(unescapes_the_mount_point),
		cmocka_unit_test(finds_the_mount_of_a_pid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
