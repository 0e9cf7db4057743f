#!/bin/sh
# Command-line behaviour: help, bad input (one clear line, exit 1), refusals.
. "$(dirname "$0")/../tap.sh"
DB=$TMP/cli.db

for c in info list run export; do
	check "$c --help exits 0" 0 $RB $c --help
done
check "--version" 0 $RB --version
$RB nosuch >/dev/null 2>"$TMP/err"; ok $([ $? -eq 1 ]; echo $?) "unknown command: exit 1"
$RB run --shape nosuch --db "$DB" >/dev/null 2>"$TMP/err"
ok $([ $? -eq 1 ] && grep -q "shape 'nosuch': unknown" "$TMP/err"; echo $?) "unknown shape named, exit 1"
$RB run --runs 0 --db "$DB" >/dev/null 2>"$TMP/err"
ok $([ $? -eq 1 ] && grep -q -- "--runs '0'" "$TMP/err"; echo $?) "bad --runs named, exit 1"

cat > "$TMP/bad.ini" <<'INI'
[ok]
shape = anon
trigger = kill

[broken]
shape = anon
trigger = nosuch
INI
$RB run --scenario "$TMP/bad.ini" --db "$DB" >/dev/null 2>"$TMP/err"
ok $([ $? -eq 1 ] && grep -q "bad.ini:7: key 'trigger': unknown trigger 'nosuch'" "$TMP/err"; echo $?) \
	"scenario file error names file, line and key"
printf '[x]\nshape = anon\n' > "$TMP/noshape.ini"
$RB run --scenario "$TMP/noshape.ini" --db "$DB" >/dev/null 2>"$TMP/err"
ok $([ $? -eq 1 ] && grep -q "noshape.ini:1: \[x\]: key 'trigger' missing" "$TMP/err"; echo $?) \
	"missing key named"
is "$([ -e "$DB" ] && echo exists)" "" "nothing written after bad input"

if [ "$(id -u)" -eq 0 ]; then
	$RB run --size 900G --db "$DB" >/dev/null 2>"$TMP/err"
	ok $([ $? -eq 1 ] && grep -q "refused" "$TMP/err"; echo $?) \
		"a size that could cause a global OOM is refused"
	is "$([ -e "$DB" ] && echo exists)$(leftovers)" "" "refusal happens before anything starts"
	$RB info --json > "$TMP/info.json"
	check "info --json is valid JSON with the tracepoints" 0 perl -MJSON::PP -e \
		'local $/; my $j = decode_json(<STDIN>);
		 exit !exists $j->{tracing}{events}{"mmap_lock:mmap_lock_start_locking"}' \
		< "$TMP/info.json"
fi
# A store written by schema 1 is upgraded in place, its runs kept.
V1=$TMP/v1.db
sqlite3 "$V1" "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
INSERT INTO meta VALUES('schema_version','1');
CREATE TABLE runsets(id INTEGER PRIMARY KEY, label TEXT NOT NULL, kernel_release TEXT,
  started_at TEXT, ended_at TEXT, suite_version TEXT, git_commit TEXT, command TEXT,
  seed INTEGER, info_json TEXT, status TEXT);
CREATE TABLE runs(id INTEGER PRIMARY KEY, runset_id INTEGER NOT NULL, seq INTEGER,
  scenario TEXT, shape TEXT, trigger TEXT, contenders TEXT, params_json TEXT,
  sweep_param TEXT, sweep_value REAL, rep INTEGER, valid INTEGER NOT NULL,
  invalid_reason TEXT, started_at TEXT, wall_us REAL);
CREATE TABLE metrics(run_id INTEGER NOT NULL, name TEXT NOT NULL, value REAL, text TEXT,
  absent_reason TEXT, PRIMARY KEY(run_id, name));
INSERT INTO runsets(id, label, status, info_json) VALUES(1, 'old', 'complete', '{}');
INSERT INTO runs(id, runset_id, seq, scenario, valid, params_json) VALUES(1, 1, 1, 's', 1, '{}');
INSERT INTO metrics VALUES(1, 'exit_mmap_us', 123.5, NULL, NULL);"
$RB export --db "$V1" --format csv old > "$TMP/v1.csv" 2>&1
ok $(grep -q ',exit_mmap_us,123.5,' "$TMP/v1.csv"; echo $?) "a schema-1 store is read after the upgrade"
is "$(sqlite3 "$V1" "SELECT value FROM meta WHERE key='schema_version'")" 2 "schema upgraded to 2"
is "$(sqlite3 "$V1" "SELECT COUNT(*) FROM pragma_table_info('runs') WHERE name LIKE 'sweep2_%'")" 2 \
	"2-D sweep columns added"
printf 'CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT); INSERT INTO meta VALUES("schema_version","99");' |
	sqlite3 "$TMP/v99.db"
$RB export --db "$TMP/v99.db" >/dev/null 2>"$TMP/err"
ok $([ $? -eq 1 ] && grep -q "schema version 99" "$TMP/err"; echo $?) "a newer store is refused, naming versions"

check "list shows the triggers" 0 sh -c "$RB list | grep -q 'kill+mrelease'"
done_testing
