# Box per scenario of one metric, A left and B right of each tick; with one
# run set (single=1) one box on the tick. Drawn on request only (plot --kind box).
# Box: quartiles; bar inside: median; whiskers: min and max.
# datafile columns: idx scenario  A: min q1 median q3 max  B: min q1 median q3 max
# (single: idx scenario min q1 median q3 max), in the stored unit; ydiv: stored
# unit / shown unit.
if (!exists("subtitle")) subtitle = ""
if (!exists("ydiv")) ydiv = 1
set title title . "\n" . subtitle
set ylabel ylab
set xlabel 'scenario'
set style fill solid 0.25 border
set boxwidth 0.3
set xtics rotate by -25 nomirror
set key below horizontal
# room for the rotated scenario names and the axis label above the key
set bmargin 7
set grid ytics
if (!exists("logy")) logy = 0
# the metrics drawn are durations, sizes and counts: never below 0
if (logy) { set logscale y } else { set yrange [0:*] }
set xrange [0.4:*]
set offsets 0, 0.6, graph 0.05, 0
if (!exists("single")) single = 0
if (single) {
    set boxwidth 0.4
    plot datafile using 1:($4/ydiv):($3/ydiv):($7/ydiv):($6/ydiv) with candlesticks \
              whiskerbars lc rgb '#1f77b4' title la, \
         '' using 1:($5/ydiv):($5/ydiv):($5/ydiv):($5/ydiv) with candlesticks lw 3 \
              lc rgb '#1f77b4' notitle, \
         '' using 1:(NaN):xticlabels(2) notitle
} else {
    plot datafile using ($1-0.18):($4/ydiv):($3/ydiv):($7/ydiv):($6/ydiv) with candlesticks \
              whiskerbars lc rgb '#1f77b4' title 'A: '.la, \
         '' using ($1-0.18):($5/ydiv):($5/ydiv):($5/ydiv):($5/ydiv) with candlesticks lw 3 \
              lc rgb '#1f77b4' notitle, \
         '' using ($1+0.18):($9/ydiv):($8/ydiv):($12/ydiv):($11/ydiv) with candlesticks \
              whiskerbars lc rgb '#d62728' title 'B: '.lb, \
         '' using ($1+0.18):($10/ydiv):($10/ydiv):($10/ydiv):($10/ydiv) with candlesticks \
              lw 3 lc rgb '#d62728' notitle, \
         '' using 1:(NaN):xticlabels(2) notitle
}
