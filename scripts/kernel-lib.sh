# kernel-lib.sh: shared helpers for scripts/kernel-*.sh (sourced, POSIX sh).
# The caller sets prog= before sourcing.

die() { echo "$prog: error: $*" >&2; exit 1; }
missing() { echo "$prog: skipped: $*" >&2; exit 4; }
note() { echo "$prog: $*" >&2; }

# The checkout (or install) these scripts belong to: kernels/ lives beside scripts/.
rb_datadir() {
	if [ -n "${REAPBENCH_DATADIR:-}" ]; then
		echo "$REAPBENCH_DATADIR"
	else
		(cd "$(dirname "$0")/.." && pwd)
	fi
}

rb_cache() { echo "${REAPBENCH_CACHE:-/var/cache/reapbench}"; }

# Resolve SPEC (a path to an .ini, or a name under kernels/) to a file path.
rb_spec_file() {
	case $1 in
	*/*|*.ini) f=$1 ;;
	*) f=$(rb_datadir)/kernels/$1.ini ;;
	esac
	[ -f "$f" ] || die "no kernel spec '$1' (looked for $f; see: reapbench kernel list)"
	echo "$f"
}

# ini_get FILE SECTION KEY: the value, whitespace-trimmed ("" when absent).
# Exits 1 naming file:line on a line that is neither section, key = value,
# comment nor blank.
ini_get() {
	awk -v want_s="$2" -v want_k="$3" -v file="$1" '
	function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t\r]+$/, "", s); return s }
	/^[ \t]*([#;].*)?\r?$/ { next }
	/^[ \t]*\[[^]]+\][ \t\r]*$/ { s = $0; sub(/^[ \t]*\[/, "", s); sub(/\].*/, "", s); sect = trim(s); next }
	/=/ { k = trim(substr($0, 1, index($0, "=") - 1)); v = trim(substr($0, index($0, "=") + 1))
	      if (sect == want_s && k == want_k) { val = v } next }
	{ printf "%s:%d: not a section, key = value, or comment: %s\n", file, NR, $0 > "/dev/stderr"; bad = 1; exit 1 }
	END { if (!bad) print val; exit bad }' "$1" || exit 1
}

# Replace FILE by a copy of itself: a new inode (breaks a hardlink into the
# pristine source) and a new mtime (make rebuilds what depends on it).
rb_unshare() {
	[ -e "$1" ] || return 0
	cp -p "$1" "$1.rb-unshare.$$" && rm -f "$1" && mv "$1.rb-unshare.$$" "$1" && touch "$1"
}

# Files a unified diff changes, relative to the tree root (-p1).
rb_patch_files() {
	sed -n 's/^+++ \([^	 ]*\).*/\1/p' "$1" | sed 's|^[^/]*/||' | grep -v '^/dev/null$' || true
}
