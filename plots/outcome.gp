# reaper_outcome shares per scenario, A and B side by side (one bar each with
# one run set), stacked to 100%.
# datafile columns: label, then metrics_reaper.c's rb_reaper_outcomes (reaped
# reaped_after_retries found_oom_skip unable_to_reap not_needed skipped), other
# (percent of runs)
if (!exists("subtitle")) subtitle = ""
set title title . "\n" . subtitle
set ylabel 'share of runs (%)'
set style data histograms
set style histogram rowstacked
set style fill solid 0.8 border -1
set boxwidth 0.6
set yrange [0:100]
set xtics rotate by -25 nomirror
set key below horizontal
set grid ytics
plot datafile using 2:xtic(1) lc rgb '#55a868' title 'reaped', \
     '' using 3 lc rgb '#8fd19e' title 'reaped after retries', \
     '' using 4 lc rgb '#dd8452' title 'found MMF_OOM_SKIP', \
     '' using 5 lc rgb '#c44e52' title 'unable to reap', \
     '' using 6 lc rgb '#8c8c8c' title 'not needed', \
     '' using 7 lc rgb '#e0c060' title 'skipped (cause unknown)', \
     '' using 8 lc rgb '#b0b0ff' title 'other'
