#!/bin/sh
# index.html in headless Chromium at 1280 px: every image loads, every
# in-page anchor (the table of contents) resolves, the page needs no
# horizontal scroll bar. The page reports these on its body once loaded
# (report_html.c); the report comes from tests/offline/test_report_figs,
# kept in REAPBENCH_TEST_FIGS_DIR. Skipped without chromium.
. "$(dirname "$0")/../tap.sh"
browser=$(command -v chromium || command -v chromium-browser) ||
	skip_all "chromium not installed (apt-get install chromium)"
[ -x tests/offline/test_report_figs ] || skip_all "no tests/offline/test_report_figs (make unit)"
flags="--headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir=$TMP/profile"

mkdir -p "$TMP/figs"
check "the unit test writes its report" 0 env REAPBENCH_TEST_FIGS_DIR="$TMP/figs" \
	timeout 120 tests/offline/test_report_figs
page="$TMP/figs/report/index.html"
is "$([ -s "$page" ] && echo yes)" yes "index.html written"
imgs=$(grep -o '<img ' "$page" | wc -l)
links=$(grep -o 'href="#' "$page" | wc -l)
like "$imgs" '^[1-9]' "index.html shows images ($imgs)"
like "$links" '^[1-9]' "index.html has in-page links ($links)"
like "$(cat "$page")" '<nav id="toc">' "index.html has a table of contents"

body=$(timeout 60 $browser $flags --window-size=1280,900 --virtual-time-budget=10000 \
	--dump-dom "file://$page" 2>/dev/null | grep -o '<body[^>]*>')
is "$(echo "$body" | sed -n 's/.*data-images="\([0-9]*\/[0-9]*\)".*/\1/p')" "$imgs/$imgs" \
	"chromium: every image loaded"
is "$(echo "$body" | sed -n 's/.*data-anchors="\([0-9]*\/[0-9]*\)".*/\1/p')" "$links/$links" \
	"chromium: every anchor resolves"
is "$(echo "$body" | sed -n 's/.*data-hscroll="\([01]\)".*/\1/p')" 0 \
	"chromium: no horizontal scroll at 1280 px"
done_testing
