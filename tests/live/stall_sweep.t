#!/bin/sh
# The stale-mount sweep unmounts only the stall trigger's own FUSE mounts of
# dead reapbench processes, found in /proc/self/mountinfo: names planted in
# /tmp (a symlink to a mounted filesystem, a tmpfs or a stranger's directory
# at the predictable name) are left alone; and the mount of a SIGKILLed stall
# run is swept at the start of the next run of any trigger.
# In a private mount namespace with a /tmp of its own: other reapbench
# versions running on the machine at the same time (older sweeps followed
# planted names in /tmp) reach neither the names nor the mounts planted here,
# so only the binary under test is judged.
# (Not when the tree itself lives under /tmp: the private /tmp would hide it.)
top=$(cd "$(dirname "$0")/../.." && pwd)
case $top in /tmp/*) RB_PRIVATE_MOUNTS=${RB_PRIVATE_MOUNTS:-0} ;; esac
if [ -z "${RB_PRIVATE_MOUNTS:-}" ] && [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null; then
	RB_PRIVATE_MOUNTS=1 exec unshare -m --propagation private \
		sh -c 'mount -t tmpfs -o mode=1777,size=64m rb-test-tmp /tmp && exec "$0"' "$0"
fi
. "$(dirname "$0")/../tap.sh"
need_root
need_cmd mountpoint util-linux
[ -c /dev/fuse ] || skip_all "no /dev/fuse"
DB=$TMP/s.db
# Names that look like stall directories of dead pids (1 and 2 are never reapbench).
LINK=/tmp/reapbench-1-stall-planted$$
TMPFS_DIR=/tmp/reapbench-2-stall-tmpfs$$
FOREIGN=/tmp/reapbench-2-stall-foreign$$
cleanup() {
	rm -f "$LINK"
	mountpoint -q "$TMPFS_DIR" && umount "$TMPFS_DIR"
	mountpoint -q "$TMP/target" && umount "$TMP/target"
	rm -rf "$TMPFS_DIR" "$FOREIGN" "$TMP"
	[ -z "${bg:-}" ] || kill -9 "$bg" 2>/dev/null
}
trap cleanup EXIT

# A harmless tmpfs of our own behind a planted symlink (the /boot case).
mkdir "$TMP/target" && mount -t tmpfs -o size=1m rb-test-target "$TMP/target" &&
	echo keep >"$TMP/target/file" && ln -s "$TMP/target" "$LINK"
# A real non-FUSE mount at a predictable stall name, and a stranger's directory.
mkdir "$TMPFS_DIR" && mount -t tmpfs -o size=1m rb-test-tmpfs "$TMPFS_DIR"
mkdir "$FOREIGN" && touch "$FOREIGN/theirs" && chown -R 65534:65534 "$FOREIGN"

run() { $RB run --size 16M --runs 1 --db "$DB" --quiet --no-summary "$@"; }
check "a stall run with planted names in /tmp" 0 run --trigger stall -p stall=200ms
check "the symlink's target is still mounted" 0 mountpoint -q "$TMP/target"
is "$(cat "$TMP/target/file" 2>&1)" keep "and its content untouched"
is "$(readlink "$LINK")" "$TMP/target" "the planted symlink itself is left alone"
check "a tmpfs at a stall name is still mounted" 0 mountpoint -q "$TMPFS_DIR"
is "$(ls "$FOREIGN")" theirs "a stranger's directory at a stall name is left alone"
like "$(grep "$TMP/target" /proc/self/mountinfo)" " - tmpfs rb-test-target " "mountinfo still lists the target"

# A SIGKILLed stall run leaves its mount; the next run (not a stall one) sweeps it.
$RB run --size 16M --runs 1 --db "$DB" --quiet --no-summary --trigger stall -p stall=30s \
	>"$TMP/bg.out" 2>&1 &
bg=$!
i=0
while [ $i -lt 300 ] && ! grep -q " - fuse.reapbench reapbench-$bg " /proc/self/mountinfo; do
	sleep 0.1; i=$((i + 1))
done
mnt=$(grep " - fuse.reapbench reapbench-$bg " /proc/self/mountinfo | cut -d' ' -f5)
like "$mnt" "^/tmp/reapbench-$bg-stall-" "the stall run's FUSE mount is in mountinfo with source reapbench-$bg"
kill -9 "$bg"; wait "$bg" 2>/dev/null; bg=
like "$(grep " - fuse.reapbench reapbench-" /proc/self/mountinfo | cut -d' ' -f5)" "^$mnt\$" \
	"after kill -9 the mount is still there (precondition)"
check "the next run, trigger kill" 0 run --trigger kill
is "$(grep -c " $mnt " /proc/self/mountinfo)" 0 "its mount was swept at the start"
is "$(ls -d "$mnt" 2>/dev/null)" "" "and its directory removed"
is "$(leftovers)" "" "no cgroup or instance left behind"
check "the symlink's target is still mounted" 0 mountpoint -q "$TMP/target"
check "the tmpfs at a stall name is still mounted" 0 mountpoint -q "$TMPFS_DIR"
done_testing
