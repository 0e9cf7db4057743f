/* reapbench bisect: the driver around git bisect run, and its step (kernel_bisect.h). */
#include "kernel_bisect.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "argv.h"
#include "bisect_decide.h"
#include "common.h"
#include "datadir.h"
#include "kernel_run.h"
#include "kernel_spec.h"
#include "report.h"
#include "subprocess.h"

/* git bisect run's step exit codes */
#define STEP_GOOD 0
#define STEP_BAD 1
#define STEP_SKIP 125
#define STEP_ABORT 128

static char state_dir[PATH_MAX];

static const char *state_path(const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", state_dir, name);
	return buf;
}

static int make_dirs(const char *path)
{
	char buf[PATH_MAX];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0755) && errno != EEXIST ? -1 : 0;
}

static void set_state_dir(const struct kernel_bisect *b)
{
	const char *base = strrchr(b->tree, '/');

	if (b->state)
		snprintf(state_dir, sizeof(state_dir), "%s", b->state);
	else
		snprintf(state_dir, sizeof(state_dir), "%s/bisect/%.40s-%.12s-%.12s", kernel_cache(),
			 base && base[1] ? base + 1 : "tree", b->good, b->bad);
}

/* Append one line to STATE/name (created 0644, never through a symlink). */
static void append(const char *name, bool echo, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void append(const char *name, bool echo, const char *fmt, ...)
{
	char path[PATH_MAX + 64];
	va_list ap;
	FILE *f;
	int fd;

	fd = open(state_path(name, path, sizeof(path)),
		  O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	f = fd >= 0 ? fdopen(fd, "a") : NULL;
	if (!f) {
		err_msg("%s: cannot append: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fclose(f);
	if (echo) {
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		fflush(stdout);
	}
}

static const char *db_of(const struct kernel_bisect *b, char *buf, size_t len)
{
	return b->db ? b->db : state_path("bisect.db", buf, len);
}

static void utc_stamp(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
}

/*
 * A decided step of STATE/steps, tab-separated: commit, class, exit code,
 * boots a side, shift, lo, hi, wall s, good label, test label.
 */
struct step_rec {
	char commit[KGIT_ID_LEN];
	char cls[32];
	int exit_code;
	long boots;
	double shift, lo, hi, wall;
	char label_good[160], label_test[160];
};

static int steps_find(const char *commit, struct step_rec *r, int *count)
{
	char path[PATH_MAX + 64], line[1024];
	FILE *f = fopen(state_path("steps", path, sizeof(path)), "re");
	int found = 0;

	*count = 0;
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		struct step_rec t = { 0 };

		line[strcspn(line, "\n")] = 0;
		if (sscanf(line, "%40[0-9a-f]\t%31[^\t]\t%d\t%ld\t%lf\t%lf\t%lf\t%lf\t%159[^\t]\t%159[^\t]",
			   t.commit, t.cls, &t.exit_code, &t.boots, &t.shift, &t.lo, &t.hi, &t.wall,
			   t.label_good, t.label_test) < 8)
			continue;
		(*count)++;
		if (commit && !strcmp(t.commit, commit)) {
			*r = t;
			found = 1;
		}
	}
	fclose(f);
	return found;
}

static int boot_side(struct kernel_bisect *b, struct kernel_spec *ks, const char *label, bool merge)
{
	char dbbuf[PATH_MAX + 64];
	struct kernel_run_opts o = { .db = db_of(b, dbbuf, sizeof(dbbuf)), .label = label,
				     .no_build = true, .merge = merge, .command = b->command };

	int rc = kernel_run(ks, &o, b->nrun, b->run_args);

	/* A TCG guest on a loaded host sometimes panics at boot ("IO-APIC + timer
	 * doesn't work"): one more try before the step calls the commit untestable. */
	if (rc == RB_EXIT_ERROR) {
		printf("# bisect: the boot of %s failed; trying once more\n", ks->name);
		fflush(stdout);
		rc = kernel_run(ks, &o, b->nrun, b->run_args);
	}
	return rc;
}

int kernel_bisect_step(struct kernel_bisect *b)
{
	char wt[PATH_MAX + 64], dbbuf[PATH_MAX + 64], stamp[32];
	char label[2][160], commit[KGIT_ID_LEN], *subject;
	struct kernel_spec ks[2];
	struct bisect_decision d;
	struct step_rec rec;
	uint64_t t0 = now_ns();
	int rc, code = STEP_ABORT, nstep, loaded = 0;
	long boots = 0;

	/* git bisect run hands its repository to the step in the environment;
	 * every git here names its tree with -C instead. */
	for (const char *const *v = (const char *const[]){ "GIT_DIR", "GIT_WORK_TREE",
		"GIT_INDEX_FILE", "GIT_PREFIX", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY", NULL }; *v; v++)
		unsetenv(*v);
	bisect_decision_init(&d);
	set_state_dir(b);
	state_path("wt", wt, sizeof(wt));
	if (kernel_git_commit(wt, "BISECT_HEAD", commit))
		return STEP_ABORT;
	subject = kernel_git_subject(b->tree, commit);
	if (steps_find(commit, &rec, &nstep) && rec.label_good[0] != '-') {
		/* Resumed (a step without runs, a failed build or boot, is tried
		 * again): the runs are stored; decide again by today's rule and options. */
		char effect[160];
		int code2 = rec.exit_code;

		if (rec.label_good[0] != '-' &&
		    !bisect_decide(db_of(b, dbbuf, sizeof(dbbuf)), rec.label_good, rec.label_test,
				   b->metric, b->shift_us, &d)) {
			code2 = d.cls == BISECT_REGRESSED ? STEP_BAD
				: d.cls == BISECT_INCONCLUSIVE ? STEP_SKIP : STEP_GOOD;
			snprintf(rec.cls, sizeof(rec.cls), "%s", bisect_class_names[d.cls]);
		}
		bisect_decision_effect(&d, effect, sizeof(effect));
		append("bisect.log", true, "step    %.12s  %-12s  %s  (resumed: decided again from its"
		       " stored runs, %ld boots a side%s%s)  -> %s  %s\n", commit, rec.cls, effect,
		       rec.boots, d.why[0] ? ": " : "", d.why,
		       code2 == STEP_BAD ? "bad" : code2 == STEP_GOOD ? "good" : "skip",
		       subject ? subject : "");
		free(subject);
		return code2;
	}
	printf("# bisect step %d: %.12s %s\n", nstep + 1, commit, subject ? subject : "");
	fflush(stdout);
	for (; loaded < 2; loaded++)
		if (kernel_spec_make_git(b->tree, loaded ? commit : b->good, b->fragment, b->base,
					 &ks[loaded]))
			goto out;
	if ((rc = kernel_build(&ks[0], 0, false))) {
		err_msg("bisect: the good commit %.12s does not build (exit %d)\n", b->good, rc);
		goto out;
	}
	if ((rc = kernel_build(&ks[1], 0, false))) {
		code = rc == RB_EXIT_SKIPPED ? STEP_ABORT : STEP_SKIP;
		snprintf(d.why, sizeof(d.why), "does not build (exit %d)", rc);
		goto record;
	}
	utc_stamp(stamp, sizeof(stamp));
	snprintf(label[0], sizeof(label[0]), "bisect %.12s good %.12s %s", commit, b->good, stamp);
	snprintf(label[1], sizeof(label[1]), "bisect %.12s test %s", commit, stamp);
	while (boots < b->max_boots) {
		long more = b->boots < b->max_boots - boots ? b->boots : b->max_boots - boots;

		for (long i = 0; i < more; i++, boots++) {
			if ((rc = boot_side(b, &ks[0], label[0], boots > 0))) {
				err_msg("bisect: the good kernel's boot failed (exit %d)\n", rc);
				goto out;
			}
			if ((rc = boot_side(b, &ks[1], label[1], boots > 0))) {
				code = rc == RB_EXIT_SKIPPED ? STEP_ABORT : STEP_SKIP;
				snprintf(d.why, sizeof(d.why), "boot or run failed (exit %d)", rc);
				boots++;
				goto record;
			}
		}
		if (bisect_decide(db_of(b, dbbuf, sizeof(dbbuf)), label[0], label[1], b->metric,
				  b->shift_us, &d))
			goto out;
		printf("# bisect step %d: %.12s after %ld boots a side: %s (%s)\n", nstep + 1, commit,
		       boots, bisect_class_names[d.cls], d.why);
		if (d.cls != BISECT_INCONCLUSIVE)
			break;
	}
	code = d.cls == BISECT_REGRESSED ? STEP_BAD : d.cls == BISECT_INCONCLUSIVE ? STEP_SKIP
										    : STEP_GOOD;
record:
	{
		double wall = (double)(now_ns() - t0) / 1e9;
		char effect[160];
		const char *cls = code == STEP_SKIP && d.cls != BISECT_INCONCLUSIVE ? "untestable"
			: bisect_class_names[d.cls];

		if (code == STEP_ABORT)
			goto out;
		append("steps", false, "%s\t%s\t%d\t%ld\t%.1f\t%.1f\t%.1f\t%.0f\t%s\t%s\n", commit,
		       cls, code, boots, d.shift, d.lo, d.hi, wall, boots ? label[0] : "-",
		       boots ? label[1] : "-");
		bisect_decision_effect(&d, effect, sizeof(effect));
		append("bisect.log", true,
		       "step %-2d %.12s  %-12s  %s  n %zu/%zu  boots %ld+%ld  wall %.0f s  -> %s"
		       "  (%s)  %s\n",
		       nstep + 1, commit, cls, effect, d.n_good, d.n_test, boots, boots, wall,
		       code == STEP_BAD ? "bad" : code == STEP_GOOD ? "good" : "skip", d.why,
		       subject ? subject : "");
	}
out:
	while (loaded-- > 0)
		kernel_spec_free(&ks[loaded]);
	free(subject);
	return code;
}

/* git -C wt ARGS, output to our stdout; its exit status or -1. */
static int git_wt(const char *wt, char *const args[], const char *const *env)
{
	char *argv[48] = { "git", "-C", (char *)wt };
	int n = 3;

	for (int i = 0; args[i] && n < 47; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	return rb_spawn_run(&(struct rb_spawn){ .argv = argv, .env = env });
}

/* "# first bad commit: [ID] ..." of git bisect log, or -1. */
static int first_bad(const char *wt, char commit[KGIT_ID_LEN])
{
	char *log = NULL, *p;
	int rc = kernel_git(wt, &log, (char *[]){ "bisect", "log", NULL });

	p = log && !rc ? strstr(log, "# first bad commit: [") : NULL;
	if (p && strlen(p) > 21 + 40) {
		memcpy(commit, p + 21, 40);
		commit[40] = 0;
	}
	free(log);
	return p ? 0 : -1;
}

static int evidence(struct kernel_bisect *b, const char *commit)
{
	char out[PATH_MAX + 64], name[64], dbbuf[PATH_MAX + 64];
	struct step_rec r;
	int n;

	if (!steps_find(commit, &r, &n) || r.label_good[0] == '-')
		return err_msg("bisect: no decided step for %.12s\n", commit);
	snprintf(name, sizeof(name), "evidence-%.12s", commit);
	state_path(name, out, sizeof(out));
	{
		const char *db = db_of(b, dbbuf, sizeof(dbbuf));
		char *const rep_argv[] = { "--db", (char *)db, "-o", out, r.label_good, r.label_test };
		struct rb_report_args rep = { .cmp = { .db_path = db, .a = r.label_good,
						       .b = r.label_test },
					      .out_dir = out };
		int rc;

		compare_cfg_default(&rep.cmp.cfg);
		rep.cmp.reproduce = rb_argv_join("reapbench report", 6, rep_argv);
		rc = report_run(&rep);
		free((char *)rep.cmp.reproduce);
		char iv[64] = "[no boot interval: it needs 5 boots a side]";

		if (isfinite(r.lo) && isfinite(r.hi))
			snprintf(iv, sizeof(iv), "[%+.0f, %+.0f]", r.lo, r.hi);
		append("bisect.log", true, "evidence: %s vs %s: HL shift %+.0f us %s, %ld boots"
		       " a side; report in %s (exit %d)\n", r.label_good, r.label_test, r.shift, iv,
		       r.boots, out, rc);
	}
	return 0;
}

int kernel_bisect_run(struct kernel_bisect *b)
{
	char wt[PATH_MAX + 64], exe[PATH_MAX], dbbuf[PATH_MAX + 64], stamp[32], boots[24], maxb[24];
	char shift[32], envd[PATH_MAX + 32], commit[KGIT_ID_LEN], *subject, *argv[64];
	const char *env[2] = { NULL };
	struct step_rec r;
	uint64_t t0 = now_ns();
	int n = 0, rc, nstep;
	double wall;

	set_state_dir(b);
	if (make_dirs(state_dir))
		return err_msg("%s: cannot create: %s\n", state_dir, strerror(errno)), RB_EXIT_ERROR;
	state_path("wt", wt, sizeof(wt));
	if (access(wt, F_OK)) {
		rc = git_wt(b->tree, (char *[]){ "worktree", "add", "-q", "--detach", "--no-checkout",
						 wt, b->bad, NULL }, NULL);
		if (rc)
			return err_msg("bisect: git worktree add %s failed\n", wt), RB_EXIT_ERROR;
	}
	if (rb_self_exe(exe, sizeof(exe)) || !kernel_datadir())
		return RB_EXIT_ERROR;
	snprintf(envd, sizeof(envd), "REAPBENCH_DATADIR=%s", kernel_datadir());
	env[0] = envd;
	steps_find(NULL, &r, &nstep);
	utc_stamp(stamp, sizeof(stamp));
	append("bisect.log", true, "# %s %s: %s\n# good %s, bad %s, %s, %g us sought; state in %s%s\n",
	       stamp, nstep ? "resumed" : "started", b->command, b->good, b->bad, b->metric,
	       b->shift_us, state_dir, nstep ? " (decided steps replayed)" : "");

	kernel_git(wt, NULL, (char *[]){ "bisect", "reset", NULL });
	rc = git_wt(wt, (char *[]){ "bisect", "start", "--no-checkout", b->bad, b->good, NULL }, NULL);
	if (rc)
		return err_msg("bisect: git bisect start failed in %s\n", wt), RB_EXIT_ERROR;

	snprintf(boots, sizeof(boots), "%ld", b->boots);
	snprintf(maxb, sizeof(maxb), "%ld", b->max_boots);
	snprintf(shift, sizeof(shift), "%g", b->shift_us);
	/* git -C WT bisect run EXE bisect --step ... -- RUN OPTIONS */
	argv[n++] = "git";
	argv[n++] = "-C";
	argv[n++] = wt;
	argv[n++] = "bisect";
	argv[n++] = "run";
	argv[n++] = exe;
	argv[n++] = "bisect";
	argv[n++] = "--step";
	argv[n++] = "--state";
	argv[n++] = state_dir;
	argv[n++] = "--tree";
	argv[n++] = b->tree;
	argv[n++] = "--good";
	argv[n++] = b->good;
	argv[n++] = "--bad";
	argv[n++] = b->bad;
	argv[n++] = "--metric";
	argv[n++] = (char *)b->metric;
	argv[n++] = "--shift-us";
	argv[n++] = shift;
	argv[n++] = "--boots";
	argv[n++] = boots;
	argv[n++] = "--max-boots";
	argv[n++] = maxb;
	argv[n++] = "--config";
	argv[n++] = (char *)b->fragment;
	if (!strcmp(b->base, "defconfig"))
		argv[n++] = "--defconfig";
	argv[n++] = "--db";
	argv[n++] = (char *)db_of(b, dbbuf, sizeof(dbbuf));
	argv[n++] = "--";
	if (b->nrun > 64 - n - 1)
		return err_msg("bisect: too many run options\n"), RB_EXIT_ERROR;
	for (int i = 0; i < b->nrun; i++)
		argv[n++] = b->run_args[i];
	argv[n] = NULL;
	rc = rb_spawn_run(&(struct rb_spawn){ .argv = argv, .env = env });
	wall = (double)(now_ns() - t0) / 1e9;
	if (first_bad(wt, commit)) {
		append("bisect.log", true, "# no first bad commit (git bisect run exit %d; skipped "
		       "commits may hide it: see git -C %s bisect log); %.0f s wall\n", rc, wt, wall);
		kernel_git(wt, NULL, (char *[]){ "bisect", "reset", NULL });
		return RB_EXIT_ERROR;
	}
	kernel_git(wt, NULL, (char *[]){ "bisect", "reset", NULL });
	subject = kernel_git_subject(b->tree, commit);
	steps_find(NULL, &r, &nstep);
	printf("\n");	/* git's last line ends without one */
	append("bisect.log", true, "first bad commit: %s %s\n# %d step(s) decided, %.0f s wall"
	       " for this invocation\n", commit, subject ? subject : "", nstep, wall);
	free(subject);
	evidence(b, commit);
	return RB_EXIT_OK;
}
