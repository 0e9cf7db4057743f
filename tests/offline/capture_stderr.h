/*
 * What a call printed on stderr, for tests that check the one clear line an
 * error gives: stderr_begin() sends fd 2 to a temporary file, stderr_end()
 * puts it back and returns what was written (malloc'd; the caller frees).
 * Include once per test program, after <cmocka.h>.
 */
#ifndef REAPBENCH_TEST_CAPTURE_STDERR_H
#define REAPBENCH_TEST_CAPTURE_STDERR_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static FILE *captured;
static int saved_fd2 = -1;

static void stderr_begin(void)
{
	fflush(stderr);
	captured = tmpfile();
	assert_non_null(captured);
	saved_fd2 = dup(2);
	assert_true(saved_fd2 >= 0);
	assert_true(dup2(fileno(captured), 2) == 2);
}

static char *stderr_end(void)
{
	long n;
	char *text;

	fflush(stderr);
	assert_true(dup2(saved_fd2, 2) == 2);
	close(saved_fd2);
	saved_fd2 = -1;
	n = ftell(captured);
	assert_true(n >= 0);
	text = calloc(1, n + 1);
	assert_non_null(text);
	rewind(captured);
	assert_int_equal(fread(text, 1, n, captured), (size_t)n);
	fclose(captured);
	return text;
}

#endif
