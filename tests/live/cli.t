#!/bin/sh
# Command-line behaviour: help, bad input (one clear line, exit 1), refusals.
. "$(dirname "$0")/../tap.sh"
DB=$TMP/cli.db

for c in info list run export; do
	check "$c --help exits 0" $RB $c --help
done
check "--version" $RB --version
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
ok $([ $? -eq 1 ] && grep -q "noshape.ini: \[x\]: key 'trigger' missing" "$TMP/err"; echo $?) \
	"missing key named"
is "$([ -e "$DB" ] && echo exists)" "" "nothing written after bad input"

if [ "$(id -u)" -eq 0 ]; then
	$RB run --size 100T --db "$DB" >/dev/null 2>"$TMP/err"
	ok $([ $? -eq 1 ] && grep -q "refused" "$TMP/err"; echo $?) \
		"a size that could cause a global OOM is refused"
	is "$([ -e "$DB" ] && echo exists)$(leftovers)" "" "refusal happens before anything starts"
	$RB info --json > "$TMP/info.json"
	check "info --json is valid JSON with the tracepoints" perl -MJSON::PP -e \
		'local $/; my $j = decode_json(<STDIN>);
		 exit !exists $j->{tracing}{events}{"mmap_lock:mmap_lock_start_locking"}' \
		< "$TMP/info.json"
fi
check "list shows the triggers" sh -c "$RB list | grep -q 'kill+mrelease'"
done_testing
