#!/bin/sh
# The store tests on both backends: test_store_backend against a SQLite file
# and against a throwaway PostgreSQL cluster; what they wrote is checked with
# each backend's own client (sqlite3, psql), not through the code under test.
. "$(dirname "$0")/../tap.sh"
. tests/pg.sh
need_cmd sqlite3 sqlite3

# nested TAP of the cmocka test: its plan and results become one line each here
run_unit() { # DESC DB
	rc=0
	env RB_TEST_DB="$2" CMOCKA_MESSAGE_OUTPUT=TAP tests/offline/test_store_backend \
		>"$TMP/unit" 2>"$TMP/unit.err" || rc=$?
	like "$(cat "$TMP/unit")" '^1\.\.5$' "$1: the unit tests ran"
	is "$(grep -c '^ok ' "$TMP/unit")" 5 "$1: all 5 store tests pass"
	ok $rc "$1: exit 0"
	[ $rc -eq 0 ] || sed 's/^/#   /' "$TMP/unit" "$TMP/unit.err" | head -20
}

# SQLite
DB=$TMP/backend.db
run_unit sqlite "$DB"
is "$(sql "SELECT value FROM meta WHERE key='schema_version'")" 5 "sqlite: schema 5"
is "$(sql "SELECT count(*), count(DISTINCT uuid) FROM runs" | tr '|' ' ')" "12 12" \
	"sqlite: 12 runs (5 written, 3 pushed, 4 imported), each its own UUID"
is "$(sql "SELECT count(*) FROM runs r JOIN runsets s ON s.id = r.runset_id WHERE s.label='pushed'")" 3 \
	"sqlite: the pushed run set holds 3 runs, none twice"
is "$(sql "SELECT host FROM runsets WHERE label='pushed'")" lab-host-7 "sqlite: its host came along"

# PostgreSQL
if ! pg_start; then
	skip 13 "$PG_SKIP"
	done_testing
	exit 0
fi
ok 0 "PostgreSQL started ($PGURI)"
U=$(pg_db rb_backend)
run_unit postgresql "$U"
q() { psql "$U" -Atc "$1" | tr '|' ' '; }
is "$(q "SELECT value FROM meta WHERE key='schema_version'")" 5 "postgresql: schema 5"
is "$(q "SELECT count(*), count(DISTINCT uuid) FROM runs")" "12 12" "postgresql: 12 runs (5 written, 3 pushed, 4 imported), each its own UUID"
is "$(q "SELECT count(*) FROM runs r JOIN runsets s ON s.id = r.runset_id WHERE s.label='pushed'")" 3 \
	"postgresql: the pushed run set holds 3 runs, none twice"
is "$(q "SELECT host FROM runsets WHERE label='pushed'")" lab-host-7 "postgresql: its host came along"
is "$(q "SELECT status FROM runsets WHERE label='killed'")" died "postgresql: a gone writer's run set is died"
is "$(q "SELECT count(*), count(DISTINCT r.boot_id) FROM runs r JOIN runsets s ON s.id = r.runset_id WHERE s.label='guest-6.12'")" "4 1" \
	"postgresql: a guest's runs imported twice (merged), with the boot id the guest recorded"

# a database holding something else is refused, and left as it was
F=$(pg_db rb_foreign)
psql "$F" -qc "CREATE TABLE orders(id int); INSERT INTO orders VALUES (1)"
check "a foreign database is refused" 1 ./reapbench export --db "$F"
like "$(cat "$OUT")" 'not a reapbench store' "with the reason"
is "$(psql "$F" -Atc "SELECT count(*) FROM information_schema.tables WHERE table_schema='public'")" 1 \
	"the foreign database still has only its table"
done_testing
