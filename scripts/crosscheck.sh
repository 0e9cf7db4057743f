#!/bin/sh
# make crosscheck [SIZE [RUNS]]: hyperfine times whole victim lives and its
# median is compared with what reapbench's numbers predict for the same life.
#
#   measured  = hyperfine median of `reapbench-selfbench --life SIZE`
#               (exec, fork, populate SIZE, SIGKILL, waitpid, exit)
#   predicted = hyperfine median of `reapbench-selfbench --life 0` (the same
#               without memory: exec/fork/kill/exit cost, the start-up; it
#               also holds the kill/reap of an empty child, counted twice)
#             + median populate_us the --life runs logged (fork -> ready)
#             + median kill_to_reaped_us of `reapbench run --size SIZE --trigger kill`
# Prints each part with its unit; asserts nothing about the figures.
set -eu
cd "$(dirname "$0")/.."
size=${1:-64M}
runs=${2:-30}
bin=bench/selfbench/reapbench-selfbench
[ "$(id -u)" = 0 ] || { echo "crosscheck: needs root (reapbench run)" >&2; exit 4; }
command -v hyperfine >/dev/null || { echo "crosscheck: skipped: hyperfine missing (apt-get install hyperfine)" >&2; exit 4; }
[ -x "$bin" ] && [ -x ./reapbench ] || { echo "crosscheck: build first (make reapbench bench-self)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# nth "median" value (1-based) of a pretty-printed hyperfine JSON, in seconds
median_of() { grep '"median"' "$1" | sed -n "${2}p" | sed 's/.*: *//; s/,$//'; }
# median of the KEY=VALUE field of the --life log, in microseconds (warm-up lines dropped)
log_median() {
	tail -n +4 "$tmp/life.log" | sed -n "s/.*$1=\([0-9.]*\).*/\1/p" | sort -g |
		awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

hyperfine -N --style basic --warmup 3 --runs "$runs" --export-json "$tmp/hf.json" \
	"$bin --life $size --log $tmp/life.log" "$bin --life 0" >&2
./reapbench run --size "$size" --trigger kill --runs "$runs" --db "$tmp/rb.db" --no-summary -q >&2
./reapbench export --format hyperfine --metric kill_to_reaped_us --db "$tmp/rb.db" > "$tmp/rb.json"

life_s=$(median_of "$tmp/hf.json" 1)
start_s=$(median_of "$tmp/hf.json" 2)
rb_s=$(median_of "$tmp/rb.json" 1)
pop_us=$(log_median populate_us)
own_us=$(log_median kill_to_reaped_us)
awk -v life="$life_s" -v start="$start_s" -v rb="$rb_s" -v pop="$pop_us" -v own="$own_us" \
    -v size="$size" -v runs="$runs" 'BEGIN {
	pred = start + pop / 1e6 + rb
	printf "# crosscheck: anon %s victim, %d runs each (hyperfine -N --warmup 3; reapbench run --trigger kill)\n", size, runs
	printf "hyperfine_life_median_us              %10.1f   # measured: exec+fork+populate+kill+reap+exit\n", life * 1e6
	printf "hyperfine_startup_median_us           %10.1f   # --life 0: the same without memory\n", start * 1e6
	printf "life_populate_median_us               %10.1f   # logged by the --life runs (fork -> ready)\n", pop
	printf "reapbench_kill_to_reaped_median_us    %10.1f   # reapbench run (memcg, tracing on)\n", rb * 1e6
	printf "life_kill_to_reaped_median_us         %10.1f   # the --life runs own clock (no memcg, no tracing)\n", own
	printf "predicted_life_us                     %10.1f   # startup + populate + reapbench kill_to_reaped\n", pred * 1e6
	printf "predicted_minus_measured_pct          %10.2f\n", (pred - life) / life * 100
}'
