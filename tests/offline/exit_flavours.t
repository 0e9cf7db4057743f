#!/bin/sh
# cmocka unit tests: exit_flavour and exit_mmap phases of the four designs (TAP).
cd "$(dirname "$0")/../.." || exit 1
exec env CMOCKA_MESSAGE_OUTPUT=TAP tests/offline/test_exit_flavours
