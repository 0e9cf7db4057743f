#!/bin/sh
# Install the Debian packages reapbench needs. Idempotent: only what is
# missing is installed.
#   scripts/install-deps.sh [--if-missing] [--with-tests] [--with-kernels]
#   scripts/install-deps.sh --list [--with-tests] [--with-kernels]
#     (none)          build and run reapbench on the live kernel
#     --with-tests    also what `make check` uses: QEMU + busybox for the
#                     boot tests, headless chromium for the report page check,
#                     python3 for the report checks, strace for run_check.t
#     --with-kernels  also what building kernels needs (make check-kernels,
#                     reapbench kernel build / ab): linux-source-6.12, toolchain
#     --with-fuzz     also what `make fuzz` uses: clang with libFuzzer
#     --if-missing    say nothing when nothing is missing
set -eu

PKGS="make gcc pkg-config libtracefs-dev libtraceevent-dev libsqlite3-dev sqlite3
libpq-dev libjansson-dev libgsl-dev libnuma-dev libfuse3-dev fuse3 libinih-dev nettle-dev libcmocka-dev
gnuplot-nox perl linux-perf hyperfine"
TEST_PKGS="qemu-system-x86 busybox-static cpio chromium strace python3 postgresql python3-jsonschema"
# kernels/DEPS lists what the kernel scripts use
KERNEL_PKGS="qemu-system-x86 busybox-static cpio linux-source-6.12 build-essential bc
bison flex libelf-dev libssl-dev xz-utils zstd ccache patch"
FUZZ_PKGS="clang libclang-rt-14-dev"

quiet=0 list=0
for arg in "$@"; do
	case $arg in
	--list) list=1 ;;
	--if-missing) quiet=1 ;;
	--with-tests) PKGS="$PKGS $TEST_PKGS" ;;
	--with-kernels) PKGS="$PKGS $KERNEL_PKGS" ;;
	--with-fuzz) PKGS="$PKGS $FUZZ_PKGS" ;;
	*) echo "usage: $0 [--if-missing] [--with-tests] [--with-kernels] [--with-fuzz] [--list]" >&2; exit 1 ;;
	esac
done
if [ $list = 1 ]; then
	echo $PKGS | tr ' ' '\n' | sort -u | tr '\n' ' '; echo
	exit 0
fi

missing=""
for p in $(echo $PKGS | tr ' ' '\n' | sort -u); do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done

if [ -z "$missing" ]; then
	[ $quiet = 1 ] || echo "install-deps: all packages present"
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing:$missing; run as root: apt-get install$missing" >&2
	exit 1
fi
echo "install-deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
