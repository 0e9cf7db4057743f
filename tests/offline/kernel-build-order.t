#!/bin/sh
# TAP: scripts/kernel-build.sh validates a spec's own inputs (patches, config
# fragments) before it looks for the source package, so a bad spec is exit 1
# with its reason even on a machine without linux-source-6.12 (a fresh
# machine where only `install-deps.sh --with-tests` ran); a good spec whose
# package is absent is exit 4 (skipped) naming the package.  No build.
. "$(dirname "$0")/../tap.sh"
top=$(pwd)
d=$TMP/data
mkdir -p "$d/kernels/patches" "$d/kernels/config"
touch "$d/kernels/config/reapbench.config" "$d/kernels/patches/p.patch"
# a package name that exists nowhere: the tarball is absent on every machine
printf '[kernel]\nname = nopatch\nsource = debian-source:reapbench-absent-source\npatches = missing.patch\n' \
	> "$d/kernels/nopatch.ini"
printf '[kernel]\nname = noconf\nsource = debian-source:reapbench-absent-source\nconfig = missing.config\n' \
	> "$d/kernels/noconf.ini"
printf '[kernel]\nname = good\nsource = debian-source:reapbench-absent-source\npatches = p.patch\nconfig = reapbench.config\n' \
	> "$d/kernels/good.ini"
export REAPBENCH_DATADIR="$d" REAPBENCH_CACHE="$TMP/cache"

check "missing patch with the source package absent: exit 1" 1 "$top/scripts/kernel-build.sh" nopatch
like "$(cat "$OUT")" "'missing.patch' not found" "names the missing patch"
unlike "$(cat "$OUT")" "reapbench-absent-source" "says nothing about the absent package"
check "missing config fragment with the source package absent: exit 1" 1 "$top/scripts/kernel-build.sh" noconf
like "$(cat "$OUT")" "'missing.config' not found" "names the missing fragment"
check "valid spec, source package absent: exit 4" 4 "$top/scripts/kernel-build.sh" good
like "$(cat "$OUT")" "skipped: no /usr/src/reapbench-absent-source.tar.xz \(apt-get install reapbench-absent-source\)" \
	"names the package to install"
is "$(ls -A "$TMP/cache" 2>/dev/null)" "" "nothing created in the cache"
done_testing
