# exit_mmap phases stacked: median of each phase, A and B side by side per scenario
# (one bar per scenario with one run set).
# datafile columns: label read_wait_us unmap_us write_wait_us teardown_us
if (!exists("subtitle")) subtitle = ""
set title title . "\n" . subtitle
set ylabel 'median time (us)'
set style data histograms
set style histogram rowstacked
set style fill solid 0.8 border -1
set boxwidth 0.6
set xtics rotate by -25 nomirror
set key below horizontal
set grid ytics
set yrange [0:*]
plot datafile using 2:xtic(1) lc rgb '#8172b2' title 'read-lock wait', \
     '' using 3 lc rgb '#4c72b0' title 'unmap (read-locked)', \
     '' using 4 lc rgb '#dd8452' title 'write-lock wait', \
     '' using 5 lc rgb '#55a868' title 'teardown (write-locked)'
