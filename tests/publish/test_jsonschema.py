"""The published JSON Schemas are valid draft 2020-12, self-contained, versioned, and describe the JSON."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import indojp_data
from indojp_data.cli import main
from tests.conftest import REPO

SCHEMAS = REPO / "schema" / indojp_data.__version__


def load(name: str) -> dict:  # type: ignore[type-arg]
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


def refs(node: object) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "$ref"] + [r for v in node.values() for r in refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in refs(v)]
    return []


@pytest.mark.parametrize("path", sorted(SCHEMAS.glob("*.schema.json")), ids=lambda p: p.name)
def test_schema_is_valid_bundled_and_versioned(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:indojp-data:schema:{indojp_data.__version__}:{path.name.split('.')[0]}"
    assert all(r.startswith("#/$defs/") for r in refs(schema))


def test_dataset_json_is_valid_against_the_bundled_schema() -> None:
    document = json.loads((REPO / "datapackage/data/dataset.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, load("dataset"), cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["commitments"][0].update(amount="0"), "amount"),
        (lambda d: d["commitments"][0].update(amount=1e13), "amount"),
        (lambda d: d["quotes"][0].update(language="English"), "language"),
        (lambda d: d["persons"][0].update(nickname="x"), "nickname"),
        (lambda d: d["summits"][0].pop("date"), "date"),
        (lambda d: d["countries"][0].update(citations=[]), "citations"),
    ],
)
def test_schema_rejects_bad_documents(mutate, expected: str) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(indojp_data.load().model_dump_json())
    mutate(document)
    errors = list(jsonschema.Draft202012Validator(load("dataset")).iter_errors(document))
    assert errors and any(expected in (str(list(e.absolute_path)) + e.message) for e in errors)


def test_record_schema_validates_a_record() -> None:
    person = json.loads(indojp_data.load().persons[0].model_dump_json())
    jsonschema.validate(person, load("persons"), cls=jsonschema.Draft202012Validator)


def test_schema_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "quotes"]) == 0
    assert json.loads(capsys.readouterr().out) == load("quotes")
    assert main(["schema", "--list"]) == 0
    assert indojp_data.__version__ in capsys.readouterr().out
    assert main(["schema", "nope"]) == 2
    assert "available:" in capsys.readouterr().err
    assert main(["schema", "dataset", "--schema-version", "9.9.9"]) == 2
