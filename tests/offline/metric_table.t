#!/bin/sh
# The metric table (bench/metrics/metric_table.c): its cmocka tests, the
# generated blocks of README.md and doc/reapbench.1 equal to what
# 'reapbench list --metrics' prints now (regenerate: scripts/metric-docs.sh),
# and an entry for every metric name the code stores.
. "$(dirname "$0")/../tap.sh"

check "cmocka: fixtures covered, lookup, entries, --no-trace marker, printed forms" 0 \
	env CMOCKA_MESSAGE_OUTPUT=TAP tests/offline/test_metric_table
like "$(cat "$OUT")" '^ok [0-9]+ - ' "cmocka: its tests ran"
unlike "$(cat "$OUT")" '^not ok' "cmocka: none failed"

check "list --metrics prints the table" 0 $RB list --metrics
like "$(cat "$OUT")" '^  victim_life_us +us +none +tool_health +user ' "victim_life_us: no direction, tool health"
like "$(cat "$OUT")" '^  exit_mmap_us +us +lower +primary +trace ' "exit_mmap_us: lower is better, primary"

for f in README.md doc/reapbench.1; do
	check "$f: its metric block regenerates" 0 scripts/metric-docs.sh --stdout "$f"
	cp "$OUT" "$TMP/regen"
	check "$f: equal to reapbench list --metrics (else run scripts/metric-docs.sh)" 0 \
		diff -u "$f" "$TMP/regen"
done
like "$(sed -n '/metric-table: generated/,/end metric-table/p' README.md)" \
	'^\| `lock_wait_us.<role>.sum` \| us \| lower \| secondary \| trace \|' "README.md carries the table"

# every name the recorded runs give (replay prints one 'name value' line each)
names=$($RB replay tests/fixtures/*/*.events | awk '!/^#/ { print $1 }' | sort -u)
like "$names" '^lock_wait_us\.mrelease\.max$' "replay gave the per-role names"
check "every metric of the recorded fixtures has an entry" 0 $RB list --metrics $names

# every literal name the code stores (metrics_set*, the shapes' facts), the
# per-role ones with each role
lits=$(grep -rhoE '(metrics_set(_text|_absent)?\([a-z>-]+, |PUT\(|SINCE_MARK\(|sizeof\(facts\[0\]\.name\), )"[a-z_.%-]+"' \
	bench workloads | grep -oE '"[^"]+"$' | tr -d '"' | sort -u)
like "$lits" '^thp_huge_bytes$' "the source scan finds the shapes' facts"
like "$lits" '^perf_lock\.rows_n$' "the source scan finds perf lock's metrics"
expanded=$(for n in $lits; do
	case $n in *%s*) for r in victim reaper mrelease contender; do printf '%s\n' "$n" | sed "s/%s/$r/"; done ;;
	*) echo "$n" ;; esac; done)
check "every metric name in the code has an entry" 0 $RB list --metrics $expanded

check "a name outside the table is an error naming it" 1 $RB list --metrics exit_mmap_us no_such_metric
like "$(cat "$OUT")" "'no_such_metric' is no metric of the table" "the error names the metric"
check "an unknown format is an error" 1 $RB list --metrics --format html
like "$(cat "$OUT")" "--format 'html'" "the error names the flag"
done_testing
