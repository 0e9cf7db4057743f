#!/bin/sh
# The race pieces in a QEMU guest on the suite's own 6.12 (cgroup v2, where
# memory.oom.group exists; no madvise(2) in its tinyconfig): memcg-oom-multi
# with oom_group=on kills both tasks and gives no relief, reaper-fail makes
# the reaper give up after its failed trylocks, pgtables page=4k builds its
# page tables without madvise. Structure only, never timings. Needs the 6.12
# spec built (reapbench kernel build 6.12: ~10 min cold, so not done here).
# The hold (6 s) outlasts the reaper's 2 s delay and ten tries 100 ms apart
# with room for a slow guest.
. "$(dirname "$0")/../tap.sh"
. "$(dirname "$0")/lib.sh"
need_vm_reapbench
$RB kernel list 2>/dev/null | grep -Eq '^  6\.12 +debian-source +built ' ||
	skip_all "6.12 not built (reapbench kernel build 6.12)"
DB=$TMP/host.db
cat >"$TMP/race.ini" <<'INI'
[multi-group]
shape = anon
size = 32M
trigger = memcg-oom-multi
oom_group = on
runs = 1

[reaper-fail]
shape = anon
size = 32M
trigger = reaper-fail
stall = 6s
runs = 1

[pgtables-4k]
shape = pgtables
span = 1G
page = 4k
trigger = kill
runs = 1
INI
check "kernel run 6.12 with the race pieces" 0 $RB kernel run --no-build --db "$DB" \
	--out "$TMP/run" --timeout 300 6.12 --scenario "$TMP/race.ini" --no-summary -q
# metric SCENARIO NAME: value, text or 'absent: why'
metric() {
	sql "SELECT COALESCE(m.text, m.value, 'absent: ' || m.absent_reason) FROM runs r
	     JOIN metrics m ON m.run_id = r.id WHERE r.scenario = '$1' AND m.name = '$2'"
}
n=$(metric multi-group memcg_oom_kill_n | cut -d. -f1)
ok $([ "${n:-0}" -ge 2 ]; echo $?) "oom_group=on: victim and allocator killed ($n kills counted)"
like "$(metric multi-group relief_us)" '^absent: ' "oom_group=on: the allocator got no relief"
is "$(metric multi-group extra_oom_kill_n | cut -d. -f1)" 1 \
	"oom_group=on: extra_oom_kill_n 1 (the allocator), whatever the count says"
is "$(metric reaper-fail reaper_outcome)" unable_to_reap "reaper-fail: the reaper gave up"
tf=$(metric reaper-fail trylock_fail_n.reaper | cut -d. -f1)
ok $([ "${tf:-0}" -ge 5 ]; echo $?) "reaper-fail: its trylocks failed ($tf)"
like "$(cat "$TMP"/run/results/guest-dmesg.txt 2>/dev/null)" 'oom_reaper: unable to reap pid' \
	"the guest kernel logged the give-up"
pt=$(metric pgtables-4k pgtable_bytes | cut -d. -f1)
ok $([ "${pt:-0}" -ge $((256 * 4096)) ]; echo $?) "pgtables 4k without madvise: a PTE page per 2M ($pt)"
done_testing
