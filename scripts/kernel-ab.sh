#!/bin/sh
# kernel-ab.sh: A/B of two kernel specs with interleaved boots, then compare.
#
# Usage: kernel-ab.sh [-d DB] [-k BOOTS] [-b REAPBENCH] SPEC_A SPEC_B [RUN OPTIONS...]
#   -d DB         host store (default results/reapbench.db)
#   -k BOOTS      boots per side, alternating A B A B ... (default 2)
#   -b PATH       the reapbench binary (default ./reapbench)
#   RUN OPTIONS   passed to 'reapbench run' in every guest (e.g. --scenario quick,
#                 or --size 64M --trigger kill --runs 10)
# Builds both specs, then boots them alternately; every boot's runs go into
# one run set per side, labelled "SPEC_A (A, ab-TIME)" and "SPEC_B (B, ab-TIME)"
# (kernel run --merge), and ends with 'reapbench compare A B'.  Prints the
# wall time of each step and of the whole A/B.  A shell stand-in for a
# 'reapbench ab' command.
# Exit: compare's (0 nothing regressed, 2 regression found), 1 error, 4 skipped.
set -eu

prog=kernel-ab.sh
. "$(dirname "$0")/kernel-lib.sh"

db=results/reapbench.db boots=2 rb=./reapbench
while getopts d:k:b:h opt; do
	case $opt in
	d) db=$OPTARG ;;
	k) boots=$OPTARG ;;
	b) rb=$OPTARG ;;
	h) sed -n '2,/^set -eu/p' "$0" | sed -e '/^set -eu/d' -e 's/^# \{0,1\}//'; exit 0 ;;
	*) exit 1 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || die "want SPEC_A SPEC_B [RUN OPTIONS...]"
case $boots in ''|*[!0-9]*|0) die "-k wants a positive number of boots" ;; esac
[ -x "$rb" ] || die "no reapbench binary at $rb (make, or -b PATH)"
a=$1 b=$2
shift 2

stamp=$(date -u +%Y%m%dT%H%M%SZ)
la="$a (A, ab-$stamp)"
lb="$b (B, ab-$stamp)"
t0=$(date +%s)
for s in "$a" "$b"; do
	ts=$(date +%s)
	"$rb" kernel build "$s" >/dev/null || exit $?
	note "built $s in $(( $(date +%s) - ts )) s"
done
i=1
while [ $i -le "$boots" ]; do
	for side in A B; do
		if [ $side = A ]; then s=$a l=$la; else s=$b l=$lb; fi
		merge=
		[ $i = 1 ] || merge=--merge
		ts=$(date +%s)
		"$rb" kernel run --db "$db" --label "$l" --no-build $merge "$s" "$@" || exit $?
		note "boot $i/$boots of $side ($s): $(( $(date +%s) - ts )) s"
	done
	i=$((i + 1))
done
rc=0
"$rb" compare --db "$db" "$la" "$lb" || rc=$?
note "A/B $a vs $b, $boots boots each: $(( $(date +%s) - t0 )) s wall in all"
exit $rc
