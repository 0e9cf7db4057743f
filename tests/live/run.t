#!/bin/sh
# Live runs on this kernel: a few small victims per trigger; structure and
# invariants of what is stored, never timings; nothing left behind.
. "$(dirname "$0")/../tap.sh"
need_root
DB=$TMP/live.db
TRIGGERS="kill kill+mrelease memcg-oom"

before=$(tracing_state)
for t in $TRIGGERS; do
	check "run --trigger $t stores its runs" 0 \
		$RB run --size 32M --trigger "$t" --runs 2 --db "$DB" --quiet --no-summary
done
is "$(leftovers)" "" "no tracefs instance or cgroup left behind"
is "$(tracing_state)" "$before" "top-level tracing state and tracefs mount untouched"

for t in $TRIGGERS; do
	is "$(sql "SELECT COUNT(*) FROM runs WHERE trigger='$t' AND valid=1")" 2 "$t: 2 valid runs"
	is "$(sql "SELECT COUNT(*) FROM runs r JOIN metrics m ON m.run_id=r.id
		WHERE r.trigger='$t' AND m.name='exit_mmap_us' AND m.value > 0")" 2 \
		"$t: exit_mmap_us present and > 0"
done
is "$(sql "SELECT COUNT(*) FROM runs r WHERE
	(SELECT value FROM metrics WHERE run_id=r.id AND name='exit_unmap_us') +
	(SELECT value FROM metrics WHERE run_id=r.id AND name='exit_write_wait_us') +
	(SELECT value FROM metrics WHERE run_id=r.id AND name='exit_teardown_us') >
	(SELECT value FROM metrics WHERE run_id=r.id AND name='exit_mmap_us')")" 0 \
	"phases and write-lock wait fit inside exit_mmap_us"
is "$(sql "SELECT COUNT(*) FROM runs r WHERE
	(SELECT value FROM metrics WHERE run_id=r.id AND name='kill_to_exit_us') >
	(SELECT value FROM metrics WHERE run_id=r.id AND name='kill_to_reaped_us')")" 0 \
	"kill_to_exit_us <= kill_to_reaped_us"
is "$(sql "SELECT COUNT(*) FROM metrics WHERE name='lost_events' AND value != 0")" 0 \
	"no ring-buffer losses"
is "$(sql "SELECT COUNT(*) FROM metrics WHERE value IS NULL AND text IS NULL
	AND absent_reason IS NULL")" 0 "every metric has a value, a text or an absent reason"
is "$(sql "SELECT COUNT(*) FROM runs r JOIN metrics m ON m.run_id=r.id
	WHERE r.trigger='memcg-oom' AND m.name='reaper_outcome'
	AND m.text IN ('reaped','reaped_after_retries','found_oom_skip','unable_to_reap',
	'not_needed','skipped')")" 2 \
	"memcg-oom: reaper outcome recorded"
is "$(sql "SELECT COUNT(*) FROM runs r JOIN metrics m ON m.run_id=r.id
	WHERE r.trigger='memcg-oom' AND m.name='memcg_oom_kill_n' AND m.value = 1")" 2 \
	"memcg-oom: exactly one OOM kill in the suite's memcg"
is "$(sql "SELECT COUNT(*) FROM runs r JOIN metrics m ON m.run_id=r.id
	WHERE r.trigger='kill' AND m.name='reaper_outcome' AND m.absent_reason IS NOT NULL")" 2 \
	"kill: reaper outcome absent with a reason"
is "$(sql "SELECT COUNT(*) FROM runs r JOIN metrics m ON m.run_id=r.id
	WHERE r.trigger='kill+mrelease' AND m.name='mrelease_ret' AND m.text IS NOT NULL")" 2 \
	"kill+mrelease: process_mrelease return recorded"
is "$(sql "SELECT COUNT(*) FROM runsets WHERE status='complete'")" 3 "run sets complete"
is "$(sql "SELECT COUNT(DISTINCT info_json) > 0 FROM runsets WHERE info_json LIKE '%kernel_release%'")" 1 \
	"run sets carry the info facts"
check "export --format json" 0 $RB export --db "$DB" --format json
cp "$OUT" "$TMP/e.json"
check "export --format json: the newest run set, its runs and their metrics" 0 python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["runset"]["label"] and j["runset"]["status"] == "complete", j["runset"]
assert len(j["runs"]) == 2, len(j["runs"])
for r in j["runs"]:
    assert r["trigger"] == "memcg-oom" and r["valid"], r
    assert r["metrics"]["exit_mmap_us"] > 0, r["metrics"]["exit_mmap_us"]
    assert r["metrics"]["mrelease_ret"]["absent"], r["metrics"]["mrelease_ret"]' "$TMP/e.json"
check "export --format csv" 0 $RB export --db "$DB" --format csv
is "$(head -1 "$OUT")" "runset_id,label,run_id,seq,scenario,shape,trigger,rep,valid,metric,value,text,absent_reason" \
	"export --format csv has its header"
is "$(grep -c ',exit_mmap_us,' "$OUT")" 2 "export --format csv has one row per metric"
done_testing
