#!/bin/sh
# cmocka unit tests of the parameter tables and scenario_check (TAP).
cd "$(dirname "$0")/../.." || exit 1
exec env CMOCKA_MESSAGE_OUTPUT=TAP tests/offline/test_params
