#!/bin/sh
# report and plot with more than two run sets: the race-window figure with
# all of them, race-designs.txt, the pair reports (cmocka, TAP).
exec env CMOCKA_MESSAGE_OUTPUT=TAP "$(dirname "$0")/test_race_sets"
