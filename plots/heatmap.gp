# Heatmap of a 2-D sweep: one cell per point, x = first swept parameter,
# y = second, colour and printed value as the mode says:
#   mode 'value': median of the metric (one run set), sequential palette
#   mode 'share': % of runs with the counted outcome, sequential, 0-100
#   mode 'ratio': median B/A, diverging palette centred at 1 (log colour scale)
#   mode 'diff':  share B - A in points, diverging palette centred at 0
# datafile columns: xi yi x y z label ...  (xi, yi: cell index from 0; x, y:
# the parameter values in the unit xlab and ylab name; z: the colour; label:
# the printed value, "-" where nothing was measured; the rest is for readers).
# Set by reapbench: datafile, title, subtitle, xlab, ylab, cblab, mode, nx, ny,
# cbmin, cbmax, logz (1: log colour scale), labels (0: too many cells to print),
# higher_better (1: the metric's good direction is up, e.g. a share reaped).
if (!exists("subtitle")) subtitle = ""
if (!exists("logz")) logz = 0
if (!exists("labels")) labels = 1
set title title . "\n" . subtitle
set xlabel xlab
set ylabel ylab
set cblabel cblab offset 1, 0
set xrange [-0.5:nx - 0.5]
set yrange [-0.5:ny - 0.5]
set cbrange [cbmin:cbmax]
set xtics scale 0
set ytics scale 0
set tics out
set border 3
unset key
diverging = (mode eq 'ratio' || mode eq 'diff')
if (diverging) {
    # blue below the centre (B lower), red above (B higher), near white at it;
    # flipped below when higher is better, so that red is always the worse side
    set palette defined (0 '#2166ac', 0.25 '#92c5de', 0.5 '#f7f7f7', \
                         0.75 '#f4a582', 1 '#b2182b')
} else {
    if (mode eq 'share') {
        # a share of runs with the good outcome: greens, as in the outcome bars
        set palette defined (0 '#f7fcf5', 0.35 '#a1d99b', 0.7 '#41ab5d', 1 '#00441b')
    } else {
        set palette defined (0 '#fff7ec', 0.35 '#fdbb84', 0.7 '#e34a33', 1 '#7f0000')
    }
}
set palette maxcolors 0
if (!exists("higher_better")) higher_better = 0
# where the metric has a direction: red for higher costs and for fewer good
# outcomes (reaper_outcome=reaped); without one, red is simply higher
if (diverging && higher_better) set palette negative
if (logz) {
    set logscale cb
    set cbtics format "%g"
}
if (mode eq 'ratio') {
    # ratios read as factors: the ends, their square roots and 1
    set cbtics (sprintf("%.3g", cbmin) cbmin, sprintf("%.3g", sqrt(cbmin)) sqrt(cbmin), \
                "1" 1, sprintf("%.3g", sqrt(cbmax)) sqrt(cbmax), sprintf("%.3g", cbmax) cbmax)
}
set colorbox vertical user origin graph 1.03, graph 0 size character 2, graph 1
set rmargin at screen 0.84
# where z falls on the colour scale, 0..1; white ink on the dark ends
frac(z) = logz ? (log(z) - log(cbmin)) / (log(cbmax) - log(cbmin)) \
               : (z - cbmin) / (cbmax - cbmin)
dark(z) = diverging ? abs(frac(z) - 0.5) > 0.32 : frac(z) > 0.55
ink(z) = strcol(6) ne '-' && dark(z) ? 0xffffff : 0x202020
# printed values shrink with the cell width (800 px wide: 16 cells still fit)
lfont = nx > 12 ? 7 : nx > 8 ? 8 : nx > 5 ? 10 : 11
# a cell without a value (label "-") is hatched grey, never coloured as a 0
nodata(x) = strcol(6) eq '-' ? x : NaN
if (labels) {
    plot datafile using 1:2:(0.5):(0.5):5:xtic(3):ytic(4) with boxxyerror \
             fs solid 1.0 border lc rgb '#ffffff' lc palette, \
         '' using (nodata($1)):2:(0.5):(0.5) with boxxyerror \
             fs pattern 4 lc rgb '#c0c0c0', \
         '' using 1:2:(strcol(6) eq '-' ? 'no value' : strcol(6)):(ink($5)) \
             with labels font sprintf(',%d', lfont) tc rgb variable
} else {
    plot datafile using 1:2:(0.5):(0.5):5:xtic(3):ytic(4) with boxxyerror \
             fs solid 1.0 noborder lc palette, \
         '' using (nodata($1)):2:(0.5):(0.5) with boxxyerror \
             fs pattern 4 lc rgb '#c0c0c0'
}
