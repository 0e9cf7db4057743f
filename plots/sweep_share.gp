# Share of runs with one outcome (reaper_outcome=reaped) against the swept parameter.
# datafile columns: x A_share_pct B_share_pct  (single=1, one run set: x share_pct)
if (!exists("subtitle")) subtitle = ""
set title title . "\n" . subtitle
set xlabel xlab
set ylabel ylab
set yrange [-2:102]
set format x "%.10g"
set key below horizontal
set grid
if (!exists("single")) single = 0
if (single) {
    plot datafile using 1:2 with linespoints lw 2 pt 7 lc rgb '#1f77b4' title la
} else {
    plot datafile using 1:2 with linespoints lw 2 pt 7 lc rgb '#1f77b4' title 'A: '.la, \
         '' using 1:3 with linespoints lw 2 pt 5 dt 2 lc rgb '#d62728' title 'B: '.lb
}
