#!/bin/sh
# kernel-fetch-prebuilt.sh: fetch and unpack a prebuilt Debian kernel image.
#
# Usage: kernel-fetch-prebuilt.sh [-n] PATTERN
#   PATTERN  a package name glob, resolved against the apt lists at run time,
#            newest version first: e.g. 'linux-image-6.12*-cloud-amd64' or
#            'linux-image-6.1.0-*-cloud-amd64'.  '*' matches one or more
#            characters, so the meta-package (no kernel inside) never matches;
#            -dbg and -unsigned packages are left out.
#   -n       resolve only: print the package name and exit
# The .deb is fetched with `apt-get download` into $REAPBENCH_CACHE/debs and
# unpacked with `dpkg -x` into $REAPBENCH_CACHE/prebuilt/PACKAGE (default cache
# /var/cache/reapbench).  Prints the path of the vmlinuz on stdout.  When the
# archive cannot be reached, the newest already unpacked match is used.
# Exit: 0 ok, 1 error, 4 capability missing (apt tools).
set -eu

prog=kernel-fetch-prebuilt.sh
. "$(dirname "$0")/kernel-lib.sh"

resolve_only=0
while getopts nh opt; do
	case $opt in
	n) resolve_only=1 ;;
	h) help_from_header ;;
	*) exit 1 ;;
	esac
done
shift $((OPTIND - 1))
[ $# = 1 ] || die "want exactly one package pattern, e.g. 'linux-image-6.12*-cloud-amd64'"
pattern=$1
case $pattern in
linux-image-*) ;;
*) die "pattern '$pattern' does not start with linux-image-" ;;
esac

cache=$(rb_cache)
debs=$cache/debs
unpacked=$cache/prebuilt
mkdir -p "$debs" "$unpacked" || die "cannot create cache directory $cache"

# glob -> anchored extended regex: escape . and +, '*' -> '.+'
regex="^$(printf '%s' "$pattern" | sed -e 's/[.+]/\\&/g' -e 's/\*/.+/g')\$"

newest_unpacked() {
	for d in "$unpacked"/*/; do
		[ -d "$d" ] || continue
		n=$(basename "$d")
		printf '%s\n' "$n" | grep -Eq "$regex" && [ -f "$d/.rb-complete" ] && echo "$n"
	done | sort -V | tail -n 1
}

pkg=
if command -v apt-cache >/dev/null; then
	pkg=$(apt-cache search --names-only "$regex" 2>/dev/null | cut -d' ' -f1 |
		grep -Ev -- '-(dbg|unsigned)$' | sort -V | tail -n 1) || true
fi
if [ -z "$pkg" ]; then
	pkg=$(newest_unpacked)
	[ -n "$pkg" ] || { command -v apt-cache >/dev/null || missing "no apt-cache"; \
		die "no package matches '$pattern' (apt-get update?; apt-cache search linux-image | grep cloud)"; }
	echo "$prog: no match in the apt lists, using the unpacked $pkg" >&2
fi
if [ $resolve_only = 1 ]; then
	echo "$pkg"
	exit 0
fi

dest=$unpacked/$pkg
if [ ! -f "$dest/.rb-complete" ]; then
	command -v dpkg >/dev/null || missing "no dpkg"
	command -v apt-get >/dev/null || missing "no apt-get"
	deb=$(ls "$debs/${pkg}"_*.deb 2>/dev/null | sort -V | tail -n 1) || true
	if [ -z "$deb" ]; then
		echo "$prog: downloading $pkg" >&2
		# apt drops root to _apt for downloads; let it write here.
		chown _apt "$debs" 2>/dev/null || true
		(cd "$debs" && apt-get download -q "$pkg" >&2) || {
			old=$(newest_unpacked)
			[ -n "$old" ] || die "apt-get download $pkg failed"
			echo "$prog: download failed, using the unpacked $old" >&2
			pkg=$old
			dest=$unpacked/$pkg
		}
		deb=$(ls "$debs/${pkg}"_*.deb 2>/dev/null | sort -V | tail -n 1) || true
	fi
	if [ ! -f "$dest/.rb-complete" ]; then
		[ -n "$deb" ] || die "no .deb for $pkg in $debs"
		rm -rf "$dest.tmp"
		dpkg -x "$deb" "$dest.tmp" || die "dpkg -x $deb failed"
		rm -rf "$dest"
		mv "$dest.tmp" "$dest"
		basename "$deb" > "$dest/.rb-complete"
	fi
fi
vmlinuz=$(ls "$dest"/boot/vmlinuz-* 2>/dev/null | head -n 1) || true
[ -n "$vmlinuz" ] || die "$pkg has no /boot/vmlinuz-* (a meta-package?)"
echo "$vmlinuz"
