#!/bin/sh
# Every shape, trigger and contender, small, on the live kernel: each stores
# its metrics or is skipped with a reason (exit 4); the stall trigger makes
# the kernel's oom_reaper reap the victim. Structure and invariants only,
# never timings; nothing left behind.
. "$(dirname "$0")/../tap.sh"
need_root
DB=$TMP/w.db

# run_piece NAME ARGS...: one small run set; its run stored, or skipped (exit 4)
# with the reason printed
run_piece() {
	name=$1; shift
	before=$(sql "SELECT COUNT(*) FROM runs" 2>/dev/null || echo 0)
	rc=0
	$RB run "$@" --runs 1 --db "$DB" --quiet --no-summary >"$OUT" 2>&1 || rc=$?
	if [ $rc -eq 4 ]; then
		skip 1 "$name: $(sed -n 's/.*skipped: //p' "$OUT" | head -1)"
	elif [ $rc -eq 0 ]; then
		is "$(sql "SELECT COUNT(*) FROM runs")" $((before + 1)) "$name: run stored"
	else
		ok 1 "$name: exit $rc"
		sed 's/^/# /' "$OUT"
	fi
	return $rc
}
# metric RUN-CONDITION NAME: value or text of a metric of the last matching run
metric() {
	sql "SELECT COALESCE(m.text, m.value, 'absent') FROM runs r JOIN metrics m
	     ON m.run_id=r.id WHERE $1 AND m.name='$2' ORDER BY r.id DESC LIMIT 1"
}
no_stall_mounts() { # stall mounts of dead reapbench processes, and any still mounted
	for d in /tmp/reapbench-*-stall-*; do
		[ -e "$d" ] || continue
		pid=$(basename "$d" | cut -d- -f2)
		[ -d "/proc/$pid" ] || echo "$d"
	done
	grep ' /tmp/reapbench-[0-9]*-stall-' /proc/self/mounts | while read -r _ m _; do
		pid=$(basename "$m" | cut -d- -f2)
		[ -d "/proc/$pid" ] || echo "$m"
	done
}

# -- shapes, killed
for s in "anon" "mlock -p mode=maplocked" "mlock -p mode=mlockall" "vmas -p count=2000" \
	 "thp" "shmem" "file" "file -p touch=write" "threads -p threads=3" \
	 "numa -p mode=bind" "numa -p mode=interleave" "numa -p mode=remote"; do
	shape=${s%% *}
	size="--size 32M"
	[ "$shape" = vmas ] && size=""	# vmas has count and pages, no size
	# shellcheck disable=SC2086
	if run_piece "shape $s" --shape $s $size --trigger kill; then
		is "$(metric "r.shape='$shape' AND r.valid=1" exit_mmap_in)" victim \
			"shape $s: exit_mmap found in the victim"
	fi
done
if [ "$(metric "r.shape='thp'" exit_mmap_us)" != "" ]; then
	like "$(metric "r.shape='thp'" thp_huge_bytes)" '^[0-9]+(\.[0-9]*)?$' "thp: thp_huge_bytes stored"
fi
vma_n=$(metric "r.shape='vmas'" vma_n | cut -d. -f1)
is "$([ "${vma_n:-0}" -ge 2000 ] && echo yes)" yes "vmas: vma_n stored, at least count=2000 (no merging: $vma_n)"
is "$(sql "SELECT COUNT(*) FROM runs r WHERE r.shape='threads' AND r.valid=1 AND
	(SELECT text FROM metrics WHERE run_id=r.id AND name='exit_mmap_in')='victim'")" 1 \
	"threads: exit_mmap attributed to one of the reported threads"
check "vmas above vm.max_map_count is refused (exit 1)" 1 \
	$RB run --shape vmas -p count=100000000 --runs 1 --db "$DB" --quiet --no-summary
like "$(cat "$OUT")" "max_map_count" "the refusal names vm.max_map_count"

# -- triggers
for t in kill kill+mrelease memcg-oom; do
	run_piece "trigger $t" --size 32M --trigger "$t" &&
	is "$(metric "r.trigger='$t'" exit_mmap_us | grep -c '^[0-9]')" 1 "$t: exit_mmap_us stored"
done
if run_piece "trigger stall 3s" --size 64M --trigger stall -p stall=3s; then
	is "$(metric "r.trigger='stall'" reaper_outcome)" reaped "stall 3s: oom_reaper reaped the victim"
	is "$(metric "r.trigger='stall'" memcg_oom_kill_n | cut -d. -f1)" 1 "stall 3s: one OOM kill in the suite's memcg"
	is "$(metric "r.trigger='stall'" exit_mmap_in)" victim \
		"stall 3s: exit_mmap in the reader thread, reported as a victim tid"
	is "$(metric "r.trigger='stall'" reaper_start_us | grep -c '^[0-9]')" 1 \
		"stall 3s: reaper start time stored"
	# the reaper waits OOM_REAPER_DELAY (2 s, since 5.18) after the kill
	if [ "$(uname -r | awk -F. '{ print ($1 > 5 || ($1 == 5 && $2 >= 18)) }')" = 1 ]; then
		run_piece "trigger stall 1.5s" --size 64M --trigger stall -p stall=1.5s &&
		is "$(metric "r.trigger='stall' AND r.params_json LIKE '%1.5s%'" reaper_outcome)" \
			not_needed "stall 1.5s: the victim exits before the reaper's delay"
	fi
fi
is "$(no_stall_mounts)" "" "no FUSE stall mount or directory left behind"

# -- contenders
for c in maps-reader madvise churn; do
	run_piece "contender $c" --size 32M --trigger kill --contender "$c" &&
	is "$(metric "r.contenders='$c'" lock_acquire_n.contender | grep -c '^[0-9]')" 1 \
		"$c: contender lock acquisitions counted"
done
is "$(grep -l 'reapbench-m' /proc/[0-9]*/comm 2>/dev/null | wc -l)" 0 "contender processes stopped"

is "$(sql "SELECT COUNT(*) FROM runs WHERE valid=0")" 0 "every stored run is valid"
is "$(sql "SELECT COUNT(*) FROM metrics WHERE value IS NULL AND text IS NULL
	AND absent_reason IS NULL")" 0 "every metric has a value, a text or an absent reason"
is "$(leftovers)" "" "no tracefs instance or cgroup left behind"

# A 20 s stall run in the background; pid set once its FUSE mount is up.
start_long_stall() {
	$RB run --size 32M --trigger stall -p stall=20s --runs 1 --db "$DB" --quiet \
		--no-summary >/dev/null 2>&1 &
	pid=$!
	for i in $(seq 1 400); do	# up to 20 s: slow under ASan or load
		grep -q " /tmp/reapbench-$pid-stall-" /proc/self/mounts && break
		sleep 0.05
	done
}

# -- SIGINT while the victim is held: the FUSE mount goes too
start_long_stall
sleep 0.5
kill -INT $pid
rc=0
wait $pid || rc=$?
is "$rc" 1 "stall interrupted: exit 1"
is "$(ls -d /tmp/reapbench-$pid-stall-* 2>/dev/null; grep " /tmp/reapbench-$pid-" /proc/self/mounts)" \
	"" "stall interrupted: FUSE mount and directory removed"
is "$(leftovers)" "" "stall interrupted: no cgroup or instance left behind"

# -- a SIGKILLed reapbench leaves its stall mount: the next stall run sweeps it
start_long_stall
kill -KILL $pid; wait $pid 2>/dev/null
sleep 0.2
like "$(no_stall_mounts)" "/tmp/reapbench-$pid-stall-" "a SIGKILLed stall run leaves its mount (precondition)"
run_piece "stall after a SIGKILLed one" --size 32M --trigger stall -p stall=1s
is "$(no_stall_mounts)" "" "its mount and directory swept by the next stall run"
is "$(leftovers)" "" "its cgroup and instance swept too"

# (list and scenario-file errors need no root: tests/offline/cli.t)
done_testing
