#!/bin/sh
# Command-line behaviour that needs no root and no tracing: help, version,
# list, bad input (one clear line naming the flag or file:line, exit 1,
# nothing written) and store schema versions (readers never upgrade; the
# upgrades themselves: tests/offline/store.t, tests/live/store.t).
. "$(dirname "$0")/../tap.sh"
need_cmd sqlite3 sqlite3
DB=$TMP/cli.db

check "--help" 0 $RB --help
like "$(cat "$OUT")" '^usage: reapbench ' "--help prints the usage line"
like "$(cat "$OUT")" '^exit codes: 0 ok, 1 error, 2 regression found, 4 skipped' "--help lists the exit codes"
for c in $(sed -n 's/^  \([a-z]*\)  .*/\1/p' "$OUT"); do
	check "$c --help" 0 $RB $c --help
	like "$(cat "$OUT")" "^usage: reapbench $c( |\$)" "$c --help prints a usage line naming $c"
done
check "--version" 0 $RB --version
like "$(cat "$OUT")" '^reapbench [0-9]+\.[0-9]+\.[0-9]+ \(([0-9a-f]+|unknown)\)$' "--version prints the version and commit"

check "unknown command: exit 1" 1 $RB nosuch
like "$(cat "$OUT")" "unknown command 'nosuch'" "unknown command named"
check "unknown shape: exit 1" 1 $RB run --shape nosuch --db "$DB"
like "$(cat "$OUT")" "shape 'nosuch': unknown" "unknown shape named"
check "bad --runs: exit 1" 1 $RB run --runs 0 --db "$DB"
like "$(cat "$OUT")" "--runs '0'" "bad --runs named"

cat > "$TMP/bad.ini" <<'INI'
[ok]
shape = anon
trigger = kill

[broken]
shape = anon
trigger = nosuch
INI
check "bad scenario file: exit 1" 1 $RB run --scenario "$TMP/bad.ini" --db "$DB"
like "$(cat "$OUT")" "bad.ini:7: key 'trigger': unknown trigger 'nosuch'" \
	"scenario file error names file, line and key"
printf '[x]\nshape = anon\n' > "$TMP/noshape.ini"
check "scenario without a trigger: exit 1" 1 $RB run --scenario "$TMP/noshape.ini" --db "$DB"
like "$(cat "$OUT")" "noshape.ini:1: \[x\]: key 'trigger' missing" "missing key named"
printf '[bad]\nshape = anon\ntrigger = stall\ncontenders = nosuch\n' >"$TMP/badc.ini"
check "unknown contender in a scenario file: exit 1" 1 $RB run --scenario "$TMP/badc.ini" --db "$DB"
like "$(cat "$OUT")" "badc.ini:4: key 'contenders'" "scenario error names file, line and key"
is "$([ -e "$DB" ] && echo exists)" "" "nothing written after bad input"

# -- list: every shape, trigger, contender and scenario set, with its parameters
check "list" 0 $RB list
L=$(cat "$OUT")
for p in anon mlock vmas thp shmem file threads numa kill kill+mrelease memcg-oom stall \
	 maps-reader madvise churn full quick; do
	like "$L" "^  $(printf %s "$p" | sed 's/+/[+]/g') " "list documents $p"
done
like "$L" '^  kill\+mrelease .*process_mrelease' "list says what kill+mrelease does"
like "$L" '^ +size: .*default 64M' "list shows each parameter with its default"

# -- a reader does not upgrade a schema-1 store: it says a writer would
V1=$TMP/v1.db
sqlite3 "$V1" <tests/fixtures/store-schema1.sql
before=$(cksum <"$V1")
check "export of a schema-1 store: exit 1" 1 $RB export --db "$V1" --format csv old
like "$(cat "$OUT")" 'schema version 1, .*a writer, e.g. reapbench run --db, upgrades it' \
	"the refusal names the version and what upgrades it"
is "$(cksum <"$V1")" "$before" "the reader left the store as it was"
printf 'PRAGMA application_id=1382182499; CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT); INSERT INTO meta VALUES("schema_version","99");' |
	sqlite3 "$TMP/v99.db"
check "a newer store is refused: exit 1" 1 $RB export --db "$TMP/v99.db"
like "$(cat "$OUT")" "schema version 99" "the refusal names the store's version"
done_testing
