#!/bin/sh
# The tracing window of OOM kills: tracing stays on until the oom_reaper's
# outcome is settled, and a plain memcg OOM (the victim exits long before the
# reaper's 2 s timer) is not held up waiting for it.
. "$(dirname "$0")/../tap.sh"
need_root
DB=$TMP/r.db
EV=$TMP/ev
mkdir -p "$EV"

# outcome LABEL: the reaper_outcome of each run of a run set, one a line
outcome() {
	sql "SELECT COALESCE(m.text, 'absent: ' || m.absent_reason) FROM runs r
	     JOIN runsets s ON s.id=r.runset_id JOIN metrics m ON m.run_id=r.id
	     WHERE s.label='$1' AND m.name='reaper_outcome' ORDER BY r.seq"
}

check "memcg-oom: 3 runs stored" 0 $RB -v run --size 32M --trigger memcg-oom --runs 3 \
	--db "$DB" --label oom --quiet --no-summary --save-events "$EV"
is "$(outcome oom | sort -u)" not_needed "memcg-oom: the reaper was not needed"
follow=$(sed -n 's/.*reaper followed for \([0-9.]*\) ms.*/\1/p' "$OUT")
is "$(printf '%s\n' "$follow" | grep -c .)" 3 "memcg-oom: each run says how long it followed the reaper"
# no wake_reaper once exit_mmap is done: settled at the first look, no 10 ms poll
is "$(printf '%s\n' "$follow" | awk '$1 >= 10' | wc -l)" 0 \
	"memcg-oom: not_needed decided without waiting (followed: $(echo $follow))"

rm -f "$EV"/*
$RB run --size 32M --trigger stall -p stall=2100ms --runs 1 --db "$DB" --label stall \
	--quiet --no-summary --save-events "$EV" >"$TMP/out" 2>&1
rc=$?
if [ $rc -eq 4 ]; then
	skip 3 "$(sed -n 's/.*skipped: //p' "$TMP/out" | head -1)"
else
	is "$rc" 0 "stall 2.1s: run stored"
	like "$(outcome stall)" '^(reaped|reaped_after_retries|found_oom_skip|unable_to_reap)$' \
		"stall 2.1s: the reaper's outcome is settled, not cut off"
	f=$(ls "$EV"/*.events)
	victim=$(sed -n 's/^# ctx victim_pid=//p' "$f")
	like "$(grep -E "(finish|skip)_task_reaping pid=$victim\$" "$f" | tail -1)" \
		'(finish|skip)_task_reaping' "stall 2.1s: the saved events end the reaper's work"
fi
is "$(leftovers)" "" "nothing left behind"
done_testing
