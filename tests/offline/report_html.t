#!/bin/sh
# index.html of a report opens in headless Chromium (Debian's chromium) with
# every image loaded, and a screenshot is taken. The report comes from the
# unit test's fixture store (tests/offline/test_compare_report keeps it in
# REAPBENCH_TEST_REPORT_DIR), so this needs no root and no kernel tracing,
# only chromium; without it the test is skipped.
. "$(dirname "$0")/../tap.sh"
browser=$(command -v chromium || command -v chromium-browser) ||
	skip_all "chromium not installed (apt-get install chromium)"
[ -x tests/offline/test_compare_report ] || skip_all "no tests/offline/test_compare_report (make unit)"
flags="--headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir=$TMP/profile"

check "the unit test writes its report" 0 env REAPBENCH_TEST_REPORT_DIR="$TMP/report" \
	timeout 120 tests/offline/test_compare_report
is "$([ -s "$TMP/report/index.html" ] && echo yes)" yes "index.html written"

total=$(grep -o '<img ' "$TMP/report/index.html" | wc -l)
# The page sets body data-images="loaded/total" on load (report_html.c).
loaded=$(timeout 60 $browser $flags --virtual-time-budget=10000 --dump-dom \
	"file://$TMP/report/index.html" 2>/dev/null | sed -n 's/.*data-images="\([0-9]*\/[0-9]*\)".*/\1/p')
like "$total" '^[1-9]' "index.html shows images ($total)"
is "$loaded" "$total/$total" "index.html: every image loaded in chromium"

timeout 60 $browser $flags --window-size=1200,3000 --screenshot="$TMP/shot.png" \
	"file://$TMP/report/index.html" >/dev/null 2>&1
is "$(head -c 8 "$TMP/shot.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" 89504e470d0a1a0a \
	"the screenshot is a PNG"
like "$(stat -c %s "$TMP/shot.png" 2>/dev/null)" '^[0-9]{5,}$' "the screenshot is over 10 kB (not blank)"
done_testing
