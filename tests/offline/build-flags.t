#!/bin/sh
# TAP: a CFLAGS given on the make command line (e.g. for ASan) replaces only
# the optimisation and debug flags: every compile and link still gets the
# version defines, the warnings and the include paths (make -n, nothing built).
. "$(dirname "$0")/../tap.sh"
need_cmd make
check "make -n -B with CFLAGS='-O1 -fsanitize=address'" 0 \
	make -n -B CFLAGS='-O1 -fsanitize=address' reapbench
cmds=$(grep -E -- ' -c -o | -o reapbench ' "$OUT")
n=$(printf '%s\n' "$cmds" | grep -c . || true)
is "$([ "$n" -gt 20 ] && echo more)" more "more than 20 compile and link lines found ($n)"
is "$(printf '%s\n' "$cmds" | grep -vc -- '-fsanitize=address' || true)" 0 "every line has the given CFLAGS"
is "$(printf '%s\n' "$cmds" | grep -vc -- "-DREAPBENCH_VERSION=" || true)" 0 "every line has the version define"
is "$(printf '%s\n' "$cmds" | grep -vc -- "-DREAPBENCH_GIT=" || true)" 0 "every line has the git define"
is "$(printf '%s\n' "$cmds" | grep -vc -- "-Werror" || true)" 0 "every line has -Werror"
done_testing
