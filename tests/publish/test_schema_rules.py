"""The rules between fields are in the published JSON Schemas wherever JSON Schema can say them (issue 23).

Each damage below breaks one rule the models enforce; the published schema must refuse it with jsonschema,
jsonschema-rs (the validator's) and check-jsonschema, as the models do. What JSON Schema cannot say is
listed, with the reason, in the schema's ``$comment`` and on the data dictionary page.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest
from pydantic import ValidationError

import indojp_data
from indojp_data import __version__
from indojp_data.model.dataset import Dataset
from indojp_data.publish.jsonrules import EXPRESSED_RULES, UNEXPRESSED_RULES
from tests.conftest import REPO

SCHEMA_DIR = REPO / "schema" / __version__
Damage = Callable[[dict[str, Any]], object]


def schema(name: str) -> dict[str, Any]:
    value: dict[str, Any] = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    return value


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    value: dict[str, Any] = json.loads(indojp_data.load().model_dump_json())
    return value


def _explain_created(d: dict[str, Any]) -> None:
    asset = d["media_assets"][0]
    asset["created"] = None
    asset["unknowns"].append({"field": "created", "reason": "no date"})
    asset["inferences"] = [i for i in asset["inferences"] if i["field"] != "created"]


BROKEN: dict[str, Damage] = {
    "a day in a date of precision year (issue 23)": lambda d: d["media_assets"][0]["created"].update(
        value="2006-12-02"
    ),
    "a day in a date of precision month": lambda d: d["media_assets"][0]["created"].update(
        value="2006-12-02", precision="month"
    ),
    "a null without an unknowns entry": lambda d: d["roadmaps"][0].update(unknowns=[]),
    "a nested null without an unknowns entry": lambda d: d["commitments"][0]["period"].update(start_year=None),
    "an unknowns entry for a field that has a value": lambda d: d["mous"][0].update(title="A title"),
    "an unknowns entry for a field that cannot be null": lambda d: d["summits"][0]["unknowns"].append(
        {"field": "kind", "reason": "x"}
    ),
    "a field named twice in unknowns": lambda d: d["mous"][0]["unknowns"].append({"field": "title", "reason": "again"}),
    "a field named twice in inferences": lambda d: d["summits"][0]["inferences"].append(
        {"field": "host_country", "method": "again"}
    ),
    "an inference of a null field": lambda d: d["mous"][0]["inferences"].append({"field": "title", "method": "x"}),
    "an inference of a field the record does not have": lambda d: d["places"][0]["inferences"].append(
        {"field": "population", "method": "x"}
    ),
    "an inference inside a null object": lambda d: (
        _explain_created(d),
        d["media_assets"][0]["inferences"].append({"field": "created.value", "method": "x"}),
    ),
    "a commitment to the country it comes from": lambda d: d["commitments"][0].update(to_country="JP"),
    "a participant listed twice": lambda d: d["summits"][0].update(participants=["narendra-modi"] * 2),
    "references not numbered 1..n": lambda d: d["source"]["references"][1].update(number=3),
}

VALID: dict[str, Damage] = {
    "a first-of-month date of precision month": lambda d: d["media_assets"][0]["created"].update(
        value="2006-12-01", precision="month"
    ),
    "any day with precision day": lambda d: d["media_assets"][0]["created"].update(value="2006-12-02", precision="day"),
    "a null date explained in unknowns": _explain_created,
}


def damaged(document: dict[str, Any], damage: Damage) -> dict[str, Any]:
    copied = copy.deepcopy(document)
    damage(copied)
    return copied


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_the_schema_refuses_what_the_models_refuse(document: dict[str, Any], name: str) -> None:
    broken = damaged(document, BROKEN[name])
    with pytest.raises(ValidationError):
        Dataset.model_validate(broken)
    assert not jsonschema.Draft202012Validator(schema("dataset")).is_valid(broken)
    assert not jsonschema_rs.Draft202012Validator(schema("dataset"), offline=True).is_valid(broken)


@pytest.mark.parametrize("name", sorted(VALID))
def test_the_schema_accepts_what_the_models_accept(document: dict[str, Any], name: str) -> None:
    valid = damaged(document, VALID[name])
    Dataset.model_validate(valid)
    jsonschema.validate(valid, schema("dataset"), cls=jsonschema.Draft202012Validator)
    assert jsonschema_rs.Draft202012Validator(schema("dataset"), offline=True).is_valid(valid)


def test_record_schemas_carry_the_rules_too(document: dict[str, Any]) -> None:
    asset = damaged(document, BROKEN["a day in a date of precision year (issue 23)"])["media_assets"][0]
    assert not jsonschema.Draft202012Validator(schema("media_assets")).is_valid(asset)
    commitment = damaged(document, BROKEN["a commitment to the country it comes from"])["commitments"][0]
    assert not jsonschema.Draft202012Validator(schema("commitments")).is_valid(commitment)
    assert jsonschema.Draft202012Validator(schema("commitments")).is_valid(document["commitments"][0])


@pytest.mark.integration  # check-jsonschema is in the dev extras
def test_check_jsonschema_refuses_the_year_with_a_day(document: dict[str, Any], tmp_path: Path) -> None:
    """The case of the issue: check-jsonschema said ok to 2006-12-02 with precision year."""
    path = tmp_path / "dataset.json"
    path.write_text(json.dumps(damaged(document, BROKEN["a day in a date of precision year (issue 23)"])))
    checker = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run(
        [str(checker), "--schemafile", str(SCHEMA_DIR / "dataset.schema.json"), str(path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stdout
    assert "2006-12-02" in result.stdout and "media_assets" in result.stdout


def test_the_rules_json_schema_cannot_express_are_listed_with_the_reason() -> None:
    comment = schema("dataset")["$comment"]
    page = (REPO / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    for rule, reason in UNEXPRESSED_RULES:
        assert rule in comment
        assert f"| {rule} | {reason} |" in page
    for rule in EXPRESSED_RULES:
        assert f"- {rule}" in page
