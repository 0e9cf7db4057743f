#!/bin/sh
# cmocka unit tests of reaper_met_exit on the recorded fixtures (TAP).
cd "$(dirname "$0")/../.." || exit 1
exec env CMOCKA_MESSAGE_OUTPUT=TAP tests/offline/test_met_exit
