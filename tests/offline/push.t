#!/bin/sh
# reapbench push into a throwaway PostgreSQL: two hosts' local stores pushed,
# pushed again (nothing twice), then every reader on the shared store:
# compare --host, trend --host / --by-host, export (json, csv, kcidb), with
# --db and with REAPBENCH_DB. Counts are checked with psql. The runs are
# synthetic load-test data from tests/offline/test_fill_store.
. "$(dirname "$0")/../tap.sh"
. tests/pg.sh
pg_start || skip_all "$PG_SKIP"
U=$(pg_db rb_push)
q() { psql "$U" -Atc "$1" | tr '|' ' '; }
FILL=tests/offline/test_fill_store

check "host A's local store" 0 $FILL synthetic "$TMP/a.db" hostA 2 5
check "host B's local store" 0 $FILL synthetic "$TMP/b.db" hostB 1 4
check "push A (--db)" 0 ./reapbench push --db "$TMP/a.db" --to "$U"
like "$(cat "$OUT")" 'run sets 2 new, 0 already there; runs 10 new, 0 already there; metrics 20 new' "A: 2 run sets, 10 runs, 20 metrics"
check "push B (REAPBENCH_DB)" 0 env REAPBENCH_DB="$TMP/b.db" ./reapbench push --to "$U"
like "$(cat "$OUT")" 'run sets 1 new.*runs 4 new' "B: 1 run set, 4 runs"
check "push A again" 0 ./reapbench push --db "$TMP/a.db" --to "$U"
like "$(cat "$OUT")" 'run sets 0 new, 2 already there; runs 0 new, 10 already there; metrics 0 new' "nothing new the second time"
is "$(q "SELECT count(*), count(DISTINCT uuid) FROM runs")" "14 14" "14 runs in the shared store, none twice"
is "$(q "SELECT string_agg(DISTINCT host, ',' ORDER BY host) FROM runsets")" "hostA,hostB" "each run set with its host"
is "$(q "SELECT count(*) FROM metrics")" 28 "28 metrics"

check "push needs --to" 1 ./reapbench push --db "$TMP/a.db"
like "$(cat "$OUT")" '--to STORE is required' "says so"
check "push to an unreachable server fails" 1 ./reapbench push --db "$TMP/a.db" --to "postgresql://nobody@/x?host=$TMP/none&port=1"
like "$(cat "$OUT")" 'postgresql://.*(connection|No such file)' "with libpq's reason, naming the URI"

check "trend --by-host" 0 ./reapbench trend --db "$U" -m synthetic_run_n -s synthetic --by-host
like "$(cat "$OUT")" '# host hostA' "a block for host A"
like "$(cat "$OUT")" '# host hostB' "a block for host B"
is "$(grep -c '"hostA"$' "$OUT") $(grep -c '"hostB"$' "$OUT")" "2 1" "2 run sets of A, 1 of B"
check "trend --host hostB (REAPBENCH_DB)" 0 env REAPBENCH_DB="$U" ./reapbench trend -m synthetic_run_n -s synthetic --host hostB
unlike "$(cat "$OUT")" '"hostA"' "only host B's run sets"
# median of runs 1..4 = 2.5
like "$(cat "$OUT")" ' 4 2\.5 ' "B's median over its 4 runs"

LA="synthetic load-test data, not a measurement: hostA set 1"
LB="synthetic load-test data, not a measurement: hostA set 2"
check "compare --host hostA" 0 ./reapbench compare --db "$U" --host hostA "$LA" "$LB"
like "$(cat "$OUT")" '5 valid runs' "both sides from the shared store"
check "compare --host hostB finds no such run set" 1 ./reapbench compare --db "$U" --host hostB "$LA" "$LB"
like "$(cat "$OUT")" "no run set .* on host hostB" "says which host"

check "export json" 0 ./reapbench export --db "$U" "$LA"
like "$(cat "$OUT")" '"host": "hostA"' "names the host"
check "export csv" 0 ./reapbench export --db "$U" -f csv "$LA"
is "$(grep -c ',synthetic_run_n,' "$OUT")" 5 "a row per run for the metric"
if python3 -c 'import jsonschema' 2>/dev/null; then
	check "export kcidb from PostgreSQL" 0 ./reapbench export --db "$U" -f kcidb "$LA"
	cp "$OUT" "$TMP/k.json"
	check "validates" 0 python3 tests/kcidb-validate.py tests/schemas/kcidb-io-v4.3.schema.json "$TMP/k.json"
	like "$(cat "$OUT")" 'valid: 1 checkouts, 1 builds, 5 tests' "5 runs as 5 tests"
else
	skip 3 "no python3-jsonschema"
fi
# the same numbers from either backend: a committed sample's run sets pushed
# from SQLite, compared on both (all but where and when the output was made)
check "a store rebuilt from a committed sample" 0 $FILL sample "$TMP/s.db" results/samples/ab-6.12-vs-calibrate-teardown-delay/data.json
S=$(pg_db rb_sample)
check "pushed" 0 ./reapbench push --db "$TMP/s.db" --to "$S"
./reapbench compare -f json --db "$TMP/s.db" '#1' '#2' | grep -v '"store"\|"reproduce"\|"generated_at"' >"$TMP/c-sqlite.json"
./reapbench compare -f json --db "$S" '#1' '#2' | grep -v '"store"\|"reproduce"\|"generated_at"' >"$TMP/c-pg.json"
like "$(grep -c '"verdict"' "$TMP/c-pg.json")" '^[1-9][0-9]*$' "compare from PostgreSQL has verdict rows"
check "compare gives the same JSON from SQLite and PostgreSQL" 0 cmp "$TMP/c-sqlite.json" "$TMP/c-pg.json"
./reapbench export -f csv --db "$TMP/s.db" '#2' >"$TMP/e-sqlite.csv"
./reapbench export -f csv --db "$S" '#2' >"$TMP/e-pg.csv"
like "$(wc -l <"$TMP/e-pg.csv")" '^[0-9]{3,}$' "export csv from PostgreSQL has the rows"
check "export csv is byte-identical from either backend (values as SQLite writes them)" 0 cmp "$TMP/e-sqlite.csv" "$TMP/e-pg.csv"

check "a password in the URI" 1 ./reapbench export --db "postgresql://u:sekrit@/x?host=$TMP/none&port=1"
unlike "$(cat "$OUT")" 'sekrit' "never printed"
like "$(cat "$OUT")" 'postgresql://u:\*\*\*@/x' "the URI shown without it"
done_testing
