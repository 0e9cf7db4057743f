/*
 * reapbench ab: A/B of two kernel specs in QEMU. Builds both, boots them
 * alternately A B A B ... (K each, so that drift of the host cancels), runs
 * the same scenarios in every boot (one run set per side, `kernel run
 * --merge`), then writes the comparison report. Each step is this binary
 * run again, so that every step can also be run by hand.
 */
#include <errno.h>
#include <getopt.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "common.h"
#include "store.h"

extern char **environ;

static const char *const ab_usage[] = {
	"usage: reapbench ab [OPTIONS] SPEC_A SPEC_B [RUN OPTIONS...]",
	"",
	"Build both kernel specs (kernels/NAME.ini), boot them alternately in QEMU,",
	"A B A B ..., run the same scenarios in every boot, then compare and write",
	"the report. RUN OPTIONS go to 'reapbench run' in each guest, e.g.",
	"--scenario kernels/scenarios/patch-ab.ini or --size 64M --trigger kill --runs 10.",
	"",
	"  -k/--boots K      boots per side (default 2)",
	"  -o/--output DIR   report directory (default results/ab-A-vs-B-TIME)",
	"  -d/--db FILE      host store (default " RB_DEFAULT_DB ")",
	"  -h/--help         this text",
	"",
	"Exit: 0 nothing regressed, 2 a regression found, 1 error, 4 skipped",
	"(no QEMU, no kernel source).",
	NULL,
};

/* Run this binary with argv; returns its exit status (or 1). */
static int self(char *const argv[])
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	pid_t pid;
	int status;

	if (n <= 0)
		return err_msg("cannot find my own binary: %s\n", strerror(errno)), 1;
	exe[n] = 0;
	if (posix_spawn(&pid, exe, NULL, NULL, argv, environ))
		return err_msg("cannot start %s\n", exe), 1;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

static double since(uint64_t t0)
{
	return (double)(now_ns() - t0) / 1e9;
}

static int build(const char *spec)
{
	char *argv[] = { "reapbench", "kernel", "build", (char *)spec, NULL };
	uint64_t t0 = now_ns();
	int rc = self(argv);

	if (!rc)
		printf("# ab: built %s in %.0f s\n", spec, since(t0));
	return rc;
}

static int boot(const char *db, const char *label, const char *spec, bool merge, int nrun,
		char **run_opts)
{
	char **argv = calloc(nrun + 12, sizeof(*argv));
	int n = 0, i, rc;

	if (!argv)
		return 1;
	argv[n++] = "reapbench";
	argv[n++] = "kernel";
	argv[n++] = "run";
	argv[n++] = "--db";
	argv[n++] = (char *)db;
	argv[n++] = "--label";
	argv[n++] = (char *)label;
	argv[n++] = "--no-build";
	if (merge)
		argv[n++] = "--merge";
	argv[n++] = (char *)spec;
	for (i = 0; i < nrun; i++)
		argv[n++] = run_opts[i];
	rc = self(argv);
	free(argv);
	return rc;
}

int cmd_ab(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "boots", required_argument, NULL, 'k' },
		{ "output", required_argument, NULL, 'o' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = RB_DEFAULT_DB, *out = NULL, *a, *b;
	char la[160], lb[160], stamp[32], outbuf[512];
	uint64_t t0 = now_ns(), tb;
	long boots = 2, i;
	time_t now = time(NULL);
	struct tm tm;
	int o, rc;

	/* '+': options after SPEC_B belong to the guests' 'reapbench run' */
	while ((o = getopt_long(argc, argv, "+k:o:d:h", opts, NULL)) != -1) {
		switch (o) {
		case 'k':
			if (parse_long(optarg, 1, 100, &boots))
				return err_msg("--boots '%s': expected 1..100\n", optarg), RB_EXIT_ERROR;
			break;
		case 'o': out = optarg; break;
		case 'd': db = optarg; break;
		case 'h': print_usage(ab_usage); return RB_EXIT_OK;
		default: err_msg("see 'reapbench ab --help'\n"); return RB_EXIT_ERROR;
		}
	}
	if (argc - optind < 2)
		return err_msg("want SPEC_A SPEC_B (see 'reapbench ab --help')\n"), RB_EXIT_ERROR;
	a = argv[optind];
	b = argv[optind + 1];
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	snprintf(la, sizeof(la), "%s (A, ab-%s)", a, stamp);
	snprintf(lb, sizeof(lb), "%s (B, ab-%s)", b, stamp);
	if (!out) {
		snprintf(outbuf, sizeof(outbuf), "results/ab-%s-vs-%s-%s", a, b, stamp);
		out = outbuf;
	}
	if ((rc = build(a)) || (rc = build(b)))
		return rc;
	for (i = 1; i <= boots; i++) {
		tb = now_ns();
		if ((rc = boot(db, la, a, i > 1, argc - optind - 2, argv + optind + 2)))
			return rc;
		printf("# ab: boot %ld/%ld of A (%s): %.0f s\n", i, boots, a, since(tb));
		tb = now_ns();
		if ((rc = boot(db, lb, b, i > 1, argc - optind - 2, argv + optind + 2)))
			return rc;
		printf("# ab: boot %ld/%ld of B (%s): %.0f s\n", i, boots, b, since(tb));
		fflush(stdout);
	}
	{
		char *rep[] = { "reapbench", "report", "--db", (char *)db, "-o", (char *)out,
				la, lb, NULL };

		rc = self(rep);
	}
	printf("# ab: %s vs %s, %ld boots each: %.0f s wall in all; report in %s\n", a, b, boots,
	       since(t0), out);
	return rc;
}
