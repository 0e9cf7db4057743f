#!/bin/sh
# TAP: equivalence margins learned from A/A boots (reapbench margin build /
# list), used by compare for the matching kernel and machine; the calibration
# line of a B whose kernel spec states a known shift. Stores written with
# sqlite3: 6 boots x 4 runs a side, deterministic values.
. "$(dirname "$0")/../tap.sh"
[ -x "$RB" ] || skip_all "no ./reapbench (make)"
need_cmd sqlite3 sqlite3
DB=$TMP/m.db
# an empty store of the current schema: a writer's open creates it
"$RB" margin build none -d "$DB" >/dev/null 2>&1
is "$(sql "PRAGMA user_version")" "5" "the store is schema 5"
is "$(sql "SELECT count(*) FROM sqlite_master WHERE name='margins'")" "1" "with a margins table"

# the verdict counts, on one line
verdicts() { grep -A1 "verdict:" "$OUT" | tr -d '\n#'; }
info='{"cpu_model":"Test CPU","cpus_online":2,"memory_bytes":3221225472'
# runset ID LABEL KERNEL INFO_TAIL FACTOR ADD: boots b1..b6 x 4 runs of
# exit_mmap_us = (1000 + 37 * ((boot * 7 + rep * 3) % 11)) * FACTOR + ADD
runset() {
	sql "INSERT INTO runsets(id, label, kernel_release, info_json, status)
	     VALUES($1, '$2', '$3', '$info$4}', 'complete')"
	for b in 1 2 3 4 5 6; do
		for r in 1 2 3 4; do
			id=$(($1 * 100 + b * 10 + r))
			v=$(awk -v b=$b -v r=$r -v f="$5" -v a="$6" \
				'BEGIN { printf "%.3f", (1000 + 37 * ((b * 7 + r * 3) % 11)) * f + a }')
			sql "INSERT INTO runs(id, runset_id, seq, scenario, rep, valid, boot_id)
			     VALUES($id, $1, $id, 'anon-8M-kill', $r, 1, 'boot-$1-$b');
			     INSERT INTO metrics(run_id, name, value) VALUES($id, 'exit_mmap_us', $v)"
		done
	done
}
runset 1 aa 6.12-test "" 1 0
runset 2 same 6.12-test "" 1.001 0
runset 3 other-kernel 6.1-test "" 1 0
runset 4 cal 6.12-test ',"kernel_spec":{"calibration":{"metric":"exit_mmap_us","known_shift_us":1000}}' 1 1000

check "compare without margins" 0 "$RB" compare -d "$DB" aa same
like "$(cat "$OUT")" "Margin none: cannot call equivalent" "the row says it has no margin"
like "$(verdicts)" "changed, 0 +equivalent, 1 inconclusive" "so it is inconclusive, not equivalent"
like "$(cat "$OUT")" "margins: 0 of 1 tested rows have an A/A margin" "the method says none"

check "margin build from the A/A run set" 0 "$RB" margin build -d "$DB" aa
like "$(cat "$OUT")" "kernel 6\.12-test, machine Test CPU, 2 CPUs, 3072 MiB" "names kernel and machine"
like "$(cat "$OUT")" "anon-8M-kill +exit_mmap_us +ratio x0\.[0-9]+\.\.x1\.[0-9]+ +\(6 boots, primary\)" \
	"a ratio margin from 6 boots"
is "$(sql "SELECT runset_label || ' ' || kernel_release || ' ' || scale || ' ' || boots ||
	' ' || (margin > 0) || ' ' || (built_at LIKE '20%Z') FROM margins")" \
	"aa 6.12-test log 6 1 1" "stored with run set, kernel, scale, boots and date"
check "a rebuild replaces, not adds" 0 "$RB" margin build -d "$DB" aa
is "$(sql "SELECT count(*) FROM margins")" "1" "one margin row"
check "margin list" 0 "$RB" margin list -d "$DB"
like "$(cat "$OUT")" "6\.12-test anon-8M-kill exit_mmap_us log [0-9.e-]+ 6 aa \(Test CPU" "lists it"

check "compare with the margin" 0 "$RB" compare -d "$DB" aa same
like "$(cat "$OUT")" "Margin ratio x0\.[0-9]+\.\.x1\.[0-9]+ \(A/A\)" "the row shows its margin"
like "$(verdicts)" "changed, 1 +equivalent, 0 inconclusive" "a 0.1% change inside the margin is equivalent"
like "$(cat "$OUT")" "aa \(6 boots, built 20" "the method names the margin's run set"
check "another kernel's margin is not used" 0 "$RB" compare -d "$DB" other-kernel same
like "$(cat "$OUT")" "Margin none: cannot call equivalent" "no margin for 6.1-test"
check "--margin-from a run set with no margins" 1 "$RB" compare -d "$DB" --margin-from same aa same
like "$(cat "$OUT")" "^reapbench: --margin-from 'same': no margins built from it for kernel 6\.12-test" \
	"one line naming the flag"
check "--margin-from the A/A run set" 0 "$RB" compare -d "$DB" --margin-from aa aa same
like "$(verdicts)" "changed, 1 +equivalent" "uses it"

check "compare --split counts the primary rows apart" 0 "$RB" compare -d "$DB" --split --repeats 5 aa aa
like "$(cat "$OUT")" "primary rows flagged: [0-9]+ of 5 \(" "one primary row per split, 5 splits"

check "margin build: too few boots" 1 "$RB" margin build -d "$DB" --warmup 0 -s none aa
like "$(cat "$OUT")" "no margin learned from aa" "says why"
check "margin: unknown subcommand" 1 "$RB" margin frob
like "$(cat "$OUT")" "^reapbench: margin: unknown subcommand 'frob' \(build, list\)$" "one line"

check "compare a calibration B" 2 "$RB" compare -d "$DB" aa cal
like "$(cat "$OUT")" "calibration of exit_mmap_us \(p10 shift, boots resampled\):" \
	"names the metric and the estimator"
like "$(cat "$OUT")" "known \+1000 us, recovered \+1000 us \[\+[0-9]+, \+[0-9]+\], within 10%" \
	"known against recovered, with its boot interval and the tolerance"
check "compare --format json of a calibration B" 2 "$RB" compare -d "$DB" --format json aa cal
like "$(tr -d ' \n' < "$OUT")" '"calibration":\{"metric":"exit_mmap_us","known_shift_us":1000(\.0)?,"estimator":"p10shift","recovered_us":1000' \
	"data.json carries the calibration"
done_testing
