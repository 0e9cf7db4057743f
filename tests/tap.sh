# The one TAP helper every shell test sources (tests/{offline,live,vm}/*.t).
# Tests run from the repository root; RB is the binary under test.
#
#   plan N | done_testing          the plan, before or after the tests
#   skip_all REASON                 "1..0 # SKIP REASON" and exit 0
#   check DESC EXPECTED_EXIT CMD... run CMD, pass when it exits EXPECTED_EXIT;
#                                   its stdout+stderr stay in $OUT for like/unlike
#   like TEXT REGEX DESC            TEXT matches the extended REGEX
#   unlike TEXT REGEX DESC          TEXT does not match it
#   is GOT EXPECTED DESC            string equality
#   ok STATUS DESC                  STATUS 0 passes
#   skip N REASON                   N tests skipped with a reason
#   need_root, need_cmd CMD [PKG]   skip_all unless root+tracefs / CMD exists
cd "$(dirname "$0")/../.." || exit 1
RB=${RB:-./reapbench}
T=0
FAILED=0
TMP=$(mktemp -d /tmp/reapbench-test.XXXXXX)
OUT=$TMP/out
trap 'rm -rf "$TMP"' EXIT

plan() { echo "1..$1"; }
skip_all() { echo "1..0 # SKIP $1"; exit 0; }
ok() {
	T=$((T + 1))
	if [ "$1" -eq 0 ]; then echo "ok $T - $2"; else echo "not ok $T - $2"; FAILED=$((FAILED + 1)); fi
}
skip() {
	i=0
	while [ $i -lt "$1" ]; do T=$((T + 1)); i=$((i + 1)); echo "ok $T # SKIP $2"; done
}
check() {
	d=$1 want=$2; shift 2
	rc=0
	"$@" >"$OUT" 2>&1 || rc=$?
	if [ "$rc" -eq "$want" ]; then ok 0 "$d"; else
		ok 1 "$d"; echo "# exit $rc, expected $want: $*"; sed 's/^/# /' "$OUT" | head -40
	fi
}
like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then ok 0 "$3"; else
		ok 1 "$3"; echo "# no match for /$2/ in:"; printf '%s\n' "$1" | head -20 | sed 's/^/#   /'
	fi
}
unlike() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 1 "$3"; echo "# unexpected match for /$2/:"; printf '%s\n' "$1" | grep -E -- "$2" | head -5 | sed 's/^/#   /'
	else ok 0 "$3"; fi
}
is() { # is GOT EXPECTED DESCRIPTION
	if [ "$1" = "$2" ]; then ok 0 "$3"; else ok 1 "$3"; echo "# got '$1', expected '$2'"; fi
}
sql() { sqlite3 -batch -noheader "$DB" "$1"; }
need_root() {
	[ "$(id -u)" -eq 0 ] || skip_all "needs root"
	[ -d /sys/kernel/tracing ] || skip_all "no tracefs"
}
need_cmd() { command -v "$1" >/dev/null 2>&1 || skip_all "no $1${2:+ (apt-get install $2)}"; }
leftovers() { # [PID]: leftover instances and cgroups named reapbench-<pid>-* of dead pids
	# (another reapbench running on the machine at the same time is not a leftover);
	# with PID, only that process's
	{ ls -d /sys/kernel/tracing/instances/reapbench-* 2>/dev/null
	  find /sys/fs/cgroup -maxdepth 3 -type d -name 'reapbench-*' 2>/dev/null; } |
	while read -r d; do
		pid=$(basename "$d" | cut -d- -f2)
		[ -n "${1:-}" ] && [ "$pid" != "$1" ] && continue
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
