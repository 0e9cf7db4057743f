#!/bin/sh
# reapbench run --no-trace: user-space metrics stored, tracepoint metrics absent
# "tracing off", the run stays valid; victim_life_us is stored (harness overhead).
cd "$(dirname "$0")/../.."
if [ "$(id -u)" != 0 ]; then
	echo "1..0 # SKIP needs root"
	exit 0
fi
echo "1..5"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db=$tmp/n.db
timeout 120 ./reapbench run --size 16M --trigger kill --runs 2 --no-trace --db "$db" --no-summary -q >/dev/null 2>&1
rc=$?
[ $rc = 0 ] && echo "ok 1 - run --no-trace exits 0" || echo "not ok 1 - exit $rc"
q() { sqlite3 "$db" "$1"; }
n=$(q "SELECT count(*) FROM runs WHERE valid=1")
[ "$n" = 2 ] && echo "ok 2 - both runs valid" || echo "not ok 2 - $n valid runs"
n=$(q "SELECT count(*) FROM metrics WHERE name='kill_to_reaped_us' AND value > 0")
[ "$n" = 2 ] && echo "ok 3 - kill_to_reaped_us measured without tracing" || echo "not ok 3 - $n"
n=$(q "SELECT count(*) FROM metrics WHERE name IN ('exit_mmap_us','lost_events','trace_events_n') AND absent_reason='tracing off'")
[ "$n" = 6 ] && echo "ok 4 - tracepoint metrics absent: tracing off" || echo "not ok 4 - $n of 6"
n=$(q "SELECT count(*) FROM metrics m JOIN metrics k ON k.run_id=m.run_id AND k.name='kill_to_reaped_us' WHERE m.name='victim_life_us' AND m.value > k.value")
[ "$n" = 2 ] && echo "ok 5 - victim_life_us stored and longer than kill_to_reaped_us" || echo "not ok 5 - $n"
