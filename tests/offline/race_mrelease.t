#!/bin/sh
exec env CMOCKA_MESSAGE_OUTPUT=TAP "$(dirname "$0")/test_race_mrelease"
