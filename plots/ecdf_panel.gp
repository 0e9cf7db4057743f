# ECDF panels: one per metric (the exit_mmap phases of one scenario), A vs B.
# datafile: per panel k (from 1) blocks 2(k-1) = A and 2(k-1)+1 = B (value in
# the stored unit, cumulative fraction). Set by reapbench: np (panels), and per
# panel pmK (axis label), pdK (stored unit / shown unit), plK (1: log x).
if (!exists("subtitle")) subtitle = ""
if (!exists("single")) single = 0
cols = np <= 2 ? np : (np <= 4 ? 2 : 3)
rows = (np + cols - 1) / cols
set multiplot layout rows, cols title title . "\n" . subtitle . \
    (single ? "" : "   (blue: A, red: B)")
set grid
set yrange [0:1.02]
set ytics 0.25
set key off
do for [k=1:np] {
    set xlabel value(sprintf("pm%d", k))
    d = value(sprintf("pd%d", k))
    unset logscale x
    set xrange [*:*]
    if (value(sprintf("pl%d", k))) { set logscale x } else { set xrange [0:*] }
    if (single) {
        plot datafile index 2*(k-1) using ($1/d):2 with steps lw 2 lc rgb '#1f77b4'
    } else {
        plot datafile index 2*(k-1) using ($1/d):2 with steps lw 2 lc rgb '#1f77b4', \
             '' index 2*(k-1)+1 using ($1/d):2 with steps lw 2 lc rgb '#d62728'
    }
}
unset multiplot
