#!/bin/sh
# make crosscheck in a small size: it runs and prints every figure; timings are not asserted.
cd "$(dirname "$0")/../.."
if [ "$(id -u)" != 0 ] || ! command -v hyperfine >/dev/null || [ ! -x bench/selfbench/reapbench-selfbench ]; then
	echo "1..0 # SKIP needs root, hyperfine and bench/selfbench/reapbench-selfbench"
	exit 0
fi
echo "1..3"
out=$(timeout 300 scripts/crosscheck.sh 8M 3 2>/dev/null)
rc=$?
[ $rc = 0 ] && echo "ok 1 - crosscheck.sh 8M 3 exits 0" || echo "not ok 1 - crosscheck.sh exit $rc"
n=$(printf '%s\n' "$out" | grep -cE '^[a-z_]+_(us|pct) +-?[0-9]+\.[0-9]')
[ "$n" = 7 ] && echo "ok 2 - seven figures printed" || echo "not ok 2 - $n figures printed"
printf '%s\n' "$out" | grep -q '^# crosscheck: anon 8M victim' && echo "ok 3 - header names size and method" ||
	echo "not ok 3 - no header"
