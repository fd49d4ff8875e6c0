"""Check data/dataset.json against its JSON Schema with Python's jsonschema package."""

import json
import sys

from jsonschema import Draft202012Validator

with open("schema/0.3.0/dataset.schema.json", encoding="utf-8") as file:
    schema = json.load(file)
with open("data/dataset.json", encoding="utf-8") as file:
    data = json.load(file)

checker = Draft202012Validator.FORMAT_CHECKER  # also check "format": "date"
errors = list(Draft202012Validator(schema, format_checker=checker).iter_errors(data))
for error in sorted(errors, key=lambda error: error.json_path):
    print(f"{error.json_path}: {error.message}")
print("invalid" if errors else "valid")
sys.exit(1 if errors else 0)
