#!/bin/sh
# cmocka unit tests of the stall mount recognition in mountinfo (TAP).
cd "$(dirname "$0")/../.." || exit 1
exec env CMOCKA_MESSAGE_OUTPUT=TAP tests/offline/test_fuse_stall_mounts
