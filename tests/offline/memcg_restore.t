#!/bin/sh
# cmocka unit tests of the cgroup v2 memory controller restore decision (TAP).
cd "$(dirname "$0")/../.." || exit 1
exec env CMOCKA_MESSAGE_OUTPUT=TAP tests/offline/test_memcg_restore
