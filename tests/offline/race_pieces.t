#!/bin/sh
# cmocka unit tests of the race-scenario pieces: pgtables, memcg-oom-multi,
# kill-pinned, reaper-fail tables; the oom_kill parser; calibrated sweeps (TAP).
cd "$(dirname "$0")/../.." || exit 1
exec env CMOCKA_MESSAGE_OUTPUT=TAP tests/offline/test_race_pieces
