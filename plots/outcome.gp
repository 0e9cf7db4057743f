# reaper_outcome shares per scenario, A and B side by side (one bar each with
# one run set), stacked to 100%.
# datafile columns: label reaped skipped failed not_needed other (percent of runs)
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
     '' using 3 lc rgb '#dd8452' title 'skipped', \
     '' using 4 lc rgb '#c44e52' title 'failed', \
     '' using 5 lc rgb '#8c8c8c' title 'not needed', \
     '' using 6 lc rgb '#b0b0ff' title 'other'
