#!/bin/sh
# kernel-build.sh: build (or fetch) the kernel a spec describes; print its image path.
#
# Usage: kernel-build.sh [-j N] [-f] SPEC
#   SPEC   a spec name (kernels/NAME.ini) or a path to an .ini
#   -j N   make -j (default: number of CPUs)
#   -f     rebuild the spec's tree from scratch (fresh hardlink farm + patches)
#
# source = prebuilt:GLOB         scripts/kernel-fetch-prebuilt.sh GLOB, no build
# source = debian-source:PKG     /usr/src/PKG.tar.xz (apt-get install PKG),
#                                unpacked once into $CACHE/src/PKG
# source = path:/some/tree       a kernel tree of your own (used read-only; its
#                                HEAD and a hash of its uncommitted diff are recorded)
# source = git:/TREE@REV         REV of a git tree: scripts/kernel-build-git.sh
# series = mbox:/FILE | dir:/DIR  (debian-source and path sources) after the
#                                patches: each message of the mbox in order
#                                (git mailsplit), or each *.patch of DIR by
#                                name, with patch -p1; subjects (git mailinfo)
#                                and blob ids recorded in source.facts
# Each spec gets $CACHE/trees/NAME: a `cp -al` hardlink farm of the source
# with the spec's patches applied (patched files get their own inodes), built
# out of tree in NAME/.rb-build.  A new spec starts from a copy of another
# spec's finished build of the same source and config, so make rebuilds only
# what the patches touch.  Config: tinyconfig + the spec's fragments
# (kernels/config/), make olddefconfig, then every fragment line is checked
# against .config; mismatches are listed (and kept in .rb-build/config-check).
# CC is "ccache gcc" when ccache is installed.  $CACHE is $REAPBENCH_CACHE,
# default /var/cache/reapbench.  Build output goes to stderr and to
# .rb-build/build.log; stdout carries only the image path.
# Exit: 0 ok, 1 error (bad spec, patch or build failure), 4 capability missing.
set -eu

prog=kernel-build.sh
. "$(dirname "$0")/kernel-lib.sh"

jobs=$(nproc 2>/dev/null || echo 2)
fresh=0
while getopts j:fh opt; do
	case $opt in
	j) jobs=$OPTARG ;;
	f) fresh=1 ;;
	h) help_from_header ;;
	*) exit 1 ;;
	esac
done
shift $((OPTIND - 1))
[ $# = 1 ] || die "want exactly one SPEC (see: reapbench kernel list)"

rb_spec "$1"	# checked: name, source kind, patch and config files exist
spec=$spec_file datadir=$spec_datadir cache=$(rb_cache)
name=$spec_name source=$spec_source patches=$spec_patches configs=$spec_configs

case $source in
prebuilt:*)
	exec "$(dirname "$0")/kernel-fetch-prebuilt.sh" "${source#prebuilt:}"
	;;
git:*)
	[ $fresh = 0 ] || exec "$(dirname "$0")/kernel-build-git.sh" -j "$jobs" -f "$spec"
	exec "$(dirname "$0")/kernel-build-git.sh" -j "$jobs" "$spec"
	;;
debian-source:*)
	pkg=${source#debian-source:}
	tarball=/usr/src/$pkg.tar.xz
	[ -f "$tarball" ] || missing "no $tarball (apt-get install $pkg)"
	src=$cache/src/$pkg
	;;
path:*)
	src=${source#path:}
	[ -f "$src/Makefile" ] && [ -d "$src/mm" ] || die "$spec: source $src is not a kernel tree"
	;;
esac

# Inputs, checked before any work.
patch_files=
for p in $patches; do
	patch_files="$patch_files $datadir/kernels/patches/$p"
done
config_files=
for c in $configs; do
	config_files="$config_files $datadir/kernels/config/$c"
done
# The series: one message or patch file per entry of $series_files, in order.
series_files=
if [ -n "$spec_series" ]; then
	series_arg=${spec_series#*:}
	case $spec_series in
	mbox:*) command -v git >/dev/null || missing "no git (series = mbox: is split with git mailsplit)" ;;
	dir:*)
		command -v git >/dev/null || missing "no git (series subjects are read with git mailinfo)"
		ls "$series_arg"/*.patch >/dev/null 2>&1 || die "$spec: series: no *.patch files in $series_arg"
		series_files=$(ls "$series_arg"/*.patch) ;;
	*) die "$spec: series '$spec_series' is for git: sources" ;;
	esac
fi
for t in make gcc bc bison flex patch cpio; do
	command -v $t >/dev/null || missing "no $t (scripts/install-deps.sh, or apt-get install \$(cat kernels/DEPS))"
done
command -v flock >/dev/null || missing "no flock (util-linux)"

mkdir -p "$cache/src" "$cache/trees" || die "cannot create $cache"
# Locks: one for unpacking sources, one per spec tree (two specs build at once).
exec 9>"$cache/trees/.lock-$name"
flock -n 9 || { note "waiting for another build of $name"; flock 9; }

t_start=$(date +%s)

# 1. Unpack the Debian source once (keyed by the tarball's size and mtime).
if [ "${source%%:*}" = debian-source ]; then
	key=$(stat -c '%s %Y' "$tarball")
	exec 8>"$cache/src/.lock"
	flock 8
	if [ ! -f "$src/.rb-extracted" ] || [ "$(cat "$src/.rb-extracted")" != "$key" ]; then
		note "unpacking $tarball into $src (once)"
		rm -rf "$src" "$src.tmp"
		mkdir -p "$src.tmp"
		tar -xf "$tarball" -C "$src.tmp" || die "cannot unpack $tarball"
		top=$(ls "$src.tmp")
		[ "$(echo "$top" | wc -l)" = 1 ] || die "$tarball does not hold one top directory"
		mv "$src.tmp/$top" "$src" && rmdir "$src.tmp"
		echo "$key" > "$src/.rb-extracted"
	fi
	exec 8>&-
fi

# 2. The spec's tree: hardlink farm + patches.
tree=$cache/trees/$name
build=$tree/.rb-build
# path: the tree's state (HEAD, uncommitted diff, untracked files) is part of the key.
tree_state=
if [ "${source%%:*}" = path ]; then
	tree_state=$(rb_tree_state "$src")
fi
series_digest=
case $spec_series in
mbox:*) series_digest=$(sha256sum < "$series_arg") ;;
dir:*) series_digest=$(for f in $series_files; do basename "$f"; sha256sum < "$f"; done) ;;
esac
want_stamp=$( { echo "source $source"; echo "$tree_state"; for f in $patch_files; do sha256sum < "$f"; done
	echo "series $spec_series"; echo "$series_digest"; } | sha256sum | cut -c1-16)
have_stamp=$(cat "$tree/.rb-tree-stamp" 2>/dev/null || true)
if [ $fresh = 1 ] || [ "$want_stamp" != "$have_stamp" ]; then
	note "preparing tree $tree"
	old_patched=
	[ -f "$tree/.rb-patched-files" ] && old_patched=$(cat "$tree/.rb-patched-files")
	keep=
	if [ $fresh = 0 ] && [ -d "$build" ]; then
		keep=$cache/trees/.rb-build-$name.$$
		mv "$build" "$keep"
	fi
	rm -rf "$tree"
	cp -al "$src" "$tree" || die "cp -al $src $tree failed"
	rm -f "$tree/.rb-extracted" "$tree/.rb-tree-stamp" "$tree/.rb-patched-files" \
		"$tree/.rb-series.facts"
	# A patch that does not apply: the kept build goes back, the tree is
	# prepared again next time (no stamp), nothing is built.
	prep_die() {
		[ -z "$keep" ] || mv "$keep" "$build"
		die "$@"
	}
	new_patched=
	apply() { # FILE: patch -p1 into the tree, its files unshared first
		files=$(rb_patch_files "$1")
		for g in $files; do rb_unshare "$tree/$g"; done
		(cd "$tree" && patch -p1 --forward --batch --no-backup-if-mismatch -r - < "$1") >&2 ||
			return 1
		new_patched="$new_patched $files"
	}
	for f in $patch_files; do
		note "applying $(basename "$f")"
		apply "$f" || prep_die "patch $(basename "$f") does not apply to $source (see above)"
	done
	if [ -n "$spec_series" ]; then
		split=$cache/trees/.rb-series-$name.$$
		rm -rf "$split" && mkdir -p "$split"
		if [ "${spec_series%%:*}" = mbox ]; then
			n=$(git mailsplit -o"$split" "$series_arg") || prep_die "series $series_arg: not an mbox git mailsplit reads"
			[ "$n" -gt 0 ] || prep_die "series $series_arg: no message in the mbox"
			series_files=$(ls "$split"/[0-9]*)
			note "applying the mbox $series_arg ($n messages, patch -p1 each)"
		else
			note "applying $series_arg/*.patch (by name, patch -p1 each)"
		fi
		for f in $series_files; do
			subject=$(git mailinfo "$split/msg" "$split/patch" < "$f" | sed -n 's/^Subject: *//p' | head -n 1)
			[ -n "$subject" ] || subject=$(basename "$f")
			# a cover letter ("[PATCH 0/N]") carries no diff
			if [ ! -s "$split/patch" ]; then
				note "skipping '$subject': no diff in it"
				continue
			fi
			if ! apply "$f"; then
				rm -rf "$split"
				prep_die "series $series_arg: patch '$subject' does not apply to $source (nothing built)"
			fi
			echo "patch_blob $(git hash-object --no-filters "$f") $subject" >> "$tree/.rb-series.facts"
		done
		rm -rf "$split"
	fi
	# Files the previous patch set changed but this one does not: fresh mtimes.
	for g in $old_patched; do
		case " $new_patched " in *" $g "*) ;; *) rb_unshare "$tree/$g" ;; esac
	done
	printf '%s\n' $new_patched > "$tree/.rb-patched-files"
	[ -z "$keep" ] || mv "$keep" "$build"
	echo "$want_stamp" > "$tree/.rb-tree-stamp"
fi

# 3. Seed the build directory from another spec's build of the same source.
seeded=0
cfg_stamp=$( { echo "$spec_config_base"; for f in $config_files; do sha256sum < "$f"; done; } | sha256sum | cut -c1-16)
if [ ! -f "$build/arch/x86/boot/bzImage" ]; then
	for other in "$cache"/trees/*/; do
		other=${other%/}
		[ "$other" != "$tree" ] || continue
		[ -f "$other/.rb-build/arch/x86/boot/bzImage" ] || continue
		[ "$(head -n 1 "$other/.rb-tree-stamp.source" 2>/dev/null)" = "$source" ] || continue
		[ "$(cat "$other/.rb-build/.rb-config-stamp" 2>/dev/null)" = "$cfg_stamp" ] || continue
		rm -rf "$build"
		# Skip a tree that is being built right now.
		if ! flock -n "$cache/trees/.lock-$(basename "$other")" cp -a "$other/.rb-build" "$build"; then
			rm -rf "$build"
			continue
		fi
		note "seeded the build from $(basename "$other")"
		seeded=1
		rm -f "$build/arch/x86/boot/bzImage" "$build/build.log"
		# What the other tree patched is stale here too.
		[ -f "$other/.rb-patched-files" ] && for g in $(cat "$other/.rb-patched-files"); do
			rb_unshare "$tree/$g"
		done
		break
	done
fi
echo "$source" > "$tree/.rb-tree-stamp.source"
mkdir -p "$build"

kmake() {
	make -C "$tree" O=.rb-build ARCH=x86_64 LOCALVERSION="-rb-$name" \
		KBUILD_BUILD_USER=reapbench KBUILD_BUILD_HOST=localhost "$@"
}

# 4. Config: tinyconfig + fragments, olddefconfig, check.
if [ "$(cat "$build/.rb-config-stamp" 2>/dev/null)" != "$cfg_stamp" ] || [ ! -f "$build/.config" ]; then
	note "configuring: $spec_config_base +$(for f in $config_files; do printf ' %s' "$(basename "$f")"; done)"
	kmake -s "$spec_config_base" >&2 || die "make $spec_config_base failed"
	if [ -n "$config_files" ]; then
		"$tree/scripts/kconfig/merge_config.sh" -m -O "$build" "$build/.config" $config_files >"$build/merge.log" 2>&1 ||
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
# A copied build directory rebuilds objtool (the tools build records absolute
# paths) and every object depends on the objtool binary: build it first and
# give it back the seed's mtime, so that make recompiles what the patches
# touch, not the whole kernel (ccache hits, but minutes on a loaded machine).
if [ "$seeded" = 1 ] && [ -f "$build/tools/objtool/objtool" ]; then
	ref=$build/.rb-objtool-mtime
	touch -r "$build/tools/objtool/objtool" "$ref"
	kmake -j"$jobs" CC="$cc" prepare >&2 || die "make prepare failed"
	# the whole tools build, or make relinks objtool from its newer parts
	find "$build/tools" -newer "$ref" -exec touch -h -r "$ref" {} +
	rm -f "$ref"
fi
note "building $name with make -j$jobs CC='$cc' (log: $build/build.log)"
t_build=$(date +%s)
rc=0
{ kmake -j"$jobs" CC="$cc" bzImage 2>&1 || echo "rb-build-failed $?"; } | tee "$build/build.log" >&2
if grep -q '^rb-build-failed' "$build/build.log"; then
	die "building $name failed (log: $build/build.log)"
fi
t_end=$(date +%s)
image=$build/arch/x86/boot/bzImage
[ -f "$image" ] || die "no $image after the build"
if [ -n "$tree_state" ] || [ -n "$spec_series" ]; then
	{
		[ -z "$tree_state" ] || { echo "tree $src"; echo "$tree_state"; }
		if [ -n "$spec_series" ]; then
			echo "series $spec_series"
			cat "$tree/.rb-series.facts"
		fi
	} > "$build/source.facts"
else
	rm -f "$build/source.facts"
fi
note "built $name in $((t_end - t_build)) s (total $((t_end - t_start)) s): $image"
echo "$image"
