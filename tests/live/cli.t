#!/bin/sh
# Command-line behaviour that needs root and this kernel: refusals made before
# anything starts, and the facts `info` reports. (tests/offline/cli.t has the
# rest: help, bad input, list, store upgrades.)
. "$(dirname "$0")/../tap.sh"
need_root
DB=$TMP/cli.db

check "a size that could cause a global OOM: exit 1" 1 $RB run --size 900G --db "$DB"
like "$(cat "$OUT")" "anon-900G-kill: refused: needs a [0-9]+ MiB memcg" \
	"the refusal names the scenario and the memcg size it would need"
is "$([ -e "$DB" ] && echo exists)$(leftovers)" "" "refusal happens before anything starts"

check "info --json" 0 $RB info --json
cp "$OUT" "$TMP/info.json"
check "info --json is valid JSON with the tracepoints and the kernel release" 0 perl -MJSON::PP -e \
	'local $/; my $j = decode_json(<STDIN>);
	 exit !(exists $j->{tracing}{events}{"mmap_lock:mmap_lock_start_locking"}
		&& defined $j->{kernel_release})' < "$TMP/info.json"
check "info" 0 $RB info
like "$(cat "$OUT")" "$(uname -r | sed 's/[.+]/[&]/g')" "info names the running kernel release"
done_testing
