#!/bin/sh
# cmocka unit tests of the metric computation (TAP).
cd "$(dirname "$0")/../.." || exit 1
exec env CMOCKA_MESSAGE_OUTPUT=TAP tests/offline/test_metrics
