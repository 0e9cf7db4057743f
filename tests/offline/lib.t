#!/bin/sh
# cmocka tests of bench/lib: spawn helper, argv join, data-directory search (TAP).
cd "$(dirname "$0")/../.." || exit 1
exec env CMOCKA_MESSAGE_OUTPUT=TAP tests/offline/test_lib
