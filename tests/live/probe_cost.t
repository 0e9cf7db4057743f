#!/bin/sh
# The per-event cost microbenchmark of make bench-self, tiny: it counts the events
# it causes from the trace and leaves nothing behind. Costs are not asserted
# (a benchmark; make bench-self measures them), only their form.
. "$(dirname "$0")/../tap.sh"
need_root
B=bench/selfbench/reapbench-selfbench
[ -x "$B" ] || skip_all "no $B (make)"
[ -d /sys/kernel/tracing/events/mmap_lock ] || skip_all "kernel without mmap_lock tracepoints"
before=$(tracing_state)

check "--only-cost runs" 0 timeout 120 "$B" --only-cost --cost-reps 3 --cost-iters 50
X=$(cat "$OUT")
# mprotect takes the mmap_lock for writing: start_locking, acquire_returned, released, twice
like "$X" '^probe_cost_lock_events_per_iter +6\.00 ' "6 mmap_lock events per mprotect pair, counted in the trace"
like "$X" '^probe_cost_other_events_per_iter +1\.00 ' "1 signal_generate per kill(self, SIGURG)"
like "$X" '^probe_cost_lost +0 ' "no ring-buffer losses"
for wl in lock other; do
	for st in armed recorded filtered; do
		like "$X" "^probe_cost_${wl}_${st}_ns +-?[0-9]+\.[0-9] +# per event, 95% CI -?[0-9.]+ \.\. -?[0-9.]+" \
			"$wl $st: a cost with its interval"
	done
done
like "$X" '^# \(e\) loadavg at its start: [0-9.]+ [0-9.]+ [0-9.]+, at its end' "the load is printed"
is "$(leftovers)" "" "no instance or cgroup left behind"
is "$(tracing_state)" "$before" "top-level tracing state untouched"

check "--cost-reps 2 refused" 1 "$B" --only-cost --cost-reps 2
like "$(cat "$OUT")" '^reapbench.*--cost-reps: expected 3\.\.100000' "one line naming the flag"
done_testing
