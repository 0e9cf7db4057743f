#!/bin/sh
# kernel-initramfs.sh: build an uncompressed cpio initramfs for a reapbench guest.
#
# The image holds busybox-static, an /init that mounts proc, sysfs, devtmpfs,
# tracefs (/sys/kernel/tracing) and cgroup2 (/sys/fs/cgroup), runs one command,
# sends /results back to the host over the second serial port (ttyS1) as a
# base64 tar stream between RB-RESULTS-BEGIN / RB-RESULTS-END lines, and
# powers off.  scripts/kernel-boot.sh decodes that stream.
#
# Usage: kernel-initramfs.sh -o OUT.cpio [-x HOST[:GUEST]]... [-f HOST:GUEST]...
#                            (-c 'SHELL COMMAND' | -- ARGV...)
#   -o FILE          write the cpio archive here
#   -x HOST[:GUEST]  add an executable and every library ldd lists (+ loader)
#   -f HOST:GUEST    add a file or a directory tree (copied recursively)
#   -e NAME=VALUE    export in the guest before the command
#   -c STRING        the guest command as a shell string (busybox sh)
#   -- ARGV...       the guest command as an argument vector
# Exit: 0 ok, 1 error, 4 capability missing (busybox-static, cpio).
set -eu

prog=kernel-initramfs.sh
. "$(dirname "$0")/kernel-lib.sh"
usage() { sed -n '2,/^set -eu/p' "$0" | sed -e '/^set -eu/d' -e 's/^# \{0,1\}//' >&2; exit "$1"; }

out=
cmd=
cmd_set=0
exes=
files=
envs=
while getopts o:x:f:e:c:h opt; do
	case $opt in
	o) out=$OPTARG ;;
	x) exes="$exes
$OPTARG" ;;
	f) files="$files
$OPTARG" ;;
	e) case $OPTARG in *=*) ;; *) die "-e wants NAME=VALUE, got '$OPTARG'" ;; esac
	   envs="$envs
$OPTARG" ;;
	c) cmd=$OPTARG; cmd_set=1 ;;
	h) usage 0 ;;
	*) usage 1 ;;
	esac
done
shift $((OPTIND - 1))
[ -n "$out" ] || die "no output file (-o)"

# Quote one word for the guest's sh: 'it'"'"'s'
shq() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\"'\"'/g")"; }
if [ $# -gt 0 ]; then
	[ $cmd_set = 0 ] || die "give the command either with -c or after --, not both"
	for a in "$@"; do cmd="$cmd $(shq "$a")"; done
	cmd_set=1
fi
[ $cmd_set = 1 ] || die "no guest command (-c STRING or -- ARGV...)"

bb=
for b in /bin/busybox /usr/bin/busybox; do
	if [ -x "$b" ] && ! ldd "$b" >/dev/null 2>&1; then bb=$b; break; fi
done
[ -n "$bb" ] || missing "no static busybox (apt-get install busybox-static)"
command -v cpio >/dev/null || missing "no cpio (apt-get install cpio)"

stage=$(mktemp -d "${TMPDIR:-/tmp}/rb-initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT INT TERM

mkdir -p "$stage/bin" "$stage/sbin" "$stage/usr/bin" "$stage/usr/sbin" "$stage/etc" \
	"$stage/proc" "$stage/sys" "$stage/dev" "$stage/tmp" "$stage/results" "$stage/root"
cp "$bb" "$stage/bin/busybox"
for a in $("$bb" --list); do
	[ "$a" = busybox ] || ln -s busybox "$stage/bin/$a"
done
# /dev/console must exist before /init runs, or the kernel starts it with no
# stdio; mknod needs root, and /init re-opens the console after devtmpfs anyway.
if [ "$(id -u)" = 0 ]; then
	mknod -m 600 "$stage/dev/console" c 5 1
	mknod -m 666 "$stage/dev/null" c 1 3
fi

libdirs=
add_file() { # HOST GUEST
	mkdir -p "$stage$(dirname "$2")"
	cp -L "$1" "$stage$2"
}
add_exe() { # HOST GUEST
	[ -f "$1" ] || die "no such executable: $1"
	add_file "$1" "$2"
	chmod 755 "$stage$2"
	# ldd output: "libx.so.1 => /path/libx.so.1 (0x...)" and "/lib64/ld-linux-x86-64.so.2 (0x...)"
	if deps=$(ldd "$1" 2>/dev/null); then
		for lib in $(printf '%s\n' "$deps" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
			[ -e "$stage$lib" ] && continue
			add_file "$lib" "$lib"
			d=$(dirname "$lib")
			case ":$libdirs:" in *":$d:"*) ;; *) libdirs="${libdirs:+$libdirs:}$d" ;; esac
		done
	fi
}

oldifs=$IFS
IFS='
'
for x in $exes; do
	[ -n "$x" ] || continue
	case $x in *:*) h=${x%%:*}; g=${x#*:} ;; *) h=$x; g=$x ;; esac
	add_exe "$h" "$g"
done
for f in $files; do
	[ -n "$f" ] || continue
	case $f in *:*) ;; *) die "-f wants HOST:GUEST, got '$f'" ;; esac
	h=${f%%:*}; g=${f#*:}
	[ -e "$h" ] || die "no such file: $h"
	mkdir -p "$stage$(dirname "$g")"
	cp -RL "$h" "$stage$g"
done
IFS=$oldifs

{
	echo "export PATH=/usr/local/bin:/usr/bin:/usr/sbin:/bin:/sbin"
	echo "export HOME=/root"
	[ -z "$libdirs" ] || echo "export LD_LIBRARY_PATH=$(shq "$libdirs")"
	printf '%s\n' "$envs" | while IFS= read -r e; do
		[ -n "$e" ] || continue
		echo "export ${e%%=*}=$(shq "${e#*=}")"
	done
} > "$stage/etc/rb-env"
printf '%s\n' "$cmd" > "$stage/etc/rb-cmd"

cat > "$stage/init" <<'EOF'
#!/bin/sh
# reapbench guest /init (written by scripts/kernel-initramfs.sh)
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tracefs tracefs /sys/kernel/tracing || echo "rb-init: no tracefs"
mount -t cgroup2 cgroup2 /sys/fs/cgroup || echo "rb-init: no cgroup2"
mount -t tmpfs tmpfs /tmp
for m in /lib/modules/rb/*.ko; do
	[ -e "$m" ] || continue
	insmod "$m" || echo "rb-init: insmod $m failed"
done
. /etc/rb-env
echo "rb-init: up $(cut -d' ' -f1 /proc/uptime) s, kernel $(uname -r), nodes $(cat /sys/devices/system/node/online 2>/dev/null || echo none), cpus $(cat /sys/devices/system/cpu/online)"
uname -r > /results/guest-uname
cd /results
sh /etc/rb-cmd
rc=$?
echo "rb-init: command exited $rc at $(cut -d' ' -f1 /proc/uptime) s"
cd /
dmesg > /results/guest-dmesg.txt 2>/dev/null
echo "$rc" > /results/guest-rc
if [ -c /dev/ttyS1 ]; then
	stty -F /dev/ttyS1 raw -echo 2>/dev/null
	{
		echo "RB-RESULTS-BEGIN"
		tar -C /results -cf - . | base64
		echo "RB-RESULTS-END rc=$rc"
	} > /dev/ttyS1
else
	echo "rb-init: no /dev/ttyS1, results stay in the guest"
fi
echo "rb-init: powering off at $(cut -d' ' -f1 /proc/uptime) s"
poweroff -f
sleep 5
echo o > /proc/sysrq-trigger
EOF
chmod 755 "$stage/init"

tmp=$out.tmp.$$
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) > "$tmp" ||
	{ rm -f "$tmp"; die "cpio failed"; }
mv "$tmp" "$out"
echo "$prog: wrote $out ($(du -k "$out" | cut -f1) KiB)" >&2
