#!/bin/sh
# The reviewer's path on the live kernel, as a new user walks it: two small
# run sets (kill vs kill+mrelease) and a second kill set, then compare in
# every format, the A/A self-check, report, plot and trend. Checks structure
# (exit codes, what each format holds, 72 columns, files, image sizes), never
# timings.
. "$(dirname "$0")/../tap.sh"
need_root
need_cmd gnuplot gnuplot-nox
need_cmd python3 python3
DB=$TMP/ab.db
RDIR=$TMP/report

# columns of the longest line (characters, not bytes: lkp prints ±)
widest() { python3 -c 'import sys; print(max((len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")), default=0))' "$1"; }
# width x height of a PNG, from its IHDR
png_size() { python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print("%dx%d" % struct.unpack(">II", d[16:24]) if d[:8]==b"\x89PNG\r\n\x1a\n" else "not a PNG")' "$1"; }

for set in kill:rb-kill-1 kill+mrelease:rb-mrelease kill:rb-kill-2; do
	check "run ${set#*:}" 0 $RB run --size 64M --trigger "${set%%:*}" --runs 8 \
		--label "${set#*:}" --db "$DB" --quiet --no-summary
	is "$(sql "SELECT COUNT(*) FROM runs r JOIN runsets s ON s.id=r.runset_id
		WHERE s.label='${set#*:}' AND r.valid=1")" 8 "${set#*:}: 8 valid runs stored"
done

# compare exits 0, or 2 when it finds a regression; each format says what it compared
for f in text lkp md csv json; do
	$RB compare --db "$DB" --format $f rb-kill-1 rb-mrelease >"$TMP/cmp.$f" 2>"$TMP/err"
	like "$?" '^[02]$' "compare --format $f: exit 0 or 2"
	like "$(cat "$TMP/cmp.$f")" 'exit_mmap_us' "compare --format $f has an exit_mmap_us row"
done
like "$(cat "$TMP/cmp.text")" '^# reapbench compare, A = rb-kill-1, B = rb-mrelease$' "text: names A and B"
like "$(cat "$TMP/cmp.text")" '^# verdict: ' "text: states the verdict"
like "$(cat "$TMP/cmp.lkp")" '^ +rb-kill-1 +rb-mrelease$' "lkp: A and B column heads"
like "$(cat "$TMP/cmp.md")" '^\|metric\|A\|B\|' "md: a table with metric, A and B columns"
like "$(head -1 "$TMP/cmp.csv")" '^scenario,metric,unit,n_a,median_a,' "csv: header line"
for f in text lkp md; do
	is "$([ "$(widest "$TMP/cmp.$f")" -le 72 ] && echo fits)" fits "compare --format $f fits 72 columns"
done
check "compare --format json has A, B, rows and the reproducing command" 0 python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["a"]["label"] == "rb-kill-1" and j["b"]["label"] == "rb-mrelease"
assert any(r["metric"] == "exit_mmap_us" for r in j["rows"])
assert j["reproduce"] and j["method"]' "$TMP/cmp.json"
is "$(grep -c 'paired with B' "$TMP/cmp.text")" 1 "differently named single scenarios are paired"

check "compare --split" 0 $RB compare --db "$DB" rb-kill-1 rb-kill-1 --split --repeats 20
flagged=$(sed -n 's/^splits with any flag: \([0-9]*\) of 20.*/\1/p' "$OUT")
# Holm keeps P(any flag) <= 5% per split; 5 or more of 20 has probability < 0.003
like "$flagged" '^[0-4]$' "A/A: fewer than 5 of 20 splits flag anything ($flagged)"
like "$(cat "$OUT")" '^false-positive rate: [0-9]+ of [0-9]+ tested rows flagged' \
	"A/A prints the observed false-positive rate"

$RB report --db "$DB" -o "$RDIR" rb-kill-1 rb-mrelease >/dev/null 2>"$TMP/err"
like "$?" '^[02]$' "report: exit 0 or 2"
for f in evidence.txt index.html data.json phases.png phases.svg; do
	is "$([ -s "$RDIR/$f" ] && echo yes)" yes "report wrote $f"
done
is "$([ "$(widest "$RDIR/evidence.txt")" -le 72 ] && echo fits)" fits "evidence.txt fits 72 columns"
ecdf=$(ls "$RDIR"/ecdf-*-exit_mmap_us.png 2>/dev/null | head -1)
is "$(png_size "${ecdf:-/dev/null}")" 800x500 "exit_mmap_us ECDF is an 800x500 PNG"
like "$(cat "$RDIR/phases.svg")" 'width="800"' "phases.svg is 800 wide"
like "$(head -1 "$RDIR/evidence.txt")" '^(B (regresses|improves|changes)|No metric moved)' \
	"evidence.txt starts with its verdict"
check "evidence.txt within its limits (doc/EVIDENCE.md)" 0 scripts/evidence-check.sh "$RDIR/evidence.txt"

check "plot --kind box,phases" 0 $RB plot --db "$DB" -o "$TMP/plots" --kind box,phases rb-kill-1 rb-mrelease
is "$(png_size "$TMP/plots/box-exit_mmap_us.png")" 800x500 "plot: box-exit_mmap_us.png 800x500"
is "$(ls "$TMP/plots" | grep -c '^ecdf-')" 0 "plot draws only the kinds asked for"

check "trend over the two kill sets" 0 $RB trend --db "$DB" --metric exit_mmap_us \
	--scenario anon-64M-kill --labels 'rb-kill-*' -o "$TMP/trend"
is "$(grep -c '^[0-9]' "$OUT")" 2 "trend: one row per run set"
like "$(cat "$OUT")" '"rb-kill-2"' "trend: names the run sets"
is "$(png_size "$TMP/trend/trend-anon-64M-kill-exit_mmap_us.png")" 800x500 "trend plot 800x500"
is "$(leftovers)" "" "nothing left behind"
done_testing
