#!/bin/sh
# cmocka unit tests of the input parsers (TAP).
cd "$(dirname "$0")/../.." || exit 1
exec env CMOCKA_MESSAGE_OUTPUT=TAP tests/offline/test_common
