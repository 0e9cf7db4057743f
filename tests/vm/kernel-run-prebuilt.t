#!/bin/sh
# TAP: `reapbench kernel run deb-6.12-cloud` with one small scenario: the
# prebuilt Debian 6.12 cloud kernel boots with ./reapbench inside, runs 3
# kill+mrelease runs of a 64 MiB victim, and at least one valid run comes back
# into a fresh host store under the spec's name, with the spec recorded.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
rb=$top/reapbench

command -v qemu-system-x86_64 >/dev/null || { echo "1..0 # SKIP no qemu-system-x86_64 (apt-get install qemu-system-x86)"; exit 0; }
command -v sqlite3 >/dev/null || { echo "1..0 # SKIP no sqlite3 (apt-get install sqlite3)"; exit 0; }
[ -x "$rb" ] || { echo "1..0 # SKIP no ./reapbench (make)"; exit 0; }
"$rb" kernel --help >/dev/null 2>&1 || { echo "1..0 # SKIP ./reapbench has no 'kernel' command"; exit 0; }
"$top/scripts/kernel-fetch-prebuilt.sh" 'linux-image-6.12*-cloud-amd64' >/dev/null 2>&1 ||
	{ echo "1..0 # SKIP cannot fetch the Debian 6.12 cloud kernel"; exit 0; }

out=$(mktemp -d "${TMPDIR:-/tmp}/rb-vm-test.XXXXXX")
trap 'rm -rf "$out"' EXIT
echo 1..4
start=$(date +%s)
rc=0
(cd "$top" && "$rb" kernel run --db "$out/host.db" --out "$out/run" --timeout 120 deb-6.12-cloud \
	--size 64M --trigger kill+mrelease --runs 3 --no-summary -q) >"$out/log" 2>&1 || rc=$?
wall=$(( $(date +%s) - start ))
if [ $rc = 0 ]; then echo "ok 1 - kernel run exits 0 in ${wall} s"; else echo "not ok 1 - kernel run exits $rc"; sed 's/^/# /' "$out/log" | tail -n 20; fi
valid=$(sqlite3 "$out/host.db" "SELECT count(*) FROM runs r JOIN runsets s ON s.id = r.runset_id WHERE s.label = 'deb-6.12-cloud' AND r.valid = 1" 2>/dev/null || echo 0)
if [ "${valid:-0}" -ge 1 ]; then echo "ok 2 - $valid valid runs imported"; else echo "not ok 2 - no valid run imported"; fi
rel=$(sqlite3 "$out/host.db" "SELECT kernel_release FROM runsets LIMIT 1" 2>/dev/null || true)
case $rel in *cloud-amd64) echo "ok 3 - kernel_release is the guest's ($rel)" ;; *) echo "not ok 3 - kernel_release '$rel'" ;; esac
spec=$(sqlite3 "$out/host.db" "SELECT json_extract(info_json, '\$.kernel_spec.name') FROM runsets LIMIT 1" 2>/dev/null || true)
if [ "$spec" = deb-6.12-cloud ]; then echo "ok 4 - the spec is recorded in info_json"; else echo "not ok 4 - info_json.kernel_spec.name '$spec'"; fi
