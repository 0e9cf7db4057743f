#!/bin/sh
# index.html of a report opens in headless Chromium (Debian's chromium) with
# every image loaded, and a screenshot is taken. The report comes from the
# unit test's fixture store (tests/offline/test_compare_report), so this needs
# no kernel, only chromium; without it the test is skipped.
top=$(cd "$(dirname "$0")/../.." && pwd)
echo "1..3"
browser=$(command -v chromium || command -v chromium-browser)
if [ -z "$browser" ]; then
	echo "ok 1 # SKIP chromium not installed (apt-get install chromium)"
	echo "ok 2 # SKIP chromium not installed"
	echo "ok 3 # SKIP chromium not installed"
	exit 0
fi
dir=$(mktemp -d /tmp/reapbench-report-html-XXXXXX)
trap 'rm -rf "$dir"' EXIT INT TERM
flags="--headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir=$dir/profile"

if REAPBENCH_TEST_REPORT_DIR="$dir/out" timeout 120 "$top/tests/offline/test_compare_report" \
	>"$dir/log" 2>&1 && [ -f "$dir/out/index.html" ]; then
	echo "ok 1 - report written"
else
	echo "not ok 1 - report written"; sed 's/^/# /' "$dir/log"; exit 1
fi

total=$(grep -o '<img ' "$dir/out/index.html" | wc -l)
# The page sets body data-images="loaded/total" on load (report_html.c).
loaded=$(timeout 60 $browser $flags --virtual-time-budget=10000 --dump-dom \
	"file://$dir/out/index.html" 2>/dev/null | sed -n 's/.*data-images="\([0-9]*\/[0-9]*\)".*/\1/p')
if [ "$total" -gt 0 ] && [ "$loaded" = "$total/$total" ]; then
	echo "ok 2 - index.html: $loaded images loaded"
else
	echo "not ok 2 - index.html: images loaded '$loaded', expected $total/$total"
fi

timeout 60 $browser $flags --window-size=1200,3000 --screenshot="$dir/shot.png" \
	"file://$dir/out/index.html" >/dev/null 2>&1
if [ "$(head -c 8 "$dir/shot.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
	[ "$(stat -c %s "$dir/shot.png")" -gt 10000 ]; then
	echo "ok 3 - screenshot taken ($(stat -c %s "$dir/shot.png") bytes)"
else
	echo "not ok 3 - screenshot"
fi
