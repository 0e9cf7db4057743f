#!/bin/sh
# run --no-trace unregisters the instance's probes (enable 0), so untraced runs
# pay nothing for the suite's tracepoints; a traced run has them registered.
# Read from the instance while the run set is going.
. "$(dirname "$0")/../tap.sh"
need_root
[ -d /sys/kernel/tracing/events/mmap_lock ] || skip_all "kernel without mmap_lock tracepoints"

# enable file of mmap_lock_start_locking in the instance of the reapbench PID, polled
# until the instance exists and has the event; "gone" if the run ended first
enable_during() {
	ev=/sys/kernel/tracing/instances/reapbench-$1/events/mmap_lock/mmap_lock_start_locking/enable
	i=0
	while [ $i -lt 600 ] && kill -0 "$1" 2>/dev/null; do
		# the events are set once the run set has begun (its first line)
		if [ -r "$ev" ] && [ -s "$TMP/log" ]; then cat "$ev"; return; fi
		sleep 0.05; i=$((i + 1))
	done
	echo gone
}

for mode in no-trace traced; do
	flag=; [ $mode = no-trace ] && flag=--no-trace
	$RB run --size 64M --trigger kill --runs 20 $flag --db "$TMP/$mode.db" --no-summary \
		>"$TMP/log" 2>&1 &
	pid=$!
	got=$(enable_during $pid)
	wait $pid; rc=$?
	ok $rc "run $mode exits 0"
	want=1; [ $mode = no-trace ] && want=0
	is "$got" "$want" "run $mode: the instance's mmap_lock_start_locking enable reads $want"
done
is "$(leftovers)" "" "no instance or cgroup left behind"
done_testing
