#!/bin/sh
# TAP: boot the prebuilt Debian 6.12 cloud kernel (fetched once, cached under
# $REAPBENCH_CACHE) in QEMU with a trivial guest command; check the guest ran
# it, saw tracefs, cgroup2 and two NUMA nodes, sent its results back and
# powered off well within a minute.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
S=$top/scripts

command -v qemu-system-x86_64 >/dev/null || { echo "1..0 # SKIP no qemu-system-x86_64 (apt-get install qemu-system-x86)"; exit 0; }
[ -x /bin/busybox ] || { echo "1..0 # SKIP no busybox-static"; exit 0; }
rc=0
kernel=$("$S/kernel-fetch-prebuilt.sh" 'linux-image-6.12*-cloud-amd64' 2>/tmp/rb-boot-prebuilt.$$) || rc=$?
if [ $rc != 0 ]; then
	echo "1..0 # SKIP cannot fetch the 6.12 cloud kernel: $(tail -n 1 /tmp/rb-boot-prebuilt.$$)"
	rm -f /tmp/rb-boot-prebuilt.$$
	exit 0
fi
rm -f /tmp/rb-boot-prebuilt.$$

out=$(mktemp -d "${TMPDIR:-/tmp}/rb-vm-test.XXXXXX")
trap 'rm -rf "$out"' EXIT
echo 1..6
n=0
t() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

rc=0
"$S/kernel-initramfs.sh" -o "$out/initramfs.cpio" -c '
cat /sys/devices/system/node/online > /results/nodes
test -f /sys/kernel/tracing/events/mmap_lock/mmap_lock_start_locking/format && echo yes > /results/tracefs
test -f /sys/fs/cgroup/cgroup.controllers && echo yes > /results/cgroup2
echo ran > /results/ran' 2>/dev/null || rc=$?
t $rc "initramfs built"

start=$(date +%s)
rc=0
"$S/kernel-boot.sh" -k "$kernel" -i "$out/initramfs.cpio" -o "$out" -t 60 2>"$out/boot.err" || rc=$?
wall=$(( $(date +%s) - start ))
t $rc "boot exits 0 ($(grep 'boot: wall' "$out/boot.err" | sed 's/^boot: //'))"
grep -q ran "$out/results/ran" 2>/dev/null; t $? "guest ran its command and results came back"
[ "$(cat "$out/results/nodes" 2>/dev/null)" = 0-1 ]; t $? "guest sees NUMA nodes 0-1"
grep -q yes "$out/results/tracefs" 2>/dev/null && grep -q yes "$out/results/cgroup2" 2>/dev/null
t $? "guest has tracefs mmap_lock events and cgroup2"
grep -q 'rb-init: powering off' "$out/console.log" && [ $wall -lt 60 ]
t $? "guest powered off in ${wall} s (< 60 s)"
[ $rc = 0 ] || sed 's/^/# /' "$out/boot.err"
