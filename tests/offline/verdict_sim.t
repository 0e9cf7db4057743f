#!/bin/sh
# Quick simulation of the verdict method (FPR, coverage); --long for the full one:
#   tests/offline/test_verdict_sim --long
exec env CMOCKA_MESSAGE_OUTPUT=TAP "$(dirname "$0")/test_verdict_sim"
