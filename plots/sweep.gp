# Sweep curve: median with the interquartile band against the swept parameter,
# A and B, or one run set (single=1). The band only where a point has
# bandn runs or more (q1 and q3 are NaN elsewhere).
# datafile columns: x  A: q1 median q3 n  B: q1 median q3 n  (single: x q1 median q3 n)
# x is in the unit xlab names (stall (s), size (MiB)); y in the stored unit,
# shown divided by ydiv. delay_x (optional): the reaper delay, a dashed line.
if (!exists("subtitle")) subtitle = ""
if (!exists("ydiv")) ydiv = 1
if (!exists("bandn")) bandn = 5
set title title . "\n" . subtitle
set xlabel xlab
set ylabel ylab
set key below horizontal
# room for the axis label above a two-line key
set bmargin 6
set grid
set yrange [0:*]
set format x "%.10g"
set style fill transparent solid 0.18 noborder
if (exists("delay_x")) {
    set arrow from delay_x, graph 0 to delay_x, graph 1 nohead dt 2 lw 2 lc rgb '#555555'
    set label delay_lab at delay_x, graph 0.96 right offset -0.6, 0 textcolor rgb '#555555'
}
iqr = sprintf(' (points with n >= %d)', bandn)
if (!exists("single")) single = 0
if (single) {
    plot datafile using 1:($2/ydiv):($4/ydiv) with filledcurves lc rgb '#1f77b4' \
              title 'interquartile range'.iqr, \
         '' using 1:($3/ydiv) with linespoints lw 2 pt 7 lc rgb '#1f77b4' title 'median'
} else {
    plot datafile using 1:($2/ydiv):($4/ydiv) with filledcurves lc rgb '#1f77b4' title 'A: IQR'.iqr, \
         '' using 1:($3/ydiv) with linespoints lw 2 pt 7 lc rgb '#1f77b4' title 'A: '.la.' (median)', \
         '' using 1:($6/ydiv):($8/ydiv) with filledcurves lc rgb '#d62728' title 'B: IQR'.iqr, \
         '' using 1:($7/ydiv) with linespoints lw 2 pt 7 lc rgb '#d62728' title 'B: '.lb.' (median)'
}
