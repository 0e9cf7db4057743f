#!/bin/sh
# kernel-bisect-check.sh: `reapbench bisect` on a short synthetic history (TAP).
#
# Usage: kernel-bisect-check.sh
# Makes $REAPBENCH_CACHE/synthetic/h12 once (scripts/make-synthetic-history.sh:
# Debian's linux-source-6.12 plus 11 commits, the 7th overall the calibration
# patch), then bisects the 4 commits around the calibration commit (good: two
# before it, bad: one after) on exit_teardown_us with a 1000 us shift (2 boots
# a side per step, up to 6 when inconclusive, 15 runs per boot), and
# checks that the first bad commit named is the calibration commit and that
# the user's tree (h12) kept its HEAD and working files.
# Exit: 0 ok, 1 a check failed, 4 capability missing (no QEMU, no source).
set -eu

prog=kernel-bisect-check.sh
. "$(dirname "$0")/kernel-lib.sh"
here=$(dirname "$0")
rb=$(rb_bin)
cache=$(rb_cache)
hist=$cache/synthetic/h12
command -v qemu-system-x86_64 >/dev/null || missing "no qemu-system-x86_64"
if [ ! -d "$hist" ]; then
	"$here/make-synthetic-history.sh" -n 12 "$hist" >&2 || exit $?
fi
calib=$(git -C "$hist" log --format=%H --grep='calibration: 1 ms' -n 1)
[ -n "$calib" ] || die "no calibration commit in $hist"
good=$(git -C "$hist" rev-parse "$calib~2")
bad=$(git -C "$hist" rev-list --reverse "$calib..HEAD" | head -n 1)
[ -n "$bad" ] || die "no commit after the calibration commit in $hist"
head_before=$(git -C "$hist" rev-parse HEAD)
status_before=$(git -C "$hist" status --porcelain)
state=$(mktemp -d "${TMPDIR:-/tmp}/rb-bisect-check.XXXXXX")
t0=$(date +%s)
rc=0
"$rb" bisect --tree "$hist" --good "$good" --bad "$bad" --metric exit_teardown_us \
	--shift-us 1000 --boots 2 --max-boots 6 --state "$state/state" -- \
	--size 8M --trigger kill --runs 15 --no-summary -q > "$state/out" 2>&1 || rc=$?
t1=$(date +%s)
n=0 failed=0
t() { # STATUS DESC
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi
}
tc() { # DESC CMD...: t on CMD's status (set -e would stop at a failing CMD)
	_d=$1
	shift
	if "$@"; then t 0 "$_d"; else t 1 "$_d"; fi
}
t $rc "reapbench bisect exits 0 ($((t1 - t0)) s wall)"
tc "the first bad commit is the calibration commit ${calib%????????????????????????????}" \
	grep -q "^first bad commit: $calib " "$state/out"
tc "the tree's HEAD is unchanged" test "$(git -C "$hist" rev-parse HEAD)" = "$head_before"
tc "the tree's working files and index are unchanged" \
	test "$(git -C "$hist" status --porcelain)" = "$status_before"
tc "bisect.log has its steps" grep -q '^step ' "$state/state/bisect.log"
echo "1..$n"
sed 's/^/# /' "$state/state/bisect.log"
if [ $failed = 0 ]; then
	git -C "$hist" worktree remove --force "$state/state/wt" 2>/dev/null || true
	rm -rf "$state"
else
	tail -n 40 "$state/out" | sed 's/^/# /'
	echo "# kept: $state"
fi
exit $failed
