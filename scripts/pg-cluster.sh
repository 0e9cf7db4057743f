#!/bin/sh
# A throwaway PostgreSQL cluster for tests and the push load test: Debian's
# postgresql server run as an unprivileged user (postgres refuses root), in a
# directory of its own, listening only on a unix socket there.
#   scripts/pg-cluster.sh start DIR   initdb + start; prints the store URI
#   scripts/pg-cluster.sh stop DIR    stop it (DIR is then the caller's to remove)
# Exit 4 (skip) with the reason on stderr when PostgreSQL cannot be started.
set -eu

PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
PGUSER_OS=${PGUSER_OS:-nobody}

as_user() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u "$PGUSER_OS" -- "$@"; else "$@"; fi
}

cmd=${1:-}
dir=${2:-}
[ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 1; }

case $cmd in
start)
	if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
		echo "no PostgreSQL server (apt-get install postgresql, or scripts/install-deps.sh --with-tests)" >&2
		exit 4
	fi
	mkdir -p "$dir/data"
	[ "$(id -u)" -eq 0 ] && chown -R "$PGUSER_OS" "$dir"
	user=$(as_user id -un)
	if ! as_user "$PGBIN/initdb" -D "$dir/data" -U "$user" --auth=trust -E UTF8 \
		--no-instructions >"$dir/initdb.log" 2>&1; then
		echo "initdb failed: $(tail -1 "$dir/initdb.log")" >&2
		exit 4
	fi
	# a port number nothing listens on names the socket (no TCP at all)
	port=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom) % 20000 ))
	while [ -e "$dir/.s.PGSQL.$port" ]; do port=$((port + 1)); done
	if ! as_user "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-c listen_addresses='' -k $dir -p $port -c fsync=${PG_FSYNC:-off} -c max_connections=40" \
		start >/dev/null 2>&1; then
		echo "pg_ctl start failed: $(tail -1 "$dir/server.log" 2>/dev/null)" >&2
		exit 4
	fi
	echo "postgresql://$user@/postgres?host=$dir&port=$port"
	;;
stop)
	[ -d "$dir/data" ] || exit 0
	as_user "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
	;;
*)
	echo "usage: $0 start|stop DIR" >&2
	exit 1
	;;
esac
