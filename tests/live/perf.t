#!/bin/sh
# reapbench run --perf-stat --perf-lock on the live kernel: counters perf
# reports as counted are stored as numbers, the others absent with perf's
# reason (never 0); the mmap_lock summary is stored; nothing is left behind.
cd "$(dirname "$0")/../.."
if [ "$(id -u)" != 0 ] || ! perf version >/dev/null 2>&1; then
	echo "1..0 # SKIP needs root and perf (linux-perf)"
	exit 0
fi
echo "1..7"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db=$tmp/p.db
timeout 300 ./reapbench run --size 16M --trigger kill+mrelease --runs 2 --perf-stat --perf-lock \
	--db "$db" --no-summary -q >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 0 ] && echo "ok 1 - run --perf-stat --perf-lock exits 0" || { echo "not ok 1 - exit $rc"; sed 's/^/# /' "$tmp/err"; }
q() { sqlite3 "$db" "$1"; }
n=$(q "SELECT count(*) FROM metrics WHERE name='perf.task-clock_us' AND value > 0")
[ "$n" = 2 ] && echo "ok 2 - perf.task-clock_us counted in both runs" || echo "not ok 2 - $n runs with task-clock"
# what perf itself says about cycles here decides what must be stored
if perf stat -x, -e cycles true 2>&1 | grep -q '<not supported>'; then
	n=$(q "SELECT count(*) FROM metrics WHERE name='perf.cycles' AND value IS NULL AND absent_reason LIKE 'perf stat: <not supported>%'")
	[ "$n" = 2 ] && echo "ok 3 - unsupported cycles stored absent with perf's reason" || echo "not ok 3 - cycles: $n absent rows"
else
	n=$(q "SELECT count(*) FROM metrics WHERE name='perf.cycles' AND value IS NOT NULL")
	[ "$n" = 2 ] && echo "ok 3 - cycles counted here and stored" || echo "not ok 3 - cycles: $n rows"
fi
n=$(q "SELECT count(*) FROM metrics WHERE name LIKE 'perf.%' AND value IS NULL AND absent_reason NOT LIKE 'perf stat: <%'")
[ "$n" = 0 ] && echo "ok 4 - every absent perf counter carries perf's own reason" || echo "not ok 4 - $n other absences"
n=$(q "SELECT count(*) FROM metrics WHERE name='perf_lock.mmap_contended_n' AND value IS NOT NULL")
[ "$n" = 2 ] && echo "ok 5 - perf_lock.mmap_contended_n stored" || echo "not ok 5 - $n runs with the lock summary"
left=$(ls /tmp | grep -c "^reapbench-[0-9]*-\(stat\|lock\)-" || true)
[ "$left" = 0 ] && echo "ok 6 - no perf output file left in /tmp" || echo "not ok 6 - $left files left"
left=$(find /sys/fs/cgroup -maxdepth 2 -name 'reapbench-*-perf' 2>/dev/null | wc -l)
[ "$left" = 0 ] && echo "ok 7 - no perf cgroup left" || echo "not ok 7 - $left cgroups left"
