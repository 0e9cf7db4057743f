#!/bin/sh
# series = mbox:/FILE or dir:/DIR on a path: source (debian-source takes the
# same code): scripts/kernel-build.sh applies the patches in order with
# patch -p1 in the spec's tree, never in the source, and records each
# subject and blob id in source.facts; a message that does not apply stops it
# before make with one line naming its subject; range: (git only) and series
# on a prebuilt kernel are refused by the spec parser naming file:line. The
# "kernel tree" is a few files and a Makefile that only writes a fake .config
# and bzImage: nothing is compiled.
. "$(dirname "$0")/../tap.sh"
[ -x "$RB" ] || skip_all "no ./reapbench (make)"
for t in git make gcc bc bison flex patch cpio flock; do need_cmd $t; done
top=$(pwd)
d=$TMP/data
mkdir -p "$d/kernels/config" "$TMP/src/mm"
export REAPBENCH_DATADIR="$d" REAPBENCH_CACHE="$TMP/cache" REAPBENCH="$top/$RB"
printf 'tinyconfig olddefconfig:\n\tmkdir -p $(O) && echo CONFIG_FAKE=y > $(O)/.config\n' > "$TMP/src/Makefile"
printf 'bzImage:\n\tmkdir -p $(O)/arch/x86/boot && echo fake > $(O)/arch/x86/boot/bzImage\n' >> "$TMP/src/Makefile"
printf 'line 1\nline 2\nline 3\n' > "$TMP/src/mm/mmap.c"
orig=$(cat "$TMP/src/mm/mmap.c")

# the series: two commits of a copy, as format-patch files and as one mbox
G="git -C $TMP/r -c user.name=t -c user.email=t@localhost"
cp -r "$TMP/src" "$TMP/r"
$G init -q && $G add -A && $G commit -q -m base
sed -i 's/line 1/line 1 first/' "$TMP/r/mm/mmap.c" && $G commit -q -a -m "mm: first change"
sed -i 's/line 3/line 3 second/' "$TMP/r/mm/mmap.c" && $G commit -q -a -m "mm: second change"
$G format-patch -q -2 -o "$TMP/dir"
$G format-patch -q -2 --cover-letter --stdout > "$TMP/series.mbox"
sed -i 's/line 3/line 3 other/' "$TMP/r/mm/mmap.c" && $G commit -q -a -m "mm: conflicting change"
$G format-patch -q -1 --stdout > "$TMP/bad.mbox"

spec() { printf '[kernel]\nname = %s\nsource = %s\n%s\n' "$1" "$2" "$3" > "$d/kernels/$1.ini"; }
spec sdir "path:$TMP/src" "series = dir:$TMP/dir"
spec smbox "path:$TMP/src" "series = mbox:$TMP/series.mbox"
spec sbad "path:$TMP/src" "series = mbox:$TMP/bad.mbox"
spec srange "path:$TMP/src" "description = x
series = range:HEAD~2..HEAD"
spec spre "prebuilt:linux-image-6.12*" "series = dir:$TMP/dir"

for s in sdir smbox; do
	check "$s: the series is applied (fake make)" 0 "$top/scripts/kernel-build.sh" $s
	tree=$TMP/cache/trees/$s
	is "$(cat "$tree/mm/mmap.c" | tr '\n' '|')" "line 1 first|line 2|line 3 second|" "$s: both patches, in order"
	facts=$tree/.rb-build/source.facts
	is "$(grep -c '^patch_blob ' "$facts")" 2 "$s: source.facts has one patch line each"
	like "$(grep '^patch_blob ' "$facts" | head -n 1)" "^patch_blob [0-9a-f]{40} mm: first change$" "$s: first subject and blob id"
	like "$(grep '^patch_blob ' "$facts" | tail -n 1)" "^patch_blob [0-9a-f]{40} mm: second change$" "$s: second subject"
	like "$(cat "$facts")" "series ${s#s}:$TMP/" "$s: the series is recorded"
	[ $s = smbox ] || is "$(grep '^patch_blob ' "$facts" | head -n 1 | cut -d' ' -f2)" \
		"$(git hash-object "$TMP"/dir/0001-*.patch)" "$s: the blob id is the patch file's"
	is "$(cat "$TMP/src/mm/mmap.c")" "$orig" "$s: the source tree is untouched"
done
like "$(cat "$OUT")" "skipping '\*\*\* SUBJECT HERE \*\*\*': no diff in it" "mbox: the cover letter is skipped"
check "dir: a second build with the same series prepares nothing" 0 "$top/scripts/kernel-build.sh" sdir
unlike "$(cat "$OUT")" "applying" "the tree is kept"

check "a message that does not apply: exit 1" 1 "$top/scripts/kernel-build.sh" sbad
like "$(cat "$OUT")" "series $TMP/bad.mbox: patch 'mm: conflicting change' does not apply to path:$TMP/src \(nothing built\)" \
	"names the message's subject"
is "$([ -e "$TMP/cache/trees/sbad/.rb-build/arch" ] && echo built || echo none)" "none" "nothing built"
is "$(cat "$TMP/src/mm/mmap.c")" "$orig" "the source tree is untouched"

check "range: on a path: source: exit 1" 1 "$RB" kernel spec --sh srange
like "$(cat "$OUT")" "srange.ini:5: series = range: needs a git:/TREE@REV source" "names file:line"
is "$(wc -l < "$OUT")" 1 "one line for range:"
check "series on a prebuilt kernel: exit 1" 1 "$RB" kernel spec --sh spre
like "$(cat "$OUT")" "spre.ini:4: series = is for sources that are built" "names file:line"
rm -rf "$TMP/dir"
check "a missing series directory: exit 1" 1 "$RB" kernel spec --sh sdir
like "$(cat "$OUT")" "sdir.ini:4: series: no directory $TMP/dir" "names file:line and the directory"
done_testing
