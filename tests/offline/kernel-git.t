#!/bin/sh
# git:/TREE@REV sources, ab --tree and bisect refuse bad input with one line and
# exit 1, before anything is built, and leave the user's tree as it was (HEAD,
# index, working files). The tree is a tiny git repository, not a kernel.
. "$(dirname "$0")/../tap.sh"
[ -x "$RB" ] || skip_all "no ./reapbench (make)"
need_cmd git
export REAPBENCH_CACHE="$TMP/cache"
G="git -C $TMP/tree -c user.name=t -c user.email=t@localhost"
mkdir -p "$TMP/tree/mm"
echo 'int a;' > "$TMP/tree/mm/mmap.c"
echo 'all:' > "$TMP/tree/Makefile"
$G init -q && $G add -A && $G commit -q -m one
echo 'int b;' >> "$TMP/tree/mm/mmap.c"
$G commit -q -a -m two
head=$($G rev-parse HEAD) first=$($G rev-parse HEAD~1)
state() { echo "$($G rev-parse HEAD) $($G status --porcelain | tr '\n' ' ')"; }
before=$(state)
spec() { printf '[kernel]\nname = %s\nsource = %s\n%s\n' "$1" "$2" "${3:-}" > "$TMP/$1.ini"; }

spec good "git:$TMP/tree@HEAD~1"
check "kernel spec --sh: a git source resolves its revision" 0 $RB kernel spec --sh "$TMP/good.ini"
like "$(cat "$OUT")" "spec_git_commit=$first" "the commit id of HEAD~1 is recorded"
like "$(cat "$OUT")" "spec_git_tree=$TMP/tree" "the tree is recorded"

spec missing "git:$TMP/no-such-tree@HEAD"
check "missing tree: exit 1" 1 $RB kernel build "$TMP/missing.ini"
like "$(cat "$OUT")" "tree $TMP/no-such-tree: no such directory" "the missing tree is named"
is "$(wc -l < "$OUT")" 1 "one line for a missing tree"

spec unknown "git:$TMP/tree@no-such-rev"
check "unknown revision: exit 1" 1 $RB kernel build "$TMP/unknown.ini"
like "$(cat "$OUT")" "tree $TMP/tree: unknown revision 'no-such-rev'" "the unknown revision is named"
is "$(wc -l < "$OUT")" 1 "one line for an unknown revision"

echo 'int dirty;' >> "$TMP/tree/mm/mmap.c"
spec dirty "git:$TMP/tree@HEAD"
check "dirty tree as git:: exit 1" 1 $RB kernel build "$TMP/dirty.ini"
like "$(cat "$OUT")" "tree $TMP/tree: has uncommitted changes to tracked files" "the dirty tree is named"
is "$(wc -l < "$OUT")" 1 "one line for a dirty tree"
check "ab --tree on a dirty tree: exit 1" 1 $RB ab --tree "$TMP/tree" HEAD~1 HEAD --runs 1
like "$(cat "$OUT")" "has uncommitted changes" "ab --tree refuses the dirty tree"
$G checkout -q mm/mmap.c

check "ab --tree with an unknown revision: exit 1" 1 $RB ab --tree "$TMP/tree" HEAD nope --runs 1
like "$(cat "$OUT")" "unknown revision 'nope'" "ab --tree names the unknown revision"
check "ab --tree with a missing tree: exit 1" 1 $RB ab --tree "$TMP/gone" HEAD HEAD~1
like "$(cat "$OUT")" "tree $TMP/gone: no such directory" "ab --tree names the missing tree"
check "ab --tree --dry-run: the plan names both commits" 0 $RB ab --dry-run --tree "$TMP/tree" HEAD~1 HEAD --runs 1
like "$(cat "$OUT")" "build   A tree-$(echo $first | cut -c1-12) \(git:$TMP/tree@$first" "side A is the first commit"
like "$(cat "$OUT")" "build   B tree-$(echo $head | cut -c1-12) \(git:$TMP/tree@$head" "side B is HEAD"

check "bisect with a missing tree: exit 1" 1 $RB bisect --tree "$TMP/gone" --good HEAD~1 --bad HEAD --metric exit_mmap_us
like "$(cat "$OUT")" "tree $TMP/gone: no such directory" "bisect names the missing tree"
check "bisect with an unknown revision: exit 1" 1 $RB bisect --tree "$TMP/tree" --good nope --bad HEAD --metric exit_mmap_us
like "$(cat "$OUT")" "unknown revision 'nope'" "bisect names the unknown revision"
check "bisect with good after bad: exit 1" 1 $RB bisect --tree "$TMP/tree" --good HEAD --bad HEAD~1 --metric exit_mmap_us
like "$(cat "$OUT")" "is not an ancestor of --bad" "bisect explains the order"

# An mbox that does not apply stops kernel-build-git.sh at git am, before make.
printf 'From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\nFrom: t <t@localhost>\nDate: Mon, 1 Jan 2026 00:00:00 +0000\nSubject: [PATCH] mm: does not apply\n\n---\n--- a/mm/mmap.c\n+++ b/mm/mmap.c\n@@ -1 +1 @@\n-int nothing_like_this;\n+int c;\n' > "$TMP/bad.mbox"
spec mbox "git:$TMP/tree@HEAD" "series = mbox:$TMP/bad.mbox"
check "kernel spec: an mbox series is accepted" 0 $RB kernel spec --sh "$TMP/mbox.ini"
like "$(cat "$OUT")" "spec_series=.*mbox:$TMP/bad.mbox" "the series is in the resolved spec"
if command -v make >/dev/null && command -v gcc >/dev/null && command -v bc >/dev/null &&
	command -v bison >/dev/null && command -v flex >/dev/null; then
	check "an mbox that does not apply: exit 1" 1 env REAPBENCH="$PWD/$RB" scripts/kernel-build.sh "$TMP/mbox.ini"
	like "$(cat "$OUT")" "series $TMP/bad.mbox: patch '\[PATCH\] mm: does not apply' does not apply to $head \(nothing built\)" \
		"the patch that does not apply is named"
	unlike "$(cat "$OUT")" "building" "make never ran"
	is "$(find "$REAPBENCH_CACHE" -name bzImage | wc -l)" 0 "nothing built"
	# A series that applies gets past git am (this tree is no kernel: make stops it later).
	$G format-patch -q -1 HEAD --stdout > "$TMP/good.mbox"
	spec goodmbox "git:$TMP/tree@HEAD~1" "series = mbox:$TMP/good.mbox"
	check "an mbox that applies: git am passes, the non-kernel tree fails at make" 1 env REAPBENCH="$PWD/$RB" scripts/kernel-build.sh "$TMP/goodmbox.ini"
	like "$(cat "$OUT")" "applying the mbox $TMP/good.mbox" "the mbox is applied"
	unlike "$(cat "$OUT")" "does not apply" "and it applies"
else
	skip 7 "no kernel build tools (scripts/install-deps.sh --with-kernels)"
fi
spec range "git:$TMP/tree@HEAD~1" "series = range:HEAD~1..HEAD"
check "kernel spec: a range series of the tree is accepted" 0 $RB kernel spec --sh "$TMP/range.ini"
spec badrange "git:$TMP/tree@HEAD~1" "series = range:HEAD~1..nope"
check "a range with an unknown end: exit 1" 1 $RB kernel spec --sh "$TMP/badrange.ini"
like "$(cat "$OUT")" "unknown revision 'nope'" "the unknown end of the range is named"
spec baddir "git:$TMP/tree@HEAD" "series = dir:$TMP/no-patches"
check "a missing patch directory: exit 1" 1 $RB kernel spec --sh "$TMP/baddir.ini"
like "$(cat "$OUT")" "series: no directory $TMP/no-patches" "the missing directory is named"
spec badseries "git:$TMP/tree@HEAD" "series = mbox:$TMP/none.mbox"
check "a missing mbox: exit 1" 1 $RB kernel build "$TMP/badseries.ini"
like "$(cat "$OUT")" "series: no mbox $TMP/none.mbox" "the missing mbox is named"

is "$(state)" "$before" "the user's tree: HEAD, index and working files as before"
done_testing
