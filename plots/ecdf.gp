# ECDF of one metric, A vs B.
# Set by reapbench (gnuplot -e): terminal, output, datadir, la, lb, subtitle,
# datafile (block 0 = A, block 1 = B: value, cumulative fraction), title, xlab,
# logx (1: log x axis, for values spanning more than 100x).
if (!exists("subtitle")) subtitle = ""
set title title . "\n" . subtitle
set xlabel xlab
set ylabel 'fraction of runs (ECDF)'
set yrange [0:1.02]
set key bottom right box opaque
set grid
if (!exists("logx")) logx = 0
if (logx) set logscale x
plot datafile index 0 using 1:2 with steps lw 2 lc rgb '#1f77b4' title 'A: '.la, \
     '' index 1 using 1:2 with steps lw 2 lc rgb '#d62728' title 'B: '.lb
