#!/bin/sh
# TAP: `reapbench ab` takes its steps as function calls, not by running
# itself again: with stub kernel scripts in a data directory of our own, the
# scripts' parent process is the `reapbench ab` process itself, they get
# REAPBENCH (this binary) for `kernel spec --sh`, and the guest command
# carries the run options. --dry-run prints the plan and takes no step.
# No build, no QEMU.
. "$(dirname "$0")/../tap.sh"
[ -x "$RB" ] || skip_all "no ./reapbench (make)"
[ -r /proc/self/cmdline ] || skip_all "no /proc"
top=$(pwd)
data=$TMP/data log=$TMP/calls
mkdir -p "$data/kernels/patches" "$data/kernels/config" "$data/scripts"
touch "$data/kernels/patches/p.patch"
printf '[kernel]\nname = sa\nsource = debian-source:linux-source-6.12\n' > "$data/kernels/sa.ini"
printf '[kernel]\nname = sb\nsource = debian-source:linux-source-6.12\npatches = p.patch\n' \
	> "$data/kernels/sb.ini"
# A stub records who started it (its parent's command line), REAPBENCH and its
# arguments; kernel-run.sh then says "skipped" before any guest ran (exit 4).
for s in kernel-build.sh kernel-run.sh; do
	cat > "$data/scripts/$s" <<EOF2
#!/bin/sh
{ printf '%s parent:' $s; tr '\\0' ' ' < /proc/\$PPID/cmdline; echo
  echo "$s REAPBENCH=\$REAPBENCH"
  echo "$s args: \$*"; } >> "$log"
[ $s = kernel-build.sh ] || exit 4
EOF2
	chmod +x "$data/scripts/$s"
done
export REAPBENCH_DATADIR="$data" REAPBENCH_CACHE="$TMP/cache"

check "ab --help" 0 "$RB" ab --help
like "$(cat "$OUT")" "-n/--dry-run +check both specs, print the steps, take none" "ab --help: --dry-run"

check "ab --dry-run" 0 "$RB" ab --dry-run -k 2 -d "$TMP/h.db" -o "$TMP/rep" sa sb --size 64M --runs 3
plan=$(cat "$OUT")
like "$plan" "^build   B sb \(debian-source:linux-source-6.12, not built\)$" "plan: builds both"
like "$plan" "^boot    B 2/2 sb: reapbench run --size 64M --runs 3 -> run set 'sb \(B, ab-[0-9TZ]+\)' \(merged\)$" \
	"plan: the last boot merges into B's run set"
like "$plan" "^report  'sa \(A, ab-[0-9TZ]+\)' vs 'sb \(B, ab-[0-9TZ]+\)' -> $TMP/rep " "plan: the report"
is "$(printf '%s\n' "$plan" | grep -c '^boot ')" 4 "plan: 2 boots a side"
is "$(cat "$log" 2>/dev/null)" "" "--dry-run ran no script"
check "ab with an unknown spec" 1 "$RB" ab --dry-run sa nosuch
like "$(cat "$OUT")" "no kernel spec 'nosuch'" "ab names the unknown spec"

check "ab with stub scripts: skipped at the first boot" 4 "$RB" ab -k 1 -d "$TMP/h.db" \
	-o "$TMP/rep" sa sb --size 64M --runs 3
calls=$(cat "$log")
is "$(printf '%s\n' "$calls" | grep -c '^kernel-build.sh parent:')" 2 "kernel-build.sh ran for A and B"
is "$(printf '%s\n' "$calls" | grep -c '^kernel-run.sh parent:')" 1 "kernel-run.sh ran once, then ab stopped"
unlike "$calls" "parent:.*reapbench kernel (build|run)" "no step was ./reapbench run again"
like "$calls" "^kernel-build.sh parent:.*reapbench ab -k 1 " "the build script's parent is reapbench ab"
like "$calls" "^kernel-run.sh parent:.*reapbench ab -k 1 " "the run script's parent is reapbench ab"
like "$calls" "^kernel-build.sh REAPBENCH=/.*/reapbench$" "the scripts are told which binary parses specs"
like "$calls" "^kernel-run.sh args: .* -n $data/kernels/sa.ini -c cd /opt/reapbench && .*exec reapbench run --size 64M --runs 3 --db /results/reapbench.db --label 'sa \(A, ab-[0-9TZ]+\)'$" \
	"the guest runs the run options, into A's run set"
is "$(ls "$TMP/rep" 2>/dev/null)" "" "no report after a skipped boot"
done_testing
