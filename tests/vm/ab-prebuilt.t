#!/bin/sh
# TAP: `reapbench ab -k 1 deb-6.12-cloud deb-6.12-cloud` end to end: two
# boots of the prebuilt Debian 6.12 cloud kernel, 3 kill runs of a 16 MiB
# victim each, imported into a fresh host store as one run set per side, then
# the report. The steps run in-process: both run sets record the ab command
# line itself (a re-run `reapbench kernel run` would record its own).
. "$(dirname "$0")/../tap.sh"
. "$(dirname "$0")/lib.sh"
need_vm_reapbench
need_prebuilt_6_12
DB=$TMP/host.db
t0=$(date +%s)
rc=0
"$RB" ab -k 1 -d "$DB" -o "$TMP/report" --seed 7 deb-6.12-cloud deb-6.12-cloud \
	--size 16M --trigger kill --runs 3 --no-summary -q >"$OUT" 2>&1 || rc=$?
wall=$(( $(date +%s) - t0 ))
# the same kernel on both sides: 0, or 2 should a metric be flagged by chance
case $rc in 0|2) ok 0 "ab exits $rc in $wall s" ;; *) ok 1 "ab exits $rc"; tail -n 20 "$OUT" | sed 's/^/# /' ;; esac
log=$(cat "$OUT")
like "$log" "^# ab: built deb-6.12-cloud in [0-9]+ s$" "ab reports the build"
like "$log" "^# ab: boot 1/1 of B \(deb-6.12-cloud\): [0-9]+ s$" "ab reports B's boot"
like "$log" "^# ab: deb-6.12-cloud vs deb-6.12-cloud, 1 boots each: [0-9]+ s wall in all; report in $TMP/report$" \
	"ab reports the whole A/B"
is "$(sql "SELECT count(*) FROM runsets WHERE label LIKE 'deb-6.12-cloud (_, ab-%)'")" 2 \
	"one run set a side"
is "$(sql "SELECT count(*) FROM runsets WHERE command LIKE 'reapbench ab -k 1 %'")" 2 \
	"both run sets record the ab command line (no re-run of the binary)"
valid=$(sql "SELECT count(*) FROM runs WHERE valid = 1")
ok "$([ "${valid:-0}" -ge 2 ]; echo $?)" "valid runs imported on both sides ($valid)"
ev=$(cat "$TMP/report/evidence.txt" 2>/dev/null || true)
like "$ev" "^A: .*spec deb-6.12-cloud" "evidence.txt names side A's spec"
like "$(cat "$TMP/report/appendix.txt" 2>/dev/null)" "seed 7" "the report used the --seed given to ab"
done_testing
