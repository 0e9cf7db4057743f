#!/bin/sh
# make fuzz: run each libFuzzer target for a set time from its seed corpus
# (tests/fuzz/corpus/TARGET, never written) and print execs/s and crashes.
#   scripts/fuzz.sh SECONDS TARGET...    (binaries in build/fuzz/fuzz_TARGET)
# Exit 1 when any target crashed; its reproducer is kept under build/fuzz/.
set -u
cd "$(dirname "$0")/.." || exit 1
# the kernel spec parser looks for kernels/patches in the data directory;
# the fuzz binaries in build/fuzz have none beside them (bench/lib/datadir.h)
export REAPBENCH_DATADIR="$PWD"
secs=$1; shift
fail=0
printf '%-12s %8s %12s %10s %8s\n' target seconds execs execs/s crashes
for t in "$@"; do
	bin=build/fuzz/fuzz_$t work=build/fuzz/run-$t
	rm -rf "$work"; mkdir -p "$work/corpus" "$work/crashes"
	# -close_fd_mask=2: the parsers' error lines would drown the fuzzer's own
	"$bin" -max_total_time="$secs" -print_final_stats=1 -close_fd_mask=2 \
		-artifact_prefix="$work/crashes/" -max_len=32768 -timeout=10 \
		"$work/corpus" "tests/fuzz/corpus/$t" >"$work/log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
	crashes=$(ls "$work/crashes" | wc -l)
	[ $rc -eq 0 ] && [ "$crashes" -eq 0 ] || { fail=1; [ "$crashes" -gt 0 ] || crashes="rc=$rc"; }
	printf '%-12s %8s %12s %10s %8s\n' "$t" "$secs" "${execs:-?}" \
		"$( [ -n "$execs" ] && echo $((execs / secs)) || echo ?)" "$crashes"
	[ $fail -eq 0 ] || grep -m3 -E 'ERROR|SUMMARY|runtime error' "$work/log" | sed 's/^/#   /'
done
exit $fail
