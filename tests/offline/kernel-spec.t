#!/bin/sh
# Kernel specs with mistakes get one clear "file:line: ..." line and exit 1,
# from reapbench (libinih) and from scripts/kernel-build.sh; no QEMU, no build,
# no root: the specs live in a scratch REAPBENCH_DATADIR.
. "$(dirname "$0")/../tap.sh"
[ -x "$RB" ] || skip_all "no ./reapbench (make)"
D=$TMP/data
mkdir -p "$D/kernels/patches" "$D/kernels/config"
ln -s "$PWD/scripts" "$D/scripts"
touch "$D/kernels/config/reapbench.config" "$D/kernels/patches/p.patch"
spec() { # NAME BODY
	printf '%s\n' "$2" > "$D/kernels/$1.ini"
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
export REAPBENCH_DATADIR="$D"

check "reapbench: unknown key: exit 1" 1 $RB kernel build badkey
like "$(cat "$OUT")" "badkey.ini:4: unknown key 'colour'" "unknown key named with file:line"
check "reapbench: bad source kind: exit 1" 1 $RB kernel build badsrc
like "$(cat "$OUT")" "badsrc.ini: \[kernel\] source 'git:somewhere'" "bad source kind named"
check "reapbench: missing patch: exit 1" 1 $RB kernel build nopatch
like "$(cat "$OUT")" "nopatch.ini:4: 'missing.patch' not found" "missing patch file named with file:line"
check "reapbench: cpus not divisible by nodes: exit 1" 1 $RB kernel build badtopo
like "$(cat "$OUT")" "3 cpus do not split evenly over 2 nodes" "uneven topology explained"
check "reapbench: a line that is not ini: exit 1" 1 $RB kernel build badline
like "$(cat "$OUT")" "badline.ini:3:" "the line that is not ini named"
check "reapbench kernel list: exit 1 with bad specs" 1 $RB kernel list
like "$(cat "$OUT")" "ok .*debian-source" "kernel list shows the good spec"
like "$(cat "$OUT")" "badkey.ini:4: unknown key" "kernel list names each bad spec with file:line"

check "kernel-build.sh: missing patch: exit 1" 1 scripts/kernel-build.sh nopatch
like "$(cat "$OUT")" "nopatch.ini:4: 'missing.patch' not found" "kernel-build.sh: reapbench kernel spec names the missing patch with file:line"
check "kernel-build.sh: a line that is not ini: exit 1" 1 scripts/kernel-build.sh badline
like "$(cat "$OUT")" "badline.ini:3: not a section" "kernel-build.sh names file:line"
done_testing
