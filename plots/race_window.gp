# Race window: per run set (nsets, labels l0 l1 ...) one column of two panels
# over the swept offset: top, the share of each reaper outcome class with its
# Wilson 95% interval and n per point; bottom, mem_release_us median (ms) with
# the IQR band where n >= iqr_min_n, x over [xlo:xhi], on one scale [memlo:memhi] for all run sets. marker: where the reaper starts (NaN: none).
# datafile: one index block per run set, columns (report_race.c)
#   1 x  2 n  3-5 reaped lo hi  6-8 not_needed lo hi  9-11 found_oom_skip lo hi
#   12-14 unable_to_reap lo hi  15 mem_n  16 median_ms  17 q1_ms  18 q3_ms
if (!exists("subtitle")) subtitle = ""
if (!exists("nsets")) nsets = 1
if (!exists("dx")) dx = 0
if (!exists("marker")) marker = NaN
if (!exists("memlo")) { memlo = NaN; memhi = NaN }
# l0, l1, ...: each run set's name (la and lb when not given)
label_of(i) = exists(sprintf('l%d', i)) ? value(sprintf('l%d', i)) : ((i == 0) ? la : lb)
set multiplot layout 2, nsets columnsfirst title title . "\n" . subtitle
set grid
set format x "%.10g"
if (exists("xlo")) { set xrange [xlo:xhi] }
do for [i = 0:nsets - 1] {
    unset arrow
    unset label
    if (marker == marker) {
        set arrow from marker, graph 0 to marker, graph 1 nohead dt 3 lw 1.5 lc rgb '#555555'
            set label 'oom_reaper delay' at marker, graph 0.5 rotate by 90 offset -1.2, 0 center \
            textcolor rgb '#555555' font ',9'
    }
    set title label_of(i) . ': reaper outcome (Wilson 95%, n above)'
    set ylabel 'share of runs (%)'
    set xlabel ''
    set key below horizontal font ',9' samplen 2 width -2
    set yrange [-5:118]
    set ytics 0, 20, 100
    plot datafile index i using ($1 - 1.5 * dx):3:4:5 with yerrorlines lw 1.5 pt 7 \
             lc rgb '#55a868' title 'reaped (incl. retries)', \
         '' index i using ($1 - 0.5 * dx):6:7:8 with yerrorlines lw 1.5 pt 5 \
             lc rgb '#8c8c8c' title 'not needed', \
         '' index i using ($1 + 0.5 * dx):9:10:11 with yerrorlines lw 1.5 pt 9 \
             lc rgb '#dd8452' title 'found MMF_OOM_SKIP', \
         '' index i using ($1 + 1.5 * dx):12:13:14 with yerrorlines lw 1.5 pt 11 \
             lc rgb '#c44e52' title 'unable to reap', \
         '' index i using 1:(110):(sprintf('n=%d', $2)) with labels font ',8' notitle
    set title label_of(i) . ': mem_release (median, IQR if n >= ' . iqr_min_n . ')'
    set ylabel 'mem_release_us (ms)'
    set xlabel xlab
    set key inside bottom right horizontal font ',9' samplen 2 opaque
    if (memlo == memlo) { set yrange [memlo:memhi] } else { set yrange [*:*] }
    set ytics autofreq
    plot datafile index i using 1:17:18 with filledcurves fs transparent solid 0.25 \
             lc rgb '#1f77b4' title 'IQR', \
         '' index i using 1:16 with linespoints lw 2 pt 7 lc rgb '#1f77b4' title 'median'
}
unset multiplot
