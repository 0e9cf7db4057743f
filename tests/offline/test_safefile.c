/* safefile.c: directories checked, files created fresh and renamed over planted names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "scratch_dir.h"

#include "common.h"
#include "safefile.h"

static char top[64];

static int setup(void **state)
{
	(void)state;
	return scratch_make(top, sizeof(top), "rb-safefile");
}

static int teardown(void **state)
{
	(void)state;
	return scratch_remove(top);
}

static void at(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", top, name);
}

static char *slurp(const char *path)
{
	static char buf[256];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

static void replaces_a_planted_symlink(void **state)
{
	char dir[128], target[128], link[160];
	struct safe_file sf;
	struct stat st;
	int fd;

	(void)state;
	at(dir, sizeof(dir), "out");
	at(target, sizeof(target), "target");
	fd = safe_dir_open(dir, true);
	assert_true(fd >= 0);
	FILE *t = fopen(target, "w");
	fputs("keep", t);
	fclose(t);
	snprintf(link, sizeof(link), "%s/result.txt", dir);
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(safe_file_create(&sf, fd, "result.txt"), 0);
	fputs("new", sf.f);
	assert_int_equal(safe_file_commit(&sf), 0);
	assert_string_equal(slurp(target), "keep");
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_string_equal(slurp(link), "new");
	close(fd);
}

static void abort_leaves_nothing(void **state)
{
	char dir[128], path[160];
	struct safe_file sf;
	int fd;

	(void)state;
	at(dir, sizeof(dir), "abort");
	fd = safe_dir_open(dir, true);
	assert_true(fd >= 0);
	assert_int_equal(safe_file_create(&sf, fd, "x.dat"), 0);
	fputs("half", sf.f);
	safe_file_abort(&sf);
	snprintf(path, sizeof(path), "%s/x.dat", dir);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(rmdir(dir), 0);	/* empty: no temporary left */
	close(fd);
	/* names that are not one component */
	assert_int_equal(safe_file_create(&sf, AT_FDCWD, "a/b"), -1);
	assert_int_equal(safe_file_create(&sf, AT_FDCWD, ".."), -1);
	assert_int_equal(safe_file_create(&sf, AT_FDCWD, ""), -1);
}

static void refuses_unsafe_directories(void **state)
{
	char link[128], open_dir[128], real[128];

	(void)state;
	at(real, sizeof(real), "real");
	at(link, sizeof(link), "link");
	at(open_dir, sizeof(open_dir), "open");
	assert_int_equal(mkdir(real, 0755), 0);
	assert_int_equal(symlink(real, link), 0);
	assert_int_equal(safe_dir_open(link, true), -1);
	assert_int_equal(safe_dir_open(link, false), -1);
	assert_int_equal(mkdir(open_dir, 0755), 0);
	assert_int_equal(chmod(open_dir, 0777), 0);
	assert_int_equal(safe_dir_open(open_dir, false), -1);
	assert_int_equal(chmod(open_dir, 0775), 0);
	assert_int_equal(safe_dir_open(open_dir, false), -1);
	/* a missing directory without create */
	at(real, sizeof(real), "missing");
	assert_int_equal(safe_dir_open(real, false), -1);
}

static void single_file_in_a_sticky_dir(void **state)
{
	char path[128];
	struct safe_file sf;

	(void)state;
	/* /tmp is sticky and root's: a single output file may go there */
	snprintf(path, sizeof(path), "%s.log", top);
	assert_int_equal(safe_file_create_path(&sf, path), 0);
	fputs("log", sf.f);
	assert_int_equal(safe_file_commit(&sf), 0);
	assert_string_equal(slurp(path), "log");
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(replaces_a_planted_symlink),
		cmocka_unit_test(abort_leaves_nothing),
		cmocka_unit_test(refuses_unsafe_directories),
		cmocka_unit_test(single_file_in_a_sticky_dir),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
