#!/bin/sh
# Install the Debian packages reapbench needs to build, run and test.
# Idempotent: only what is missing is installed.
#   scripts/install-deps.sh              install what is missing (root)
#   scripts/install-deps.sh --if-missing same, but silent when nothing is missing
#   scripts/install-deps.sh --list       print the package list
#   scripts/install-deps.sh --with-tests also what only some tests use (headless
#                                        chromium for the report page check)
set -eu

PKGS="make gcc pkg-config libtracefs-dev libtraceevent-dev libsqlite3-dev sqlite3
libjansson-dev libgsl-dev libnuma-dev libfuse3-dev fuse3 libinih-dev libcmocka-dev
gnuplot-nox perl linux-perf hyperfine"

TEST_PKGS="chromium"

case "${1:-}" in
--list) echo $PKGS; exit 0 ;;
--with-tests) PKGS="$PKGS $TEST_PKGS" ;;
--if-missing|"") ;;
*) echo "usage: $0 [--if-missing|--list|--with-tests]" >&2; exit 1 ;;
esac

missing=""
for p in $PKGS; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done

if [ -z "$missing" ]; then
	[ "${1:-}" = "--if-missing" ] || echo "install-deps: all packages present"
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
