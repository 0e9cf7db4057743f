/* Shell-safe joining of argument vectors (see argv.h). */
#include "argv.h"

#include <stdlib.h>
#include <string.h>

static int needs_quotes(const char *w)
{
	if (!*w)
		return 1;
	for (; *w; w++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			    "-_./=:,+@%", *w))
			return 1;
	return 0;
}

/* Length of w quoted, without the NUL. */
static size_t quoted_len(const char *w)
{
	size_t n = 2;

	if (!needs_quotes(w))
		return strlen(w);
	for (; *w; w++)
		n += *w == '\'' ? 4 : 1;
	return n;
}

static char *put_quoted(char *o, const char *w)
{
	if (!needs_quotes(w)) {
		size_t n = strlen(w);

		memcpy(o, w, n);
		return o + n;
	}
	*o++ = '\'';
	for (; *w; w++) {
		if (*w == '\'') {
			memcpy(o, "'\\''", 4);
			o += 4;
		} else {
			*o++ = *w;
		}
	}
	*o++ = '\'';
	return o;
}

char *rb_sh_quote(const char *word)
{
	char *s = malloc(quoted_len(word) + 1);

	if (s)
		*put_quoted(s, word) = 0;
	return s;
}

char *rb_argv_join(const char *prefix, int argc, char *const *argv)
{
	size_t len = (prefix ? strlen(prefix) : 0) + 1;
	char *s, *o;
	int i;

	if (argc < 0)
		for (argc = 0; argv[argc]; argc++)
			;
	for (i = 0; i < argc; i++)
		len += quoted_len(argv[i]) + 1;
	s = o = malloc(len);
	if (!s)
		return NULL;
	if (prefix) {
		strcpy(o, prefix);
		o += strlen(prefix);
	}
	for (i = 0; i < argc; i++) {
		if (o != s)
			*o++ = ' ';
		o = put_quoted(o, argv[i]);
	}
	*o = 0;
	return s;
}
