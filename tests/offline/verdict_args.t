#!/bin/sh
# reapbench ab's --until-resolved / --max-boots and compare's --warmup
# arguments (no QEMU, no store needed: refused or described before either).
. "$(dirname "$0")/../tap.sh"

check "--help describes --until-resolved" 0 "$RB" ab --help
like "$(cat "$OUT")" "--until-resolved +add boot pairs until every primary metric" "help names the flag"
like "$(cat "$OUT")" "--max-boots N +most boots per side" "help names --max-boots"
like "$(cat "$OUT")" "ABBA order" "help says the boots alternate ABBA"
check "--max-boots below the first look is refused" 1 "$RB" ab --until-resolved --max-boots 2 a b
like "$(cat "$OUT")" "^reapbench: ab: --max-boots '2': expected 3\.\.100$" "one line naming the flag"
check "--max-boots not a number" 1 "$RB" ab --max-boots x a b
like "$(cat "$OUT")" "--max-boots 'x'" "names the bad value"
# two specs of our own in a private data directory (as ab.t): nothing is built
mkdir -p "$TMP/data/kernels"
printf '[kernel]\nname = sa\nsource = debian-source:linux-source-6.12\n' > "$TMP/data/kernels/sa.ini"
printf '[kernel]\nname = sb\nsource = debian-source:linux-source-6.12\n' > "$TMP/data/kernels/sb.ini"
export REAPBENCH_DATADIR="$TMP/data" REAPBENCH_CACHE="$TMP/cache"
check "ab --dry-run --until-resolved plans ABBA boots and the looks" 0 "$RB" ab -n --until-resolved --max-boots 4 -d "$TMP/h.db" sa sb
plan=$(grep -E '^(boot|look) ' "$OUT" | cut -c1-16 | tr '\n' '|')
is "$plan" "boot    A 1/4 sa|boot    B 1/4 sb|boot    B 2/4 sb|boot    A 2/4 sa|boot    A 3/4 sa|boot    B 3/4 sb|look    3: stop |boot    B 4/4 sb|boot    A 4/4 sa|look    4: stop |" "A B, B A, A B, B A; looks from 3 boots"
like "$(cat "$OUT")" "^# ab plan: until resolved, at most 4 boot" "the plan says it stops early"
check "compare --warmup out of range" 1 "$RB" compare --warmup 1001 a b
like "$(cat "$OUT")" "^reapbench: compare: bad value '1001' for --warmup" "names --warmup and the value"
check "compare --help names --warmup" 0 "$RB" compare --help
like "$(cat "$OUT")" "--warmup N: runs dropped after each boot" "help line"
done_testing
