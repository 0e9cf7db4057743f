#!/bin/sh
# cgroup v2: a reapbench that turned +memory on at the root turns it back off
# at exit only when no other cgroup below the root may rely on it; with
# another cgroup there (as another live reapbench's memcg would be) it stays on.
. "$(dirname "$0")/../tap.sh"
need_root
# The controller's home as reapbench finds it: the first mount with memory.
root=$(awk '($3 == "cgroup" && $4 ~ /(^|,)memory(,|$)/) || $3 == "cgroup2" { print $3, $2 }' /proc/self/mounts |
	while read -r type mnt; do
		if [ "$type" = cgroup ]; then echo "v1 $mnt"; break; fi
		grep -qw memory "$mnt/cgroup.controllers" 2>/dev/null && { echo "v2 $mnt"; break; }
	done)
case $root in
v2\ *) root=${root#v2 } ;;
v1\ *) skip_all "the memory controller is on cgroup v1 here (${root#v1 }): nothing to restore" ;;
*) skip_all "no memory cgroup controller" ;;
esac
grep -qw memory "$root/cgroup.subtree_control" &&
	skip_all "memory is already enabled in $root/cgroup.subtree_control: reapbench does not touch it"
DB=$TMP/m.db
OTHER=$root/rb-test-other-$$
trap 'rmdir "$OTHER" 2>/dev/null; rm -rf "$TMP"' EXIT

check "a run with no other cgroup below the root" 0 $RB run --size 16M --runs 1 --db "$DB" --quiet --no-summary
unlike "$(cat "$root/cgroup.subtree_control")" memory "memory turned back off at exit"
mkdir "$OTHER"
check "a run with another cgroup below the root" 0 $RB run --size 16M --runs 1 --db "$DB" --quiet --no-summary
like "$(cat "$root/cgroup.subtree_control")" memory "memory left on for the other cgroup"
check "the other cgroup keeps its memory.max" 0 test -f "$OTHER/memory.max"
rmdir "$OTHER"
echo -memory >"$root/cgroup.subtree_control"
done_testing
