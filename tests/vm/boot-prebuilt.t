#!/bin/sh
# Boot the prebuilt Debian 6.12 cloud kernel (fetched once, cached under
# $REAPBENCH_CACHE) in QEMU with a trivial guest command; check the guest ran
# it, saw tracefs, cgroup2 and two NUMA nodes, sent its results back and
# powered off well within a minute.
. "$(dirname "$0")/../tap.sh"
. "$(dirname "$0")/lib.sh"
need_cmd qemu-system-x86_64 qemu-system-x86
need_cmd cpio cpio
[ -x /bin/busybox ] || skip_all "no busybox-static"
S=scripts
need_prebuilt_6_12
kernel=$PREBUILT_KERNEL
V=$TMP/vm

check "initramfs built" 0 "$S/kernel-initramfs.sh" -o "$TMP/initramfs.cpio" -c '
cat /sys/devices/system/node/online > /results/nodes
test -f /sys/kernel/tracing/events/mmap_lock/mmap_lock_start_locking/format && echo yes > /results/tracefs
test -f /sys/fs/cgroup/cgroup.controllers && echo yes > /results/cgroup2
echo ran > /results/ran'
files=$(cpio -it < "$TMP/initramfs.cpio" 2>/dev/null)
like "$files" '^init$' "the initramfs has an /init"
like "$files" '^bin/busybox$' "the initramfs has busybox"

start=$(date +%s)
check "boot" 0 "$S/kernel-boot.sh" -k "$kernel" -i "$TMP/initramfs.cpio" -o "$V" -t 60
wall=$(( $(date +%s) - start ))
like "$(cat "$OUT")" '^boot: wall ' "kernel-boot.sh reports the boot's wall time"
is "$(cat "$V/results/ran" 2>/dev/null)" ran "guest ran its command and results came back"
is "$(cat "$V/results/nodes" 2>/dev/null)" 0-1 "guest sees NUMA nodes 0-1"
is "$(cat "$V/results/tracefs" "$V/results/cgroup2" 2>/dev/null | tr '\n' ' ')" "yes yes " \
	"guest has tracefs mmap_lock events and cgroup2"
like "$(cat "$V/console.log" 2>/dev/null)" 'rb-init: powering off' "guest powered off"
is "$([ $wall -lt 60 ] && echo yes)" yes "within 60 s (${wall} s)"
done_testing
