"""The data package follows Data Package v2 and frictionless both accepts it and catches corruption."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

import indojp_data
from indojp_data._version import RELEASE_DATE
from indojp_data.publish.datapackage import find_risky_cells, render_package
from indojp_data.publish.layout import layout
from indojp_data.publish.rows import to_rows
from tests.conftest import REPO

PACKAGE = REPO / "datapackage"


def descriptor() -> dict:  # type: ignore[type-arg]
    return json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))


def test_descriptor_top_level() -> None:
    d = descriptor()
    assert d["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert d["version"] == indojp_data.__version__
    assert d["created"] == f"{RELEASE_DATE}T00:00:00Z"
    assert d["licenses"][0]["name"] == "CC-BY-4.0"
    assert d["name"] == "indojp-data" and d["title"] and d["description"]
    assert d["sources"] and d["contributors"] and d["keywords"]
    assert "homepage" not in d  # no real homepage exists


def test_every_resource_is_described_and_hashed() -> None:
    for resource in descriptor()["resources"]:
        data = (PACKAGE / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert resource["encoding"] == "utf-8" and resource["mediatype"]
    names = [r["name"] for r in descriptor()["resources"]]
    assert names == [t.name for t in layout()] + ["dataset"]


def test_table_schemas_have_keys_and_foreign_keys() -> None:
    resources = {r["name"]: r for r in descriptor()["resources"]}
    quotes = resources["quotes"]["schema"]
    # fieldsMatch stays at its default ("exact"): writing it out only trips the mistyped v2 profile.
    assert quotes["primaryKey"] == ["id"] and "fieldsMatch" not in quotes
    assert {"fields": ["speaker"], "reference": {"resource": "persons", "fields": ["id"]}} in quotes["foreignKeys"]
    participants = resources["summits_participants"]["schema"]
    assert participants["primaryKey"] == ["summit", "position"]
    status = next(f for f in resources["commitments"]["schema"]["fields"] if f["name"] == "status")
    assert status["constraints"]["enum"] == ["target", "binding"]
    amount = next(f for f in resources["commitments"]["schema"]["fields"] if f["name"] == "amount")
    assert amount["type"] == "number" and amount["constraints"]["exclusiveMinimum"] == 0


def test_csv_files_are_rfc4180_utf8() -> None:
    for path in (PACKAGE / "data").glob("*.csv"):
        data = path.read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf"), path
        text = data.decode("utf-8")
        assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
        rows = list(csv.reader(io.StringIO(text, newline="")))
        assert len({len(r) for r in rows}) == 1, path


def test_amount_is_an_exact_decimal_in_csv() -> None:
    rows = list(csv.DictReader(io.StringIO((PACKAGE / "data/commitments.csv").read_text(encoding="utf-8"))))
    assert rows[0]["amount"] == "10000000000000"


def test_no_published_cell_starts_like_a_formula() -> None:
    rows = to_rows(indojp_data.load())
    assert find_risky_cells(rows) == []
    for path in (PACKAGE / "data").glob("*.csv"):
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")):
            assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), path


def test_a_formula_like_value_stops_the_build() -> None:
    data = indojp_data.load().model_dump()
    data["sectors"][0]["description"] = '=HYPERLINK("x")'
    ds = indojp_data.Dataset.model_validate(data)
    with pytest.raises(ValueError, match=r"sectors\.csv row 1 column description"):
        render_package(ds)


# --- frictionless, the reference implementation (dev extras: these tests are marked integration) ---------------


def validate(path: Path) -> Any:
    """frictionless' report on the package at ``path``."""
    import frictionless

    return frictionless.validate(path)


@pytest.mark.integration
def test_frictionless_reports_the_package_valid() -> None:
    report = validate(PACKAGE / "datapackage.json")
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    assert len(report.tasks) == len(descriptor()["resources"])


def corrupted(tmp_path: Path, resource: str, change: str, replacement: str) -> list[str]:
    copy = tmp_path / "pkg"
    shutil.copytree(PACKAGE, copy)
    path = copy / "data" / f"{resource}.csv"
    text = path.read_text(encoding="utf-8")
    assert change in text
    path.write_text(text.replace(change, replacement, 1), encoding="utf-8", newline="")
    d = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    for r in d["resources"]:  # keep bytes and hash honest so that only the intended error shows
        if r["name"] == resource:
            data = path.read_bytes()
            r["bytes"], r["hash"] = len(data), "sha256:" + hashlib.sha256(data).hexdigest()
    (copy / "datapackage.json").write_text(json.dumps(d), encoding="utf-8")
    report = validate(copy / "datapackage.json")
    assert not report.valid
    return [row[0] for row in report.flatten(["type"])]


@pytest.mark.integration
def test_frictionless_catches_broken_foreign_key(tmp_path: Path) -> None:
    assert "foreign-key" in corrupted(tmp_path, "quotes", "younger-sister,narendra-modi", "younger-sister,nobody")


@pytest.mark.integration
def test_frictionless_catches_duplicate_primary_key(tmp_path: Path) -> None:
    assert "primary-key" in corrupted(tmp_path, "sectors", "resilient-supply-chains,", "critical-minerals,")


@pytest.mark.integration
def test_frictionless_catches_value_outside_enum(tmp_path: Path) -> None:
    assert "constraint-error" in corrupted(tmp_path, "commitments", ",target,", ",promise,")


@pytest.mark.integration
def test_frictionless_catches_changed_byte(tmp_path: Path) -> None:
    copy = tmp_path / "pkg"
    shutil.copytree(PACKAGE, copy)
    path = copy / "data" / "sectors.csv"
    path.write_bytes(path.read_bytes().replace(b"clean energy", b"clean enerGy"))
    report = validate(copy / "datapackage.json")
    assert not report.valid
    assert "hash-count" in [row[0] for row in report.flatten(["type"])]


@pytest.mark.integration
def test_package_opens_with_frictionless_api() -> None:
    import frictionless

    package = frictionless.Package(PACKAGE / "datapackage.json")
    rows = package.get_table_resource("sectors").read_rows()
    assert [r["name"] for r in rows][:2] == ["critical minerals", "resilient supply chains"]
