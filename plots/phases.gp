# exit_mmap phases stacked: the median of each phase in exit_mmap's order,
# A and B side by side per scenario (one bar per scenario with one run set),
# and a black bar at the median of exit_mmap_us itself.
# datafile block 0: x tick med_1..med_np top_1..top_np exit_mmap_us (the stored
# unit, us; top_k = med_1 + .. + med_k); block 1: group x, "\n\nscenario".
# Set by reapbench: np, phK (legend of phase K), pcK (its colour), ydiv (us per
# shown unit).
if (!exists("subtitle")) subtitle = ""
if (!exists("ydiv")) ydiv = 1
set title title . "\n" . subtitle
set ylabel ylab
set yrange [0:*]
set offsets 0.6, 0.6, 0, 0
set style fill solid 0.85 border -1
set boxwidth 0.7
set xtics nomirror scale 0
set key below horizontal maxrows 3 width 1
# three lines of tick labels (A/B, n, the scenario) above the key
set bmargin 8
set grid ytics
# each bar drawn from its top phase down, so the lower phases paint over it;
# the key then lists the top phase first, as the stack shows it
plot for [k=np:1:-1] datafile index 0 using 1:(column(2 + np + k)/ydiv) with boxes \
         lc rgb value(sprintf("pc%d", k)) title value(sprintf("ph%d", k)), \
     '' index 0 using ($1-0.42):(column(3 + 2*np)/ydiv):(0.84):(0) with vectors nohead \
         lw 3 lc rgb '#000000' title 'exit_mmap_us (median)', \
     '' index 0 using 1:(NaN):xticlabels(2) notitle, \
     '' index 1 using 1:(NaN):xticlabels(2) notitle
