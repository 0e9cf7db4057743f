# reaper_outcome shares per scenario, A and B side by side (one bar each with
# one run set), stacked to 100%, n under each bar, and the Wilson 95% interval
# of the first (hit) share as an error bar at its top.
# datafile block 0: x tick share_1..share_nc top_1..top_nc hit_lo hit_hi n
# (percent); block 1: group x, "\n\nscenario".
# Set by reapbench: nc (outcomes, the hit first, "other" last), ocK (legend),
# ccK (colour).
if (!exists("subtitle")) subtitle = ""
set title title . "\n" . subtitle
set ylabel ylab
set yrange [0:105]
set offsets 0.6, 0.6, 0, 0
set style fill solid 0.85 border -1
set boxwidth 0.7
set xtics nomirror scale 0
set key below horizontal maxrows 3 width 1
# three lines of tick labels (A/B, n, the scenario) above the key
set bmargin 8
set grid ytics
plot for [k=nc:1:-1] datafile index 0 using 1:(column(2 + nc + k)) with boxes \
         lc rgb value(sprintf("cc%d", k)) title value(sprintf("oc%d", k)), \
     '' index 0 using 1:(column(3)):(column(3 + 2*nc)):(column(4 + 2*nc)) with yerrorbars \
         pt 7 ps 0.6 lw 2 lc rgb '#000000' title 'Wilson 95% ('.hit.')', \
     '' index 0 using 1:(NaN):xticlabels(2) notitle, \
     '' index 1 using 1:(NaN):xticlabels(2) notitle
