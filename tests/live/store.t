#!/bin/sh
# The store as `reapbench run` writes it: a new store is a reapbench store
# (application_id, schema 5, host, UUIDs) and each run records the host's boot; a foreign
# SQLite file or a symbolic link given to --db is refused and left as it was;
# a run set whose process was killed is marked died at the next run; a store
# on a read-only mount is read by export and compare.
. "$(dirname "$0")/../tap.sh"
need_root
need_cmd sqlite3 sqlite3
MNT=$TMP/mnt
trap 'umount "$MNT" 2>/dev/null; rm -rf "$TMP"' EXIT
quick() { $RB run --size 4M --trigger kill --quiet --no-summary "$@"; }

DB=$TMP/new.db
check "run creates a store" 0 quick --runs 2 --db "$DB"
is "$(sql "PRAGMA application_id")" 1382182499 "it carries reapbench's application_id"
is "$(sql "SELECT value FROM meta WHERE key='schema_version'")" 5 "schema 5"
is "$(sql "SELECT host FROM runsets WHERE id=1")" "$(hostname)" "the run set records this host"
like "$(sql "SELECT uuid FROM runs LIMIT 1")" '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' "each run has a version-4 UUID"
is "$(sql "SELECT DISTINCT boot_id FROM runs")" "$(cat /proc/sys/kernel/random/boot_id)" \
	"each run records this boot"
is "$(sql "SELECT status FROM runsets")" complete "run set complete"

# a foreign SQLite file: refused before anything is written
F=$TMP/foreign.db
sqlite3 "$F" "CREATE TABLE notes(x); INSERT INTO notes VALUES('mine');"
before=$(cksum <"$F")
check "run refuses a foreign SQLite file" 1 quick --runs 1 --db "$F"
like "$(cat "$OUT")" "foreign.db: not a reapbench store" "says it is not a store"
is "$(cksum <"$F")" "$before" "the foreign file is byte-identical"
is "$(sqlite3 "$F" "PRAGMA journal_mode")" delete "not switched to WAL"

# a symbolic link: not followed, its target not created
ln -s "$TMP/target.db" "$TMP/link.db"
check "run refuses a symbolic link" 1 quick --runs 1 --db "$TMP/link.db"
like "$(cat "$OUT")" "link.db: is a symbolic link" "says it is a symbolic link"
ok $([ ! -e "$TMP/target.db" ]; echo $?) "the link's target was not created"

# kill -9 in the middle of a run set: the next run marks it died
$RB run --size 4M --trigger kill --quiet --no-summary --runs 400 --db "$DB" >/dev/null 2>&1 &
pid=$!
for i in $(seq 1 1200); do	# up to 2 minutes (slow under ASan)
	n=$(sqlite3 "$DB" "SELECT COUNT(*) FROM runs WHERE runset_id=2" 2>/dev/null || echo 0)
	[ "${n:-0}" -ge 2 ] && break
	sleep 0.1
done
is "$(sql "SELECT status || ':' || writer_pid FROM runsets WHERE id=2")" "running:$pid" \
	"the run set records its writer while running"
kill -KILL $pid
wait $pid 2>/dev/null
check "the next run succeeds" 0 quick --runs 1 --db "$DB"
like "$(cat "$OUT")" "run set #2 .* marked died" "says which run set died"
is "$(sql "SELECT status FROM runsets WHERE id=2")" died "the killed run set is marked died"
is "$(sql "SELECT status FROM runsets WHERE id=3")" complete "the new one is complete"

# a store written by schema 1: run upgrades it in place, its runs kept
V1=$TMP/v1.db
sqlite3 "$V1" <tests/fixtures/store-schema1.sql
check "run upgrades a schema-1 store" 0 quick --runs 1 --db "$V1"
is "$(sqlite3 "$V1" "SELECT value FROM meta WHERE key='schema_version'")" 5 "schema upgraded to 5"
is "$(sqlite3 "$V1" "SELECT count(*) FROM sqlite_master WHERE name='margins'")" 1 "with the margins table (schema 4)"
is "$(sqlite3 "$V1" "SELECT COUNT(*) FROM pragma_table_info('runs')
	WHERE name IN ('sweep2_param', 'sweep2_value', 'boot_id')")" 3 "its new columns added"
check "export reads the old run set" 0 $RB export --db "$V1" --format csv old
like "$(cat "$OUT")" ',exit_mmap_us,123.5,' "the old run is kept"

# a store on read-only media is read
mkdir "$MNT"
mount -t tmpfs -o size=16m reapbench-test "$MNT" || skip_all "cannot mount a tmpfs"
check "a store on the tmpfs" 0 quick --runs 2 --db "$MNT/s.db" -l ro-media
mount -o remount,ro "$MNT"
check "export reads a store on a read-only mount" 0 $RB export --db "$MNT/s.db" ro-media
like "$(cat "$OUT")" '"label": "ro-media"' "export printed the run set"
like "$(cat "$OUT")" '"exit_mmap_us": [0-9]' "with measured values"
check "compare reads it too" 0 $RB compare --db "$MNT/s.db" ro-media ro-media
like "$(cat "$OUT")" "ro-media" "compare printed the run set"
is "$(ls -A "$MNT")" "s.db" "nothing created on the mount"
check "a writer is refused there" 1 quick --runs 1 --db "$MNT/s.db"
umount "$MNT"
is "$(leftovers)" "" "no tracefs instance or cgroup left behind"
done_testing
