#!/bin/sh
# The test dialect and the design references hold: every .t file sources
# tests/tap.sh (cmocka wrappers excepted: they exec a tests/offline/test_*
# binary) and prints no TAP of its own; offline tests need no root, live ones
# say they do; every cmocka test has its wrapper; every comment that points to
# DESIGN.md points to doc/DESIGN.md and to a heading that exists there.
. "$(dirname "$0")/../tap.sh"

# problems ROOT: one line per problem found in the tree at ROOT
problems() {
	r=$1
	for t in "$r"/tests/*/*.t; do
		[ -e "$t" ] || continue
		n=${t#"$r"/}
		if grep -q '^exec env CMOCKA_MESSAGE_OUTPUT=TAP ' "$t"; then
			bin=$(sed -n 's/.*\(test_[a-z0-9_]*\).*/\1/p' "$t" | head -1)
			[ -n "$bin" ] && [ -f "$r/tests/offline/$bin.c" ] ||
				echo "$n: a cmocka wrapper without its tests/offline/test_*.c"
			continue
		fi
		grep -qx '\. "$(dirname "$0")/\.\./tap\.sh"' "$t" ||
			echo "$n: does not source tests/tap.sh"
		# this file's scratch tree holds the very patterns it looks for
		[ "$n" = tests/offline/conventions.t ] && continue
		grep -nE '(echo|printf) +["'"'"']?(not ok|ok|1\.\.)' "$t" | sed "s|^|$n:|; s|$| (TAP printed by hand)|"
		grep -nE '(^|[;&|] *)ok +"?\$\?' "$t" | sed "s|^|$n:|; s|$| (ok \$?: use check, like or is)|"
		case $n in
		tests/offline/*) grep -q '^[^#]*need_root' "$t" && echo "$n: needs root: belongs in tests/live" ;;
		tests/live/*) grep -q '^need_root' "$t" || echo "$n: in tests/live without need_root" ;;
		esac
	done
	for c in "$r"/tests/offline/test_*.c; do
		[ -e "$c" ] || continue
		b=$(basename "$c" .c)
		grep -lq "$b\b" "$r"/tests/offline/*.t 2>/dev/null ||
			echo "tests/offline/$b.c: no .t wrapper runs it"
	done
	# DESIGN.md references in code, scripts, tests and docs
	grep -rnI --exclude=DESIGN.md --exclude=conventions.t 'DESIGN\.md' \
		"$r"/bench "$r"/workloads "$r"/scripts "$r"/tests "$r"/kernels "$r"/plots \
		"$r"/Makefile "$r"/README.md "$r"/doc 2>/dev/null |
	while IFS= read -r hit; do
		where=${hit#"$r"/}; where=${where%%:*}:$(echo "$hit" | cut -d: -f2)
		text=$(echo "$hit" | cut -d: -f3-)
		echo "$text" | grep -q '\(^\|[^/]\)DESIGN\.md' &&
			echo "$where: DESIGN.md without doc/"
		echo "$text" | grep -o 'DESIGN\.md "[^"]*"' | sed 's/^DESIGN\.md "\(.*\)"$/\1/' |
		while IFS= read -r sec; do
			grep -qxF -e "## $sec" -e "### $sec" -e "#### $sec" "$r/doc/DESIGN.md" 2>/dev/null ||
				echo "$where: doc/DESIGN.md has no section \"$sec\""
		done
	done
}

is "$(problems "$PWD")" "" "this tree: one test dialect, tiers kept, design references resolve"

# The checker itself finds each kind of problem, in a scratch tree.
S=$TMP/tree
mkdir -p "$S/tests/offline" "$S/tests/live" "$S/bench/x" "$S/doc"
printf '# d\n\n## Layers\n\n### Exit codes\n' >"$S/doc/DESIGN.md"
printf '#!/bin/sh\necho "1..1"\necho "ok 1 - fine"\n' >"$S/tests/offline/own.t"
printf '#!/bin/sh\n. "$(dirname "$0")/../tap.sh"\nneed_root\ndone_testing\n' >"$S/tests/offline/rooty.t"
printf '#!/bin/sh\n. "$(dirname "$0")/../tap.sh"\ndone_testing\n' >"$S/tests/live/noroot.t"
printf '#!/bin/sh\n. "$(dirname "$0")/../tap.sh"\ntrue\nok $? "ran"\ndone_testing\n' >"$S/tests/offline/okq.t"
printf '#!/bin/sh\nexec env CMOCKA_MESSAGE_OUTPUT=TAP tests/offline/test_gone\n' >"$S/tests/offline/gone.t"
printf 'int main(void) { return 0; }\n' >"$S/tests/offline/test_lonely.c"
printf '/* see doc/DESIGN.md "Layers" and doc/DESIGN.md "Exit codes" */\n' >"$S/bench/x/good.c"
printf '/* see DESIGN.md "Layers" */\n/* doc/DESIGN.md "No such section" */\n' >"$S/bench/x/bad.c"
P=$(problems "$S")
like "$P" '^tests/offline/own.t: does not source tests/tap.sh$' "finds a .t that does not source tap.sh"
like "$P" '^tests/offline/own.t:3:echo "ok 1 - fine" \(TAP printed by hand\)$' "finds TAP printed by hand"
like "$P" '^tests/offline/rooty.t: needs root' "finds an offline test that needs root"
like "$P" '^tests/offline/okq.t:4:ok \$\? "ran" \(ok \$\?: use check, like or is\)$' "finds ok \$? (an exit code, nothing checked)"
like "$P" '^tests/live/noroot.t: in tests/live without need_root$' "finds a live test without need_root"
like "$P" '^tests/offline/gone.t: a cmocka wrapper without' "finds a wrapper of a missing cmocka test"
like "$P" '^tests/offline/test_lonely.c: no .t wrapper' "finds a cmocka test nothing runs"
like "$P" '^bench/x/bad.c:1: DESIGN.md without doc/$' "finds a reference to DESIGN.md outside doc/"
like "$P" '^bench/x/bad.c:2: doc/DESIGN.md has no section "No such section"$' "finds a reference to a missing section"
unlike "$P" 'good\.c' "accepts references to sections that exist"
done_testing
