#!/bin/sh
# kernel-boot.sh: boot a kernel + reapbench initramfs in QEMU and collect results.
#
# Usage: kernel-boot.sh -k KERNEL -i INITRAMFS [-o OUTDIR] [-N NODES] [-C CPUS]
#                       [-M MIB_PER_NODE] [-t SECONDS] [-a 'EXTRA CMDLINE'] [-v]
#   -k FILE     kernel image (bzImage / vmlinuz)
#   -i FILE     initramfs from scripts/kernel-initramfs.sh
#   -o DIR      where the console log (console.log) and the guest's /results
#               (results/) go; default: a new directory under /tmp
#   -N NODES    NUMA nodes, one socket each (default 2)
#   -C CPUS     CPUs in total, split evenly over the sockets (default 2)
#   -M MIB      memory per node in MiB (default 512)
#   -t SECONDS  kill QEMU after this long (default 300)
#   -a STRING   appended to the kernel command line
#   -v          show the console while it runs (it is always logged)
# The console log level is $REAPBENCH_LOGLEVEL (default 4: errors and worse;
# the guest's full dmesg comes back in results/guest-dmesg.txt).
# Uses KVM when /dev/kvm is usable, else TCG.  The guest command's exit status
# becomes ours when it is not 0; a kernel oops/BUG/WARNING/panic in the
# console log, a timeout, or missing results give exit 1.
# Prints "boot: ..." summary lines (times in seconds) on stderr.
# Exit: 0 ok, 1 error, 4 capability missing (qemu), else the guest's status.
set -eu

prog=kernel-boot.sh
. "$(dirname "$0")/kernel-lib.sh"

kernel= initrd= outdir= nodes=2 cpus=2 mem=512 tmo=300 extra= verbose=0
while getopts k:i:o:N:C:M:t:a:vh opt; do
	case $opt in
	k) kernel=$OPTARG ;;
	i) initrd=$OPTARG ;;
	o) outdir=$OPTARG ;;
	N) nodes=$OPTARG ;;
	C) cpus=$OPTARG ;;
	M) mem=$OPTARG ;;
	t) tmo=$OPTARG ;;
	a) extra=$OPTARG ;;
	v) verbose=1 ;;
	h) help_from_header ;;
	*) exit 1 ;;
	esac
done
shift $((OPTIND - 1))
[ $# = 0 ] || die "unexpected argument '$1'"
[ -n "$kernel" ] || die "no kernel (-k)"
[ -n "$initrd" ] || die "no initramfs (-i)"
[ -r "$kernel" ] || die "cannot read kernel $kernel"
[ -r "$initrd" ] || die "cannot read initramfs $initrd"
need_positive nodes cpus mem tmo
[ $((cpus % nodes)) = 0 ] || die "$cpus CPUs do not split evenly over $nodes nodes"

qemu=$(command -v qemu-system-x86_64) || missing "no qemu-system-x86_64 (apt-get install qemu-system-x86)"
command -v timeout >/dev/null || missing "no timeout(1)"

if [ -z "$outdir" ]; then
	outdir=$(mktemp -d "${TMPDIR:-/tmp}/rb-boot.XXXXXX")
fi
mkdir -p "$outdir" || die "cannot create $outdir"
log=$outdir/console.log
stream=$outdir/results.b64
rm -f "$log" "$stream"
rm -rf "$outdir/results"

# KVM when /dev/kvm works.  On nested hosts /dev/kvm can exist and still fail
# ("KVM internal error ... emulation failure" in the guest's decompressor), so
# REAPBENCH_ACCEL=auto (default) probes once per host kernel: boot this kernel
# with rdinit=/bin/true, which must panic and exit within 20 s; the verdict is
# cached in $REAPBENCH_CACHE/accel-<host uname -r>.  REAPBENCH_ACCEL=kvm|tcg forces.
accel=${REAPBENCH_ACCEL:-auto}
if [ "$accel" = auto ]; then
	accel=tcg
	if [ -w /dev/kvm ] && [ -r /dev/kvm ]; then
		cache=${REAPBENCH_CACHE:-/var/cache/reapbench}
		verdict=$cache/accel-$(uname -r)
		if [ -s "$verdict" ]; then
			accel=$(cat "$verdict")
		else
			mkdir -p "$cache" 2>/dev/null || true
			probe=$(timeout -k 2 20 "$qemu" -machine q35 -accel kvm -cpu host -m 256M \
				-kernel "$kernel" -initrd "$initrd" \
				-append "console=ttyS0 rdinit=/bin/true panic=-1" -display none \
				-monitor none -no-reboot -nodefaults -serial stdio </dev/null 2>&1) || true
			case $probe in
			*"KVM internal error"*|*"failed to initialize"*) ;;
			*"Kernel panic"*) accel=kvm ;;
			esac
			echo "$accel" > "$verdict" 2>/dev/null || true
			echo "boot: KVM probe chose $accel (cached in $verdict)" >&2
		fi
	fi
fi
case $accel in
kvm) cpu=host ;;
tcg) cpu=max ;;
*) die "REAPBENCH_ACCEL must be auto, kvm or tcg, got '$accel'" ;;
esac
# the evidence names the machine: TCG timings are not KVM timings
echo "$accel" > "$outdir/accel"

set -- -machine q35 -accel "$accel" -cpu "$cpu" \
	-m "$((nodes * mem))M" -smp "$cpus,sockets=$nodes,cores=$((cpus / nodes)),threads=1"
n=0
while [ $n -lt "$nodes" ]; do
	set -- "$@" -object "memory-backend-ram,id=mem$n,size=${mem}M" \
		-numa "node,nodeid=$n,memdev=mem$n" -numa "cpu,node-id=$n,socket-id=$n"
	n=$((n + 1))
done
set -- "$@" -kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 rdinit=/init panic=-1 loglevel=${REAPBENCH_LOGLEVEL:-4} $extra" \
	-display none -monitor none -no-reboot -nodefaults \
	-chardev "stdio,id=con,signal=off,logfile=$log" -serial chardev:con \
	-chardev "file,id=res,path=$stream" -serial chardev:res

echo "boot: qemu ($accel) $nodes nodes x $((cpus / nodes)) cpus x ${mem} MiB, kernel $kernel" >&2
t0=$(date +%s.%N)
rc=0
if [ $verbose = 1 ]; then
	timeout -k 5 "$tmo" "$qemu" "$@" </dev/null || rc=$?
else
	timeout -k 5 "$tmo" "$qemu" "$@" </dev/null >/dev/null || rc=$?
fi
t1=$(date +%s.%N)
wall=$(echo "$t1 - $t0" | bc)
touch "$log"

fail=0
case $rc in
0) ;;
124|137) echo "$prog: error: QEMU timed out after ${tmo} s (console log: $log)" >&2; fail=1 ;;
*) echo "$prog: error: QEMU exited $rc (console log: $log)" >&2; fail=1 ;;
esac

up=$(sed -n 's/.*rb-init: up \([0-9.]*\) s.*/\1/p' "$log" | head -n 1)
off=$(sed -n 's/.*rb-init: powering off at \([0-9.]*\) s.*/\1/p' "$log" | head -n 1)
echo "boot: wall ${wall} s, guest uptime at /init ${up:-?} s, at poweroff ${off:-?} s" >&2

# Kernel complaints.  An OOM kill's own report has a "Call Trace:" and is
# not one.  The console shows loglevel < 4 only (printing every OOM report
# over the emulated UART slows the kill path down); the guest's full dmesg
# (results/guest-dmesg.txt) is checked below once decoded.
splat_re='Oops|BUG:|WARNING:|Kernel panic|general protection fault|INFO: |possible recursive locking|circular locking|inconsistent lock state|Unable to handle'
check_splat() { # FILE
	splat=$(grep -nE "$splat_re" "$1" | head -n 5) || true
	if [ -n "$splat" ]; then
		echo "$prog: error: the guest kernel complained ($1):" >&2
		printf '%s\n' "$splat" >&2
		fail=1
	fi
}
check_splat "$log"

guest_rc=
if [ -s "$stream" ]; then
	guest_rc=$(tr -d '\r' < "$stream" | sed -n 's/^RB-RESULTS-END rc=\([0-9]*\)$/\1/p' | tail -n 1)
	if [ -n "$guest_rc" ]; then
		mkdir -p "$outdir/results"
		tr -d '\r' < "$stream" | sed -n '/^RB-RESULTS-BEGIN$/,/^RB-RESULTS-END/p' |
			sed -e '1d' -e '$d' | base64 -d | tar -x -C "$outdir/results" ||
			{ echo "$prog: error: cannot decode the results stream $stream" >&2; fail=1; }
	fi
fi
[ ! -f "$outdir/results/guest-dmesg.txt" ] || check_splat "$outdir/results/guest-dmesg.txt"
if [ -z "$guest_rc" ]; then
	echo "$prog: error: no complete results from the guest (console log: $log)" >&2
	exit 1
fi
echo "boot: guest command exited $guest_rc; results in $outdir/results" >&2
[ $fail = 0 ] || exit 1
exit "$guest_rc"
