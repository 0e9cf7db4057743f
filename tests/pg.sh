# Sourced by tests (after tap.sh) that need a PostgreSQL server:
#   pg_start    start a throwaway cluster (scripts/pg-cluster.sh) and set PGURI,
#               stopped and removed on every exit; returns 1 with the reason in
#               PG_SKIP when it cannot be started
#   pg_db NAME  create database NAME; prints its store URI
PGDIR=
PG_SKIP=
pg_stop() {
	[ -n "$PGDIR" ] || return 0
	scripts/pg-cluster.sh stop "$PGDIR"
	rm -rf "$PGDIR"
	PGDIR=
}
pg_start() {
	# its own directory: the server's user must reach it, $TMP is root's alone
	PGDIR=$(mktemp -d /tmp/reapbench-pg.XXXXXX) || { PG_SKIP="mktemp failed"; return 1; }
	trap 'pg_stop; rm -rf "$TMP"' EXIT
	trap 'exit 1' INT TERM HUP
	if ! PGURI=$(scripts/pg-cluster.sh start "$PGDIR" 2>"$PGDIR.err"); then
		PG_SKIP="cannot start PostgreSQL: $(cat "$PGDIR.err")"
		rm -f "$PGDIR.err"
		pg_stop
		return 1
	fi
	rm -f "$PGDIR.err"
	if ! command -v psql >/dev/null 2>&1; then
		PG_SKIP="no psql (apt-get install postgresql-client)"
		pg_stop
		return 1
	fi
	return 0
}
pg_db() {
	psql "$PGURI" -qc "CREATE DATABASE $1" >/dev/null || return 1
	echo "$PGURI" | sed "s|/postgres?|/$1?|"
}
