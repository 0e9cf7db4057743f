#!/bin/sh
# kernel-smoke.sh: boot a spec's kernel and run tests/vm/oomsmoke.c in it.
#
# Usage: kernel-smoke.sh [-o OUTDIR] [-a 'CMDLINE'] [-r ROUNDS] [-m MIB] [-n] SPEC
#   -n  boot the kernel built before, without running make (see kernel-run.sh -n)
# Builds oomsmoke static (cached), boots SPEC through kernel-run.sh with the
# oom, mmap_lock and mmap trace events on, runs ROUNDS (default 3) rounds of a
# memcg OOM kill and a SIGKILL + process_mrelease of MIB (default 64) MiB
# victims, and prints the guest's TAP output.  OUTDIR/results/ gets smoke.tap
# and trace.txt (the guest's trace buffer); the console log is checked for
# oops/BUG/WARNING by kernel-boot.sh; on a lockdep kernel, lockdep must still
# be on (debug_locks 1) after the rounds.
# Exit: 0 all passed and the kernel did not complain, 1 otherwise, 4 skipped.
set -eu

prog=kernel-smoke.sh
. "$(dirname "$0")/kernel-lib.sh"
here=$(dirname "$0")

outdir= cmdline= rounds=3 mib=64 nobuild=
while getopts o:a:r:m:nh opt; do
	case $opt in
	o) outdir=$OPTARG ;;
	a) cmdline=$OPTARG ;;
	r) rounds=$OPTARG ;;
	m) mib=$OPTARG ;;
	n) nobuild=-n ;;
	h) help_from_header ;;
	*) exit 1 ;;
	esac
done
shift $((OPTIND - 1))
[ $# = 1 ] || die "want exactly one SPEC"
case $rounds$mib in *[!0-9]*) die "-r and -m want positive integers" ;; esac

src=$(rb_datadir)/tests/vm/oomsmoke.c
[ -f "$src" ] || die "no $src"
cache=$(rb_cache)
mkdir -p "$cache/bin"
bin=$cache/bin/oomsmoke
if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ]; then
	command -v gcc >/dev/null || missing "no gcc"
	gcc -std=c11 -Wall -Wextra -Werror -O2 -static -o "$bin.tmp" "$src" ||
		die "cannot build $src static (libc6-dev provides libc.a)"
	mv "$bin.tmp" "$bin"
fi

[ -n "$outdir" ] || outdir=$(mktemp -d "${TMPDIR:-/tmp}/rb-smoke.XXXXXX")
T=/sys/kernel/tracing
rc=0
"$here/kernel-run.sh" $nobuild -o "$outdir" -x "$bin:/usr/bin/oomsmoke" ${cmdline:+-a "$cmdline"} "$1" -c "
for e in oom mmap_lock mmap; do [ -d $T/events/\$e ] && echo 1 > $T/events/\$e/enable; done
echo 8192 > $T/buffer_size_kb
oomsmoke $rounds $mib > /results/smoke.tap 2>&1
rc=\$?
# lockdep switches itself off after its first report or when a table
# overflows; a kernel that did so proves nothing about later locking
if [ -r /proc/lockdep_stats ]; then
	if grep -q 'debug_locks: *1' /proc/lockdep_stats; then
		echo '# lockdep: debug_locks 1 after the rounds' >> /results/smoke.tap
	else
		echo '# FAIL: lockdep turned itself off (debug_locks 0): a report or a full table' >> /results/smoke.tap
		rc=1
	fi
fi
cat /results/smoke.tap
cat $T/trace > /results/trace.txt
echo \"oom events: \$(grep -c ' mark_victim:' /results/trace.txt) mark_victim, \$(grep -c ' start_task_reaping:' /results/trace.txt) start_task_reaping, \$(grep -c ' skip_task_reaping:' /results/trace.txt) skip_task_reaping\"
exit \$rc" || rc=$?
if [ -f "$outdir/results/smoke.tap" ]; then
	cat "$outdir/results/smoke.tap"
fi
exit $rc
