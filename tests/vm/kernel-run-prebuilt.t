#!/bin/sh
# `reapbench kernel run deb-6.12-cloud` with one small scenario: the prebuilt
# Debian 6.12 cloud kernel boots with ./reapbench inside, runs 3 kill+mrelease
# runs of a 64 MiB victim, and at least one valid run comes back into a fresh
# host store under the spec's name, with the spec recorded.
. "$(dirname "$0")/../tap.sh"
. "$(dirname "$0")/lib.sh"
need_vm_reapbench
need_prebuilt_6_12
DB=$TMP/host.db

start=$(date +%s)
check "kernel run deb-6.12-cloud" 0 $RB kernel run --db "$DB" --out "$TMP/run" --timeout 120 \
	deb-6.12-cloud --size 64M --trigger kill+mrelease --runs 3 --no-summary -q
wall=$(( $(date +%s) - start ))
echo "# kernel run took ${wall} s"
valid=$(sql "SELECT count(*) FROM runs r JOIN runsets s ON s.id = r.runset_id
	WHERE s.label = 'deb-6.12-cloud' AND r.valid = 1" 2>/dev/null)
like "${valid:-0}" '^[1-3]$' "valid runs imported under the spec's name ($valid of 3)"
like "$(sql "SELECT kernel_release FROM runsets LIMIT 1" 2>/dev/null)" 'cloud-amd64$' \
	"kernel_release is the guest's"
is "$(sql "SELECT json_extract(info_json, '\$.kernel_spec.name') FROM runsets LIMIT 1" 2>/dev/null)" \
	deb-6.12-cloud "the spec is recorded in info_json"
is "$(sql "SELECT count(*) FROM runs r JOIN metrics m ON m.run_id = r.id
	WHERE r.valid = 1 AND m.name = 'exit_mmap_us' AND m.value > 0")" "$valid" \
	"each valid run has exit_mmap_us"
# the runs measured the guest's kernel: one boot id, the guest's, not the host's
is "$(sql "SELECT count(DISTINCT boot_id) || ':' || (max(boot_id) != '$(cat /proc/sys/kernel/random/boot_id)')
	FROM runs WHERE boot_id IS NOT NULL")" 1:1 "the runs carry the guest's boot id"
done_testing
