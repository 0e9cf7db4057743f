#!/bin/sh
# kernel-run.sh: build/fetch a spec's kernel, boot it with a command, collect results.
#
# Usage: kernel-run.sh [-o OUTDIR] [-x HOST[:GUEST]]... [-f HOST:GUEST]...
#                      [-e NAME=VALUE]... [-a 'CMDLINE'] [-t SECONDS] [-v]
#                      SPEC (-c 'SHELL COMMAND' | -- ARGV...)
#   SPEC   kernels/NAME.ini or a path to a spec
#   -x -f -e -c --   passed to kernel-initramfs.sh (executables, files, env, command)
#   -a     extra kernel command line, after the spec's [boot] cmdline
#   -t     timeout, default the spec's [boot] timeout_s (or 600)
#   -o     output directory (default: a new one under /tmp); it receives
#          console.log, results/ (the guest's /results), initramfs.cpio,
#          spec.ini (a copy), kernel.config, kernel.image (the image's path)
#          and run.info (spec name, source, patches, boot wall time)
#   -v     show the console while the guest runs
#   -n     no build: boot the image built before (no make run; source specs)
# Topology comes from the spec's [topology] nodes, cpus, mem_per_node_mib.
# [kernel] modules (prebuilt kernels only): module names, in load order, taken
# from the unpacked package (.ko, .ko.xz or .ko.zst) and insmod'ed by /init.
# Exit: as kernel-boot.sh (0 ok, 1 error, 4 capability missing, else the
# guest command's status).
set -eu

prog=kernel-run.sh
. "$(dirname "$0")/kernel-lib.sh"
here=$(dirname "$0")

outdir= cmdline= tmo= verbose= nobuild=0
set_c=0 cmd=
# initramfs options are collected as lines "-x\nVALUE\n..." and replayed.
ifs_nl='
'
iopts=
while getopts o:x:f:e:a:t:c:vnh opt; do
	case $opt in
	o) outdir=$OPTARG ;;
	x|f|e) iopts="$iopts$ifs_nl-$opt$ifs_nl$OPTARG" ;;
	a) cmdline=$OPTARG ;;
	t) tmo=$OPTARG ;;
	c) cmd=$OPTARG; set_c=1 ;;
	v) verbose=-v ;;
	n) nobuild=1 ;;
	h) help_from_header ;;
	*) exit 1 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || die "no SPEC (see: reapbench kernel list)"
rb_spec "$1"
spec=$spec_file
shift
case ${1:-} in
--) shift ;;
-c) [ $# -ge 2 ] || die "-c wants a command string"; cmd=$2; set_c=1; shift 2 ;;
esac
[ $set_c = 0 ] || [ $# = 0 ] || die "unexpected argument '$1' after -c"
if [ $set_c = 0 ] && [ $# = 0 ]; then
	die "no guest command (-c STRING or -- ARGV...)"
fi

name=$spec_name source=$spec_source patches=$spec_patches modules=$spec_modules
nodes=$spec_nodes cpus=$spec_cpus mem=$spec_mem_per_node_mib
[ -n "$tmo" ] || tmo=$spec_timeout_s

[ -n "$outdir" ] || outdir=$(mktemp -d "${TMPDIR:-/tmp}/rb-kernel-run.XXXXXX")
mkdir -p "$outdir" || die "cannot create $outdir"

image=$(rb_cache)/trees/$name/.rb-build/arch/x86/boot/bzImage
case $source in
prebuilt:*) nobuild=0 ;;
esac
if [ $nobuild = 1 ]; then
	[ -f "$image" ] || die "-n: no kernel built for $name yet ($image); run kernel-build.sh $name"
else
	image=$("$here/kernel-build.sh" "$spec") || exit $?
fi
echo "$image" > "$outdir/kernel.image"
cp "$spec" "$outdir/spec.ini"
case $source in
prebuilt:*) cfg=$(ls "$(dirname "$image")"/config-* 2>/dev/null | head -n 1) || true ;;
*) cfg=$(dirname "$image")/../../../.config ;;
esac
if [ -n "${cfg:-}" ] && [ -f "$cfg" ]; then cp "$cfg" "$outdir/kernel.config"; fi
# What a git: or path: source was built from (kernel-build*.sh): commit ids, patch subjects.
facts=$(dirname "$image")/../../../source.facts
case $source in
prebuilt:*) ;;
*) if [ -f "$facts" ]; then cp "$facts" "$outdir/source.facts"; fi ;;
esac

# Modules of a prebuilt kernel: decompressed into the output dir, loaded by /init.
if [ -n "$modules" ]; then
	moddir=$(ls -d "$(dirname "$image")"/../lib/modules/*/ 2>/dev/null | head -n 1) || true
	[ -n "$moddir" ] || die "no lib/modules in the unpacked package of $image"
	mkdir -p "$outdir/modules"
	i=10
	for m in $modules; do
		f=$(find "$moddir" \( -name "$m.ko" -o -name "$m.ko.xz" -o -name "$m.ko.zst" \) | head -n 1)
		[ -n "$f" ] || die "$spec: module '$m' not found under $moddir"
		dst=$outdir/modules/$i-$m.ko
		case $f in
		*.xz) xz -dc "$f" > "$dst" ;;
		*.zst) zstd -qdc "$f" > "$dst" ;;
		*) cp "$f" "$dst" ;;
		esac || die "cannot unpack $f"
		iopts="$iopts$ifs_nl-f$ifs_nl$dst:/lib/modules/rb/$i-$m.ko"
		i=$((i + 1))
	done
fi

# Replay the collected initramfs options (one per line), then the command.
initrd=$outdir/initramfs.cpio
if [ $set_c = 0 ]; then
	printf '%s\n' "$@" > "$outdir/.argv"
fi
oldifs=$IFS
IFS=$ifs_nl
if [ $set_c = 1 ]; then
	# shellcheck disable=SC2086
	set -- $iopts -c "$cmd"
else
	# shellcheck disable=SC2046,SC2086
	set -- $iopts -- $(cat "$outdir/.argv")
fi
IFS=$oldifs
rm -f "$outdir/.argv"
"$here/kernel-initramfs.sh" -o "$initrd" "$@" || exit $?

t0=$(date +%s)
rc=0
"$here/kernel-boot.sh" -k "$image" -i "$initrd" -o "$outdir" ${nodes:+-N "$nodes"} \
	${cpus:+-C "$cpus"} ${mem:+-M "$mem"} -t "$tmo" \
	-a "${spec_cmdline:+$spec_cmdline }$cmdline" $verbose || rc=$?
t1=$(date +%s)
{
	echo "spec=$name"
	echo "source=$source"
	echo "patches=$patches"
	echo "image=$image"
	echo "guest_release=$(cat "$outdir/results/guest-uname" 2>/dev/null || true)"
	echo "boot_wall_s=$((t1 - t0))"
	echo "rc=$rc"
} > "$outdir/run.info"
note "$name: exit $rc, output in $outdir"
exit $rc
