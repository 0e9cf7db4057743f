# Share of runs with one outcome (reaper_outcome=reaped) against the swept
# parameter, with Wilson 95% intervals as error bars.
# datafile columns: x  A: share_pct lo hi n  B: share_pct lo hi n
# (single=1, one run set: x share_pct lo hi n). delay_x (optional): the reaper
# delay, a dashed line.
if (!exists("subtitle")) subtitle = ""
set title title . "\n" . subtitle
set xlabel xlab
set ylabel ylab
set yrange [0:105]
set format x "%.10g"
set key below horizontal
set bmargin 5
set grid
if (exists("delay_x")) {
    set arrow from delay_x, graph 0 to delay_x, graph 1 nohead dt 2 lw 2 lc rgb '#555555'
    set label delay_lab at delay_x, graph 0.96 right offset -0.6, 0 textcolor rgb '#555555'
}
if (!exists("single")) single = 0
if (single) {
    plot datafile using 1:2:3:4 with yerrorlines lw 2 pt 7 lc rgb '#1f77b4' \
         title la.' (Wilson 95%)'
} else {
    plot datafile using 1:2:3:4 with yerrorlines lw 2 pt 7 lc rgb '#1f77b4' \
              title 'A: '.la.' (Wilson 95%)', \
         '' using 1:6:7:8 with yerrorlines lw 2 pt 5 dt 2 lc rgb '#d62728' \
              title 'B: '.lb.' (Wilson 95%)'
}
