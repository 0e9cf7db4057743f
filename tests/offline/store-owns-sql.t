#!/bin/sh
# The store owns every SQL statement: outside bench/store no C file includes
# <sqlite3.h> or calls sqlite3_*, and no source file of the suite holds SQL
# in a string literal.
. "$(dirname "$0")/../tap.sh"

others=$(find bench workloads tests -name '*.[ch]' ! -path 'bench/store/*' | sort)
ok $([ -n "$others" ]; echo $?) "there are C files outside bench/store to check"

hits=$(grep -n '#[[:space:]]*include[[:space:]]*<sqlite3\.h>' $others)
is "$hits" "" "no #include <sqlite3.h> outside bench/store"

# ... nor through a store header: only store_internal.h brings SQLite in
incs="-Ibench/lib -Ibench/trace -Ibench/metrics -Ibench/store"
for h in bench/store/*.h; do
	[ "$h" = bench/store/store_internal.h ] && continue
	n=$(${CC:-cc} -E $incs "$h" 2>&1 | grep -c 'sqlite3_open')
	is "$n" 0 "$h does not bring in <sqlite3.h>"
done
hits=$(grep -n 'store_internal\.h' $others)
is "$hits" "" "store_internal.h is included only inside bench/store"

hits=$(grep -nw 'sqlite3_[a-z0-9_]*' $others)
is "$hits" "" "no sqlite3_* call or type outside bench/store"

# SQL in a string literal of the suite (tests may build fixtures with the sqlite3 tool)
product=$(echo "$others" | grep -v '^tests/')
sql='"[^"]*\b(SELECT\b.*\bFROM|INSERT INTO|UPDATE [a-z_.]+ SET|DELETE FROM|CREATE (TABLE|INDEX)|ALTER TABLE|ATTACH DATABASE|PRAGMA [a-z_]+|BEGIN IMMEDIATE)'
hits=$(grep -nE "$sql" $product)
is "$hits" "" "no SQL string literal outside bench/store"

# the greps do find what they look for
printf '#include <sqlite3.h>\nx = sqlite3_step(s);\nq = "SELECT id FROM runs";\n' >"$TMP/probe.c"
like "$(grep -c '#[[:space:]]*include[[:space:]]*<sqlite3\.h>' "$TMP/probe.c")" '^1$' "include grep finds one"
like "$(grep -cw 'sqlite3_[a-z0-9_]*' "$TMP/probe.c")" '^1$' "call grep finds one"
like "$(grep -cE "$sql" "$TMP/probe.c")" '^1$' "SQL grep finds one"
done_testing
