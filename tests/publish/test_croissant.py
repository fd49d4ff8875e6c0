"""croissant.json, checked by mlcroissant (the Croissant reference library): valid, and its records are the CSV rows."""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import Any

import mlcroissant as mlc
import pytest

from indojp_data import __version__
from indojp_data.export import export
from indojp_data.publish.rows import format_cell
from tests.publish.test_export import as_cell, csv_rows, resources


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("croissant")
    export(["datapackage", "croissant"], out)
    return out


@pytest.fixture(scope="module")
def document(exported: Path) -> dict[str, Any]:
    value: dict[str, Any] = json.loads((exported / "croissant.json").read_text(encoding="utf-8"))
    return value


def test_mlcroissant_reads_it_without_errors_or_warnings(exported: Path) -> None:
    dataset = mlc.Dataset(jsonld=str(exported / "croissant.json"))
    issues = dataset.metadata.ctx.issues
    assert not issues.errors and not issues.warnings, issues.report()
    assert dataset.metadata.version == __version__
    assert str(dataset.metadata.license[0]) == "https://creativecommons.org/licenses/by/4.0/"


def cell_of(value: object, kind: str) -> str:
    """A value mlcroissant loaded (bytes for text, NaN for missing, Timestamp for dates), as CSV text."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if kind == "date":
        return value.date().isoformat()  # type: ignore[attr-defined]
    if kind == "number" and isinstance(value, float):
        return format_cell(__import__("decimal").Decimal(repr(value)).normalize())
    return as_cell(value, kind)


def test_records_loaded_through_mlcroissant_equal_the_csv_rows(exported: Path) -> None:
    dataset = mlc.Dataset(jsonld=str(exported / "croissant.json"))
    for resource in resources(exported):
        name = resource["name"]
        fields = resource["schema"]["fields"]
        records = list(dataset.records(record_set=name))
        loaded = [[cell_of(r[f"{name}/{f['name']}"], f["type"]) for f in fields] for r in records]
        _, expected = csv_rows(exported, resource["path"])
        # mlcroissant reads CSV with pandas' default missing markers, so the ISO code of Namibia, "NA",
        # comes back empty; the docs warn Croissant users. Every other cell must be equal.
        expected = [[KNOWN_READER_LOSS.get(cell, cell) for cell in row] for row in expected]
        assert loaded == expected, name


KNOWN_READER_LOSS = {"NA": ""}


def test_distribution_lists_every_csv_file_with_its_sha256(exported: Path, document: dict[str, Any]) -> None:
    listed = {d["contentUrl"]: d for d in document["distribution"]}
    assert sorted(listed) == sorted(r["path"] for r in resources(exported))
    for path, item in listed.items():
        data = (exported / path).read_bytes()
        assert item["sha256"] == hashlib.sha256(data).hexdigest()
        assert item["contentSize"] == f"{len(data)} B"


def test_fields_are_typed_and_keys_declared(exported: Path, document: dict[str, Any]) -> None:
    types = {"string": "sc:Text", "integer": "sc:Integer", "boolean": "sc:Boolean", "date": "sc:Date"}
    record_sets = {rs["name"]: rs for rs in document["recordSet"]}
    for resource in resources(exported):
        record_set = record_sets[resource["name"]]
        schema = resource["schema"]
        for field, declared in zip(schema["fields"], record_set["field"], strict=True):
            assert declared["dataType"] == types.get(field["type"], "sc:Float")
        assert [k["@id"] for k in record_set["key"]] == [f"{resource['name']}/{c}" for c in schema["primaryKey"]]
        # No `references`: mlcroissant 1.1.1 cannot load a record set that declares one (it fails in a join).
        assert not any("references" in f for f in record_set["field"])


def test_responsible_ai_fields_come_from_the_recorded_provenance(exported: Path, document: dict[str, Any]) -> None:
    _, unknowns = csv_rows(exported, "data/unknowns.csv")
    _, inferences = csv_rows(exported, "data/inferences.csv")
    assert document["rai:dataCollectionMissingData"].startswith(f"{len(unknowns)} facts")
    assert document["rai:dataManipulationProtocol"].startswith(f"{len(inferences)} values")
    for table, record, field, reason in unknowns:
        assert f"{table}/{record}, {field}: {reason}" in document["rai:dataCollectionMissingData"]
    for table, record, field, method in inferences:
        assert f"{table}/{record}, {field}: {method}" in document["rai:dataManipulationProtocol"]
    source = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))["sources"][0]
    assert source["description"] in document["rai:dataCollectionRawData"]
    assert any("memorandums of understanding" in text for text in document["rai:dataLimitations"])
    # Nothing the dataset does not record: no address, DOI or publisher of its own.
    assert not {"url", "identifier", "publisher", "sameAs"} & set(document)
