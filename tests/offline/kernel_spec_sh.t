#!/bin/sh
# TAP: `reapbench kernel spec --sh` is the one parse of a kernel spec the
# scripts use: values quoted for sh (eval gives them back unchanged), the
# defaults applied, a bad spec named with file:line; scripts/kernel-lib.sh's
# rb_spec sets the same variables. Parsing only: no build, no QEMU.
. "$(dirname "$0")/../tap.sh"
[ -x "$RB" ] || skip_all "no ./reapbench (make)"
top=$(pwd)
data=$TMP/data
mkdir -p "$data/kernels/patches" "$data/kernels/config"
touch "$data/kernels/patches/a.patch" "$data/kernels/patches/b.patch" "$data/kernels/config/x.config"
cat > "$data/kernels/quoted.ini" <<'INI'
[kernel]
name = quoted
description = it's a "test": $HOME `id` && rm -rf /nothing
source = debian-source:linux-source-6.12
patches = a.patch b.patch
config = x.config
[boot]
cmdline = loglevel=3 foo='bar baz'
INI
cat > "$data/kernels/bad.ini" <<'INI'
[kernel]
name = bad
source = debian-source:linux-source-6.12
[topology]
nodes = 9
INI
export REAPBENCH_DATADIR="$data" REAPBENCH_CACHE="$TMP/cache"

check "kernel spec --sh quoted" 0 "$RB" kernel spec --sh quoted
sh_out=$(cat "$OUT")
like "$sh_out" "^spec_name=quoted$" "a plain value is printed as is"
like "$sh_out" "^spec_description='it'\\\\''s a \"test\": \\\$HOME \`id\` && rm -rf /nothing'$" \
	"a value with quotes, \$ and backquotes is single-quoted"
# eval in a clean shell gives back exactly the text of the spec
got=$(env -i sh -c 'eval "$1"; printf "%s|%s|%s|%s|%s|%s|%s|%s|%s|%s" "$spec_description" \
	"$spec_patches" "$spec_configs" "$spec_kind" "$spec_source_arg" "$spec_cmdline" \
	"$spec_nodes/$spec_cpus/$spec_mem_per_node_mib" "$spec_timeout_s" "$spec_datadir" "$spec_state"' \
	sh "$sh_out")
is "$got" "it's a \"test\": \$HOME \`id\` && rm -rf /nothing|a.patch b.patch|x.config|debian-source|linux-source-6.12|loglevel=3 foo='bar baz'|2/2/1536|600|$data|not built" \
	"eval gives the values back, defaults applied"
is "$(printf '%s\n' "$sh_out" | grep -c '^spec_[a-z_]*=')" 25 "25 assignments (3 of them the [check] keys, 5 the git and series ones), nothing else"

check "kernel spec (for people)" 0 "$RB" kernel spec quoted
like "$(cat "$OUT")" "^timeout_s +600$" "kernel spec: aligned name and value"

check "kernel spec --sh on a bad spec" 1 "$RB" kernel spec --sh bad
is "$(cat "$OUT")" "reapbench: $data/kernels/bad.ini:5: nodes = '9': want an integer in 1..8" \
	"the one file:line message"
check "kernel spec --sh without a spec" 1 "$RB" kernel spec --sh
like "$(cat "$OUT")" "'kernel spec' wants exactly one SPEC" "a missing SPEC is named"

# the scripts' side: rb_spec in kernel-lib.sh evals the same output
got=$(REAPBENCH="$top/reapbench" sh -c 'prog=t; . "$1/scripts/kernel-lib.sh"; rb_spec quoted;
	echo "$spec_name|$spec_patches|$spec_cmdline"' sh "$top")
is "$got" "quoted|a.patch b.patch|loglevel=3 foo='bar baz'" "kernel-lib.sh rb_spec sets the variables"
rc=0
REAPBENCH="$top/reapbench" sh -c 'prog=t; . "$1/scripts/kernel-lib.sh"; rb_spec bad; echo not reached' \
	sh "$top" >"$OUT" 2>&1 || rc=$?
is "$rc" 1 "kernel-lib.sh rb_spec exits 1 on a bad spec"
unlike "$(cat "$OUT")" "not reached" "rb_spec stops the script"
# no awk re-parse of the INI left in the scripts
unlike "$(cat scripts/kernel-*.sh)" "ini_get|awk .*want_k" "the scripts no longer parse INI themselves"
done_testing
