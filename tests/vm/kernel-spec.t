#!/bin/sh
# TAP: kernel specs with mistakes get one clear "file:line: ..." line and
# exit 1, from reapbench (libinih) and from scripts/kernel-build.sh; no QEMU,
# no build.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
rb=$top/reapbench
d=$(mktemp -d "${TMPDIR:-/tmp}/rb-spec-test.XXXXXX")
trap 'rm -rf "$d"' EXIT
mkdir -p "$d/kernels/patches" "$d/kernels/config"
ln -s "$top/scripts" "$d/scripts"
touch "$d/kernels/config/reapbench.config" "$d/kernels/patches/p.patch"
spec() { # NAME BODY
	printf '%s\n' "$2" > "$d/kernels/$1.ini"
}
spec ok '[kernel]
name = ok
source = debian-source:linux-source-6.12
patches = p.patch
config = reapbench.config'
spec badkey '[kernel]
name = badkey
source = debian-source:linux-source-6.12
colour = blue'
spec badsrc '[kernel]
name = badsrc
source = git:somewhere'
spec nopatch '[kernel]
name = nopatch
source = debian-source:linux-source-6.12
patches = missing.patch'
spec badtopo '[kernel]
name = badtopo
source = debian-source:linux-source-6.12
[topology]
nodes = 2
cpus = 3'
spec badline '[kernel]
name = badline
this is not ini'

have_rb=0
if [ -x "$rb" ] && "$rb" kernel --help >/dev/null 2>&1; then have_rb=1; fi
echo 1..8
n=0
expect() { # DESCRIPTION WANT_RC PATTERN COMMAND...
	desc=$1 want=$2 pat=$3
	shift 3
	n=$((n + 1))
	rc=0
	out=$("$@" 2>&1) || rc=$?
	if [ "$rc" = "$want" ] && printf '%s\n' "$out" | grep -q -- "$pat"; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc (exit $rc)"
		printf '%s\n' "$out" | sed 's/^/# /'
	fi
}
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP no ./reapbench with a kernel command"; }
export REAPBENCH_DATADIR="$d"
if [ $have_rb = 1 ]; then
	expect "reapbench: unknown key named with file:line" 1 "badkey.ini:4: unknown key 'colour'" "$rb" kernel build badkey
	expect "reapbench: bad source kind" 1 "badsrc.ini: \[kernel\] source 'git:somewhere'" "$rb" kernel build badsrc
	expect "reapbench: missing patch file named with file:line" 1 "nopatch.ini:4: 'missing.patch' not found" "$rb" kernel build nopatch
	expect "reapbench: cpus not divisible by nodes" 1 "3 cpus do not split evenly over 2 nodes" "$rb" kernel build badtopo
	expect "reapbench: a line that is not ini" 1 "badline.ini:3:" "$rb" kernel build badline
	expect "reapbench: kernel list flags the bad specs" 1 "ok .*debian-source" "$rb" kernel list
else
	for i in 1 2 3 4 5 6; do skip "reapbench spec check $i"; done
fi
expect "kernel-build.sh: missing patch" 1 "patch 'missing.patch' not found" "$top/scripts/kernel-build.sh" nopatch
expect "kernel-build.sh: a line that is not ini" 1 "badline.ini:3: not a section" "$top/scripts/kernel-build.sh" badline
