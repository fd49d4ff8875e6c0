"""croissant.json, checked by mlcroissant (the Croissant reference library): valid, and its records are the CSV rows."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indojp_data import __version__
from indojp_data.core.codec import encode_csv
from indojp_data.export import ExportError, croissant, export, render, write_files
from indojp_data.export.typed_package import Package, current_package
from indojp_data.publish.rows import format_cell
from tests.publish.test_export import csv_rows, resources

pytestmark = pytest.mark.integration  # mlcroissant and pandas (dev extras)


def pandas_missing_markers() -> list[str]:
    """The texts ``pandas.read_csv`` takes for a missing value by default (the installed pandas' list, and the
    documented one): to this dataset each is text, only an empty cell is missing."""
    from pandas._libs.parsers import STR_NA_VALUES

    documented = {"NA", "N/A", "n/a", "NULL", "null", "None", "nan", "NaN", "-NaN", "-nan", "#N/A", "<NA>"}
    return sorted((set(STR_NA_VALUES) | documented) - {""})


def mlcroissant() -> Any:
    """The mlcroissant module (imported when a test runs, so the lean test install collects this file)."""
    import mlcroissant as mlc

    return mlc


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
    dataset = mlcroissant().Dataset(jsonld=str(exported / "croissant.json"))
    issues = dataset.metadata.ctx.issues
    assert not issues.errors and not issues.warnings, issues.report()
    assert dataset.metadata.version == __version__
    assert str(dataset.metadata.license[0]) == "https://creativecommons.org/licenses/by/4.0/"


LOADED_TYPES = {"sc:Text": bytes, "sc:Integer": int, "sc:Boolean": bool}
"""The Python type mlcroissant gives back for each dataType we declare: text as bytes (its convention)."""


def cell_of(value: object, data_type: str) -> str:
    """A value mlcroissant loaded, as CSV text, only if it has the Python type of its declared ``data_type``.

    Nothing is converted: a date that came back as a Timestamp, or an amount as a float, fails here.
    """
    if value is None:
        return ""
    assert type(value) is LOADED_TYPES[data_type], (value, data_type)  # bool is not int here, nor int bool
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return format_cell(value)


def declared_types(document: dict[str, Any], record_set: str) -> dict[str, str]:
    (found,) = (rs for rs in document["recordSet"] if rs["name"] == record_set)
    return {f["name"]: f["dataType"] for f in found["field"]}


def test_records_loaded_through_mlcroissant_equal_the_csv_rows_in_their_declared_types(
    exported: Path, document: dict[str, Any]
) -> None:
    dataset = mlcroissant().Dataset(jsonld=str(exported / "croissant.json"))
    seen = set()
    for resource in resources(exported):
        name = resource["name"]
        types = declared_types(document, name)
        fields = resource["schema"]["fields"]
        records = list(dataset.records(record_set=name))
        loaded = [[cell_of(r[f"{name}/{f['name']}"], types[f["name"]]) for f in fields] for r in records]
        _, expected = csv_rows(exported, resource["path"])
        assert loaded == expected, name
        seen.update(f["type"] for f in fields)
    assert {"date", "number", "integer", "boolean", "string"} <= seen


def test_the_amount_and_the_dates_come_back_exactly_as_written(exported: Path, document: dict[str, Any]) -> None:
    dataset = mlcroissant().Dataset(jsonld=str(exported / "croissant.json"))
    (commitment,) = dataset.records(record_set="commitments")
    assert commitment["commitments/amount"] == b"10000000000000"
    (summit,) = dataset.records(record_set="summits")
    assert summit["summits/date"] == b"2026-07-02"
    fields = next(rs for rs in document["recordSet"] if rs["name"] == "commitments")["field"]
    assert "exact decimal number" in next(f for f in fields if f["name"] == "amount")["description"]


def test_distribution_lists_every_csv_file_and_its_json_records_with_their_sha256(
    exported: Path, document: dict[str, Any]
) -> None:
    listed = {d["contentUrl"]: d for d in document["distribution"]}
    tables = resources(exported)
    assert sorted(listed) == sorted([r["path"] for r in tables] + [f"croissant/{r['name']}.json" for r in tables])
    for path, item in listed.items():
        data = (exported / path).read_bytes()
        assert item["sha256"] == hashlib.sha256(data).hexdigest()
        assert item["contentSize"] == f"{len(data)} B"
        assert item["encodingFormat"] == ("text/csv" if path.endswith(".csv") else "application/json")


def test_every_field_is_read_from_json_records_never_from_a_csv_file(document: dict[str, Any]) -> None:
    """The reading path: a CSV reader may take text for a missing value (pandas' "NA", "null"...); a JSON
    reader does not. mlcroissant reads an ``application/json`` FileObject with ``json.load`` and a
    ``jsonPath``, and a ``text/csv`` one with ``pandas.read_csv`` and its default missing markers."""
    formats = {d["@id"]: d["encodingFormat"] for d in document["distribution"]}
    for record_set in document["recordSet"]:
        for field in record_set["field"]:
            source = field["source"]
            assert formats[source["fileObject"]["@id"]] == "application/json", field["@id"]
            assert source["fileObject"]["@id"] == f"croissant/{record_set['name']}.json", field["@id"]
            assert source["extract"] == {"jsonPath": f"$[*]['{field['name']}']"}, field["@id"]
            assert "transform" not in source, field["@id"]


def json_cell(value: object) -> str:
    """A value of the JSON records, as CSV text (null is the empty cell)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    assert isinstance(value, (str, int)), value  # dates and decimals are their exact text
    return str(value)


def test_json_records_are_the_csv_rows_cell_for_cell(exported: Path) -> None:
    """Read with the standard library alone: one object per CSV row, every column, null only for an empty cell."""
    for resource in resources(exported):
        header, expected = csv_rows(exported, resource["path"])
        records = json.loads((exported / "croissant" / f"{resource['name']}.json").read_text(encoding="utf-8"))
        assert all(list(r) == header for r in records), resource["name"]
        assert [[json_cell(r[c]) for c in header] for r in records] == expected, resource["name"]
    codes = json.loads((exported / "croissant" / "codelist_countries.json").read_text(encoding="utf-8"))
    assert {"code": "NA", "name": "Namibia"}.items() <= next(r for r in codes if r["code"] == "NA").items()


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (b'"code": "NA"', b'"code": null'),  # Namibia's code lost
        (b'"code": "NA"', b'"code": "N/A"'),
        (b'"name": "Namibia"\n', b'"name": "Namibia",\n    "extra": 1\n'),
        (b"[", b"{"),
    ],
)
def test_verify_rejects_records_that_are_not_the_csv_rows(before: bytes, after: bytes) -> None:
    package = current_package()
    files = render("croissant", package)
    croissant.verify(package, files)
    path = "croissant/codelist_countries.json"
    assert before in files[path]
    with pytest.raises(ExportError, match=re.escape(path)):
        croissant.verify(package, {**files, path: files[path].replace(before, after, 1)})
    with pytest.raises(ExportError, match=re.escape("croissant/quotes.json")):
        croissant.verify(package, {k: v for k, v in files.items() if k != "croissant/quotes.json"})


def test_verify_tells_a_boolean_from_a_number() -> None:
    package = current_package()
    files = render("croissant", package)
    flagged = [t for t in package.tables if any(f.type == "boolean" for f in t.fields) and t.rows]
    assert flagged
    path = croissant.records_path(flagged[0])
    assert b"true" in files[path] or b"false" in files[path]
    changed = files[path].replace(b"true", b"1").replace(b"false", b"0")
    with pytest.raises(ExportError, match=re.escape(path)):
        croissant.verify(package, {**files, path: changed})


# --- text a CSV reader would take for a missing value, in a package built for the test ---------------------

MARKER_FIELDS = (
    {"name": "text", "type": "string"},
    {"name": "where", "type": "string"},  # a keyword of some JSONPath readers
    {"name": "it's.a", "type": "string"},  # quoted in the JSONPath
    {"name": "count", "type": "integer"},
    {"name": "flag", "type": "boolean", "trueValues": ["true"], "falseValues": ["false"]},
    {"name": "day", "type": "date"},
    {"name": "amount", "type": "number"},
)


def load_table(tmp_path: Path, rows: Sequence[Sequence[str]]) -> list[list[str]]:
    """Export a one-table package holding ``rows`` (CSV text) as Croissant, load it with mlcroissant, and
    return its records as CSV text."""
    descriptor = {
        "name": "markers",
        "version": "0.0.1",
        "created": "2026-01-01T00:00:00Z",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": [
            {
                "name": "markers",
                "type": "table",
                "path": "data/markers.csv",
                "description": "Text a CSV reader may take for a missing value.",
                "schema": {"fields": list(MARKER_FIELDS)},
            }
        ],
    }
    header = [f["name"] for f in MARKER_FIELDS]
    files = {"datapackage.json": json.dumps(descriptor).encode(), "data/markers.csv": encode_csv(header, rows)}
    write_files(tmp_path, render("croissant", Package(files)))
    dataset = mlcroissant().Dataset(jsonld=str(tmp_path / "croissant.json"))
    issues = dataset.metadata.ctx.issues
    assert not issues.errors and not issues.warnings, issues.report()
    records = dataset.records(record_set="markers")
    types = {f["name"]: croissant.DATA_TYPES[f["type"]] for f in MARKER_FIELDS}
    return [[cell_of(r[f"markers/{f['name']}"], types[f["name"]]) for f in MARKER_FIELDS] for r in records]


def test_text_that_pandas_takes_for_missing_comes_back_as_text(tmp_path: Path) -> None:
    markers = pandas_missing_markers()
    assert {"NA", "null", "None", "nan", "#N/A", "N/A", "NULL", "<NA>"} <= set(markers)
    rows = [[m, m, m, "7", "true", "2026-07-02", "0.5"] for m in markers]
    rows += [["", "", "", "", "", "", ""], ["x", "NA", "null", "", "false", "", "10000000000000"]]
    loaded = load_table(tmp_path, rows)
    lost = [m for m, row in zip(markers, loaded, strict=False) if row[:3] != [m, m, m]]
    assert not lost, f"read as missing: {lost}"
    assert loaded == rows


cells = st.one_of(st.deferred(lambda: st.sampled_from(pandas_missing_markers())), st.text(min_size=1), st.just(""))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(cells, cells, cells), min_size=1, max_size=5))
def test_any_text_comes_back_unchanged(
    tmp_path_factory: pytest.TempPathFactory, texts: list[tuple[str, str, str]]
) -> None:
    """Any text, the empty cell alone being missing: what mlcroissant loads is the CSV text."""
    rows = [[*text, "", "", "", ""] for text in texts]
    assert load_table(tmp_path_factory.mktemp("any"), rows) == rows


def test_fields_are_typed_and_keys_declared(exported: Path, document: dict[str, Any]) -> None:
    # Dates and exact decimals are text: sc:Date comes back as a timestamp, sc:Float as a rounded float.
    types = {
        "string": "sc:Text",
        "integer": "sc:Integer",
        "boolean": "sc:Boolean",
        "date": "sc:Text",
        "number": "sc:Text",
    }
    record_sets = {rs["name"]: rs for rs in document["recordSet"]}
    for resource in resources(exported):
        record_set = record_sets[resource["name"]]
        schema = resource["schema"]
        for field, declared in zip(schema["fields"], record_set["field"], strict=True):
            assert declared["dataType"] == types[field["type"]]
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
