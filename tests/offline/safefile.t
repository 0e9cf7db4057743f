#!/bin/sh
# cmocka unit tests of symlink-safe output files and directories (TAP).
cd "$(dirname "$0")/../.." || exit 1
exec env CMOCKA_MESSAGE_OUTPUT=TAP tests/offline/test_safefile
