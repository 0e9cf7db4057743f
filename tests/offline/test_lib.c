/* bench/lib: the spawn helper, the shell-safe argv join, the data-directory search. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "argv.h"
#include "common.h"
#include "datadir.h"
#include "subprocess.h"

static char *sh_argv[] = { "sh", "-c", NULL, NULL };

static int sh(const char *script, struct rb_spawn *s)
{
	sh_argv[2] = (char *)script;
	s->argv = sh_argv;
	return rb_spawn_run(s);
}

static char *capture(const char *script, struct rb_spawn *s, int *rc)
{
	char *out = NULL;

	sh_argv[2] = (char *)script;
	s->argv = sh_argv;
	*rc = rb_spawn_capture(s, &out);
	return out;
}

static void spawn_exit_status(void **state)
{
	struct rb_spawn s = { 0 };

	(void)state;
	assert_int_equal(sh("exit 0", &s), 0);
	assert_int_equal(sh("exit 3", &s), 3);
	assert_int_equal(sh("exit 255", &s), 255);
	/* died of a signal: not an exit status */
	assert_int_equal(sh("kill -9 $$", &s), RB_SPAWN_FAILED);
	/* a program that is not there */
	s.argv = (char *[]){ "/nonexistent/reapbench-no-such-program", NULL };
	assert_int_equal(rb_spawn_run(&s), RB_SPAWN_FAILED);
	assert_false(rb_spawn_have("reapbench-no-such-program"));
	assert_true(rb_spawn_have("sh"));
}

static void spawn_timeout(void **state)
{
	struct rb_spawn s = { .timeout_ms = 200 };
	uint64_t t0 = now_ns();
	int rc;
	char *out;

	(void)state;
	assert_int_equal(sh("sleep 10", &s), RB_SPAWN_TIMEOUT);
	assert_true(now_ns() - t0 < 5 * NSEC_PER_SEC);
	/* capture too: the reader gives up at the deadline */
	t0 = now_ns();
	out = capture("echo early; sleep 10", &s, &rc);
	assert_int_equal(rc, RB_SPAWN_TIMEOUT);
	assert_string_equal(out, "early\n");
	assert_true(now_ns() - t0 < 5 * NSEC_PER_SEC);
	free(out);
	/* a quick child is not killed */
	assert_int_equal(sh("exit 7", &s), 7);
}

static void spawn_redirect(void **state)
{
	char dir[] = "/tmp/rb-test-spawn-XXXXXX", path[64], in[64], *text;
	struct rb_spawn s = { 0 };
	int fd, rc;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/out", dir);
	snprintf(in, sizeof(in), "%s/in", dir);
	/* stdout to a new file, stderr to the same place */
	s.out = (struct rb_io){ .kind = RB_IO_FILE, .path = path };
	s.err = (struct rb_io){ .kind = RB_IO_STDOUT };
	assert_int_equal(sh("echo to-out; echo to-err >&2", &s), 0);
	text = read_file_str(path);
	assert_string_equal(text, "to-out\nto-err\n");
	free(text);
	/* an output file is created, never reused or followed */
	assert_int_equal(sh("echo again", &s), RB_SPAWN_FAILED);
	unlink(path);
	assert_int_equal(symlink("/tmp/rb-test-spawn-target", path), 0);
	assert_int_equal(sh("echo through", &s), RB_SPAWN_FAILED);
	assert_int_equal(access("/tmp/rb-test-spawn-target", F_OK), -1);
	unlink(path);
	/* stdin from a file, stdout to a descriptor of ours */
	{
		FILE *f = fopen(in, "wx");

		assert_non_null(f);
		fputs("line from stdin\n", f);
		fclose(f);
	}
	fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	s = (struct rb_spawn){ .in = { .kind = RB_IO_FILE, .path = in },
			       .out = { .kind = RB_IO_FD, .fd = fd } };
	assert_int_equal(sh("cat", &s), 0);
	close(fd);
	text = read_file_str(path);
	assert_string_equal(text, "line from stdin\n");
	free(text);
	/* /dev/null for stdout: nothing captured... */
	s = (struct rb_spawn){ .err = { .kind = RB_IO_NULL } };
	text = capture("echo out; echo err >&2", &s, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(text, "out\n");
	free(text);
	unlink(path);
	unlink(in);
	rmdir(dir);
}

static void spawn_env_and_fds(void **state)
{
	const char *env[] = { "RB_TEST_ADDED=added value", "HOME=/replaced", NULL };
	struct rb_spawn s = { .env = env };
	int p[2], rc;
	char *text, buf[16] = "";

	(void)state;
	setenv("RB_TEST_KEPT", "kept", 1);
	text = capture("echo \"$RB_TEST_ADDED|$HOME|$RB_TEST_KEPT\"", &s, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(text, "added value|/replaced|kept\n");
	free(text);
	/* the parent's environment is untouched */
	assert_string_not_equal(getenv("HOME") ? getenv("HOME") : "", "/replaced");
	/* a close-on-exec descriptor reaches the child only when kept */
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	{
		char script[64];
		const int keep[] = { p[1] };

		snprintf(script, sizeof(script), "echo kept >&%d", p[1]);
		s = (struct rb_spawn){ .err = { .kind = RB_IO_NULL } };
		assert_int_not_equal(sh(script, &s), 0);
		s.keep_fds = keep;
		s.n_keep = 1;
		assert_int_equal(sh(script, &s), 0);
	}
	close(p[1]);
	assert_int_equal(read(p[0], buf, sizeof(buf) - 1), 5);
	assert_string_equal(buf, "kept\n");
	close(p[0]);
}

static void argv_quoting(void **state)
{
	char *argv[] = { "compare", "--metric", "exit_*", "#1", "with space", "it's", "",
			 "a=b,c:d/e.f+g@h%i", "$HOME", "`x`", "tab\there", NULL };
	char *s = rb_argv_join("reapbench", -1, argv), *q;

	(void)state;
	assert_string_equal(s, "reapbench compare --metric 'exit_*' '#1' 'with space' 'it'\\''s' ''"
			       " a=b,c:d/e.f+g@h%i '$HOME' '`x`' 'tab\there'");
	free(s);
	s = rb_argv_join(NULL, 2, argv);
	assert_string_equal(s, "compare --metric");
	free(s);
	s = rb_argv_join("x", 0, argv);
	assert_string_equal(s, "x");
	free(s);
	q = rb_sh_quote("plain-word_1.0");
	assert_string_equal(q, "plain-word_1.0");
	free(q);
}

/* What the join writes, a shell reads back as the same words. */
static void argv_round_trip(void **state)
{
	char *words[] = { "it's", "", "#1", "a b", "$(echo no)", "*", "back\\slash", "new\nline",
			  NULL };
	char *joined = rb_argv_join("printf '<%s>\\n'", -1, words), *out;
	struct rb_spawn s = { 0 };
	int rc;

	(void)state;
	out = capture(joined, &s, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(out, "<it's>\n<>\n<#1>\n<a b>\n<$(echo no)>\n<*>\n<back\\slash>\n"
				 "<new\nline>\n");
	free(out);
	free(joined);
}

static void datadir_order(void **state)
{
	char env_root[] = "/tmp/rb-test-datadir-XXXXXX", exe[PATH_MAX], exe_dir[PATH_MAX];
	char entry[64], path[PATH_MAX], want[PATH_MAX * 2], where[3 * PATH_MAX];
	char *slash;

	(void)state;
	assert_int_equal(rb_self_exe(exe, sizeof(exe)), 0);
	snprintf(exe_dir, sizeof(exe_dir), "%s", exe);
	slash = strrchr(exe_dir, '/');
	*slash = 0;
	assert_non_null(mkdtemp(env_root));
	/* an entry only beside the binary (the test binary's directory) */
	snprintf(entry, sizeof(entry), "rb-datadir-test-%d", getpid());
	snprintf(path, sizeof(path), "%s/%s", exe_dir, entry);
	assert_int_equal(mkdir(path, 0755), 0);

	unsetenv("REAPBENCH_DATADIR");
	assert_int_equal(rb_datadir_find(entry, path, sizeof(path)), 0);
	snprintf(want, sizeof(want), "%s/%s", exe_dir, entry);
	assert_string_equal(path, want);
	assert_int_equal(rb_datadir_root(entry, path, sizeof(path)), 0);
	assert_string_equal(path, exe_dir);

	/* $REAPBENCH_DATADIR without it: the search goes on to the binary's dir */
	setenv("REAPBENCH_DATADIR", env_root, 1);
	assert_int_equal(rb_datadir_find(entry, path, sizeof(path)), 0);
	assert_string_equal(path, want);

	/* $REAPBENCH_DATADIR with it: first */
	snprintf(path, sizeof(path), "%s/%s", env_root, entry);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(rb_datadir_find(entry, path, sizeof(path)), 0);
	snprintf(want, sizeof(want), "%s/%s", env_root, entry);
	assert_string_equal(path, want);

	/* the order as messages give it */
	rb_datadir_describe(where, sizeof(where));
	snprintf(want, sizeof(want), "%s ($REAPBENCH_DATADIR), %s (beside the binary), %s (the "
		 "install dir)", env_root, exe_dir, REAPBENCH_DATADIR);
	assert_string_equal(where, want);

	/* nowhere: -1, buffer emptied */
	assert_int_equal(rb_datadir_find("rb-no-such-entry/x", path, sizeof(path)), -1);
	assert_string_equal(path, "");

	rmdir(path[0] ? path : want);
	snprintf(path, sizeof(path), "%s/%s", env_root, entry);
	rmdir(path);
	rmdir(env_root);
	snprintf(path, sizeof(path), "%s/%s", exe_dir, entry);
	rmdir(path);
	unsetenv("REAPBENCH_DATADIR");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spawn_exit_status),
		cmocka_unit_test(spawn_timeout),
		cmocka_unit_test(spawn_redirect),
		cmocka_unit_test(spawn_env_and_fds),
		cmocka_unit_test(argv_quoting),
		cmocka_unit_test(argv_round_trip),
		cmocka_unit_test(datadir_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
