#!/bin/sh
# reapbench run --perf-stat --perf-lock on the live kernel: counters perf
# reports as counted are stored as numbers, the others absent with perf's
# reason (never 0); the mmap_lock summary is stored; nothing is left behind.
. "$(dirname "$0")/../tap.sh"
need_root
perf version >/dev/null 2>&1 || skip_all "no perf (apt-get install linux-perf)"
DB=$TMP/p.db

check "run --perf-stat --perf-lock" 0 timeout 300 $RB run --size 16M --trigger kill+mrelease \
	--runs 2 --perf-stat --perf-lock --db "$DB" --no-summary -q
is "$(sql "SELECT count(*) FROM runs WHERE valid=1")" 2 "two valid runs stored"
is "$(sql "SELECT count(*) FROM metrics WHERE name='perf.task-clock_us' AND value > 0")" 2 \
	"perf.task-clock_us counted in both runs"
# what perf itself says about cycles here decides what must be stored
if perf stat -x, -e cycles true 2>&1 | grep -q '<not supported>'; then
	is "$(sql "SELECT count(*) FROM metrics WHERE name='perf.cycles' AND value IS NULL
		AND absent_reason LIKE 'perf stat: <not supported>%'")" 2 \
		"unsupported cycles stored absent with perf's reason"
else
	is "$(sql "SELECT count(*) FROM metrics WHERE name='perf.cycles' AND value IS NOT NULL")" 2 \
		"cycles counted here and stored"
fi
is "$(sql "SELECT count(*) FROM metrics WHERE name LIKE 'perf.%' AND value IS NULL
	AND absent_reason NOT LIKE 'perf stat: <%'")" 0 "every absent perf counter carries perf's own reason"
is "$(sql "SELECT count(*) FROM metrics WHERE name='perf_lock.mmap_contended_n' AND value IS NOT NULL")" 2 \
	"perf_lock.mmap_contended_n stored"
is "$(ls /tmp | grep -c "^reapbench-[0-9]*-\(stat\|lock\)-")" 0 "no perf output file left in /tmp"
is "$(find /sys/fs/cgroup -maxdepth 2 -name 'reapbench-*-perf' 2>/dev/null | wc -l)" 0 "no perf cgroup left"
done_testing
