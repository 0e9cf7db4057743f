/*
 * The PostgreSQL backend of the store (store_internal.h): a database many
 * hosts push to, named by a postgresql:// URI. Statements keep the store's
 * `?` / `?N` placeholders, turned into $N here; parameters go as text with
 * their types left to the server to infer from where they are used.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "common.h"
#include "store_internal.h"

#define MAX_PARAMS 32
#define MAX_FLOAT_COLS 32	/* columns whose text is rendered as SQLite renders it */

/* The connection and its last error (a statement's, or the connection's). */
struct pg_conn {
	PGconn *c;
	char err[512];
};

struct pg_stmt {
	struct store_stmt base;
	char *sql;			/* with $N placeholders */
	int nparams;
	char *values[MAX_PARAMS];	/* malloc'd text, NULL for NULL */
	PGresult *res;			/* after the first step */
	int row, nrows;
	char ftext[MAX_FLOAT_COLS][40];	/* float columns of the current row as text */
};

#define CONN(st) ((struct pg_conn *)(st)->db)
#define PS(x) ((struct pg_stmt *)(x))

/* PostgreSQL type oids (catalog/pg_type.h is not a client header) */
enum { OID_INT8 = 20, OID_INT2 = 21, OID_INT4 = 23, OID_OID = 26, OID_FLOAT4 = 700,
       OID_FLOAT8 = 701, OID_NUMERIC = 1700 };

static int pg_fail(struct rb_store *st, const char *msg)
{
	struct pg_conn *pc = CONN(st);

	snprintf(pc->err, sizeof(pc->err), "%s", msg && *msg ? msg : "postgresql error");
	pc->err[strcspn(pc->err, "\n")] = 0;
	return err_msg("%s: %s\n", st->path, pc->err);
}

static int pg_open(struct rb_store *st, const char *target, bool readonly)
{
	struct pg_conn *pc = calloc(1, sizeof(*pc));

	if (!pc)
		return err_msg("out of memory\n");
	st->db = pc;
	st->ops = &store_pg_ops;
	pc->c = PQconnectdb(target);
	if (!pc->c || PQstatus(pc->c) != CONNECTION_OK)
		return pg_fail(st, pc->c ? PQerrorMessage(pc->c) : "out of memory");
	/* messages and floats the same on every server: round-trip doubles, UTC */
	if (store_exec(st, "SET client_min_messages=warning; SET extra_float_digits=3;"
		       " SET TIME ZONE 'UTC'"))
		return -1;
	if (readonly && store_exec(st, "SET default_transaction_read_only=on"))
		return -1;
	return 0;
}

static void pg_close(struct rb_store *st)
{
	struct pg_conn *pc = CONN(st);

	if (pc && pc->c)
		PQfinish(pc->c);
	free(pc);
	st->db = NULL;
}

static int pg_exec(struct rb_store *st, const char *sql)
{
	PGresult *r = PQexec(CONN(st)->c, sql);
	int rc = 0;

	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
		rc = pg_fail(st, r ? PQresultErrorMessage(r) : PQerrorMessage(CONN(st)->c));
	PQclear(r);
	return rc;
}

/* ? -> $k (k counting), ?N -> $N, outside quotes; *nparams: the highest N. */
static char *to_dollar(const char *sql, int *nparams)
{
	char *out = malloc(3 * strlen(sql) + 1), *p = out, quote = 0;
	int seq = 0;

	*nparams = 0;
	if (!out)
		return NULL;
	for (; *sql; sql++) {
		if (quote) {
			if (*sql == quote)
				quote = 0;
			*p++ = *sql;
		} else if (*sql == '\'' || *sql == '"') {
			quote = *sql;
			*p++ = *sql;
		} else if (*sql == '?') {
			int n;

			if (sql[1] >= '0' && sql[1] <= '9') {
				n = (int)strtol(sql + 1, (char **)&sql, 10);
				sql--;
			} else {
				n = ++seq;
			}
			p += sprintf(p, "$%d", n);
			if (n > *nparams)
				*nparams = n;
		} else {
			*p++ = *sql;
		}
	}
	*p = 0;
	return out;
}

static int pg_prepare(struct rb_store *st, const char *sql, struct store_stmt **out)
{
	struct pg_stmt *s = calloc(1, sizeof(*s));

	*out = NULL;
	if (!s)
		return err_msg("out of memory\n");
	s->base.st = st;
	s->sql = to_dollar(sql, &s->nparams);
	if (!s->sql) {
		free(s);
		return err_msg("out of memory\n");
	}
	if (s->nparams > MAX_PARAMS) {
		int n = s->nparams;

		free(s->sql);
		free(s);
		return err_msg("%s: a statement with %d parameters, at most %d\n", st->path, n,
			       MAX_PARAMS);
	}
	*out = &s->base;
	return 0;
}

static int pg_step(struct store_stmt *x)
{
	struct pg_stmt *s = PS(x);
	ExecStatusType status;

	if (!s->res) {
		s->res = PQexecParams(CONN(x->st)->c, s->sql, s->nparams, NULL,
				      (const char *const *)s->values, NULL, NULL, 0);
		status = PQresultStatus(s->res);
		if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
			pg_fail(x->st, s->res ? PQresultErrorMessage(s->res)
					      : PQerrorMessage(CONN(x->st)->c));
			PQclear(s->res);
			s->res = NULL;
			return -1;
		}
		s->nrows = PQntuples(s->res);
		s->row = -1;
	}
	if (s->row + 1 < s->nrows) {
		s->row++;
		return STORE_ROW;
	}
	s->row = s->nrows;
	return STORE_DONE;
}

static void pg_reset(struct store_stmt *x)
{
	PQclear(PS(x)->res);
	PS(x)->res = NULL;
}

static void pg_clear(struct store_stmt *x)
{
	for (int i = 0; i < MAX_PARAMS; i++) {
		free(PS(x)->values[i]);
		PS(x)->values[i] = NULL;
	}
}

static void pg_finalize(struct store_stmt *x)
{
	pg_reset(x);
	pg_clear(x);
	free(PS(x)->sql);
	free(x);
}

static int set_param(struct store_stmt *x, int i, char *v)
{
	if (i < 1 || i > PS(x)->nparams) {
		free(v);
		return err_msg("%s: parameter %d of %d\n", x->st->path, i, PS(x)->nparams);
	}
	free(PS(x)->values[i - 1]);
	PS(x)->values[i - 1] = v;
	return 0;
}

static int pg_bind_text(struct store_stmt *x, int i, const char *v)
{
	char *c = v ? strdup(v) : NULL;

	if (v && !c)
		return err_msg("out of memory\n");
	return set_param(x, i, c);
}

static int pg_bind_int64(struct store_stmt *x, int i, int64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRId64, v);
	return pg_bind_text(x, i, buf);
}

static int pg_bind_double(struct store_stmt *x, int i, double v)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%.17g", v);	/* round-trips */
	return pg_bind_text(x, i, buf);
}

static bool has_cell(struct store_stmt *x, int i)
{
	struct pg_stmt *s = PS(x);

	return s->res && s->row >= 0 && s->row < s->nrows && i < PQnfields(s->res) &&
	       !PQgetisnull(s->res, s->row, i);
}

static enum store_type pg_col_type(struct store_stmt *x, int i)
{
	if (!has_cell(x, i))
		return STORE_NULL;
	switch (PQftype(PS(x)->res, i)) {
	case OID_INT8: case OID_INT2: case OID_INT4: case OID_OID:
		return STORE_INT;
	case OID_FLOAT4: case OID_FLOAT8: case OID_NUMERIC:
		return STORE_FLOAT;
	default:
		return STORE_TEXT;
	}
}

/* The server's text of a cell (round-trip digits for floats), NULL when NULL. */
static const char *raw_text(struct store_stmt *x, int i)
{
	return has_cell(x, i) ? PQgetvalue(PS(x)->res, PS(x)->row, i) : NULL;
}

static const char *pg_col_text(struct store_stmt *x, int i)
{
	const char *t = raw_text(x, i);
	char num[32], *f, *e;	/* %.15g needs at most 23 */

	if (!t || i >= MAX_FLOAT_COLS || pg_col_type(x, i) != STORE_FLOAT || !strcmp(t, "NaN") ||
	    strstr(t, "Infinity"))
		return t;
	/* a float as SQLite's text of a REAL (15 digits, always a point), so
	 * exports read the same from either backend */
	f = PS(x)->ftext[i];
	snprintf(num, sizeof(num), "%.15g", strtod(t, NULL));
	e = strchr(num, 'e');
	if (strchr(num, '.'))
		snprintf(f, sizeof(PS(x)->ftext[i]), "%s", num);
	else if (e)	/* 1e+20 -> 1.0e+20 */
		snprintf(f, sizeof(PS(x)->ftext[i]), "%.*s.0%s", (int)(e - num), num, e);
	else
		snprintf(f, sizeof(PS(x)->ftext[i]), "%s.0", num);
	return f;
}

static int64_t pg_col_int64(struct store_stmt *x, int i)
{
	const char *t = raw_text(x, i);

	if (!t)
		return 0;
	if (!strcmp(t, "t"))	/* a boolean expression */
		return 1;
	return pg_col_type(x, i) == STORE_FLOAT ? (int64_t)strtod(t, NULL)
						: strtoll(t, NULL, 10);
}

static double pg_col_double(struct store_stmt *x, int i)
{
	const char *t = raw_text(x, i);

	return t ? strtod(t, NULL) : 0.0;
}

static const char *pg_errmsg(struct rb_store *st)
{
	return CONN(st) && CONN(st)->err[0] ? CONN(st)->err : "postgresql error";
}

/* Ours: the four tables in the current schema; empty: no table at all. */
static int pg_identify(struct rb_store *st, int *kind, int *version)
{
	int64_t tables, ours, v;

	*kind = STORE_FOREIGN;
	*version = -1;
	if (store_query_int64(st, "SELECT count(*) FROM information_schema.tables"
			      " WHERE table_schema = current_schema()", &tables) ||
	    store_query_int64(st, "SELECT count(*) FROM information_schema.tables"
			      " WHERE table_schema = current_schema()"
			      " AND table_name IN ('meta', 'runsets', 'runs', 'metrics')", &ours))
		return -1;
	if (tables == 0) {
		*kind = STORE_EMPTY;
		return 0;
	}
	if (ours != 4 ||
	    store_query_int64(st, "SELECT CAST(value AS INTEGER) FROM meta"
			      " WHERE key='schema_version'", &v) || v <= 0)
		return 0;
	*kind = STORE_OURS;
	*version = v > INT32_MAX ? INT32_MAX : (int)v;
	return 0;
}

const struct store_ops store_pg_ops = {
	.name = "postgresql",
	.open = pg_open, .close = pg_close, .identify = pg_identify, .exec = pg_exec,
	.prepare = pg_prepare, .step = pg_step, .reset = pg_reset, .clear = pg_clear,
	.finalize = pg_finalize, .bind_int64 = pg_bind_int64, .bind_double = pg_bind_double,
	.bind_text = pg_bind_text, .col_type = pg_col_type, .col_int64 = pg_col_int64,
	.col_double = pg_col_double, .col_text = pg_col_text, .errmsg = pg_errmsg,
	.id_column = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
	.begin_write = "BEGIN",
	/* first writers of an empty database create the schema one at a time */
	.schema_lock = "SELECT pg_advisory_xact_lock(1382182499)",
	.schema_marks = NULL,
	.glob_op = "~",
	.strpos = "strpos",
	.glob_as_regex = true,
};
