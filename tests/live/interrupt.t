#!/bin/sh
# SIGINT in the middle of a run set: finished runs stay stored, nothing is left
# behind (victims, cgroups, tracefs instance), the run set says interrupted.
. "$(dirname "$0")/../tap.sh"
need_root
DB=$TMP/int.db

$RB run --size 64M --trigger kill --runs 20 --db "$DB" --quiet --no-summary \
	>/dev/null 2>"$TMP/err" &
pid=$!
n=0
for i in $(seq 1 300); do
	n=$(sqlite3 "$DB" "SELECT COUNT(*) FROM runs" 2>/dev/null || echo 0)
	[ "${n:-0}" -ge 3 ] && break
	sleep 0.05
done
kill -INT $pid
rc=0
wait $pid || rc=$?
is "$rc" 1 "interrupted run exits 1"
got=$(sql "SELECT COUNT(*) FROM runs")
like "$got" '^([3-9]|1[0-9])$' "finished runs kept ($got of 20)"
is "$(sql "SELECT status FROM runsets")" interrupted "run set marked interrupted"
is "$(leftovers $pid)" "" "no tracefs instance or cgroup left behind"
is "$(grep -l "reapbench-$pid-" /proc/[0-9]*/cgroup 2>/dev/null)" "" "no victim left running"
like "$(cat "$TMP/err")" "interrupted: .* finished runs kept" "says what was kept"

# A killed reapbench leaves its instance and cgroup: the next run sweeps them.
$RB run --size 64M --trigger kill --runs 50 --db "$DB" --quiet --no-summary >/dev/null 2>&1 &
pid=$!
# kill it once its instance exists (a loaded machine may take a while to get there)
for i in $(seq 1 400); do
	ls -d /sys/kernel/tracing/instances/reapbench-$pid* >/dev/null 2>&1 && break
	sleep 0.05
done
sleep 0.3
kill -KILL $pid; wait $pid 2>/dev/null
sleep 0.2
like "$(leftovers $pid)" "reapbench-$pid" "a SIGKILLed run leaves its instance behind (precondition)"
check "the next run" 0 $RB run --size 16M --runs 1 --db "$DB" --quiet --no-summary
is "$(leftovers $pid)" "" "leftovers of a SIGKILLed run swept at the next start"
like "$(cat "$OUT")" "removed leftover tracefs instance" "the sweep says what it removed"
done_testing
