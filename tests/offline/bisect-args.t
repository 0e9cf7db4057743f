#!/bin/sh
# reapbench bisect refuses, with one line and exit 1 before any tree is read,
# a metric without a numeric boot-level verdict (a tool-health, descriptor or
# text metric, or one the metric table does not know): every step would be
# skipped. Its help states the decision rule and the default --max-boots.
. "$(dirname "$0")/../tap.sh"
[ -x "$RB" ] || skip_all "no ./reapbench (make)"
export REAPBENCH_CACHE="$TMP/cache"

for m in trace_events_n reaper_outcome no_such_metric; do
	check "bisect --metric $m: exit 1" 1 $RB bisect --tree "$TMP/gone" --good a --bad b --metric $m
	like "$(cat "$OUT")" "bisect: --metric $m: not a numeric primary or secondary metric" "names $m"
	is "$(wc -l < "$OUT")" 1 "one line for $m"
done
check "a secondary metric passes on to the tree check" 1 $RB bisect --tree "$TMP/gone" --good a --bad b --metric exit_teardown_us
like "$(cat "$OUT")" "tree $TMP/gone: no such directory" "the missing tree is what stops it"
is "$([ -e "$TMP/cache" ] && echo made || echo none)" "none" "nothing made in the cache"

check "bisect --help" 0 $RB bisect --help
like "$(cat "$OUT")" "compare's class regressed and a Hodges-Lehmann shift" "help: the regressed rule"
like "$(cat "$OUT")" "A/A margin is stored, else the HL interval resampled" "help: the equivalence rule"
like "$(cat "$OUT")" "default 2 x --boots, at least 5" "help: the default --max-boots"
done_testing
