#!/bin/sh
# Parameters and scenario files: every bad input is refused before anything is
# created, with one line naming the file:line or the flag (issue 10 "Input" and
# "Safety"); `run --check` validates and prints the plan, creating nothing.
# No root needed: all of this happens before run asks for it.
. "$(dirname "$0")/../tap.sh"
DB=$TMP/params.db

refused() { # refused DESC REGEX CMD...: exit 1, the message, and no store created
	d=$1 re=$2; shift 2
	check "$d: exit 1" 1 "$@"
	like "$(cat "$OUT")" "$re" "$d: says why"
	is "$([ -e "$DB" ] && echo created)" "" "$d: no store created"
}

# -- scenario files: file_case NAME CONTENT DESC REGEX [RUN-FLAGS]
file_case() {
	printf "$2" > "$TMP/$1.ini"
	refused "$3" "$4" $RB run ${5:-} --scenario "$TMP/$1.ini" --db "$DB"
}
file_case typo '[a]\nshape = anon\ntrigger = kill\nrun = 1\n' \
	"typo 'run = 1'" \
	"typo.ini:4: \[a\]: unknown key 'run' \(shape anon, trigger kill take: size\); every scenario takes shape, trigger, contenders, runs" --check
file_case sise '[a]\nshape = anon\nsise = 4M\ntrigger = kill\n' \
	"typo 'sise = 4M'" \
	"sise.ini:3: \[a\]: unknown key 'sise'"
file_case dup '[a]\nshape = anon\ntrigger = kill\n\n[b]\nshape = anon\ntrigger = kill\n\n[a]\nsize = 8M\n' \
	"a section name given twice" \
	"dup.ini:9: section \[a\] given again \(first at line 1\)" --check
file_case adj '[a]\nshape = anon\ntrigger = kill\n[a]\nshape = mlock\n' \
	"the same section twice in a row" \
	"adj.ini:4: section \[a\] given again" --check
file_case twice '[a]\nshape = anon\nsize = 4M\ntrigger = kill\nsize = 8M\n' \
	"a key twice in one section" \
	"twice.ini:5: key 'size' given twice \(first at line 3\)" --check
file_case first '[a]\nshape = anon\ntrigger = kill\nsize = 0\n[b]\nshape = nosuch\ntrigger = kill\n' \
	"two errors: the first one's line" \
	"first.ini:4: \[a\]: key 'size': '0' is outside 4K..1T" --check
file_case exp '[a]\nshape = anon\ntrigger = kill\nsize = 1e3M\n' \
	"1e3M in a file" \
	"exp.ini:4: .*'1e3M' is not a size" --check
file_case empty '[a]\nshape = anon\ntrigger = kill\ncontenders = churn,,madvise\n' \
	"an empty contender entry" \
	"empty.ini:4: key 'contenders': empty entry" --check
file_case dupc '[a]\nshape = anon\ntrigger = kill\ncontenders = churn,churn\n' \
	"a contender listed twice" \
	"dupc.ini:4: key 'contenders': contender 'churn' listed twice" --check
file_case badc '[a]\nshape = anon\ntrigger = kill\ncontenders = madvise\nmadvise = bogus\n' \
	"a bad contender parameter" \
	"badc.ini:5: \[a\]: key 'madvise': 'bogus' is not one of cold\|pageout"
file_case ckey '[a]\nshape = anon\ntrigger = kill\nchurn_threads = 2\n' \
	"a contender's key without that contender" \
	"ckey.ini:4: \[a\]: unknown key 'churn_threads'" --check
# binary input: the error is named, the bytes are never echoed raw
printf '[a\001\033[31m]\nshape = \033[2J\377\nx\000y = 1\n' > "$TMP/bin.ini"
check "a binary scenario file: exit 1" 1 $RB run --check --scenario "$TMP/bin.ini" --db "$DB"
like "$(cat "$OUT")" "bin.ini:2: key 'shape': unknown shape '.x1b\[2J.xff'" "binary: escaped, first error's line"
is "$(tr -d '[:print:]\n' < "$OUT" | wc -c)" "0" "binary: nothing unprintable printed"
head -c 4096 "$RB" > "$TMP/elf.ini"
check "the reapbench binary as a scenario file: exit 1" 1 $RB run --check --scenario "$TMP/elf.ini"
like "$(cat "$OUT")" "elf.ini:1: syntax error" "binary file: a syntax error at line 1"
is "$(tr -d '[:print:]\n' < "$OUT" | wc -c)" "0" "binary file: nothing unprintable printed"

{ printf '[a]\nshape = anon\ntrigger = kill\n# %0300d\nsise = 1\n' 0; } > "$TMP/long.ini"
refused "a line longer than inih's buffer" "long.ini:4: line longer than 199 characters" \
	$RB run --check --scenario "$TMP/long.ini" --db "$DB"
{ printf '[a]\nshape = anon\ntrigger = kill\n# %0197d\nsise = 1\n' 0; } > "$TMP/fits.ini"
refused "a 199-character line fits; the next line keeps its number" "fits.ini:5: \[a\]: unknown key 'sise'" \
	$RB run --check --scenario "$TMP/fits.ini" --db "$DB"

# -- the command line
refused "--param typo" "--param sise: unknown key 'sise' \(shape anon, trigger kill take: size\)" \
	$RB run --param sise=4M --db "$DB"
refused "--size 0" "--size: '0' is outside 4K..1T" $RB run --size 0 --db "$DB"
refused "--size 1e3M" "--size: '1e3M' is not a size" $RB run --size 1e3M --db "$DB"
refused "--size 16169288644G (its memcg limit used to wrap to 288 MiB)" \
	"--size: '16169288644G' is outside 4K..1T" $RB run --size 16169288644G --db "$DB"
refused "--size 16E and more" "--size: '16E' is not a size" $RB run --size 16E --db "$DB"
refused "--size 2^64 bytes" "--size: '18446744073709551616' is too large" \
	$RB run --size 18446744073709551616 --db "$DB"
refused "a huge stall" "--param stall: '99999999999999s' is too large: valid are 0us..600s" \
	$RB run --trigger stall --param stall=99999999999999s --db "$DB"
refused "a stall past its range" "--param stall: '601s' is outside 0us..600s" \
	$RB run --trigger stall --param stall=601s --db "$DB"
refused "a huge mrelease_delay_us" "--param mrelease_delay_us: '18446744073709551615' is outside 0us..10s" \
	$RB run --trigger kill+mrelease --param mrelease_delay_us=18446744073709551615 --db "$DB"
refused "a bad contender parameter" "--param madvise: 'bogus' is not one of cold\|pageout" \
	$RB run --contender madvise --param madvise=bogus --db "$DB"
refused "a duplicate contender" "--contender: contender 'churn' listed twice" \
	$RB run --contender churn,churn --db "$DB"
refused "an empty contender entry" "--contender: empty entry" $RB run --contender churn, --db "$DB"
refused "--param runs=" "--param 'runs=2': runs has its own option" $RB run --param runs=2 --db "$DB"
refused "--param twice" "--param 'size=8M': key size given twice" \
	$RB run --param size=4M --param size=8M --db "$DB"
refused "an unsweepable key" "--sweep 'stall_from=kill,read': cannot sweep 'stall_from' in anon-64M-stall \(sweepable there: size, stall\)" \
	$RB run --trigger stall --sweep stall_from=kill,read --db "$DB"
refused "a sweep value out of range" "--sweep 'size=0,4M': size: '0' is outside 4K..1T" \
	$RB run --sweep size=0,4M --db "$DB"
for f in "--shape mlock" "--size 4M" "--trigger stall" "--contender churn" "--param size=4M"; do
	# shellcheck disable=SC2086
	refused "--scenario with $f" "${f%% *} cannot be combined with --scenario" \
		$RB run --scenario quick $f --db "$DB"
done

# -- run --check: the plan, nothing created
check "--check on the quick set: exit 0" 0 $RB run --check --scenario quick --db "$DB"
like "$(cat "$OUT")" "^# plan: [0-9]+ of 11 scenarios runnable \($(pwd)/workloads/scenarios/quick.ini\), [0-9]+ runs, expected duration ~" "--check: the plan's totals"
like "$(cat "$OUT")" "anon-256M-kill +3 runs  shape anon  trigger kill  size=256M  \(footprint 256M, memcg limit 304M\)" "--check: a line per scenario with its memcg limit"
like "$(cat "$OUT")" "# check: valid; nothing was created" "--check: says valid"
is "$([ -e "$DB" ] && echo created)" "" "--check: no store created"
check "--check --runs overrides a file's runs" 0 $RB run --check --scenario quick --runs 1 --db "$DB"
like "$(cat "$OUT")" "# --runs 1 overrides the runs of every scenario in $(pwd)/workloads/scenarios/quick.ini" "--runs with --scenario: said"
like "$(cat "$OUT")" "# plan: [0-9]+ of 11 scenarios runnable .*, ([0-9]|1[01]) runs" "--runs with --scenario: applied"
check "--check with a sweep" 0 $RB run --check --trigger stall --size 8M --sweep stall=1s..2s/500ms --runs 2
like "$(cat "$OUT")" "anon-stall@stall=1500ms|anon-8M-stall@stall=1500ms +2 runs .*stall=1500ms" "--check: every sweep point"
like "$(cat "$OUT")" "expected duration ~[0-9.]+ s" "--check: an expected duration"
refused "--check refuses what the memory budget refuses" "anon-900G-kill: refused: needs a [0-9]+ MiB memcg" \
	$RB run --check --size 900G --db "$DB"
refused "a stall as long as --timeout" "anon-64M-stall: the trigger waits 120.0 s, not less than --timeout 120 s" \
	$RB run --check --trigger stall --param stall=120s --db "$DB"
check "a stall shorter than --timeout" 0 $RB run --check --trigger stall --param stall=120s --timeout 130
like "$(cat "$OUT")" "anon-64M-stall +5 runs  shape anon  trigger stall  stall=120s" "--check: the stall scenario planned"
if [ -e /sys/devices/system/node/node1 ]; then
	skip 3 "this machine has 2 NUMA nodes: numa interleave is not skipped"
else
	check "--check when every scenario would be skipped: exit 4" 4 \
		$RB run --check --shape numa --param mode=interleave --db "$DB"
	like "$(cat "$OUT")" "numa-64M-kill +skipped: mode=interleave needs 2 NUMA nodes" "--check: the skip reason"
	like "$(cat "$OUT")" "# check: valid, but nothing would run here \(exit 4\)" "--check: says so"
fi

# -- reapbench list reads the same tables
check "list" 0 $RB list
like "$(cat "$OUT")" "size: size 4K\.\.1T, default 64M, sweepable" "list: a size key with range, default, sweepable"
like "$(cat "$OUT")" "stall: duration 0us\.\.600s, default 3s, sweepable" "list: a duration key"
like "$(cat "$OUT")" "madvise: enum cold\|pageout, default cold" "list: a contender's enum key"
check "run --help" 0 $RB run --help
like "$(cat "$OUT")" "--check +validate everything" "run --help: --check"
like "$(cat "$OUT")" "-c and -p are refused with it, -n" "run --help: what --scenario does with the other flags"
like "$(cat "$OUT")" "mrelease_delay_us +duration \(kill\+mrelease\)" "run --help: the sweepable keys, from the tables"
like "$(cat "$OUT")" "size +size \(anon, mlock, thp, shmem, file, threads, numa\)" "run --help: a key several shapes share"
done_testing
