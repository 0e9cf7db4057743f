#!/bin/sh
# reapbench run --no-trace: user-space metrics stored, tracepoint metrics absent
# "tracing off", the run stays valid; victim_life_us is stored (harness overhead).
. "$(dirname "$0")/../tap.sh"
need_root
DB=$TMP/n.db

check "run --no-trace" 0 timeout 120 $RB run --size 16M --trigger kill --runs 2 --no-trace \
	--db "$DB" --no-summary -q
is "$(sql "SELECT count(*) FROM runs WHERE valid=1")" 2 "both runs valid"
is "$(sql "SELECT count(*) FROM metrics WHERE name='kill_to_reaped_us' AND value > 0")" 2 \
	"kill_to_reaped_us measured without tracing"
is "$(sql "SELECT count(*) FROM metrics WHERE name IN ('exit_mmap_us','lost_events','trace_events_n')
	AND absent_reason='tracing off'")" 6 "tracepoint metrics absent: tracing off"
is "$(sql "SELECT count(*) FROM metrics m JOIN metrics k ON k.run_id=m.run_id
	AND k.name='kill_to_reaped_us' WHERE m.name='victim_life_us' AND m.value > k.value")" 2 \
	"victim_life_us stored and longer than kill_to_reaped_us"
done_testing
