# ECDF of one metric, A vs B, or of one run set (single=1: block 0 only).
# Set by reapbench (gnuplot -e): terminal, output, datadir, la, lb, single,
# subtitle, datafile (block 0 = A, block 1 = B: value in the stored unit,
# cumulative fraction), title, xlab, xdiv (stored unit / shown unit: 1000 for
# us shown as ms), logx (1: log x axis, for values spanning more than 100x).
if (!exists("subtitle")) subtitle = ""
if (!exists("xdiv")) xdiv = 1
set title title . "\n" . subtitle
set xlabel xlab
set ylabel 'fraction of runs (ECDF)'
set yrange [0:1.02]
# the key below the plot: inside, it covers the low quantiles
set key below horizontal
set bmargin 5
set grid
if (!exists("logx")) logx = 0
if (logx) { set logscale x } else { set xrange [0:*] }
if (!exists("single")) single = 0
if (single) {
    plot datafile index 0 using ($1/xdiv):2 with steps lw 2 lc rgb '#1f77b4' title la
} else {
    plot datafile index 0 using ($1/xdiv):2 with steps lw 2 lc rgb '#1f77b4' title 'A: '.la, \
         '' index 1 using ($1/xdiv):2 with steps lw 2 lc rgb '#d62728' title 'B: '.lb
}
