#!/bin/sh
# make bench-self: the suite's own cost (the probe effect: the on/off A/B of whole
# runs (a), the cost of one traced event (e) and the bound per metric (f), see
# doc/PROBE-EFFECT.md; harness overhead, decode rate vs perf script, decoder peak
# RSS), printed and kept with the command, the machine and the load average in
# results/samples/self-bench.txt (SELF_BENCH_OUT overrides).
# Extra arguments go to reapbench-selfbench (see its --help).
set -eu
cd "$(dirname "$0")/.."
bin=bench/selfbench/reapbench-selfbench
out=${SELF_BENCH_OUT:-results/samples/self-bench.txt}
[ "$(id -u)" = 0 ] || { echo "bench-self: needs root (tracefs, cgroups)" >&2; exit 4; }
command -v perf >/dev/null || { echo "bench-self: skipped: perf missing (apt-get install linux-perf)" >&2; exit 4; }
[ -x "$bin" ] || { echo "bench-self: $bin not built (make bench-self)" >&2; exit 1; }
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
{
	echo "# reapbench self-benchmark"
	echo "# command: scripts/bench-self.sh $*  ($bin $*)"
	echo "# date: $(date -u +%Y-%m-%dT%H:%M:%SZ)  reapbench $(cat VERSION) git $(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
	echo "# machine: $(uname -r) $(uname -m), $(nproc) CPUs ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)), MemTotal $(awk '/MemTotal/ {print $2, $3}' /proc/meminfo)"
	echo "# $(perf version 2>/dev/null)"
	# other work on the machine moves every timing: say how busy it was
	echo "# loadavg at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$tmp"
"$bin" "$@" >> "$tmp"
echo "# loadavg at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$tmp"
cat "$tmp"
mkdir -p "$(dirname "$out")"
cp "$tmp" "$out"
echo "# saved in $out" >&2
