#!/bin/sh
# Output written as root never goes through a name someone planted: report,
# plot and run --save-events create every file under a fresh name (O_EXCL,
# O_NOFOLLOW) in a directory opened with O_NOFOLLOW and rename it into place;
# a directory that is a symlink, belongs to another user or is writable by
# others is refused with one line naming it.
. "$(dirname "$0")/../tap.sh"
need_root
need_cmd gnuplot gnuplot-nox
DB=$TMP/o.db
KEEP=$TMP/keep	# what planted symlinks point at: must stay as it is
printf 'keep\n' >"$KEEP"
mkdir "$TMP/keepdir"
run() { $RB run --size 16M --runs 2 --db "$DB" --quiet --no-summary "$@"; }
planted() { # DIR NAME...: symlinks DIR/NAME -> $KEEP
	d=$1; shift
	for n in "$@"; do ln -s "$KEEP" "$d/$n"; done
}
untouched() { # DESC
	is "$(cat "$KEEP")" keep "$1: the symlink target is untouched"
	is "$(ls "$TMP/keepdir")" "" "$1: the directory a symlink points at stays empty"
}

# -- run --save-events
mkdir -m 0755 "$TMP/ev"
planted "$TMP/ev" run-1-anon-kill.events run-2-anon-kill.events
check "run --save-events with symlinks planted at the fixture names" 0 run --label a --save-events "$TMP/ev"
untouched "save-events"
is "$(stat -c %F "$TMP/ev/run-1-anon-kill.events")" "regular file" \
	"save-events: the fixture is a regular file in place of the symlink"
like "$(head -1 "$TMP/ev/run-2-anon-kill.events")" "^# kernel " "save-events: the fixture has its content"
is "$(ls -A "$TMP/ev" | grep -c tmp)" 0 "save-events: no temporary file left"
mkdir -m 0755 "$TMP/ev-nobody" && chown 65534 "$TMP/ev-nobody"
check "save-events into a directory owned by uid 65534 is refused" 1 run --save-events "$TMP/ev-nobody"
like "$(cat "$OUT")" "ev-nobody: refused: the directory belongs to uid 65534, not to uid 0" \
	"save-events: the refusal names the directory and its owner"
is "$(ls -A "$TMP/ev-nobody")" "" "save-events: nothing written there"
ln -s "$TMP/keepdir" "$TMP/ev-link"
check "save-events into a symlink is refused" 1 run --save-events "$TMP/ev-link"
like "$(cat "$OUT")" "ev-link: refused: a symbolic link" "save-events: says it is a symlink"
untouched "save-events into a symlink"
check "a second run set" 0 run --label b

# -- report -o
mkdir -m 0755 "$TMP/rep" "$TMP/rep/data"
planted "$TMP/rep" compare.txt compare.txt.tmp evidence.txt index.html.tmp data.json \
	ecdf-anon-16M-kill-exit_mmap_us.png ecdf-anon-16M-kill-exit_mmap_us.svg
planted "$TMP/rep/data" ecdf-anon-16M-kill-exit_mmap_us.dat phases.dat
check "report -o DIR with symlinks planted at the predictable names" 0 $RB report --db "$DB" -o "$TMP/rep" a b
untouched "report"
for f in compare.txt evidence.txt data.json ecdf-anon-16M-kill-exit_mmap_us.png \
	data/ecdf-anon-16M-kill-exit_mmap_us.dat data/phases.dat; do
	is "$(stat -c %F "$TMP/rep/$f")" "regular file" "report: $f is a regular file"
done
like "$(file -b "$TMP/rep/ecdf-anon-16M-kill-exit_mmap_us.png" 2>/dev/null ||
	head -c 4 "$TMP/rep/ecdf-anon-16M-kill-exit_mmap_us.png")" \
	"PNG" "report: gnuplot's image went to the file reapbench created"
like "$(head -2 "$TMP/rep/data/ecdf-anon-16M-kill-exit_mmap_us.dat")" "# reapbench ECDF" "report: the data file has its content"
is "$(find "$TMP/rep" -name '*.tmp' ! -name compare.txt.tmp ! -name index.html.tmp | wc -l)" 0 \
	"report: no temporary file left"

mkdir -m 0755 "$TMP/rep2" && ln -s "$TMP/keepdir" "$TMP/rep2/data"
check "report whose data/ is a symlink is refused" 1 $RB report --db "$DB" -o "$TMP/rep2" a b
like "$(cat "$OUT")" "data: refused: a symbolic link" "report: names data/ as a symlink"
untouched "report with data/ a symlink"
mkdir -m 0755 "$TMP/rep-nobody" && chown 65534:65534 "$TMP/rep-nobody"
check "report -o a directory owned by uid 65534 is refused" 1 $RB report --db "$DB" -o "$TMP/rep-nobody" a b
like "$(cat "$OUT")" "rep-nobody: refused: the directory belongs to uid 65534" "report: says whose it is"
is "$(ls -A "$TMP/rep-nobody")" "" "report: nothing written into it"
mkdir -m 0777 "$TMP/rep-open" && chmod 0777 "$TMP/rep-open"
check "report -o a world-writable directory is refused" 1 $RB report --db "$DB" -o "$TMP/rep-open" a b
like "$(cat "$OUT")" "rep-open: refused: the directory is writable by others \(mode 0777\)" \
	"report: says it is writable by others"
ln -s "$TMP/keepdir" "$TMP/rep-link"
check "report -o a symlink is refused" 1 $RB report --db "$DB" -o "$TMP/rep-link" a b
untouched "report -o a symlink"
check "report -o a new directory under umask 002" 0 sh -c "umask 002; $RB report --db '$DB' -o '$TMP/rep-new' a b"
is "$(stat -c %a "$TMP/rep-new")" 755 "report: a new directory is 0755 whatever the umask"

# -- plot -o
mkdir -m 0755 "$TMP/plot"
planted "$TMP/plot" box-exit_mmap_us.png box-exit_mmap_us.svg
check "plot -o DIR with symlinks planted at the image names" 0 $RB plot --db "$DB" -k box -o "$TMP/plot" a b
untouched "plot"
is "$(stat -c %F "$TMP/plot/box-exit_mmap_us.svg")" "regular file" "plot: the image is a regular file"
like "$(head -c 300 "$TMP/plot/box-exit_mmap_us.svg")" "<svg" "plot: the SVG has its content"
is "$(leftovers)" "" "no cgroup or instance left behind"
done_testing
