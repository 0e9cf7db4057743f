#!/bin/sh
# `run --check` creates nothing: traced with strace, it makes no directory,
# mounts nothing, opens nothing for writing or creating, removes or renames
# nothing, and writes only to stdout and stderr (no store, memcg or tracefs
# instance). As root, where a run would create all of those.
. "$(dirname "$0")/../tap.sh"
need_cmd strace strace
LOG=$TMP/strace
# LeakSanitizer cannot run under ptrace (make check-asan): leaks are checked elsewhere
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"; export ASAN_OPTIONS

for args in "--scenario quick" "--scenario full" "--trigger stall --sweep stall=1s,2s --contender churn,madvise" \
	    "--size 0"; do
	want=0
	[ "$args" = "--size 0" ] && want=1
	# shellcheck disable=SC2086
	check "run --check $args: exit $want" $want \
		strace -f -qq -o "$LOG" -e trace=mkdir,mkdirat,mount,umount2,open,openat,creat,unlink,unlinkat,rename,renameat,renameat2,write,pwrite64,ftruncate,truncate,symlink,symlinkat,link,linkat \
		$RB run --check $args --db "$TMP/store.db"
	syscalls=$(grep -E 'mkdir|mount|creat\(|unlink|rename|truncate|link' "$LOG")
	is "$syscalls" "" "run --check $args: no mkdir, mount, unlink, rename, link or truncate"
	opens=$(grep -E 'open(at)?\(' "$LOG" | grep -E 'O_(WRONLY|RDWR|CREAT)' | grep -v '"/dev/(null|tty|fuse)"')
	is "$opens" "" "run --check $args: nothing opened for writing"
	writes=$(grep -E '^[0-9]+ +(write|pwrite64)\(' "$LOG" | grep -vE '(write|pwrite64)\([12],')
	is "$writes" "" "run --check $args: writes only to stdout and stderr"
	is "$([ -e "$TMP/store.db" ] && echo created)" "" "run --check $args: no store"
done
like "$(grep -c 'openat(' "$LOG")" "^[1-9]" "strace saw the opens (the filter works)"
done_testing
