#!/bin/sh
# TAP: the design patches (kernels/patches) apply, in each spec's order, to
# the files of linux-source-6.12 they touch, and say what they reproduce; the
# kernel sets load and name loadable specs; bad sets get file:line and exit 1.
# No build and no QEMU (`make check-kernels` builds and boots them).
. "$(dirname "$0")/../tap.sh"
need_cmd patch
K=kernels
tarball=/usr/src/linux-source-6.12.tar.xz
src=${REAPBENCH_CACHE:-/var/cache/reapbench}/src/linux-source-6.12
files="include/linux/oom.h mm/oom_kill.c mm/mmap.c"
mkdir -p "$TMP/src"
if [ -f "$src/mm/mmap.c" ]; then
	for f in $files; do mkdir -p "$TMP/src/$(dirname "$f")"; cp "$src/$f" "$TMP/src/$f"; done
elif [ -f "$tarball" ]; then
	tar -xJf "$tarball" -C "$TMP/src" --strip-components=1 \
		$(for f in $files; do echo "linux-source-6.12/$f"; done)
fi

# Every patch touches only those files; every spec's patches apply in order.
all=$(cat $K/patches/*.patch | sed -n 's|^+++ b/\([^	 ]*\).*|\1|p' | sort -u | tr '\n' ' ')
is "$all" "include/linux/oom.h mm/mmap.c mm/oom_kill.c " \
	"the patches touch oom.h, mmap.c and oom_kill.c only"
if [ -f "$TMP/src/mm/mmap.c" ]; then
	for spec in $K/*.ini; do
		patches=$(sed -n 's/^patches *= *//p' "$spec")
		[ -n "$patches" ] || continue
		rm -rf "$TMP/tree" && cp -r "$TMP/src" "$TMP/tree"
		rc=0
		for p in $patches; do
			(cd "$TMP/tree" && patch -p1 --forward --batch --quiet < "$OLDPWD/$K/patches/$p") \
				>"$OUT" 2>&1 || { rc=1; break; }
		done
		ok $rc "$(basename "$spec" .ini): $patches apply to linux-source-6.12"
	done
	# what the stacked trees hold
	rm -rf "$TMP/tree" && cp -r "$TMP/src" "$TMP/tree"
	for p in oom-victim-mark handover-5.16; do
		(cd "$TMP/tree" && patch -p1 --batch --quiet < "$OLDPWD/$K/patches/$p.patch")
	done
	like "$(sed -n '/^void exit_mmap/,/^}/p' "$TMP/tree/mm/mmap.c" | grep -A1 'mmap_write_lock(mm);')" \
		'mmap_write_unlock\(mm\);' \
		"handover-5.16: exit_mmap takes the write lock as a barrier (lock, unlock)"
	is "$(sed -n '/^void exit_mmap/,/^}/p' "$TMP/tree/mm/mmap.c" | grep -c 'mmap_.*lock(mm)')" 4 \
		"handover-5.16: exit_mmap has no mmap_lock calls beyond the reap and the barrier"
	like "$(cat "$TMP/tree/mm/oom_kill.c")" 'if \(mmget_not_zero\(p->mm\)\)' \
		"handover-5.16: process_mrelease pins mm_users"
else
	skip 13 "no linux-source-6.12 ($tarball)"
fi

# Descriptions: a subject, a sign-off, upstream commits named.
for p in $K/patches/*.patch; do
	d=$(sed '/^---$/q' "$p")
	like "$d" '^Subject: \[PATCH\]' "$(basename "$p"): has a Subject"
	like "$d" 'Signed-off-by: .*<reapbench@localhost>' "$(basename "$p"): signed off"
done
for p in handover-5.16 wholelock-5.17 reaper-delay oom-victim-mark; do
	like "$(sed '/^---$/q' "$K/patches/$p.patch")" '[0-9a-f]{12},? \(?"' \
		"$p: names the upstream commit it reproduces"
done
like "$(sed '/^---$/q' "$K/patches/calibrate-teardown-delay.patch")" 'tlb_finish_mmu' \
	"calibrate-teardown-delay: says that memory release moves too"
unlike "$(cat $K/README.md README.md)" 'barrier\+read\+write|6\.12\+old-handover|6\.12\+rfc-v2|\(mdelay\)' \
	"READMEs: no removed patch, no upstream barrier+read+write, no mdelay calibration"

# Sets.
check "kernel list shows the sets" 0 "$RB" kernel list
like "$(grep '@designs ' "$OUT")" '6\.12 6\.12\+handover-5\.16 6\.12\+rfc-2018 6\.12\+wholelock-5\.17' \
	"@designs: 6.12, handover-5.16, rfc-2018, wholelock-5.17"
mkdir -p "$TMP/data/kernels/sets" "$TMP/data/kernels/patches" "$TMP/data/kernels/config"
ln -s "$PWD/scripts" "$TMP/data/scripts"
cp $K/6.12.ini $K/6.12+lockdep.ini "$TMP/data/kernels/"
cp $K/config/* "$TMP/data/kernels/config/"
printf '[set]\nname = bad\nspecs = 6.12 6.12+nosuch\n' > "$TMP/data/kernels/sets/bad.ini"
printf '[set]\nname = one\nspecs = 6.12\n' > "$TMP/data/kernels/sets/one.ini"
printf '[set]\nname = ok\nspecs = 6.12 6.12+lockdep\n' > "$TMP/data/kernels/sets/ok.ini"
check "ab @bad: exit 1" 1 env REAPBENCH_DATADIR="$TMP/data" "$RB" ab @bad --runs 1
like "$(cat "$OUT")" 'sets/bad.ini:3: spec .6\.12\+nosuch. is not a loadable' "ab @bad: file:line names the spec"
check "ab @one: exit 1" 1 env REAPBENCH_DATADIR="$TMP/data" "$RB" ab @one --runs 1
like "$(cat "$OUT")" 'one.ini: \[set\] specs wants at least two specs' "ab @one: says why"
check "ab @nosuch: exit 1" 1 env REAPBENCH_DATADIR="$TMP/data" "$RB" ab @nosuch
like "$(cat "$OUT")" "no kernel set 'nosuch'" "ab @nosuch: says so"
check "kernel list with a broken set: exit 1" 1 env REAPBENCH_DATADIR="$TMP/data" "$RB" kernel list
like "$(cat "$OUT")" '@ok +6\.12 6\.12\+lockdep' "kernel list still lists the good set"
done_testing
