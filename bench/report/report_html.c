/* index.html: one self-contained page with the tables and every plot. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "report.h"

static void esc(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}

static const char css[] =
	"body{font-family:sans-serif;margin:1.5em;max-width:1400px}"
	"table{border-collapse:collapse;font-size:90%}"
	"td,th{border:1px solid #ccc;padding:2px 6px;text-align:right;white-space:nowrap}"
	"td.l,th.l{text-align:left}td.w{white-space:normal;text-align:left;min-width:16em}"
	"tr.regressed{background:#fdd}tr.improved{background:#dfd}tr.changed{background:#ffd}"
	"pre{background:#f6f6f6;padding:.5em}"
	"figure{display:inline-block;margin:.5em}img{width:640px;border:1px solid #ddd}";

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
	esc(f, r->metric);
	if (r->is_text && r->hit) {
		fputc('=', f);
		esc(f, r->hit);
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
		fprintf(f, "A %zu: ", r->a.absent), esc(f, r->a.absent_reason), fputc(' ', f);
	if (r->b.absent)
		fprintf(f, "B %zu: ", r->b.absent), esc(f, r->b.absent_reason);
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
		esc(f, r->scenario);
		fprintf(f, " <b>");
		esc(f, r->metric);
		fprintf(f, "</b>: ");
		esc(f, r->a.absent_reason ? r->a.absent_reason : "no values");
		fprintf(f, "</li>\n");
	}
	if (any)
		fprintf(f, "</ul>\n");
}

static void figures(FILE *f, const struct rb_plotter *p, const char *prefix, const char *title)
{
	size_t i;
	int any = 0;

	for (i = 0; p && i < p->n_made; i++) {
		if (strncmp(p->made[i], prefix, strlen(prefix)))
			continue;
		if (!any++)
			fprintf(f, "<h2>%s</h2>\n", title);
		fprintf(f, "<figure><a href=\"%s.svg\"><img src=\"%s.png\" alt=\"%s\"></a>"
			   "<figcaption>%s (<a href=\"%s.svg\">SVG</a>)</figcaption></figure>\n",
			p->made[i], p->made[i], p->made[i], p->made[i], p->made[i]);
	}
}

int report_html(FILE *f, const struct rb_cmp *c, const struct rb_cmp_meta *m,
		const struct rb_plotter *plots)
{
	size_t i;

	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>"
		   "reapbench: ");
	esc(f, m->a->label);
	fprintf(f, " vs ");
	esc(f, m->b->label);
	fprintf(f, "</title>\n<style>%s</style></head><body>\n<h1>reapbench: A = ", css);
	esc(f, m->a->label);
	fprintf(f, " vs B = ");
	esc(f, m->b->label);
	fprintf(f, "</h1>\n<p><a href=\"evidence.txt\">evidence.txt</a> (for the patch mail) "
		   "&middot; <a href=\"compare.txt\">compare.txt</a> "
		   "&middot; <a href=\"data.json\">data.json</a></p>\n<pre>");
	{
		/* the same header as the text formats, so the page says how it decided */
		char *buf = NULL;
		size_t len = 0;
		FILE *mf = open_memstream(&buf, &len);

		if (mf) {
			compare_print_header(mf, c, m, "");
			fclose(mf);
			esc(f, buf);
			free(buf);
		}
	}
	fprintf(f, "</pre>\n<h2>Comparison</h2>\n<p>A and B: medians (shares for outcomes); "
		   "change: B vs A; CI95: B/A of per-boot geometric means (Welch, doc/STATISTICS.md).</p>\n"
		   "<table>\n");
	for (i = 0; i < c->n; i++) {
		const struct rb_cmp_row *r = &c->rows[i];

		/* one header row per scenario instead of a repeated column */
		if (!i || strcmp(c->rows[i - 1].scenario, r->scenario)) {
			fprintf(f, "<tr><th class=l colspan=11>scenario ");
			esc(f, r->scenario);
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
	fprintf(f, "</table>\n");
	unmeasured_html(f, c);
	figures(f, plots, "phases", "exit_mmap phases");
	figures(f, plots, "outcome", "oom_reaper outcomes");
	figures(f, plots, "box-", "Distributions per scenario");
	figures(f, plots, "sweep-", "Sweeps");
	figures(f, plots, "heatmap-", "2-D sweeps");
	figures(f, plots, "ecdf-", "ECDF per scenario and metric");
	/* body data-images="loaded/total" once the page is loaded: a broken plot
	 * is visible to a headless browser check (tests/offline/report_html.t) */
	fprintf(f, "<script>window.addEventListener('load',function(){var m=document.images,"
		   "k,ok=0;for(k=0;k<m.length;k++)if(m[k].complete&&m[k].naturalWidth>0)ok++;"
		   "document.body.setAttribute('data-images',ok+'/'+m.length);});</script>\n");
	fprintf(f, "</body></html>\n");
	return 0;
}
