#!/bin/sh
# make bench-self's probe-effect bound (f), tiny (8M victims, a few runs, no decode):
# every row's bound is its p90 counts times the printed costs' upper limits, and
# the rows the issue asks for (kill_to_reaped_us, exit_mmap_us) are there.
# The figures themselves are not asserted: make bench-self measures them.
. "$(dirname "$0")/../tap.sh"
need_root
B=bench/selfbench/reapbench-selfbench
[ -x "$B" ] || skip_all "no $B (make)"
[ -d /sys/kernel/tracing/events/mmap_lock ] || skip_all "kernel without mmap_lock tracepoints"

check "selfbench (a)(e)(f)" 0 timeout 300 "$B" -n 4 -z 8M --cost-reps 3 --cost-iters 50 \
	--unfiltered-runs 2 --no-decode
X=$(cat "$OUT")
for m in kill_to_reaped_us exit_mmap_us; do
	like "$X" "^$m +4 +[0-9]+\.[0-9] +([0-9]+ +){7}[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+$" \
		"$m: a row of 4 traced runs with counts, bound and share"
done
# bound_us = lock_p90 x lock hi + oth_p90 x other hi; all_us adds xthr x other hi and
# xflt x filtered hi (costs printed to 0.1 ns: 0.05 ns of slack per event)
hi() { printf '%s\n' "$X" | sed -n "s/^# (f) cost of one event.* $1 -*[0-9.]* \[-*[0-9.]*, \(-*[0-9.]*\)\].*/\1/p"; }
bad=$(printf '%s\n' "$X" | awk -v lock="$(hi 'recorded lock')" -v other="$(hi 'recorded other')" \
	-v filt="$(hi 'filtered lock')" '
	function half(x,   d) { d = index(x, "."); return d ? 0.5 * 10 ^ -(length(x) - d) : 0.5 }
	/^(kill_to_reaped|exit_[a-z]+)_us +[0-9]/ {
		rows++
		b = ($6 * lock + $7 * other) / 1000
		all = b + ($8 * other + $9 * filt) / 1000
		if (b < 0) b = 0
		if (all < 0) all = 0
		slack = 0.00005 * ($6 + $7 + $8 + $9) + 0.0015
		if (b - $12 > slack || $12 - b > slack) print $1 ": bound " $12 " != " b
		if (all - $14 > slack || $14 - all > slack) print $1 ": all " $14 " != " all
		# the share from the printed (rounded) bound and median: each is off by
		# up to half a unit of its last printed digit
		sh = 100 * $12 / $3
		tol = 100 * (half($12) / $3 + $12 * half($3) / ($3 * $3)) + half($13) + 1e-9
		if ($13 - sh > tol || sh - $13 > tol) print $1 ": share " $13 " != " sh " (+-" tol ")"
	}
	END { if (rows < 2 || lock == "" || other == "" || filt == "") print "rows " rows ", costs " lock "/" other "/" filt }')
is "$bad" "" "every bound is the counts times the printed costs"
like "$X" '^probe_check_kill_to_reaped_pct +-?[0-9]+\.[0-9]+ +# on/off A/B of \(a\), 95% CI' "the A/B cross-check is printed beside it"
like "$X" 'counted in 2 extra runs with every thread recorded' "the extra unfiltered runs are said"
is "$(leftovers)" "" "no instance or cgroup left behind"
done_testing
