#!/bin/sh
# kernel-check.sh: build every source spec and boot each with the smoke test (TAP).
#
# Usage: kernel-check.sh [SPEC...]
# Default: every kernels/*.ini whose source is not prebuilt (6.12, the patched
# specs and their lockdep variants).  For each spec: kernel-build.sh (time,
# config options that did not end up as asked), then kernel-smoke.sh (memcg
# OOM kills and SIGKILL + process_mrelease in the guest; the console log and
# guest dmesg must hold no oops/BUG/WARNING/lockdep report).  The rfc-v2 spec
# is also booted with exit_mmap_exclusive_all=1.  Logs go to
# $REAPBENCH_CACHE/check/SPEC.{build,smoke}.log.  This is `make check-kernels`.
# Exit: 0 all passed, 1 a build or smoke test failed, 4 nothing could run.
set -eu

prog=kernel-check.sh
. "$(dirname "$0")/kernel-lib.sh"
here=$(dirname "$0")
datadir=$(rb_datadir)
cache=$(rb_cache)
logs=$cache/check
mkdir -p "$logs" || die "cannot create $logs"

if [ $# = 0 ]; then
	for f in "$datadir"/kernels/*.ini; do
		rb_spec "$f"
		[ "$spec_kind" = prebuilt ] || set -- "$@" "$spec_name"
	done
fi
[ $# -gt 0 ] || { echo "1..0 # SKIP no source specs"; exit 4; }

runs=$#
for s in "$@"; do case $s in *rfc-v2-exclusive-teardown*) runs=$((runs + 1)) ;; esac; done
echo "1..$((2 * $# + runs - $#))"
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); echo "not ok $n - $*"; fail=1; }

smoke() { # SPEC LOGNAME [CMDLINE]
	t0=$(date +%s)
	if "$here/kernel-smoke.sh" -n -o "$logs/$2.out" ${3:+-a "$3"} "$1" > "$logs/$2.smoke.log" 2>&1; then
		ok "$1${3:+ ($3)}: smoke passed in $(( $(date +%s) - t0 )) s, $(grep -h 'boot: wall' "$logs/$2.smoke.log" | sed 's/^boot: //')"
	else
		notok "$1${3:+ ($3)}: smoke failed (log $logs/$2.smoke.log)"
		grep -E '^not ok|error|complained|^[0-9]+:' "$logs/$2.smoke.log" | head -n 8 | sed 's/^/#   /'
	fi
}

for s in "$@"; do
	t0=$(date +%s)
	if "$here/kernel-build.sh" "$s" > "$logs/$s.build.log" 2>&1; then
		ok "$s: built in $(( $(date +%s) - t0 )) s"
		check=$cache/trees/$s/.rb-build/config-check
		if [ -s "$check" ]; then
			echo "# $s: config options that did not end up as asked:"
			sed 's/^/#   /' "$check"
		fi
		smoke "$s" "$s"
		case $s in *rfc-v2-exclusive-teardown*) smoke "$s" "$s-all" exit_mmap_exclusive_all=1 ;; esac
	else
		notok "$s: build failed (log $logs/$s.build.log)"
		grep -E 'error|Error' "$logs/$s.build.log" | head -n 8 | sed 's/^/#   /'
		n=$((n + 1)); echo "not ok $n - $s: smoke not run # SKIP no kernel"
		case $s in *rfc-v2-exclusive-teardown*) n=$((n + 1)); echo "ok $n - $s: exclusive_all smoke not run # SKIP no kernel" ;; esac
	fi
done
exit $fail
