# kernel-lib.sh: shared helpers for scripts/kernel-*.sh (sourced, POSIX sh).
# The caller sets prog= before sourcing.

die() { echo "$prog: error: $*" >&2; exit 1; }
missing() { echo "$prog: skipped: $*" >&2; exit 4; }
note() { echo "$prog: $*" >&2; }

# -h: the script's header comment (line 2 up to `set -eu`) as its help.
help_from_header() {
	sed -n '2,/^set -eu/p' "$0" | sed -e '/^set -eu/d' -e 's/^# \{0,1\}//'
	exit 0
}

# need_positive NAME...: each variable holds a whole number above 0, else die.
need_positive() {
	for _v in "$@"; do
		eval "_val=\$$_v"
		case $_val in ''|*[!0-9]*|0) die "-$_v must be a positive integer, got '$_val'" ;; esac
	done
}

# The data directory: $REAPBENCH_DATADIR (reapbench sets it, for the scripts
# it runs, to the root it found kernels/ in), else the tree these scripts
# are in (a checkout or the install DATADIR; bench/lib/datadir.h).
rb_datadir() {
	if [ -n "${REAPBENCH_DATADIR:-}" ]; then
		echo "$REAPBENCH_DATADIR"
	else
		(cd "$(dirname "$0")/.." && pwd)
	fi
}

rb_cache() { echo "${REAPBENCH_CACHE:-/var/cache/reapbench}"; }

# The reapbench binary: $REAPBENCH (set when reapbench runs these scripts),
# else the one built in this source tree, else the one in $PATH.
rb_bin() {
	if [ -n "${REAPBENCH:-}" ]; then
		echo "$REAPBENCH"
	elif [ -x "$(dirname "$0")/../reapbench" ]; then
		echo "$(cd "$(dirname "$0")/.." && pwd)/reapbench"
	else
		command -v reapbench || die "no reapbench binary (make, or set REAPBENCH=PATH)"
	fi
}

# rb_spec SPEC: set spec_name, spec_source, spec_kind, spec_patches,
# spec_configs, spec_nodes, ... (see `reapbench kernel spec --help`) from the
# one parser of kernel specs, in C; a bad spec exits 1 with its file:line.
rb_spec() {
	_rb_bin=$(rb_bin) || exit 1
	_rb_sh=$("$_rb_bin" kernel spec --sh "$1") || exit 1
	eval "$_rb_sh"
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

# rb_config_check BUILD FRAGMENT...: every fragment line checked in BUILD/.config;
# mismatches listed on stderr and kept in BUILD/config-check.
rb_config_check() {
	_b=$1
	shift
	: > "$_b/config-check"
	for _f in "$@"; do
		grep -E '^(CONFIG_[A-Za-z0-9_]+=|# CONFIG_[A-Za-z0-9_]+ is not set)' "$_f" | while IFS= read -r line; do
			case $line in
			"# CONFIG_"*) sym=${line#\# }; sym=${sym%% *} ;;
			*) sym=${line%%=*} ;;
			esac
			got=$(grep -E "^$sym=|^# $sym is not set" "$_b/.config" || true)
			if [ "$got" != "$line" ]; then
				[ -n "$got" ] || got="absent (dependencies not met)"
				echo "$(basename "$_f"): wanted '$line', got '$got'" >> "$_b/config-check"
			fi
		done
	done
	if [ -s "$_b/config-check" ]; then
		note "config options that did not end up as the fragments ask:"
		sed 's/^/  /' "$_b/config-check" >&2
	else
		note "config: every fragment option verified in .config"
	fi
}

# rb_tree_state DIR: "commit ID" and "dirty_diff_sha256 HASH" of a kernel
# tree given as path: (its uncommitted diff and untracked files, hashed), or
# "commit none (not a git tree)". Reads the tree only.
rb_tree_state() {
	if git -C "$1" rev-parse --verify -q HEAD >/dev/null 2>&1; then
		echo "commit $(git -C "$1" rev-parse HEAD)"
		echo "dirty_diff_sha256 $( { git -C "$1" diff HEAD --binary
			git -C "$1" ls-files -o --exclude-standard -z | (cd "$1" && xargs -0r sha256sum --); } |
			sha256sum | cut -c1-64)"
	else
		echo "commit none (not a git tree)"
	fi
}
