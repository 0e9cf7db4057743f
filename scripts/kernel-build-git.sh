#!/bin/sh
# kernel-build-git.sh: build a spec whose source is git:/TREE@REV; print its image path.
#
# Usage: kernel-build-git.sh [-j N] [-f] SPEC      (kernel-build.sh runs it)
# The user's tree is only read: REV is checked out in a worktree of it in
# the cache ($CACHE/git/TREEID/wt, `git worktree add --detach`), one per
# tree, so switching revisions rewrites only the files that differ and make
# rebuilds only what they touch; the build is out of tree in wt/.rb-build,
# with ccache. [kernel] series = mbox:/FILE or dir:/DIR (git am, in order) or
# range:A..B (git cherry-pick) is applied on top, in the worktree; a patch
# that does not apply stops here, before make, with one line naming it.
# Config: [kernel] base (tinyconfig or defconfig) + the spec's fragments +
# olddefconfig. Images are kept by key (tree, commit, series, config) in
# $CACHE/git/TREEID/images/KEY/ and published to $CACHE/trees/NAME/.rb-build/
# with .config and source.facts (tree, rev, commit, each applied patch's
# commit id and subject), which kernel-run.sh hands to the run's record.
# The first build of a tree is seeded from a finished build of Debian's
# linux-source with the same config: files equal to that source get an old
# mtime, so make rebuilds only what differs.
# Exit: 0 ok, 1 error, 4 capability missing.
set -eu

prog=kernel-build-git.sh
. "$(dirname "$0")/kernel-lib.sh"

jobs=$(nproc 2>/dev/null || echo 2)
fresh=0
while getopts j:fh opt; do
	case $opt in
	j) jobs=$OPTARG ;;
	f) fresh=1 ;;
	h) sed -n '2,/^set -eu/p' "$0" | sed -e '/^set -eu/d' -e 's/^# \{0,1\}//'; exit 0 ;;
	*) exit 1 ;;
	esac
done
shift $((OPTIND - 1))
[ $# = 1 ] || die "want exactly one SPEC"
rb_spec "$1"	# checked: tree is a clean git work tree, REV resolves, series exists
[ "$spec_kind" = git ] || die "$spec_file: not a git:/TREE@REV source"
cache=$(rb_cache) name=$spec_name tree=$spec_git_tree commit=$spec_git_commit
for t in git make gcc bc bison flex flock diff; do
	command -v $t >/dev/null || missing "no $t (scripts/install-deps.sh --with-kernels)"
done

config_files=
for c in $spec_configs; do
	config_files="$config_files $spec_datadir/kernels/config/$c"
done
cfg_stamp=$( { echo "$spec_config_base"; for f in $config_files; do sha256sum < "$f"; done; } | sha256sum | cut -c1-16)
series_kind=${spec_series%%:*} series_arg=${spec_series#*:}
series_digest=none
case $spec_series in
'') ;;
mbox:*) series_digest=$(sha256sum < "$series_arg" | cut -c1-16) ;;
dir:*)
	ls "$series_arg"/*.patch >/dev/null 2>&1 || die "series: no *.patch files in $series_arg"
	series_digest=$(cat "$series_arg"/*.patch | sha256sum | cut -c1-16) ;;
range:*)
	series_digest=$(git -C "$tree" rev-list --reverse "$series_arg" | sha256sum | cut -c1-16)
	[ -n "$(git -C "$tree" rev-list "$series_arg")" ] || die "series: range $series_arg is empty" ;;
esac
key=$(printf '%s\n' "$tree" "$commit" "$series_digest" "$cfg_stamp" | sha256sum | cut -c1-16)
treeid=$(printf '%s' "$tree" | sha256sum | cut -c1-12)
gitdir=$cache/git/$treeid
wt=$gitdir/wt
build=$wt/.rb-build
kept=$gitdir/images/$key
pub=$cache/trees/$name/.rb-build

publish() {
	rm -rf "$pub"
	mkdir -p "$pub/arch/x86/boot"
	cp "$kept/bzImage" "$pub/arch/x86/boot/bzImage"
	cp "$kept/config" "$pub/.config"
	cp "$kept/source.facts" "$pub/source.facts"
	echo "$key" > "$pub/.rb-key"
	echo "$pub/arch/x86/boot/bzImage"
}

mkdir -p "$gitdir/images" "$cache/trees" || die "cannot create $gitdir"
exec 9>"$gitdir/.lock"
flock -n 9 || { note "waiting for another build from $tree"; flock 9; }
if [ $fresh = 0 ] && [ -f "$kept/bzImage" ]; then
	note "$name: $tree at ${commit%????????????????????????????} built before (key $key)"
	publish
	exit 0
fi

t_start=$(date +%s)
# 1. The worktree (never the user's checkout), at the commit.
if [ ! -d "$wt" ]; then
	note "adding worktree $wt of $tree (once per tree)"
	git -C "$tree" worktree add -q --detach "$wt" "$commit" >&2 || die "git worktree add failed"
	rm -rf "$gitdir/seeded"
fi
# Leftovers of an interrupted git am / cherry-pick in our worktree.
git -C "$wt" am --abort >/dev/null 2>&1 || true
git -C "$wt" cherry-pick --abort >/dev/null 2>&1 || true
git -C "$wt" checkout -q -f --detach "$commit" >&2 || die "cannot check out $commit in $wt"

# 2. The series, on top (commits in the worktree only).
gw() { git -C "$wt" -c user.name=reapbench -c user.email=reapbench@localhost "$@"; }
failed_subject() {
	gw am --show-current-patch=raw 2>/dev/null | sed -n 's/^Subject: *//p' | head -n 1
}
case $series_kind in
mbox)
	note "applying the mbox $series_arg (git am)"
	if ! gw am -q "$series_arg" >&2; then
		s=$(failed_subject); gw am --abort >/dev/null 2>&1 || true
		die "series $series_arg: patch '$s' does not apply to $commit (nothing built)"
	fi ;;
dir)
	note "applying $series_arg/*.patch (git am, by name)"
	if ! gw am -q "$series_arg"/*.patch >&2; then
		s=$(failed_subject); gw am --abort >/dev/null 2>&1 || true
		die "series $series_arg: patch '$s' does not apply to $commit (nothing built)"
	fi ;;
range)
	note "cherry-picking $series_arg"
	if ! gw cherry-pick $(git -C "$tree" rev-list --reverse "$series_arg") >/dev/null 2>&1; then
		gw cherry-pick --abort >/dev/null 2>&1 || true
		die "series $series_arg does not apply to $commit (nothing built)"
	fi ;;
esac

# 3. Seed a first build from a Debian-source build with the same config.
if [ ! -f "$build/.rb-config-stamp" ] && [ ! -e "$gitdir/seeded" ]; then
	for other in "$cache"/trees/*/; do
		other=${other%/}
		[ -f "$other/.rb-build/arch/x86/boot/bzImage" ] || continue
		[ "$(cat "$other/.rb-build/.rb-config-stamp" 2>/dev/null)" = "$cfg_stamp" ] || continue
		case $(head -n 1 "$other/.rb-tree-stamp.source" 2>/dev/null) in
		debian-source:*) ;;
		*) continue ;;
		esac
		[ -z "$(tr -d '[:space:]' < "$other/.rb-patched-files" 2>/dev/null)" ] || continue
		pristine=$cache/src/$(head -n 1 "$other/.rb-tree-stamp.source" | sed 's/^debian-source://')
		[ -d "$pristine" ] || continue
		rm -rf "$build"
		flock -n "$cache/trees/.lock-$(basename "$other")" cp -a "$other/.rb-build" "$build" ||
			{ rm -rf "$build"; continue; }
		rm -f "$build/arch/x86/boot/bzImage" "$build/build.log"
		note "seeded the build from $(basename "$other"); comparing the worktree with $pristine"
		diff -rq -x .git -x .rb-build -x .rb-extracted "$pristine" "$wt" > "$gitdir/seed.diff" 2>&1 || [ $? = 1 ] ||
			{ rm -rf "$build"; note "diff failed: a cold build"; break; }
		# Equal files get an old mtime (older than every seeded object); what differs stays new.
		find "$wt" -path "$wt/.git" -prune -o -path "$build" -prune -o -type f -print0 |
			xargs -0 touch -h -d @946684800
		sed -n "s|^Files .* and $wt/\(.*\) differ\$|\1|p" "$gitdir/seed.diff" | while IFS= read -r f; do
			touch -h "$wt/$f"
		done
		sed -n "s|^Only in $wt\(/[^:]*\)\{0,1\}: \(.*\)\$|\1/\2|p" "$gitdir/seed.diff" | while IFS= read -r f; do
			find "$wt/${f#/}" -type f -exec touch -h {} +
		done
		note "$(grep -c "$wt" "$gitdir/seed.diff" || true) file(s) differ from $pristine"
		break
	done
	: > "$gitdir/seeded"
fi
mkdir -p "$build"

kmake() {
	make -C "$wt" O=.rb-build ARCH=x86_64 LOCALVERSION="-rb-$name" \
		KBUILD_BUILD_USER=reapbench KBUILD_BUILD_HOST=localhost "$@"
}

# 4. Config.
if [ "$(cat "$build/.rb-config-stamp" 2>/dev/null)" != "$cfg_stamp" ] || [ ! -f "$build/.config" ]; then
	note "configuring: $spec_config_base +$(for f in $config_files; do printf ' %s' "$(basename "$f")"; done)"
	kmake -s "$spec_config_base" >&2 || die "make $spec_config_base failed"
	if [ -n "$config_files" ]; then
		"$wt/scripts/kconfig/merge_config.sh" -m -O "$build" "$build/.config" $config_files >"$build/merge.log" 2>&1 ||
			{ cat "$build/merge.log" >&2; die "merge_config.sh failed"; }
	fi
	kmake -s olddefconfig >&2 || die "make olddefconfig failed"
	echo "$cfg_stamp" > "$build/.rb-config-stamp"
fi
rb_config_check "$build" $config_files

# 5. Build.
cc=gcc
if command -v ccache >/dev/null; then
	cc="ccache gcc"
	export CCACHE_BASEDIR="$cache"
fi
note "building $name ($tree at $commit) with make -j$jobs CC='$cc'"
t_build=$(date +%s)
rm -f "$build/arch/x86/boot/bzImage"
{ kmake -j"$jobs" CC="$cc" bzImage 2>&1 || echo "rb-build-failed $?"; } > "$build/build.log"
if grep -q '^rb-build-failed' "$build/build.log"; then
	tail -n 30 "$build/build.log" >&2
	die "building $name failed (log: $build/build.log)"
fi
[ -f "$build/arch/x86/boot/bzImage" ] || die "no bzImage after the build"
t_end=$(date +%s)

# 6. Keep it by key, with what it was built from.
rm -rf "$kept.tmp"
mkdir -p "$kept.tmp"
cp "$build/arch/x86/boot/bzImage" "$kept.tmp/bzImage"
cp "$build/.config" "$kept.tmp/config"
{
	echo "tree $tree"
	echo "rev $spec_git_rev"
	echo "commit $commit"
	echo "subject $(git -C "$wt" log -1 --format=%s "$commit")"
	echo "series $spec_series"
	echo "head $(git -C "$wt" rev-parse HEAD)"
	git -C "$wt" log --reverse --format='patch %H %s' "$commit..HEAD"
	echo "config_base $spec_config_base"
	echo "build_s $((t_end - t_build))"
} > "$kept.tmp/source.facts"
rm -rf "$kept"
mv "$kept.tmp" "$kept"
note "built $name in $((t_end - t_build)) s (total $((t_end - t_start)) s)"
publish
