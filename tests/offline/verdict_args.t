#!/bin/sh
# reapbench ab's --until-resolved / --max-boots and compare's --warmup
# arguments (no QEMU, no store needed: refused or described before either).
. "$(dirname "$0")/../tap.sh"

check "--help describes --until-resolved" 0 "$RB" ab --help
like "$(cat "$OUT")" "--until-resolved +add boot pairs until every primary metric" "help names the flag"
like "$(cat "$OUT")" "--max-boots N +most boots per side" "help names --max-boots"
like "$(cat "$OUT")" "ABBA order" "help says the boots alternate ABBA"
check "--max-boots below the first look is refused" 1 "$RB" ab --until-resolved --max-boots 2 a b
like "$(cat "$OUT")" "^reapbench: --max-boots '2': expected 3\.\.100$" "one line naming the flag"
check "--max-boots not a number" 1 "$RB" ab --max-boots x a b
like "$(cat "$OUT")" "--max-boots 'x'" "names the bad value"
check "compare --warmup out of range" 1 "$RB" compare --warmup 1001 a b
like "$(cat "$OUT")" "^reapbench: compare: bad value '1001' for --warmup" "names --warmup and the value"
check "compare --help names --warmup" 0 "$RB" compare --help
like "$(cat "$OUT")" "--warmup N: runs dropped after each boot" "help line"
done_testing
