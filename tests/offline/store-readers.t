#!/bin/sh
# Read-only commands (export, compare, report, plot, trend) open the store
# read-only: a missing path is one clear line and nothing is created; a
# symbolic link or a foreign SQLite file is refused and left as it was; a WAL
# store in a directory the reader cannot write is read.
. "$(dirname "$0")/../tap.sh"
need_cmd sqlite3 sqlite3

# A store as schema 2 wrote it (readers take it as it is), in WAL mode.
make_store() {
	sqlite3 -batch "$1" "
	CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
	CREATE TABLE runsets(id INTEGER PRIMARY KEY, label TEXT NOT NULL, kernel_release TEXT,
	  started_at TEXT, ended_at TEXT, suite_version TEXT, git_commit TEXT, command TEXT,
	  seed INTEGER, info_json TEXT, status TEXT);
	CREATE TABLE runs(id INTEGER PRIMARY KEY, runset_id INTEGER NOT NULL, seq INTEGER,
	  scenario TEXT, shape TEXT, trigger TEXT, contenders TEXT, params_json TEXT,
	  sweep_param TEXT, sweep_value REAL, sweep2_param TEXT, sweep2_value REAL, rep INTEGER,
	  valid INTEGER NOT NULL, invalid_reason TEXT, started_at TEXT, wall_us REAL);
	CREATE TABLE metrics(run_id INTEGER NOT NULL, name TEXT NOT NULL, value REAL, text TEXT,
	  absent_reason TEXT, PRIMARY KEY(run_id, name));
	INSERT INTO meta VALUES('schema_version', '2');
	INSERT INTO runsets VALUES(1, 'fixture-a', '6.1', 't', 't', '0', 'g', 'c', 5, '{}', 'complete');
	INSERT INTO runs(id, runset_id, seq, scenario, shape, trigger, params_json, rep, valid)
	  VALUES(1, 1, 1, 'anon-8M-kill', 'anon', 'kill', '{}', 1, 1);
	INSERT INTO metrics VALUES(1, 'exit_mmap_us', 1234.5, NULL, NULL);
	PRAGMA journal_mode=WAL;" >/dev/null
}

# every reader on a path that does not exist
for cmd in "export" "compare a b" "report -o $TMP/rep a b" "plot -o $TMP/plots a b" \
	   "trend --metric m --scenario s"; do
	check "$cmd: missing store is an error" 1 $RB $cmd --db "$TMP/none/x.db"
	like "$(cat "$OUT")" "x.db: no such store" "$cmd: says the store is missing"
	is "$(wc -l <"$OUT")" 1 "$cmd: in one line"
	ok $([ ! -e "$TMP/none" ]; echo $?) "$cmd: created nothing"
done

make_store "$TMP/good.db"
check "export reads a store" 0 $RB export --db "$TMP/good.db"
like "$(cat "$OUT")" '"exit_mmap_us": 1234.5' "export printed the stored value"
is "$(ls "$TMP" | grep good)" "good.db" "the reader left no -wal or -shm beside it"

# a symbolic link, to a store or to nothing
ln -s "$TMP/good.db" "$TMP/link.db"
check "export refuses a symbolic link" 1 $RB export --db "$TMP/link.db"
like "$(cat "$OUT")" "link.db: is a symbolic link" "says it is a symbolic link"
ln -s "$TMP/nowhere.db" "$TMP/dangling.db"
check "compare refuses a dangling link" 1 $RB compare --db "$TMP/dangling.db" a b
ok $([ ! -e "$TMP/nowhere.db" ]; echo $?) "the link's target was not created"

# a foreign SQLite file stays byte-identical
sqlite3 "$TMP/foreign.db" "CREATE TABLE notes(x); INSERT INTO notes VALUES('mine');"
before=$(cksum <"$TMP/foreign.db")
check "export refuses a foreign SQLite file" 1 $RB export --db "$TMP/foreign.db"
like "$(cat "$OUT")" "foreign.db: not a reapbench store" "says it is not a store"
is "$(cksum <"$TMP/foreign.db")" "$before" "the foreign file is byte-identical"
is "$(ls "$TMP" | grep -c foreign)" 1 "no -wal, -shm or journal beside it"

# A WAL store the reader cannot write next to (no -shm can be created): as
# another user when root (root ignores file modes), else by the file modes.
mkdir "$TMP/ro"
make_store "$TMP/ro/store.db"
before=$(cksum <"$TMP/ro/store.db")
chmod 0444 "$TMP/ro/store.db"
chmod 0555 "$TMP/ro"
as_reader=
if [ "$(id -u)" -eq 0 ]; then
	chmod 0711 "$TMP"
	as_reader="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
check "export reads a WAL store in a read-only directory" 0 $as_reader $RB export --db "$TMP/ro/store.db"
like "$(cat "$OUT")" '"label": "fixture-a"' "the run set came out"
like "$(cat "$OUT")" '"exit_mmap_us": 1234.5' "with its value"
check "compare reads it too" 0 $as_reader $RB compare --db "$TMP/ro/store.db" fixture-a fixture-a
like "$(cat "$OUT")" "fixture-a" "compare printed the run set"
is "$(ls -A "$TMP/ro")" "store.db" "nothing created beside it"
is "$(cksum <"$TMP/ro/store.db")" "$before" "the store is byte-identical"
chmod 0755 "$TMP/ro"
done_testing
