#!/bin/sh
# TAP: equivalence margins on the PostgreSQL backend. An A/A run set and a
# 0.1%-shifted one (written with sqlite3 as in margins.t) pushed into a
# throwaway PostgreSQL; margin build / list and compare there give what they
# give on the SQLite store, and a rebuild replaces the row (the upsert).
. "$(dirname "$0")/../tap.sh"
[ -x "$RB" ] || skip_all "no ./reapbench (make)"
need_cmd sqlite3 sqlite3
. tests/pg.sh
pg_start || skip_all "$PG_SKIP"
U=$(pg_db rb_margins)
q() { psql "$U" -Atc "$1" | tr '|' ' '; }
DB=$TMP/m.db
"$RB" margin build none -d "$DB" >/dev/null 2>&1
info='{"cpu_model":"Test CPU","cpus_online":2,"memory_bytes":3221225472}'
# push names run sets and runs by UUID: a fixed one per id
uuid() { printf '00000000-0000-4000-8000-%012d' "$1"; }
# runset ID LABEL FACTOR: boots b1..b6 x 4 runs of
# exit_mmap_us = (1000 + 37 * ((boot * 7 + rep * 3) % 11)) * FACTOR
runset() {
	sql "INSERT INTO runsets(id, label, kernel_release, info_json, status, uuid)
	     VALUES($1, '$2', '6.12-test', '$info', 'complete', '$(uuid $1)')"
	for b in 1 2 3 4 5 6; do
		for r in 1 2 3 4; do
			id=$(($1 * 100 + b * 10 + r))
			v=$(awk -v b=$b -v r=$r -v f="$3" \
				'BEGIN { printf "%.3f", (1000 + 37 * ((b * 7 + r * 3) % 11)) * f }')
			sql "INSERT INTO runs(id, runset_id, seq, scenario, rep, valid, boot_id, uuid)
			     VALUES($id, $1, $id, 'anon-8M-kill', $r, 1, 'boot-$1-$b', '$(uuid $id)');
			     INSERT INTO metrics(run_id, name, value) VALUES($id, 'exit_mmap_us', $v)"
		done
	done
}
runset 1 aa 1
runset 2 same 1.001
check "pushed to PostgreSQL" 0 "$RB" push --db "$DB" --to "$U"
is "$(q "SELECT value FROM meta WHERE key='schema_version'")" 5 "the shared store is schema 5"
is "$(q "SELECT count(*) FROM information_schema.tables WHERE table_name='margins'")" 1 \
	"with a margins table"

check "margin build on SQLite" 0 "$RB" margin build -d "$DB" aa
cp "$OUT" "$TMP/build-sqlite"
check "margin build on PostgreSQL" 0 "$RB" margin build -d "$U" aa
like "$(cat "$OUT")" "anon-8M-kill +exit_mmap_us +ratio x0\.[0-9]+\.\.x1\.[0-9]+ +\(6 boots, primary\)" \
	"a ratio margin from 6 boots"
is "$(grep -v '^# ' "$OUT")" "$(grep -v '^# ' "$TMP/build-sqlite")" "the same margin lines as on SQLite"
is "$(q "SELECT runset_label || ' ' || kernel_release || ' ' || scale || ' ' || boots ||
	' ' || (margin > 0) || ' ' || (built_at LIKE '20%Z') FROM margins")" \
	"aa 6.12-test log 6 true true" "stored with run set, kernel, scale, boots and date"
is "$(q "SELECT round(margin::numeric, 12) FROM margins")" "$(sql "SELECT printf('%.12f', margin) FROM margins")" \
	"the same margin value (12 decimals; the two render a double differently)"
check "a rebuild replaces, not adds" 0 "$RB" margin build -d "$U" aa
is "$(q "SELECT count(*) FROM margins")" 1 "one margin row"
check "margin list on PostgreSQL" 0 "$RB" margin list -d "$U"
like "$(cat "$OUT")" "6\.12-test anon-8M-kill exit_mmap_us log [0-9.e-]+ 6 aa \(Test CPU" "lists it"
check "compare on PostgreSQL with the margin" 0 "$RB" compare -d "$U" aa same
like "$(cat "$OUT")" "Margin ratio x0\.[0-9]+\.\.x1\.[0-9]+ \(A/A\)" "the row shows its margin"
like "$(grep -A1 "verdict:" "$OUT" | tr -d '\n#')" "changed, 1 +equivalent, 0 inconclusive" \
	"a 0.1% change inside the margin is equivalent"
done_testing
