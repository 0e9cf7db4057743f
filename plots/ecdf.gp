# ECDF of one metric, A vs B, or of one run set (single=1: block 0 only).
# Set by reapbench (gnuplot -e): terminal, output, datadir, la, lb, single,
# subtitle, datafile (block 0 = A, block 1 = B: value, cumulative fraction),
# title, xlab, logx (1: log x axis, for values spanning more than 100x).
if (!exists("subtitle")) subtitle = ""
set title title . "\n" . subtitle
set xlabel xlab
set ylabel 'fraction of runs (ECDF)'
set yrange [0:1.02]
set key bottom right box opaque
set grid
if (!exists("logx")) logx = 0
if (logx) set logscale x
if (!exists("single")) single = 0
if (single) {
    plot datafile index 0 using 1:2 with steps lw 2 lc rgb '#1f77b4' title la
} else {
    plot datafile index 0 using 1:2 with steps lw 2 lc rgb '#1f77b4' title 'A: '.la, \
         '' index 1 using 1:2 with steps lw 2 lc rgb '#d62728' title 'B: '.lb
}
