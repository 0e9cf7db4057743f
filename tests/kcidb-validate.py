#!/usr/bin/env python3
"""Validate a KCIDB I/O JSON document against tests/schemas/kcidb-io-v4.3.schema.json
with python3-jsonschema (formats checked: date-time, uri, email where supported).
Usage: kcidb-validate.py SCHEMA DOC ; prints "valid" or the first errors, exit 0/1."""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
for e in errors[:5]:
    print("invalid at /%s: %s" % ("/".join(str(p) for p in e.absolute_path), e.message[:200]))
if errors:
    sys.exit(1)
print("valid: %d checkouts, %d builds, %d tests" % (
    len(doc.get("checkouts", [])), len(doc.get("builds", [])), len(doc.get("tests", []))))
