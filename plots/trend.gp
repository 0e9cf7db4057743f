# Trend of one metric over run sets (kernels): median with its 95% bootstrap
# CI, the run sets of one exit_mmap lock pattern (exit_flavour) shaded and
# labelled, a dashed line where the pattern changes between kernels.
# datafile columns: idx label kernel n median ci_lo ci_hi absent exit_flavour
# flavour_share method host (values in the stored unit, shown divided by ydiv;
# trend --by-host: a block per host, separated by two blank lines).
# Set by reapbench: title, ylab, order, ydiv, nreg and per region i (from 1)
# rx0_i, rx1_i (x range), rl_i (its lock pattern), rchg_i (1: the pattern
# changed from the region before).
if (!exists("ydiv")) ydiv = 1
if (!exists("nreg")) nreg = 0
# the x axis's explanation in the title: three lines of tick labels leave no room
set title title . "\nordered by " . order . "; shaded: exit_mmap's lock pattern (exit_flavour)"
set ylabel ylab
set key below horizontal
set bmargin 6
set grid ytics
set yrange [0:*]
set xrange [0.5:*]
set offsets 0, 0.5, graph 0.12, 0
shade(i) = (i % 2) ? '#e8eef8' : '#f8ece0'
do for [i=1:nreg] {
    x0 = value(sprintf("rx0_%d", i)); x1 = value(sprintf("rx1_%d", i))
    set object i rect from x0, graph 0 to x1, graph 1 behind fc rgb shade(i) fs solid 1.0 noborder
    set label 100+i 'lock pattern: ' . value(sprintf("rl_%d", i)) at (x0 + x1) / 2, graph 0.96 center font ',9'
    if (value(sprintf("rchg_%d", i))) {
        set arrow i from x0, graph 0 to x0, graph 1 nohead dt 2 lw 2 lc rgb '#444444'
        set label 200+i 'lock pattern changes' at x0, graph 0.90 left offset 0.4, 0 font ',8' \
            textcolor rgb '#444444'
    }
}
# tick: label, release (when it differs), how the phases were found (exit_phase_method)
tick(l, k, m) = (l eq k ? l : l . "\n" . k) . "\n(phases: " . m . ")"
plot datafile using 1:($5/ydiv):($6/ydiv):($7/ydiv):xticlabels(tick(strcol(2), strcol(3), \
         strcol(11))) with yerrorlines lw 2 pt 7 lc rgb '#1f77b4' \
         title 'median with 95% bootstrap CI (n per run set in the data)'
