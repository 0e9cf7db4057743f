#!/bin/sh
# reapbench ab's --until-resolved / --max-boots arguments (no QEMU needed:
# they are refused or described before anything is built).
. "$(dirname "$0")/../tap.sh"

check "--help describes --until-resolved" 0 "$RB" ab --help
like "$(cat "$OUT")" "--until-resolved +add boot pairs until every primary metric" "help names the flag"
like "$(cat "$OUT")" "--max-boots N +most boots per side" "help names --max-boots"
like "$(cat "$OUT")" "ABBA order" "help says the boots alternate ABBA"
check "--max-boots below the first look is refused" 1 "$RB" ab --until-resolved --max-boots 2 a b
like "$(cat "$OUT")" "^reapbench: --max-boots '2': expected 3\.\.100$" "one line naming the flag"
check "--max-boots not a number" 1 "$RB" ab --max-boots x a b
like "$(cat "$OUT")" "--max-boots 'x'" "names the bad value"
done_testing
