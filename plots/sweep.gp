# Sweep curve: median with the interquartile band against the swept parameter,
# A and B, or one run set (single=1).
# datafile columns: x  A: q1 median q3  B: q1 median q3  (single: x q1 median q3)
# x is in the unit xlab names (stall (s), size (MiB)), not the stored one.
if (!exists("subtitle")) subtitle = ""
set title title . "\n" . subtitle
set xlabel xlab
set ylabel ylab
set key top left box opaque
set grid
set format x "%.10g"
set style fill transparent solid 0.18 noborder
if (!exists("single")) single = 0
if (single) {
    # the subtitle names the run set; the key says what the curve and band are
    plot datafile using 1:2:4 with filledcurves lc rgb '#1f77b4' title 'interquartile range', \
         '' using 1:3 with linespoints lw 2 pt 7 lc rgb '#1f77b4' title 'median'
} else {
    plot datafile using 1:2:4 with filledcurves lc rgb '#1f77b4' title 'A: '.la.' (IQR)', \
         '' using 1:3 with linespoints lw 2 pt 7 lc rgb '#1f77b4' title 'A: '.la.' (median)', \
         '' using 1:5:7 with filledcurves lc rgb '#d62728' title 'B: '.lb.' (IQR)', \
         '' using 1:6 with linespoints lw 2 pt 7 lc rgb '#d62728' title 'B: '.lb.' (median)'
}
