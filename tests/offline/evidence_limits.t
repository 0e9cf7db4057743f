#!/bin/sh
# Every evidence.txt keeps to its limits (scripts/evidence-check.sh, doc in
# doc/EVIDENCE.md): the committed samples under results/samples/ and the
# reports the unit tests write from fixture stores (one scenario with a
# calibration; three scenarios). The checker itself is checked on files
# made to break each limit.
. "$(dirname "$0")/../tap.sh"
chk=scripts/evidence-check.sh
pending=tests/offline/evidence-pending.txt

# the checker finds each kind of breach, and passes a clean file
seq 1 60 | sed 's/^/line /' > "$TMP/ok.txt"
check "60 short lines pass" 0 $chk "$TMP/ok.txt"
seq 1 61 > "$TMP/long.txt"
check "61 lines fail" 1 $chk "$TMP/long.txt"
like "$(cat "$OUT")" 'long.txt: 61 lines \(limit 60 for 1 scenario\)' "says the count and the limit"
{ echo "Scenarios (primary rows)"; for i in 1 2 3; do echo "  s$i"; done; echo; seq 1 60; } > "$TMP/multi.txt"
check "a three-scenario report may take 64 + 3 lines" 0 $chk "$TMP/multi.txt"
printf '%073d\n' 0 > "$TMP/wide.txt"
check "73 columns fail" 1 $chk "$TMP/wide.txt"
like "$(cat "$OUT")" 'wide.txt:1: 73 columns' "names the line"
echo '  $ reapbench compare --db /tmp/ab.db 1 2' > "$TMP/path.txt"
check "a /tmp path fails" 1 $chk "$TMP/path.txt"
like "$(cat "$OUT")" 'absolute path' "says why"
echo 'cache: /var/cache/reapbench/x' > "$TMP/path2.txt"
check "a /var path fails" 1 $chk "$TMP/path2.txt"
echo 'Config: 2 options differ: CONFIG_HZ_250, CONFIG_HZ' > "$TMP/names.txt"
check "option names are allowed" 0 $chk "$TMP/names.txt"
printf 'CONFIG_HZ=250\n# CONFIG_NET is not set\n' > "$TMP/dump.txt"
check "a config dump fails" 1 $chk "$TMP/dump.txt"
like "$(cat "$OUT")" 'dump.txt:2: config dump' "both config lines found"
echo '  trace_events_n 46 -> 865' > "$TMP/tool.txt"
check "a tool counter fails" 1 $chk "$TMP/tool.txt"

# committed samples: within the limits, or listed as waiting for regeneration
for f in results/samples/*/evidence.txt; do
	name=$(basename "$(dirname "$f")")
	if grep -qx "$name" "$pending"; then
		check "$name: pending regeneration and still over its limits" 1 $chk "$f"
	else
		check "$name/evidence.txt within its limits" 0 $chk "$f"
		head=$(head -1 "$f")
		like "$head" '^(B (regresses|improves|changes)|No metric moved)' "$name: starts with its verdict"
	fi
done

# reports written from fixture stores by the unit tests
if [ -x tests/offline/test_evidence ] && [ -x tests/offline/test_compare_report ]; then
	env REAPBENCH_TEST_EVIDENCE_DIR="$TMP/calib" tests/offline/test_evidence >/dev/null 2>&1
	check "calibration fixture report within its limits" 0 $chk "$TMP/calib/evidence.txt"
	like "$(head -1 "$TMP/calib/evidence.txt")" '^B regresses exit_mmap_us by \+1\.00 ms' "it starts with its verdict"
	env REAPBENCH_TEST_REPORT_DIR="$TMP/multi" tests/offline/test_compare_report >/dev/null 2>&1
	check "three-scenario fixture report within its limits" 0 $chk "$TMP/multi/evidence.txt"
	like "$(grep -c '' "$TMP/multi/evidence.txt")" '^[1-9][0-9]$' "it has lines"
else
	skip 4 "unit tests not built (make unit)"
fi
done_testing
