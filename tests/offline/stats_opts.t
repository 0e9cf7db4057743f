#!/bin/sh
# TAP: the statistics options have one range and one message in every command
# that takes them (compare, report, plot, ab; trend the bootstrap ones), and
# the same help line. Parsing only: no store is opened for a bad value.
. "$(dirname "$0")/../tap.sh"
[ -x "$RB" ] || skip_all "no ./reapbench (make)"

# cmd and the arguments it needs besides the option under test
for cmd in compare report plot ab trend; do
	case $cmd in
	compare) args="A B" ;;
	report|plot) args="-o $TMP/out A B" ;;
	ab) args="6.12 6.12" ;;
	trend) args="--metric m --scenario s" ;;
	esac
	for bad in "alpha 0.9 1e-9..0.5" "alpha 0 1e-9..0.5" "alpha x 1e-9..0.5" \
		"resamples 1999 an integer, 2000..10000000" "resamples 2e3 an integer, 2000..10000000" \
		"seed -1 an integer, 0..4294967295" "seed 4294967296 an integer, 0..4294967295" \
		"warmup -1 an integer, 0..1000" "warmup 1001 an integer, 0..1000"; do
		opt=${bad%% *} rest=${bad#* } val=${rest%% *} range=${rest#* }
		case $cmd:$opt in trend:alpha|trend:warmup) continue ;; esac
		# shellcheck disable=SC2086
		check "$cmd --$opt $val: exit 1" 1 "$RB" $cmd --$opt "$val" $args
		is "$(cat "$OUT")" "reapbench: $cmd: bad value '$val' for --$opt ($range)" \
			"$cmd --$opt $val: the one message"
	done
	[ $cmd = trend ] || {
		# shellcheck disable=SC2086
		check "$cmd --noise-floor: exit 1" 1 "$RB" $cmd --noise-floor 2 $args
		like "$(cat "$OUT")" "^reapbench: $cmd: --noise-floor is gone: 'equivalent' now needs the interval inside a margin learned from A/A boots" \
			"$cmd --noise-floor: one line pointing to the margins"
	}
	check "$cmd --help" 0 "$RB" $cmd --help
	like "$(cat "$OUT")" "--resamples N: bootstrap resamples, 2000\.\.10000000 \(default 2000\)" \
		"$cmd --help: the shared --resamples line"
	like "$(cat "$OUT")" "--seed N: bootstrap / split RNG seed, 0\.\.4294967295" \
		"$cmd --help: the shared --seed line"
done
# trend takes no verdict options
check "trend --alpha: not an option of trend" 1 "$RB" trend --alpha 0.01 --metric m --scenario s
like "$(cat "$OUT")" "unrecognized option '--alpha'" "trend --alpha: getopt names it"
# the edges are inside the range
check "ab --dry-run takes the edges of the ranges" 0 "$RB" ab --dry-run --alpha 0.5 \
	--resamples 2000 --seed 4294967295 --warmup 0 6.12 6.12
like "$(cat "$OUT")" "alpha 0\.5, 0 warm-up run\(s\) per boot, 2000 resamples, seed 4294967295" \
	"ab --dry-run: the report gets the values given"
done_testing
