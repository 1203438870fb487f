"""Validates a schedule.json against the c3voc schema with python3-jsonschema.

Usage: validate_json.py SCHEMA DOCUMENT. Prints each error and exits 1 when
the document does not follow the schema; formats (uuid, date-time, uri) are
checked as far as the installed jsonschema can.
"""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
document = json.load(open(sys.argv[2], encoding="utf-8"))
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
for e in errors:
    print("/".join(str(p) for p in e.absolute_path) + ": " + e.message)
sys.exit(1 if errors else 0)
