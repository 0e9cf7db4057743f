# Minimal TAP helpers for the shell tests (sourced).
# Tests run from the repository root; RB is the binary under test.
cd "$(dirname "$0")/../.." || exit 1
RB=${RB:-./reapbench}
T=0
FAILED=0
TMP=$(mktemp -d /tmp/reapbench-test.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

plan() { echo "1..$1"; }
skip_all() { echo "1..0 # SKIP $1"; exit 0; }
ok() { # ok CONDITION-EXIT-CODE DESCRIPTION
	T=$((T + 1))
	if [ "$1" -eq 0 ]; then echo "ok $T - $2"; else echo "not ok $T - $2"; FAILED=$((FAILED + 1)); fi
}
check() { # check DESCRIPTION COMMAND...
	d=$1; shift
	if "$@" >"$TMP/out" 2>&1; then ok 0 "$d"; else ok 1 "$d"; sed 's/^/# /' "$TMP/out"; fi
}
is() { # is GOT EXPECTED DESCRIPTION
	if [ "$1" = "$2" ]; then ok 0 "$3"; else ok 1 "$3"; echo "# got '$1', expected '$2'"; fi
}
sql() { sqlite3 -batch -noheader "$DB" "$1"; }
need_root() {
	[ "$(id -u)" -eq 0 ] || skip_all "needs root"
	[ -d /sys/kernel/tracing ] || skip_all "no tracefs"
}
leftovers() { # leftover instances and cgroups named reapbench-<pid>-*, of dead pids
	# (another reapbench running on the machine at the same time is not a leftover)
	{ ls -d /sys/kernel/tracing/instances/reapbench-* 2>/dev/null
	  find /sys/fs/cgroup -maxdepth 3 -type d -name 'reapbench-*' 2>/dev/null; } |
	while read -r d; do
		pid=$(basename "$d" | cut -d- -f2)
		[ -d "/proc/$pid" ] || echo "$d"
	done
}
# The top-level tracing state a run must leave untouched, and tracefs' mount state.
tracing_state() {
	grep -c ' tracefs ' /proc/self/mounts
	if grep -q ' /sys/kernel/tracing tracefs ' /proc/self/mounts; then
		for f in tracing_on current_tracer trace_clock buffer_size_kb set_event; do
			printf '%s=' "$f"; tr '\n' ' ' </sys/kernel/tracing/$f; echo
		done
	fi
}
done_testing() { echo "1..$T"; [ "$FAILED" -eq 0 ]; exit $?; }
