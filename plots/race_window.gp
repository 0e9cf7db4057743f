# Race window: per run set (nsets, labels l0 l1 ...) one column of two panels
# over the swept offset: top (title panel), the share of each of the axis's
# four outcome classes (key titles cls0..cls3) with its Wilson 95% interval
# and n per point; bottom, mem_release_us median (ms) with the IQR band where
# n >= iqr_min_n, x over [xlo:xhi], on one scale [memlo:memhi] for all run
# sets. marker: where the reaper starts, named marker_label (NaN: none).
# datafile: one index block per run set, columns (report_race.c race_axes[])
#   1 x  2 n  3-5 c0 lo hi  6-8 c1 lo hi  9-11 c2 lo hi  12-14 c3 lo hi
#   15 mem_n  16 median_ms  17 q1_ms  18 q3_ms
# stall: n runs with a reaper_outcome; c0 reaped (incl. retries), c1 not
#   needed, c2 found MMF_OOM_SKIP, c3 unable to reap.
# mrelease_delay_us: n runs with an exit_mmap_in; c0 exit_mmap ran in
#   process_mrelease, c1 in the victim, c2 process_mrelease met exit_mmap at
#   the mmap_lock, c3 process_mrelease failed (c2, c3 overlap c0, c1).
if (!exists("subtitle")) subtitle = ""
if (!exists("nsets")) nsets = 1
if (!exists("dx")) dx = 0
if (!exists("marker")) marker = NaN
if (!exists("memlo")) { memlo = NaN; memhi = NaN }
if (!exists("marker_label")) marker_label = 'oom_reaper delay'
if (!exists("panel")) panel = 'reaper outcome'
if (!exists("cls0")) { cls0 = 'reaped (incl. retries)'; cls1 = 'not needed' }
if (!exists("cls2")) { cls2 = 'found MMF_OOM_SKIP'; cls3 = 'unable to reap' }
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
            set label marker_label at marker, graph 0.5 rotate by 90 offset -1.2, 0 center \
            textcolor rgb '#555555' font ',9'
    }
    set title label_of(i) . ': ' . panel . ' (Wilson 95%, n above)'
    set ylabel 'share of runs (%)'
    set xlabel ''
    set key below horizontal font ',9' samplen 2 width -2
    set yrange [-5:118]
    set ytics 0, 20, 100
    plot datafile index i using ($1 - 1.5 * dx):3:4:5 with yerrorlines lw 1.5 pt 7 \
             lc rgb '#55a868' title cls0, \
         '' index i using ($1 - 0.5 * dx):6:7:8 with yerrorlines lw 1.5 pt 5 \
             lc rgb '#8c8c8c' title cls1, \
         '' index i using ($1 + 0.5 * dx):9:10:11 with yerrorlines lw 1.5 pt 9 \
             lc rgb '#dd8452' title cls2, \
         '' index i using ($1 + 1.5 * dx):12:13:14 with yerrorlines lw 1.5 pt 11 \
             lc rgb '#c44e52' title cls3, \
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
