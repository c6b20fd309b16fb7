"""report.json validates against the schema shipped in schemas/ (fixed run and a real run)."""

import json
from pathlib import Path

import jsonschema
import pytest

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "schemas" / "report.schema.json").read_text()
)


def test_schema_is_valid():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_fixed_report_validates(report):
    jsonschema.validate(report, SCHEMA, cls=jsonschema.Draft202012Validator)


def test_a_wrong_report_is_rejected(report):
    report["documents"][0]["verdict"] = "fine"
    with pytest.raises(jsonschema.ValidationError, match="'fine' is not one of"):
        jsonschema.validate(report, SCHEMA, cls=jsonschema.Draft202012Validator)
