# Trend of one metric over run sets (kernels): median with its 95% bootstrap CI.
# datafile columns: idx label kernel n median ci_lo ci_hi
set title title
set ylabel ylab
set xlabel 'run set (kernel), ordered by ' . order
set xtics rotate by -30 nomirror
set key top left box opaque
set grid
set offsets 0.3, 0.3, 0, 0
plot datafile using 1:5:6:7:xticlabels(2) with yerrorlines lw 2 pt 7 lc rgb '#1f77b4' \
     title 'median, 95% CI'
