/*
 * The metric table as documents: aligned text for `reapbench list --metrics`,
 * Markdown for README.md, man(7) for doc/reapbench.1, JSON for export.
 */
#include "metric_table.h"

static const char *const better_phrase[RB_DIR_NR] = {
	[RB_DIR_NONE] = "no direction",
	[RB_DIR_LOWER] = "lower is better",
	[RB_DIR_HIGHER] = "higher is better",
};

static void print_md_cell(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputc('\\', f);
		fputc(*s, f);
	}
}

/* man(7) text: backslashes and hyphens escaped (a '-' is a hyphen, not a minus) */
static void print_man_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '-')
			fputc('\\', f);
		fputc(*s, f);
	}
}

void metric_def_print(FILE *f, const struct rb_metric_def *d, enum rb_metric_doc fmt)
{
	const char *unit = metric_unit_name(d->unit), *better = metric_direction_name(d->direction);
	const char *kind = metric_kind_name(d->kind), *source = metric_source_name(d->source);

	switch (fmt) {
	case RB_DOC_MD:
		fprintf(f, "| `%s` | %s | %s | %s | %s | ", d->name, unit, better, kind, source);
		print_md_cell(f, d->help);
		fputs(" |\n", f);
		break;
	case RB_DOC_MAN:
		fputs(".TP\n.B ", f);
		print_man_text(f, d->name);
		fprintf(f, "\n%s; %s; %s; source %s.\n", unit, better_phrase[d->direction], kind,
			source);
		print_man_text(f, d->help);
		fputc('\n', f);
		break;
	case RB_DOC_TEXT:
		fprintf(f, "  %-30s %-5s %-6s %-11s %-5s %s\n", d->name, unit, better, kind, source,
			d->help);
		break;
	}
}

void metric_table_print(FILE *f, enum rb_metric_doc fmt)
{
	const struct rb_metric_def *d;
	size_t i;

	switch (fmt) {
	case RB_DOC_MD:
		fputs("| metric | unit | better | kind | source | what |\n"
		      "|---|---|---|---|---|---|\n", f);
		break;
	case RB_DOC_MAN:
		break;
	case RB_DOC_TEXT:
		fprintf(f, "  %-30s %-5s %-6s %-11s %-5s %s\n", "metric", "unit", "better", "kind",
			"source", "what");
		break;
	}
	for (i = 0; (d = metric_def_at(i)); i++)
		metric_def_print(f, d, fmt);
}

json_t *metric_table_json(void)
{
	const struct rb_metric_def *d;
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && (d = metric_def_at(i)); i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s*, s:s}",
						   "name", d->name,
						   "unit", metric_unit_name(d->unit),
						   "direction", metric_direction_name(d->direction),
						   "kind", metric_kind_name(d->kind),
						   "source", metric_source_name(d->source),
						   "hit", d->hit, "help", d->help));
	return a;
}
