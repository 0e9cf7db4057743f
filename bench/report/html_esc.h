/*
 * Text into HTML: the one escaper for index.html and the tables written into
 * it (report_html, report_sets, race_designs), so every page escapes alike.
 */
#ifndef REAPBENCH_HTML_ESC_H
#define REAPBENCH_HTML_ESC_H

#include <stdio.h>

/* s to f with <, >, & and " as entities: safe as element text and inside a
 * double-quoted attribute. A NULL s writes nothing. */
void html_esc(FILE *f, const char *s);

#endif
