#!/bin/sh
# cmocka unit test of the shuffle seed source (TAP).
cd "$(dirname "$0")/../.." || exit 1
exec env CMOCKA_MESSAGE_OUTPUT=TAP tests/offline/test_random_seed
