#!/bin/sh
# Push load test: W writers (processes posing as W hosts) push N runs each at
# once into one PostgreSQL; then count: no run lost, none twice. The runs are
# synthetic load-test data (tests/offline/test_fill_store synthetic: labels
# say so, values are run numbers), written to throwaway stores, never mixed
# with measurements. The server is a throwaway cluster (scripts/pg-cluster.sh)
# with fsync on, stopped and removed on every exit.
#   scripts/pg-load.sh [WRITERS [RUNS]]     (default 4 x 1000; make pg-load)
set -eu
cd "$(dirname "$0")/.."
W=${1:-4}
N=${2:-1000}
SETS=10
[ $((N % SETS)) -eq 0 ] || { echo "pg-load: RUNS must be a multiple of $SETS" >&2; exit 1; }

make -s reapbench tests/offline/test_fill_store >/dev/null
WORK=$(mktemp -d /tmp/reapbench-load.XXXXXX)
PGDIR=$(mktemp -d /tmp/reapbench-pg.XXXXXX)
cleanup() { scripts/pg-cluster.sh stop "$PGDIR"; rm -rf "$PGDIR" "$WORK"; }
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

URI=$(PG_FSYNC=on scripts/pg-cluster.sh start "$PGDIR") || exit 4
psql "$URI" -qc "CREATE DATABASE rb_load"
U=$(echo "$URI" | sed 's|/postgres?|/rb_load?|')
q() { psql "$U" -Atc "$1" | tr '|' ' '; }
now() { date +%s.%N; }

echo "pg-load: $W writers x $N synthetic runs ($SETS run sets of $((N / SETS))), PostgreSQL $(psql "$U" -Atc 'SHOW server_version'), fsync $(psql "$U" -Atc 'SHOW fsync')"
i=1
while [ $i -le "$W" ]; do
	tests/offline/test_fill_store synthetic "$WORK/host$i.db" "load-host-$i" $SETS $((N / SETS))
	i=$((i + 1))
done
# an empty database: the writers also race to create the schema
echo "before: an empty database, $(q "SELECT count(*) FROM information_schema.tables WHERE table_schema='public'") tables, 0 runs; local stores: $(for i in $(seq 1 "$W"); do sqlite3 "$WORK/host$i.db" 'SELECT count(*) FROM runs'; done | tr '\n' ' ')runs"

push_all() { # round: W pushes at once, then their exit codes and times
	t0=$(now)
	i=1
	while [ $i -le "$W" ]; do
		( s=$(now); ./reapbench push --db "$WORK/host$i.db" --to "$U" >"$WORK/push$i.out" 2>&1;
		  echo $? "$s" "$(now)" >"$WORK/push$i.rc" ) &
		i=$((i + 1))
	done
	wait
	t1=$(now)
	fails=0
	i=1
	while [ $i -le "$W" ]; do
		read -r rc s e <"$WORK/push$i.rc"
		[ "$rc" -eq 0 ] || { fails=$((fails + 1)); cat "$WORK/push$i.out" >&2; }
		printf '  writer %d: exit %d, %.3f s: %s\n' "$i" "$rc" "$(echo "$e - $s" | bc)" \
			"$(sed 's/.*: run sets/run sets/; s/; [0-9.]* s$//' "$WORK/push$i.out")"
		i=$((i + 1))
	done
	printf '  all %d writers: %.3f s wall\n' "$W" "$(echo "$t1 - $t0" | bc)"
	return $fails
}

echo "round 1: $W concurrent pushes"
push_all
echo "after:  runs $(q 'SELECT count(*) FROM runs'), distinct run UUIDs $(q 'SELECT count(DISTINCT uuid) FROM runs'), duplicates $(q 'SELECT count(*) - count(DISTINCT uuid) FROM runs'), run sets $(q 'SELECT count(*) FROM runsets'), metrics $(q 'SELECT count(*) FROM metrics')"
echo "per host: $(psql "$U" -Atc "SELECT s.host || '=' || count(*) FROM runs r JOIN runsets s ON s.id = r.runset_id GROUP BY s.host ORDER BY s.host" | tr '\n' ' ')"
echo "round 2: the same $W pushes again at once (idempotent)"
push_all
echo "after:  runs $(q 'SELECT count(*) FROM runs'), duplicates $(q 'SELECT count(*) - count(DISTINCT uuid) FROM runs'), run sets $(q 'SELECT count(*) FROM runsets')"

# two writers pushing the same run sets at once race on the same UUIDs
psql "$URI" -qc "CREATE DATABASE rb_race"
R=$(echo "$URI" | sed 's|/postgres?|/rb_race?|')
echo "round 3: host 1's store pushed by 2 writers at once into an empty database"
t0=$(now)
./reapbench push --db "$WORK/host1.db" --to "$R" >"$WORK/race1.out" 2>&1 & p1=$!
./reapbench push --db "$WORK/host1.db" --to "$R" >"$WORK/race2.out" 2>&1 & p2=$!
rc1=0; rc2=0
wait $p1 || rc1=$?
wait $p2 || rc2=$?
printf '  exits %d %d, %.3f s; %s | %s\n' $rc1 $rc2 "$(echo "$(now) - $t0" | bc)" \
	"$(sed 's/.*: run sets/run sets/; s/; [0-9.]* s$//' "$WORK/race1.out")" \
	"$(sed 's/.*: run sets/run sets/; s/; [0-9.]* s$//' "$WORK/race2.out")"
race=$(psql "$R" -Atc "SELECT count(*) || ' ' || (count(*) - count(DISTINCT uuid)) FROM runs")
echo "after:  runs ${race% *}, duplicates ${race#* }"

want=$((W * N))
got=$(q 'SELECT count(*) FROM runs')
dups=$(q 'SELECT count(*) - count(DISTINCT uuid) FROM runs')
if [ "$got" -ne "$want" ] || [ "$dups" -ne 0 ] || [ "$race" != "$N 0" ] || [ $rc1 -ne 0 ] ||
   [ $rc2 -ne 0 ]; then
	echo "pg-load: FAIL: $got runs, expected $want; $dups duplicates" >&2
	exit 1
fi
echo "pg-load: ok: $got of $want runs, 0 lost, 0 duplicated"
