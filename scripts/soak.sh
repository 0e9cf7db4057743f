#!/bin/bash
# make soak: run the quick scenario set again and again with SIGINT, SIGTERM
# and SIGKILL injected at random moments, then check what a user would fear:
# runs that finished but were lost, a damaged store, leftovers on the machine,
# and a reapbench that grows (RSS, open fds) over time. Prints the figures.
#
#   scripts/soak.sh [--runs N] [--kill-every K] [--db PATH] [--seed S]
#     --runs N        stop once N runs were stored (default 1000)
#     --kill-every K  on average one signal per K invocations (default 2)
#     --db PATH       store to use (default: a new one in a private temp dir)
#     --seed S        RANDOM seed for the injection schedule (default: from /dev/urandom)
# Exit 0 when every check held, 1 otherwise.
set -u
cd "$(dirname "$0")/.." || exit 1
RB=${RB:-./reapbench}
target=1000 kill_every=2 db="" seed=""
while [ $# -gt 0 ]; do
	case $1 in
	--runs) target=$2; shift 2 ;;
	--kill-every) kill_every=$2; shift 2 ;;
	--db) db=$2; shift 2 ;;
	--seed) seed=$2; shift 2 ;;
	-h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "soak.sh: unknown option '$1' (see --help)" >&2; exit 1 ;;
	esac
done
case "$target$kill_every" in *[!0-9]*) echo "soak.sh: --runs and --kill-every take integers" >&2; exit 1 ;; esac
[ "$(id -u)" -eq 0 ] || { echo "soak.sh: needs root (it runs reapbench)" >&2; exit 1; }
[ -x "$RB" ] || { echo "soak.sh: $RB not built (make)" >&2; exit 1; }
[ -n "$seed" ] || seed=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
RANDOM=$seed
work=$(mktemp -d /tmp/reapbench-soak.XXXXXX)
trap 'rm -rf "$work"' EXIT
[ -n "$db" ] || db=$work/soak.db
samples=$work/samples		# invocation elapsed_s rss_kib fds
: >"$samples"

count_runs() { sqlite3 -batch -noheader "$db" "SELECT COUNT(*) FROM runs" 2>/dev/null || echo 0; }
leftovers() {
	{ ls -d /sys/kernel/tracing/instances/reapbench-* 2>/dev/null
	  find /sys/fs/cgroup -maxdepth 3 -type d -name 'reapbench-*' 2>/dev/null
	  grep -h 'reapbench' /sys/kernel/tracing/kprobe_events 2>/dev/null
	  awk '$9 ~ /^fuse/ && $0 ~ /reapbench/ { print $5 }' /proc/self/mountinfo; } |
	while read -r d; do
		pid=$(basename "$d" | cut -d- -f2)
		case $pid in *[!0-9]*|"") echo "$d" ;; *) [ -d "/proc/$pid" ] || echo "$d" ;; esac
	done
}

inv=0 injected=0 int_n=0 term_n=0 kill_n=0 lost=0 bad_exit=0
start=$(date +%s)
echo "# soak: until $target runs, one signal per ~$kill_every invocations, seed $seed, store $db"
while [ "$(count_runs)" -lt "$target" ]; do
	inv=$((inv + 1))
	"$RB" run --scenario quick --db "$db" --quiet --no-summary >"$work/out" 2>"$work/err" &
	pid=$!
	sig="" at=0
	if [ $((RANDOM % kill_every)) -eq 0 ]; then
		case $((RANDOM % 3)) in 0) sig=INT ;; 1) sig=TERM ;; 2) sig=KILL ;; esac
		at=$((1 + RANDOM % 150))	# tenths of a second: the quick set lasts ~15-20 s
	fi
	t=0 before=0
	while kill -0 "$pid" 2>/dev/null; do
		if [ -r "/proc/$pid/status" ]; then
			rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
			fds=$(ls "/proc/$pid/fd" 2>/dev/null | wc -l)
			[ -n "$rss" ] && echo "$inv $t $rss $fds" >>"$samples"
		fi
		if [ -n "$sig" ] && [ "$t" -ge "$at" ]; then
			before=$(count_runs)	# committed before the signal: must all survive
			kill "-$sig" "$pid" 2>/dev/null
			injected=$((injected + 1))
			case $sig in INT) int_n=$((int_n + 1)) ;; TERM) term_n=$((term_n + 1)) ;; KILL) kill_n=$((kill_n + 1)) ;; esac
			sig=""
		fi
		sleep 0.1
		t=$((t + 1))
	done
	# bash reports a SIGKILLed job on its own stderr: not news here
	exec 3>&2 2>/dev/null; wait "$pid"; rc=$?; true; exec 2>&3 3>&-
	after=$(count_runs)
	if [ "$after" -lt "$before" ]; then
		lost=$((lost + before - after))
		echo "# invocation $inv: $((before - after)) stored runs lost after the signal"
	fi
	# exit codes a user may see: 0 done, 1 interrupted by INT/TERM, 137 SIGKILL
	case $rc in 0|1|137) ;; *) bad_exit=$((bad_exit + 1)); echo "# invocation $inv exited $rc:"; tail -3 "$work/err" | sed 's/^/#   /' ;; esac
	# finished runs kept: an interrupted set says how many it kept; the store must hold that many
	kept=$(sed -n 's/.*interrupted: \([0-9]*\) finished runs kept.*/\1/p' "$work/err" | tail -1)
	if [ -n "$kept" ]; then
		got=$(sqlite3 -batch -noheader "$db" "SELECT COUNT(*) FROM runs WHERE runset_id=(SELECT MAX(id) FROM runsets)")
		[ "$got" = "$kept" ] || { lost=$((lost + 1)); echo "# invocation $inv: said $kept kept, store has $got"; }
	fi
done
# One clean invocation sweeps what SIGKILLed ones left; then nothing may remain.
"$RB" run --size 16M --runs 1 --db "$db" --quiet --no-summary >/dev/null 2>"$work/err" || bad_exit=$((bad_exit + 1))
left=$(leftovers)
integrity=$(sqlite3 -batch -noheader "$db" "PRAGMA integrity_check" 2>&1)
running=$(sqlite3 -batch -noheader "$db" "SELECT COUNT(*) FROM runsets WHERE status='running'")
runs=$(count_runs)
wall=$(( $(date +%s) - start ))

# RSS and fds over time: the median of each invocation's samples, first quarter vs last quarter.
quarter_stats() { # column -> "first_q last_q"
	sort -k1,1n -k"$1","$1"n "$samples" | awk -v c="$1" -v n="$inv" '
	function flush() { if (k) { m = a[int((k + 1) / 2)]
		if (g <= q) { f += m; fn++ } else if (g > n - q) { l += m; ln++ } } k = 0 }
	BEGIN { q = int(n / 4); if (q < 1) q = 1 }
	$1 != g { flush(); g = $1 } { a[++k] = $c }
	END { flush(); printf "%.0f %.0f\n", fn ? f / fn : 0, ln ? l / ln : 0 }'
}
read -r rss_first rss_last <<<"$(quarter_stats 3)"
read -r fd_first fd_last <<<"$(quarter_stats 4)"
rss_max=$(awk 'BEGIN { m = 0 } $3 > m { m = $3 } END { print m }' "$samples")

echo "# soak figures"
printf '%-34s %s\n' "invocations" "$inv" "runs stored" "$runs" "wall time (s)" "$wall" \
	"signals injected (INT/TERM/KILL)" "$injected ($int_n/$term_n/$kill_n)" \
	"finished runs lost" "$lost" "unexpected exit codes" "$bad_exit" \
	"store integrity_check" "$integrity" "run sets still 'running'" "$running" \
	"leftovers after the final sweep" "$(echo "$left" | grep -c .)" \
	"RSS KiB median, first/last quarter" "$rss_first / $rss_last (max $rss_max)" \
	"open fds median, first/last quarter" "$fd_first / $fd_last"
[ -n "$left" ] && echo "$left" | sed 's/^/# left: /'

fail=0
[ "$lost" -eq 0 ] || fail=1
[ "$bad_exit" -eq 0 ] || fail=1
[ "$integrity" = ok ] || fail=1
[ "$running" -eq 0 ] || fail=1
[ -z "$left" ] || fail=1
# flat: the last quarter's median RSS within 10% (and 2 MiB) of the first's, fds equal +-2
[ "$rss_last" -le $(( rss_first + rss_first / 10 + 2048 )) ] || { echo "# RSS grew"; fail=1; }
[ "$fd_last" -le $(( fd_first + 2 )) ] || { echo "# open fds grew"; fail=1; }
[ $fail -eq 0 ] && echo "# soak: all checks held" || echo "# soak: FAILED"
exit $fail
