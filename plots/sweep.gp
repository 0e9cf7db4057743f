# Sweep curve: median with the interquartile band against the swept parameter.
# datafile columns: x  A: q1 median q3  B: q1 median q3
if (!exists("subtitle")) subtitle = ""
set title title . "\n" . subtitle
set xlabel xlab
set ylabel ylab
set key top left box opaque
set grid
set format x "%.10g"
set style fill transparent solid 0.18 noborder
plot datafile using 1:2:4 with filledcurves lc rgb '#1f77b4' title 'A: '.la.' (IQR)', \
     '' using 1:3 with linespoints lw 2 pt 7 lc rgb '#1f77b4' title 'A: '.la.' (median)', \
     '' using 1:5:7 with filledcurves lc rgb '#d62728' title 'B: '.lb.' (IQR)', \
     '' using 1:6 with linespoints lw 2 pt 7 lc rgb '#d62728' title 'B: '.lb.' (median)'
