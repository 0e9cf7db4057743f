#!/bin/sh
# reapbench report / plot with more than two run sets, through the command
# line: each later set against the first in DIR/<A>-vs-<X>/, index.html in
# DIR linking them; one run set is too few for report. The runs are
# synthetic data from tests/offline/test_fill_store (no reaper values: no
# race-designs.txt). tests/offline/race_sets.t checks the race figure and
# table on a store with race values.
. "$(dirname "$0")/../tap.sh"
need_cmd gnuplot gnuplot-nox
FILL=tests/offline/test_fill_store
DB="$TMP/s.db"

check "a store of three run sets" 0 $FILL synthetic "$DB" hostA 3 4
check "report of three run sets" 0 ./reapbench report --db "$DB" -o "$TMP/r" '#1' '#2' '#3'
like "$(cat "$OUT")" 'r: index.html, data.json, 0 plots \(PNG\+SVG\) of 3 run sets; each against .*set 1 in ' "one summary line for the three"
unlike "$(cat "$OUT")" 'race-designs' "no race table without reaper values"
n=$(ls -d "$TMP"/r/*-vs-* | wc -l)
is "$n" 2 "two pair folders: B and C against A"
for d in "$TMP"/r/*-vs-*; do
	test -s "$d/evidence.txt" -a -s "$d/index.html" -a -s "$d/compare.txt"
	ok $? "$(basename "$d") has the two-set report"
	like "$(cat "$TMP/r/index.html")" "href=\"$(basename "$d")/index.html\"" "index.html links $(basename "$d")"
done
like "$(cat "$TMP/r/data.json")" '"pair_dir": ".*set_2"' "data.json names the pair folders"

check "report wants two run sets" 1 ./reapbench report --db "$DB" -o "$TMP/one" '#1'
like "$(cat "$OUT")" 'at least two run sets' "says so"

check "plot of three run sets" 0 ./reapbench plot --db "$DB" -o "$TMP/p" '#1' '#2' '#3'
like "$(cat "$OUT")" "$TMP/p/.*set_2/.*\.png" "plots of B against A in its folder"
like "$(cat "$OUT")" "$TMP/p/.*set_3/.*\.png" "and of C against A"

check "report --help" 0 ./reapbench report --help
like "$(cat "$OUT")" 'usage: reapbench report \[OPTIONS\] -o DIR A B \[C \.\.\.\]' "names N run sets"
like "$(cat "$OUT")" 'race-designs.txt' "and the race table"
check "plot --help" 0 ./reapbench plot --help
like "$(cat "$OUT")" 'usage: reapbench plot \[OPTIONS\] -o DIR A \[B \.\.\.\]' "names N run sets"
done_testing
