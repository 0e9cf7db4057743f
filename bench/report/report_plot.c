/* gnuplot plumbing: find the templates, run one template for PNG and SVG. */
#include "report_plot.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "datadir.h"
#include "subprocess.h"

static int has_templates(const char *dir)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/ecdf.gp", dir);
	return access(path, R_OK) == 0;
}

int plot_have_gnuplot(void)
{
	return rb_spawn_have("gnuplot");
}

int plotter_init(struct rb_plotter *p, const char *tpl_dir, const char *out_dir,
		 const char *label_a, const char *label_b)
{
	int fd = safe_dir_open(out_dir, true), rc;

	if (fd < 0) {
		memset(p, 0, sizeof(*p));
		return -1;
	}
	rc = plotter_init_at(p, tpl_dir, out_dir, fd, label_a, label_b);
	close(fd);
	return rc;
}

int plotter_init_at(struct rb_plotter *p, const char *tpl_dir, const char *out_dir, int out_fd,
		    const char *label_a, const char *label_b)
{
	char found[PATH_MAX], where[3 * PATH_MAX];

	memset(p, 0, sizeof(*p));
	p->out_fd = p->data_fd = -1;
	p->inited = 1;
	p->out_dir = out_dir;
	p->width = RB_PLOT_W;
	p->height = RB_PLOT_H;
	p->label_a = label_a;
	p->label_b = label_b ? label_b : label_a;
	p->single = !label_b;
	/* an explicit directory must be right; else the data-directory search */
	if (tpl_dir && !has_templates(tpl_dir))
		return err_msg("%s: no gnuplot templates (ecdf.gp) there\n", tpl_dir);
	if (!tpl_dir && rb_datadir_find("plots/ecdf.gp", found, sizeof(found)))
		return err_msg("gnuplot templates (plots/ecdf.gp) not found in %s: pass --plots-dir "
			       "or set REAPBENCH_DATADIR\n", rb_datadir_describe(where, sizeof(where)));
	if (!tpl_dir)
		found[strlen(found) - strlen("/ecdf.gp")] = 0;
	p->tpl_dir = strdup(tpl_dir ? tpl_dir : found);
	if (!p->tpl_dir)
		return err_msg("out of memory\n");
	p->out_fd = fcntl(out_fd, F_DUPFD_CLOEXEC, 0);
	if (p->out_fd < 0)
		return err_msg("%s: %s\n", out_dir, strerror(errno));
	p->data_fd = safe_subdir_open(p->out_fd, "data", true);
	if (p->data_fd < 0)
		return err_msg("%s/data: not usable\n", out_dir);
	return 0;
}

void plotter_free(struct rb_plotter *p)
{
	size_t i;

	if (!p->inited)
		return;
	for (i = 0; i < p->n_made; i++)
		free(p->made[i]);
	for (i = 0; i < p->n_captions; i++)
		free(p->captions[i]);
	free(p->made);
	free(p->captions);
	free(p->tpl_dir);
	safe_file_abort(&p->data);
	if (p->out_fd >= 0)
		close(p->out_fd);
	if (p->data_fd >= 0)
		close(p->data_fd);
	memset(p, 0, sizeof(*p));
}

char *gp_quote(char *buf, size_t len, const char *s)
{
	size_t o = 0;

	if (len < 3)
		return NULL;
	buf[o++] = '\'';
	for (; s && *s && o + 3 < len; s++) {
		if (*s == '\'')
			buf[o++] = '\'';
		buf[o++] = *s;
	}
	buf[o++] = '\'';
	buf[o] = 0;
	return buf;
}

char *plot_slug(char *buf, size_t len, const char *s)
{
	size_t o = 0;

	for (; *s && o + 1 < len; s++) {
		char c = *s;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';

		buf[o++] = ok ? c : '_';
	}
	buf[o] = 0;
	return buf;
}

/* gnuplot's stderr goes to a temporary file and is shown only when it
 * fails (or with -v): "empty y range" warnings on constant data are noise. */
static void show_log(int fd)
{
	char buf[4096];
	ssize_t n;

	lseek(fd, 0, SEEK_SET);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stderr);
}

static int run_gnuplot(const char *setup, const char *tpl_path, int out_fd)
{
	char *argv[] = { "gnuplot", "-e", (char *)setup, (char *)tpl_path, NULL };
	char log[] = "/tmp/reapbench-gnuplot-XXXXXX";
	struct rb_spawn s = { .argv = argv };
	int fd = mkstemp(log), rc, ret = 0;

	if (fd < 0)
		return err_msg("%s: %s\n", log, strerror(errno));
	unlink(log);
	s.err = (struct rb_io){ .kind = RB_IO_FD, .fd = fd };
	s.out = (struct rb_io){ .kind = RB_IO_FD, .fd = out_fd };
	rc = rb_spawn_run(&s);
	if (rc == RB_SPAWN_FAILED && !rb_spawn_have("gnuplot"))
		ret = err_msg("cannot run gnuplot (apt-get install gnuplot-nox)\n");
	else if (rc)
		ret = err_msg("gnuplot failed on %s:\n", tpl_path);
	if (ret || rb_verbose)
		show_log(fd);
	close(fd);
	return ret;
}

int plot_render(struct rb_plotter *p, const char *tpl, const char *name, const char *vars)
{
	static const struct {
		const char *ext, *term;
	} terms[] = {
		/* noenhanced: metric names are full of '_', not subscripts */
		{ "png", "pngcairo noenhanced font 'DejaVu Sans,10'" },
		{ "svg", "svg noenhanced font 'DejaVu Sans,10' background '#ffffff'" },
	};
	char tpl_path[PATH_MAX], out[PATH_MAX], qa[256], qb[256], qd[PATH_MAX + 8];
	struct safe_file img;
	size_t i, setup_len;
	char *setup, **made;
	int ret = 0;

	snprintf(tpl_path, sizeof(tpl_path), "%s/%s.gp", p->tpl_dir, tpl);
	snprintf(out, sizeof(out), "%s/data", p->out_dir);
	gp_quote(qd, sizeof(qd), out);
	gp_quote(qa, sizeof(qa), p->label_a);
	gp_quote(qb, sizeof(qb), p->label_b);
	setup_len = strlen(vars ? vars : "") + 2 * PATH_MAX + 1024;
	setup = malloc(setup_len);
	if (!setup)
		return err_msg("out of memory\n");
	for (i = 0; i < ARRAY_SIZE(terms) && !ret; i++) {
		/* "set output" alone is stdout: the image goes to a file we created */
		snprintf(out, sizeof(out), "%s.%s", name, terms[i].ext);
		if (safe_file_create(&img, p->out_fd, out)) {
			ret = -1;
			break;
		}
		fflush(img.f);
		snprintf(setup, setup_len,
			 "set terminal %s size %d,%d; set output; datadir=%s; la=%s; lb=%s; "
			 "single=%d; %s", terms[i].term, p->width, p->height, qd, qa, qb,
			 p->single, vars ? vars : "");
		debug_msg("gnuplot -e \"%s\" %s > %s/%s\n", setup, tpl_path, p->out_dir, out);
		ret = run_gnuplot(setup, tpl_path, safe_file_fd(&img));
		if (ret)
			safe_file_abort(&img);
		else
			ret = safe_file_commit(&img);
	}
	free(setup);
	if (ret)
		return -1;
	made = realloc(p->made, (p->n_made + 1) * sizeof(*made));
	if (!made)
		return err_msg("out of memory\n");
	p->made = made;
	p->made[p->n_made] = strdup(name);
	if (!p->made[p->n_made])
		return err_msg("out of memory\n");
	p->n_made++;
	return 0;
}
