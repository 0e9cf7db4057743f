#!/bin/sh
# evidence-check.sh FILE...: hold each evidence.txt to the limits of
# doc/EVIDENCE.md: at most 60 lines for one scenario (64 + N when its
# "Scenarios" table lists N > 1), at most 72 columns, no absolute path of
# the machine, no config dump (CONFIG_...= lines) and no tool counters
# (trace_events_n, lost_events: appendix.txt has them). Prints one
# "FILE:LINE: what" per finding; exit 0 clean, 1 when anything was found.
[ $# -gt 0 ] || { echo "usage: evidence-check.sh FILE..." >&2; exit 1; }
rc=0
for f in "$@"; do
	[ -r "$f" ] || { echo "$f: cannot read" >&2; rc=1; continue; }
	awk -v F="$f" '
	function bad(what) { printf "%s:%d: %s\n", F, NR, what; found = 1 }
	/^Scenarios \(/ { intable = 1; next }
	intable && /^  / { nscen++; }
	intable && !/^  / { intable = 0 }
	length($0) > 72 { bad(length($0) " columns (limit 72)") }
	/CONFIG_[A-Z0-9_]+=/ || /^[ \t]*# CONFIG_[A-Z0-9_]+ is not set/ { bad("config dump") }
	/(^|[ \t"'\''(=:,])\/(tmp|work|home|root|var|usr|opt|srv|mnt|media|run|proc|sys|dev|etc|boot)(\/|[ \t"'\''),.;:]|$)/ {
		bad("absolute path of the machine")
	}
	/trace_events_n|lost_events/ { bad("tool counter (belongs in appendix.txt)") }
	END {
		n = (nscen > 1) ? nscen : 1
		limit = (n > 1) ? 64 + n : 60
		if (NR > limit) { printf "%s: %d lines (limit %d for %d scenario%s)\n", F, NR, limit,
			n, (n > 1) ? "s" : ""; found = 1 }
		exit found
	}' "$f" || rc=1
done
exit $rc
