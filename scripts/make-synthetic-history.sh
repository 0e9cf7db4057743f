#!/bin/sh
# make-synthetic-history.sh: a small kernel git history with one known regression.
#
# Usage: make-synthetic-history.sh [-n COMMITS] [-b BAD] DEST
#   DEST     a new directory (not existing yet), e.g. $REAPBENCH_CACHE/synthetic/h12
#   -n N     commits in all, 3..16 (default 12): the first imports Debian's
#            linux-source-6.12 as it is, the rest are neutral changes (a comment
#            appended to an mm/ file, or a line added to Documentation/)
#   -b K     the K-th commit (2..N, default N/2+1) is kernels/patches/
#            calibrate-teardown-delay.patch: 1 ms busy-wait in exit_mmap's
#            write-locked teardown, the known answer a bisect has to find
# Built from /usr/src/linux-source-6.12.tar.xz (apt-get install
# linux-source-6.12); nothing is fetched. Prints one line per commit:
# "N COMMIT_ID SUBJECT", the calibration commit marked "<- calibration".
# Exit: 0 ok, 1 error, 4 no linux-source-6.12.
set -eu

prog=make-synthetic-history.sh
. "$(dirname "$0")/kernel-lib.sh"

n=12 bad=
while getopts n:b:h opt; do
	case $opt in
	n) n=$OPTARG ;;
	b) bad=$OPTARG ;;
	h) sed -n '2,/^set -eu/p' "$0" | sed -e '/^set -eu/d' -e 's/^# \{0,1\}//'; exit 0 ;;
	*) exit 1 ;;
	esac
done
shift $((OPTIND - 1))
[ $# = 1 ] || die "want DEST (see -h)"
dest=$1
case $n in ''|*[!0-9]*) die "-n '$n': want 3..16" ;; esac
[ "$n" -ge 3 ] && [ "$n" -le 16 ] || die "-n $n: want 3..16"
[ -n "$bad" ] || bad=$((n / 2 + 1))
case $bad in ''|*[!0-9]*) die "-b '$bad': want 2..$n" ;; esac
[ "$bad" -ge 2 ] && [ "$bad" -le "$n" ] || die "-b $bad: want 2..$n"
tarball=/usr/src/linux-source-6.12.tar.xz
[ -f "$tarball" ] || missing "no $tarball (apt-get install linux-source-6.12)"
patch=$(rb_datadir)/kernels/patches/calibrate-teardown-delay.patch
[ -f "$patch" ] || die "no $patch"
[ ! -e "$dest" ] && [ ! -L "$dest" ] || die "$dest exists; give a new directory"
command -v git >/dev/null || missing "no git"

mkdir -p "$dest.tmp"
trap 'rm -rf "$dest.tmp"' EXIT
note "unpacking $tarball"
tar -xf "$tarball" -C "$dest.tmp" --strip-components=1 || die "cannot unpack $tarball"
g() { git -C "$dest.tmp" -c user.name="reapbench synthetic history" \
	-c user.email=reapbench@localhost -c core.autocrlf=false "$@"; }
g init -q
# fixed dates: the same tarball and options give the same commit ids
export GIT_AUTHOR_DATE='2026-01-01T00:00:00Z' GIT_COMMITTER_DATE='2026-01-01T00:00:00Z'
note "committing the source (a minute or two)"
g add -A -f	# Debian's .gitignore ends with /*: take every file of the package
g commit -q -m "Import Debian's linux-source-6.12 ($(stat -c %s "$tarball") bytes)"

# Neutral changes: comments at the end of files built by tinyconfig +
# reapbench.config (mm/ rebuilds a few objects), or documentation (no rebuild).
neutral() {
	case $(( $1 % 6 )) in
	0) f=Documentation/mm/index.rst ;;
	1) f=mm/oom_kill.c ;;
	2) f=Documentation/admin-guide/README.rst ;;
	3) f=mm/memory.c ;;
	4) f=mm/util.c ;;
	5) f=mm/mmap.c ;;
	esac
	case $f in
	*.c) printf '/* reapbench synthetic history: neutral change %d */\n' "$1" >> "$dest.tmp/$f" ;;
	*) printf '\n.. reapbench synthetic history: neutral change %d\n' "$1" >> "$dest.tmp/$f" ;;
	esac
	g add -f "$f"
	g commit -q -m "${f%%/*}: neutral change $1 (a comment in $f)"
}
i=2
while [ $i -le "$n" ]; do
	export GIT_AUTHOR_DATE="2026-01-01T00:$(printf %02d $i):00Z" GIT_COMMITTER_DATE="2026-01-01T00:$(printf %02d $i):00Z"
	if [ $i = "$bad" ]; then
		g am -q "$patch" || die "$patch does not apply"
	else
		neutral $i
	fi
	i=$((i + 1))
done
trap - EXIT
mv "$dest.tmp" "$dest"
calib=$(git -C "$dest" rev-list --reverse HEAD | sed -n "${bad}p")
i=0
git -C "$dest" rev-list --reverse HEAD | while read -r c; do
	i=$(( ${i:-0} + 1 ))
	mark=
	[ "$c" != "$calib" ] || mark='  <- calibration'
	echo "$i $c $(git -C "$dest" log -1 --format=%s "$c")$mark"
done
