#!/bin/sh
# Regenerate the metric table blocks of README.md and doc/reapbench.1 from the
# metric table (bench/metrics/metric_table.c, `reapbench list --metrics`).
# A block runs from a line holding "metric-table: generated" to one holding
# "end metric-table"; the lines in between are replaced.
#
#   scripts/metric-docs.sh             rewrite both files in place
#   scripts/metric-docs.sh --stdout F  print F with its block regenerated
#                                      (tests/offline/metric_table.t diffs it)
set -eu
cd "$(dirname "$0")/.."
RB=${RB:-./reapbench}

regen() { # FILE -> stdout
	case $1 in
	*.md) fmt=md ;;
	*.1) fmt=man ;;
	*) echo "metric-docs.sh: $1: neither .md nor .1" >&2; exit 1 ;;
	esac
	gen=$(mktemp /tmp/reapbench-metric-docs.XXXXXX)
	trap 'rm -f "$gen"' EXIT
	"$RB" list --metrics --format "$fmt" >"$gen"
	awk -v gen="$gen" -v file="$1" '
		/metric-table: generated/ { print; while ((getline l < gen) > 0) print l; skip = 1; n++; next }
		/end metric-table/ { skip = 0 }
		!skip { print }
		END {
			if (n != 1 || skip) {
				print file ": expected one generated metric-table block" > "/dev/stderr"
				exit 1
			}
		}' "$1"
	rm -f "$gen"
	trap - EXIT
}

if [ "${1:-}" = --stdout ]; then
	regen "$2"
	exit 0
fi
for f in README.md doc/reapbench.1; do
	new=$(mktemp "$f.XXXXXX")
	regen "$f" >"$new"
	chmod 0644 "$new"
	mv "$new" "$f"
done
