#!/bin/sh
# The reviewer's path on the live kernel, as a new user walks it: two small
# run sets (kill vs kill+mrelease) and a second kill set, then compare in
# every format, the A/A self-check, report, plot and trend. Checks structure
# (exit codes, 72 columns, files, image sizes), never timings.
. "$(dirname "$0")/../tap.sh"
need_root
command -v gnuplot >/dev/null || skip_all "no gnuplot (apt-get install gnuplot-nox)"
DB=$TMP/ab.db
RDIR=$TMP/report

# columns of the longest line (characters, not bytes: lkp prints ±)
widest() { python3 -c 'import sys; print(max((len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")), default=0))' "$1"; }
# width x height of a PNG, from its IHDR
png_size() { python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print("%dx%d" % struct.unpack(">II", d[16:24]) if d[:8]==b"\x89PNG\r\n\x1a\n" else "not a PNG")' "$1"; }
in_02() { [ "$1" -eq 0 ] || [ "$1" -eq 2 ]; echo $?; }

for set in kill:rb-kill-1 kill+mrelease:rb-mrelease kill:rb-kill-2; do
	check "run ${set#*:}" 0 $RB run --size 64M --trigger "${set%%:*}" --runs 8 \
		--label "${set#*:}" --db "$DB" --quiet --no-summary
done

for f in text lkp md csv json; do
	$RB compare --db "$DB" --format $f rb-kill-1 rb-mrelease >"$TMP/cmp.$f" 2>"$TMP/err"
	ok $(in_02 $?) "compare --format $f: exit 0 or 2"
done
for f in text lkp md; do
	is "$([ "$(widest "$TMP/cmp.$f")" -le 72 ] && echo fits)" fits "compare --format $f fits 72 columns"
done
check "compare --format json is valid JSON" 0 python3 -m json.tool "$TMP/cmp.json"
is "$(grep -c 'paired with B' "$TMP/cmp.text")" 1 "differently named single scenarios are paired"

$RB compare --db "$DB" rb-kill-1 rb-kill-1 --split --repeats 20 >"$TMP/split" 2>&1
ok $? "compare --split runs"
flagged=$(sed -n 's/^splits with any flag: \([0-9]*\) of 20.*/\1/p' "$TMP/split")
# Holm keeps P(any flag) <= 5% per split; 5 or more of 20 has probability < 0.003
is "$([ -n "$flagged" ] && [ "$flagged" -lt 5 ] && echo ok)" ok "A/A: fewer than 5 of 20 splits flag anything ($flagged)"
grep -q '^false-positive rate: ' "$TMP/split"; ok $? "A/A prints the observed false-positive rate"

$RB report --db "$DB" -o "$RDIR" rb-kill-1 rb-mrelease >/dev/null 2>"$TMP/err"
ok $(in_02 $?) "report: exit 0 or 2"
for f in evidence.txt index.html data.json phases.png phases.svg; do
	is "$([ -s "$RDIR/$f" ] && echo yes)" yes "report wrote $f"
done
is "$([ "$(widest "$RDIR/evidence.txt")" -le 72 ] && echo fits)" fits "evidence.txt fits 72 columns"
ecdf=$(ls "$RDIR"/ecdf-*-exit_mmap_us.png 2>/dev/null | head -1)
is "$(png_size "${ecdf:-/dev/null}")" 800x500 "exit_mmap_us ECDF is an 800x500 PNG"
grep -q 'width="800"' "$RDIR/phases.svg"; ok $? "phases.svg is 800 wide"
sig=$(sed -n '/^Significant changes/,/^Full table/p' "$RDIR/evidence.txt" |
	grep -c -E '^    (regressed|improved|changed) |^  none: ')
is "$([ "$sig" -ge 1 ] && echo yes)" yes "evidence lists the significant changes (or says none)"

if $RB --help | grep -q '^  plot'; then
	check "plot --kind box,phases" 0 $RB plot --db "$DB" -o "$TMP/plots" --kind box,phases rb-kill-1 rb-mrelease
	is "$(png_size "$TMP/plots/box-exit_mmap_us.png")" 800x500 "plot: box-exit_mmap_us.png 800x500"
fi
if $RB --help | grep -q '^  trend'; then
	$RB trend --db "$DB" --metric exit_mmap_us --scenario anon-64M-kill --labels 'rb-kill-*' \
		-o "$TMP/trend" >"$TMP/trend.txt" 2>"$TMP/err"
	ok $? "trend over the two kill sets"
	is "$(grep -c '^[0-9]' "$TMP/trend.txt")" 2 "trend: one row per run set"
	is "$(png_size "$TMP/trend/trend-anon-64M-kill-exit_mmap_us.png")" 800x500 "trend plot 800x500"
fi
is "$(leftovers)" "" "nothing left behind"
done_testing
