#!/bin/sh
# make crosscheck in a small size: it runs and prints every figure; timings are not asserted.
. "$(dirname "$0")/../tap.sh"
need_root
need_cmd hyperfine hyperfine
[ -x bench/selfbench/reapbench-selfbench ] || skip_all "no bench/selfbench/reapbench-selfbench (make)"

check "crosscheck.sh 8M 3" 0 timeout 300 scripts/crosscheck.sh 8M 3
X=$(cat "$OUT")
is "$(printf '%s\n' "$X" | grep -cE '^[a-z_]+_(us|pct) +-?[0-9]+\.[0-9]')" 7 "seven figures printed"
like "$X" '^# crosscheck: anon 8M victim' "header names size and method"
done_testing
