#!/bin/sh
# cmocka unit tests of --sweep expansion (TAP).
cd "$(dirname "$0")/../.." || exit 1
exec env CMOCKA_MESSAGE_OUTPUT=TAP tests/offline/test_sweep
