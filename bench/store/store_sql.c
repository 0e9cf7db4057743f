/* The statement interface over the backend's ops (store_internal.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "store_internal.h"

bool store_is_pg(const char *target)
{
	return !strncmp(target, "postgresql://", 13) || !strncmp(target, "postgres://", 11);
}

const char *store_default_path(void)
{
	const char *env = getenv("REAPBENCH_DB");

	return env && *env ? env : RB_DEFAULT_DB;
}

const char *store_errmsg(struct rb_store *st)
{
	return st->ops ? st->ops->errmsg(st) : "store not open";
}

int store_exec(struct rb_store *st, const char *sql)
{
	return st->ops->exec(st, sql);
}

int store_prepare(struct rb_store *st, const char *sql, struct store_stmt **s)
{
	return st->ops->prepare(st, sql, s);
}

int store_step(struct store_stmt *s)
{
	return s->st->ops->step(s);
}

int store_step_done(struct store_stmt *s)
{
	int rc = store_step(s);

	store_finalize(s);
	return rc == STORE_DONE ? 0 : -1;
}

void store_reset(struct store_stmt *s)
{
	s->st->ops->reset(s);
}

void store_clear(struct store_stmt *s)
{
	s->st->ops->clear(s);
}

void store_finalize(struct store_stmt *s)
{
	if (s)
		s->st->ops->finalize(s);
}

int store_bind_int64(struct store_stmt *s, int i, int64_t v)
{
	return s->st->ops->bind_int64(s, i, v);
}

int store_bind_double(struct store_stmt *s, int i, double v)
{
	return s->st->ops->bind_double(s, i, v);
}

int store_bind_text(struct store_stmt *s, int i, const char *v)
{
	return s->st->ops->bind_text(s, i, v);
}

/* GLOB (*, ?, [...]) as an anchored POSIX regex (malloc'd). */
static char *glob_to_regex(const char *g)
{
	char *re = malloc(2 * strlen(g) + 8), *p = re;
	bool in_class = false;

	if (!re)
		return NULL;
	*p++ = '^';
	for (; *g; g++) {
		if (in_class) {
			if (*g == ']')
				in_class = false;
			if (*g == '\\')
				*p++ = '\\';
			*p++ = *g;
		} else if (*g == '*') {
			*p++ = '.';
			*p++ = '*';
		} else if (*g == '?') {
			*p++ = '.';
		} else if (*g == '[') {
			in_class = true;
			*p++ = '[';
			if (g[1] == '^') {	/* GLOB's negation is [^...] as in regex */
				*p++ = '^';
				g++;
			}
		} else {
			if (strchr(".^$+(){}|\\", *g))
				*p++ = '\\';
			*p++ = *g;
		}
	}
	*p++ = '$';
	*p = 0;
	return re;
}

int store_bind_glob(struct store_stmt *s, int i, const char *glob)
{
	char *re;
	int rc;

	if (!glob || !*glob)
		glob = "*";
	if (!s->st->ops->glob_as_regex)
		return store_bind_text(s, i, glob);
	re = glob_to_regex(glob);
	if (!re)
		return err_msg("out of memory\n");
	rc = store_bind_text(s, i, re);
	free(re);
	return rc;
}

int store_bind_col(struct store_stmt *dst, int i_dst, struct store_stmt *src, int i_src)
{
	switch (store_col_type(src, i_src)) {
	case STORE_INT:
		return store_bind_int64(dst, i_dst, store_col_int64(src, i_src));
	case STORE_FLOAT:
		return store_bind_double(dst, i_dst, store_col_double(src, i_src));
	case STORE_TEXT:
		return store_bind_text(dst, i_dst, store_col_text(src, i_src));
	default:
		return store_bind_text(dst, i_dst, NULL);
	}
}

enum store_type store_col_type(struct store_stmt *s, int i)
{
	return s->st->ops->col_type(s, i);
}

int64_t store_col_int64(struct store_stmt *s, int i)
{
	return s->st->ops->col_int64(s, i);
}

double store_col_double(struct store_stmt *s, int i)
{
	return s->st->ops->col_double(s, i);
}

const char *store_col_text(struct store_stmt *s, int i)
{
	return s->st->ops->col_text(s, i);
}

char *store_col_dup(struct store_stmt *s, int i)
{
	const char *t = store_col_text(s, i);

	return t ? strdup(t) : NULL;
}

int store_query_int64(struct rb_store *st, const char *sql, int64_t *v)
{
	struct store_stmt *s;
	int rc;

	*v = 0;
	if (store_prepare(st, sql, &s))
		return -1;
	rc = store_step(s);
	if (rc == STORE_ROW && store_col_type(s, 0) != STORE_NULL)
		*v = store_col_int64(s, 0);
	store_finalize(s);
	return rc < 0 ? -1 : 0;
}
