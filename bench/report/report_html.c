/*
 * index.html: one self-contained page, verdict first: the lead and verdict
 * sections of evidence.txt (whatever report_evidence writes, picked by their
 * headings), the comparison table, then the figures by family with captions
 * that say what each shows, a table of contents with anchors to all of it,
 * the method and the whole evidence.txt folded at the end.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <ctype.h>

#include "common.h"
#include "html_esc.h"
#include "race_designs.h"
#include "report.h"

/* fits 1280 px without a horizontal scroll bar: long lines wrap, images
 * shrink, a table too wide for the window scrolls inside its own box */
static const char css[] =
	"body{font-family:sans-serif;margin:1.5em auto;padding:0 1em;max-width:1200px}"
	"table{border-collapse:collapse;font-size:90%}div.tw{max-width:100%;overflow-x:auto}"
	"td,th{border:1px solid #ccc;padding:2px 6px;text-align:right;white-space:nowrap}"
	"td.l,th.l{text-align:left}td.w{white-space:normal;text-align:left;min-width:16em}"
	"tr.regressed{background:#fdd}tr.improved{background:#dfd}tr.changed{background:#ffd}"
	"pre{background:#f6f6f6;padding:.5em;white-space:pre-wrap;overflow-wrap:anywhere}"
	"pre.verdict{font-size:105%;border-left:4px solid #1f77b4}"
	"nav ul{columns:2;margin:.3em 0}"
	"figure{display:inline-block;vertical-align:top;margin:.5em;width:580px;max-width:100%}"
	"img{width:100%;height:auto;border:1px solid #ddd}figcaption{font-size:90%}";

static void row_html(FILE *f, const struct rb_cmp_row *r)
{
	char a[24], b[24], ch[24], lo[16], hi[16];

	if (r->is_text) {
		fmt_pct(a, sizeof(a), r->a.share);
		fmt_pct(b, sizeof(b), r->b.share);
	} else {
		fmt_num(a, 11, r->a.d.median);
		fmt_num(b, 11, r->b.d.median);
	}
	fprintf(f, "<tr class=\"%s\"><td class=l>", rb_verdict_names[r->verdict]);
	html_esc(f, r->metric);
	if (r->is_text && r->hit) {
		fputc('=', f);
		html_esc(f, r->hit);
	}
	fprintf(f, "</td><td>%zu</td><td>%s</td><td>%zu</td><td>%s</td><td>%s</td>",
		r->is_text ? r->a.total : r->a.d.n, a, r->is_text ? r->b.total : r->b.d.n, b,
		fmt_change(ch, sizeof(ch), r));
	if (isnan(r->bt.ratio_lo))
		fprintf(f, "<td>-</td>");
	else
		fprintf(f, "<td>%s &ndash; %s</td>", fmt_ratio(lo, sizeof(lo), r->bt.ratio_lo),
			fmt_ratio(hi, sizeof(hi), r->bt.ratio_hi));
	if (isnan(r->p_family))
		fprintf(f, "<td>-</td><td>-</td>");
	else
		fprintf(f, "<td>%.2g</td><td>%.2g</td>", r->bt.p, r->p_family);
	fprintf(f, "<td class=l>%s%s", rb_verdict_names[r->verdict],
		row_flagged(r) ? " *" : "");
	fprintf(f, "</td><td class=w>");
	if (r->a.absent)
		fprintf(f, "A %zu: ", r->a.absent), html_esc(f, r->a.absent_reason), fputc(' ', f);
	if (r->b.absent)
		fprintf(f, "B %zu: ", r->b.absent), html_esc(f, r->b.absent_reason);
	fprintf(f, "</td></tr>\n");
}

static void unmeasured_html(FILE *f, const struct rb_cmp *c)
{
	size_t i;
	int any = 0;

	for (i = 0; i < c->n; i++) {
		const struct rb_cmp_row *r = &c->rows[i];

		if ((r->is_text ? r->a.total : r->a.d.n) || (r->is_text ? r->b.total : r->b.d.n))
			continue;
		if (!any++)
			fprintf(f, "<p>Measured on neither side:</p><ul>\n");
		fprintf(f, "<li>");
		html_esc(f, r->scenario);
		fprintf(f, " <b>");
		html_esc(f, r->metric);
		fprintf(f, "</b>: ");
		html_esc(f, r->a.absent_reason ? r->a.absent_reason : "no values");
		fprintf(f, "</li>\n");
	}
	if (any)
		fprintf(f, "</ul>\n");
}

/* The figure families in the order the page shows them: anchor, heading,
 * the image-name prefix of the family. */
static const struct {
	const char *id, *title, *prefix;
} families[] = {
	{ "fig-phases", "exit_mmap phases", "phases" },
	{ "fig-outcome", "oom_reaper outcomes", "outcome" },
	{ "fig-ecdf", "Distributions (ECDF)", "ecdf-" },
	{ "fig-sweep", "Sweeps", "sweep-" },
	{ "fig-heatmap", "2-D sweeps", "heatmap-" },
	{ "fig-race", "Race window: reaper outcome and memory release per run set", "race-window" },
	{ "fig-box", "Box plots", "box-" },
};

static int family_has(const struct rb_plotter *p, const char *prefix)
{
	size_t i;

	for (i = 0; p && i < p->n_made; i++)
		if (!strncmp(p->made[i], prefix, strlen(prefix)))
			return 1;
	return 0;
}

static void figures(FILE *f, const struct rb_plotter *p, size_t fam)
{
	const char *prefix = families[fam].prefix;
	size_t i;

	if (!family_has(p, prefix))
		return;
	fprintf(f, "<section id=\"%s\"><h2>%s</h2>\n", families[fam].id, families[fam].title);
	for (i = 0; i < p->n_made; i++) {
		const char *cap = i < p->n_captions ? p->captions[i] : NULL;

		if (strncmp(p->made[i], prefix, strlen(prefix)))
			continue;
		fprintf(f, "<figure id=\"img-");
		html_esc(f, p->made[i]);
		fprintf(f, "\"><a href=\"");
		html_esc(f, p->made[i]);
		fprintf(f, ".svg\"><img src=\"");
		html_esc(f, p->made[i]);
		fprintf(f, ".png\" alt=\"");
		html_esc(f, cap ? cap : p->made[i]);
		fprintf(f, "\"></a><figcaption>");
		html_esc(f, cap ? cap : p->made[i]);
		fprintf(f, " <a href=\"");
		html_esc(f, p->made[i]);
		fprintf(f, ".svg\">SVG</a>, <a href=\"data/");
		html_esc(f, p->made[i]);
		fprintf(f, ".dat\">data</a></figcaption></figure>\n");
	}
	fprintf(f, "</section>\n");
}

/* A heading of evidence.txt: a line underlined by '-' or '=' of its length. */
static int is_heading(char *const *line, size_t i, size_t n)
{
	const char *u;
	size_t len;

	if (i + 1 >= n || !*line[i])
		return 0;
	len = strlen(line[i]);
	for (u = line[i + 1]; *u == '-' || *u == '='; u++)
		;
	return !*u && strlen(line[i + 1]) == len;
}

static int heading_wanted(const char *h)
{
	static const char *const words[] = { "verdict", "significant", "headline", "summary" };
	char low[200];
	size_t i;

	for (i = 0; h[i] && i + 1 < sizeof(low); i++)
		low[i] = (char)tolower((unsigned char)h[i]);
	low[i] = 0;
	for (i = 0; i < ARRAY_SIZE(words); i++)
		if (strstr(low, words[i]))
			return 1;
	return 0;
}

/*
 * The verdict block: evidence.txt's lead (before its first heading) and the
 * sections whose heading names a verdict, the significant changes or a
 * summary. Generic on purpose: a new evidence layout keeps working as long as
 * it leads with its verdict or names it in a heading; at most 60 lines.
 */
static void verdict_block(FILE *f, char *text)
{
	char **line = NULL, *save = NULL, *l;
	size_t n = 0, i, shown = 0;
	int keep = 1;

	for (l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char **nl = realloc(line, (n + 1) * sizeof(*line));

		if (!nl)
			break;
		line = nl;
		line[n++] = l;
	}
	fprintf(f, "<pre class=\"verdict\">");
	for (i = 0; i < n && shown < 60; i++) {
		if (is_heading(line, i, n))
			keep = heading_wanted(line[i]);
		if (!keep)
			continue;
		html_esc(f, line[i]);
		fputc('\n', f);
		shown++;
	}
	fprintf(f, "%s</pre>\n", shown >= 60 ? "(more in evidence.txt)\n" : "");
	free(line);
}

/* What a writer prints, as a string (NULL when out of memory). */
static char *captured(int (*fn)(FILE *, const struct rb_cmp *, const struct rb_cmp_meta *,
				const struct rb_plotter *),
		      const struct rb_cmp *c, const struct rb_cmp_meta *m,
		      const struct rb_plotter *plots)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mf = open_memstream(&buf, &len);

	if (!mf)
		return NULL;
	fn(mf, c, m, plots);
	fclose(mf);
	return buf;
}

static int header_of(FILE *f, const struct rb_cmp *c, const struct rb_cmp_meta *m,
		     const struct rb_plotter *plots)
{
	(void)plots;
	compare_print_header(f, c, m, "");
	return 0;
}

static void side_line(FILE *f, char k, const struct rb_runset_info *s)
{
	fprintf(f, "<li>%c: <b>", k);
	html_esc(f, s->label);
	fprintf(f, "</b>, kernel ");
	html_esc(f, s->kernel_release ? s->kernel_release : "?");
	fprintf(f, ", run set #%lld, %d valid runs</li>\n", (long long)s->id, s->runs_valid);
}

static void toc(FILE *f, const struct rb_plotter *plots, const struct rb_race_designs *d)
{
	size_t i;

	fprintf(f, "<nav id=\"toc\"><h2>Contents</h2><ul>\n"
		   "<li><a href=\"#verdict\">Verdict</a></li>\n"
		   "<li><a href=\"#comparison\">Comparison table</a></li>\n");
	for (i = 0; i < ARRAY_SIZE(families); i++)
		if (family_has(plots, families[i].prefix))
			fprintf(f, "<li><a href=\"#%s\">%s</a></li>\n", families[i].id,
				families[i].title);
	if (d && d->n)
		fprintf(f, "<li><a href=\"#race-designs\">Race per run set</a></li>\n");
	fprintf(f, "<li><a href=\"#method\">Method</a></li>\n"
		   "<li><a href=\"#evidence\">evidence.txt</a></li>\n</ul></nav>\n");
}

int report_html(FILE *f, const struct rb_cmp *c, const struct rb_cmp_meta *m,
		const struct rb_plotter *plots)
{
	char *text;
	size_t i;

	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
		   "<meta name=\"viewport\" content=\"width=device-width\">\n<title>reapbench: ");
	html_esc(f, m->a->label);
	fprintf(f, " vs ");
	html_esc(f, m->b->label);
	fprintf(f, "</title>\n<style>%s</style></head><body>\n<h1>reapbench: A vs B</h1>\n<ul>\n",
		css);
	side_line(f, 'A', m->a);
	side_line(f, 'B', m->b);
	fprintf(f, "</ul>\n<p><a href=\"evidence.txt\">evidence.txt</a> (for the patch mail) "
		   "&middot; <a href=\"compare.txt\">compare.txt</a> "
		   "&middot; <a href=\"data.json\">data.json</a></p>\n");
	toc(f, plots, m->designs);
	fprintf(f, "<section id=\"verdict\"><h2>Verdict</h2>\n");
	text = captured(report_evidence, c, m, plots);
	if (text)
		verdict_block(f, text);
	free(text);
	fprintf(f, "</section>\n<section id=\"comparison\"><h2>Comparison</h2>\n"
		   "<p>A and B: medians (shares for outcomes); change: B vs A; CI95: B/A of "
		   "per-boot geometric means (Welch, doc/STATISTICS.md).</p>\n"
		   "<div class=\"tw\"><table>\n");
	for (i = 0; i < c->n; i++) {
		const struct rb_cmp_row *r = &c->rows[i];

		/* one header row per scenario instead of a repeated column */
		if (!i || strcmp(c->rows[i - 1].scenario, r->scenario)) {
			fprintf(f, "<tr><th class=l colspan=11>scenario ");
			html_esc(f, r->scenario);
			fprintf(f, "</th></tr>\n<tr><th class=l>metric</th><th>n A</th><th>A</th>"
				   "<th>n B</th><th>B</th><th>change</th><th>CI95 B/A</th><th>p</th>"
				   "<th>p adj</th><th class=l>verdict</th><th class=l>absent</th>"
				   "</tr>\n");
		}
		/* measured on neither side: the absent list below says why */
		if ((r->is_text ? !r->a.total : !r->a.d.n) && (r->is_text ? !r->b.total : !r->b.d.n))
			continue;
		row_html(f, r);
	}
	fprintf(f, "</table></div>\n");
	unmeasured_html(f, c);
	fprintf(f, "</section>\n");
	for (i = 0; i < ARRAY_SIZE(families); i++)
		figures(f, plots, i);
	race_designs_html(f, m->designs);
	/* the same header as the text formats, so the page says how it decided */
	fprintf(f, "<section id=\"method\"><h2>Method</h2>\n<pre>");
	text = captured(header_of, c, m, plots);
	html_esc(f, text);
	free(text);
	fprintf(f, "</pre></section>\n<section id=\"evidence\"><h2>evidence.txt</h2>\n"
		   "<details><summary>the whole file</summary><pre>");
	text = captured(report_evidence, c, m, plots);
	html_esc(f, text);
	free(text);
	fprintf(f, "</pre></details></section>\n");
	/* once loaded, body carries what a headless browser check reads
	 * (tests/offline/report_page.t): data-images="loaded/total",
	 * data-anchors="resolved/total" (in-page links), data-hscroll (1: the
	 * page is wider than the window) */
	fprintf(f, "<script>window.addEventListener('load',function(){var m=document.images,"
		   "a=document.querySelectorAll('a[href^=\"#\"]'),k,ok=0,an=0,b=document.body;"
		   "for(k=0;k<m.length;k++)if(m[k].complete&&m[k].naturalWidth>0)ok++;"
		   "for(k=0;k<a.length;k++)if(document.getElementById("
		   "a[k].getAttribute('href').slice(1)))an++;"
		   "b.setAttribute('data-images',ok+'/'+m.length);"
		   "b.setAttribute('data-anchors',an+'/'+a.length);"
		   "b.setAttribute('data-hscroll',document.documentElement.scrollWidth>"
		   "window.innerWidth?1:0);});</script>\n");
	fprintf(f, "</body></html>\n");
	return 0;
}
