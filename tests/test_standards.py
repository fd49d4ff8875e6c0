"""The published package against the standards: the official Data Package v2 profiles, codelists that any
JSON Schema or Table Schema validator enforces, keys, titles, and the derived tables."""

from __future__ import annotations

import copy
import csv
import json
from pathlib import Path
from typing import Any

import jsonschema
import pycountry
import pytest
from dplib import settings as dplib_settings
from jsonschema.validators import validator_for

import indojp_data
from indojp_data.models import Dataset
from indojp_data.publish.datapackage import PACKAGE_ID
from indojp_data.publish.layout import layout
from indojp_data.publish.rows import RowReferenceError, from_rows, to_rows
from indojp_data.validate import validate
from tests.conftest import REPO
from tests.validate.test_validate import edit, package  # noqa: F401  (fixture)

PACKAGE = REPO / "datapackage"
SCHEMAS = REPO / "schema" / indojp_data.__version__
DESCRIPTOR = json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))
TABLE_SCHEMA_FILES = sorted((SCHEMAS / "tables").glob("*.json"))


def profile(name: str) -> Any:
    """A validator for one official v2 profile, read from the copy dplib-py ships (offline).

    dplib's own check_package() cannot be used offline: its lookup of the bundled copy misses the
    ``https://datapackage.org/profiles/2.0/...`` address and it tries the network instead.
    """
    schema = json.loads((Path(dplib_settings.PROFILE_BASEDIR) / "2.0" / name).read_text(encoding="utf-8"))
    return validator_for(schema)(schema)


def errors(validator: Any, instance: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator.iter_errors(instance)]


# --- the official Data Package v2 profiles ----------------------------------------------------------


def test_descriptor_is_valid_against_the_v2_package_profile() -> None:
    assert errors(profile("datapackage.json"), DESCRIPTOR) == []


@pytest.mark.parametrize("resource", DESCRIPTOR["resources"], ids=lambda r: r["name"])
def test_every_resource_dialect_and_schema_is_valid_against_its_v2_profile(resource: dict[str, Any]) -> None:
    assert errors(profile("dataresource.json"), resource) == []
    if "dialect" in resource:
        assert errors(profile("tabledialect.json"), resource["dialect"]) == []
    if "schema" in resource:
        assert errors(profile("tableschema.json"), resource["schema"]) == []


@pytest.mark.parametrize("path", TABLE_SCHEMA_FILES, ids=lambda p: p.name)
def test_every_published_table_schema_is_valid_against_the_v2_profile(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert errors(profile("tableschema.json"), schema) == []
    assert schema["$schema"] == "https://datapackage.org/profiles/2.0/tableschema.json"  # a root descriptor


def test_the_profile_check_catches_the_0_1_0_errors() -> None:
    """The profile test can fail: the 0.1.0 descriptor breaks the v2 profile."""
    old = json.loads((REPO / "releases/0.1.0/datapackage.json").read_text(encoding="utf-8"))
    found = errors(profile("datapackage.json"), old)
    assert any("'json' is not one of ['table']" in e for e in found)
    assert any("fieldsMatch" in e for e in found)


def test_only_root_descriptors_name_a_profile() -> None:
    assert DESCRIPTOR["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    for resource in DESCRIPTOR["resources"]:
        assert "$schema" not in resource
        assert "$schema" not in resource.get("dialect", {})
        assert "$schema" not in resource.get("schema", {})
        assert "fieldsMatch" not in resource.get("schema", {})


def test_dataset_resource_has_no_type_and_tables_are_tables() -> None:
    resources = {r["name"]: r for r in DESCRIPTOR["resources"]}
    dataset = resources.pop("dataset")
    assert "type" not in dataset and dataset["format"] == "json" and dataset["mediatype"] == "application/json"
    assert {r["type"] for r in resources.values()} == {"table"}


def test_package_id_is_a_uuid_urn_that_no_version_changes() -> None:
    assert DESCRIPTOR["id"] == PACKAGE_ID
    assert PACKAGE_ID.startswith("urn:uuid:")
    import uuid

    assert str(uuid.UUID(PACKAGE_ID.removeprefix("urn:uuid:"))) == PACKAGE_ID.removeprefix("urn:uuid:")


def test_every_resource_and_field_has_a_title() -> None:
    for resource in DESCRIPTOR["resources"]:
        assert resource.get("title"), resource["name"]
        for field in resource.get("schema", {}).get("fields", []):
            assert field.get("title"), (resource["name"], field["name"])


def test_date_precision_categories_are_ordered() -> None:
    media = next(r for r in DESCRIPTOR["resources"] if r["name"] == "media_assets")
    precision = next(f for f in media["schema"]["fields"] if f["name"] == "created_precision")
    assert precision["categories"] == ["day", "month", "year"] and precision["categoriesOrdered"] is True
    unordered = [
        f["name"]
        for r in DESCRIPTOR["resources"]
        for f in r.get("schema", {}).get("fields", [])
        if f.get("categoriesOrdered") and f["name"] != "created_precision"
    ]
    assert unordered == []


# --- keys -----------------------------------------------------------------------------------------


def test_citation_reference_is_a_foreign_key_to_the_numbered_references() -> None:
    citations = next(r for r in DESCRIPTOR["resources"] if r["name"] == "citations")
    key = {"fields": ["reference"], "reference": {"resource": "source_references", "fields": ["number"]}}
    assert key in citations["schema"]["foreignKeys"]
    references = next(r for r in DESCRIPTOR["resources"] if r["name"] == "source_references")
    number = next(f for f in references["schema"]["fields"] if f["name"] == "number")
    assert number["constraints"]["unique"] is True


def test_a_citation_of_a_reference_the_source_lacks_breaks_the_foreign_key(package: Path) -> None:  # noqa: F811
    edit(package, "citations.csv", lambda t: t.replace("sectors,clean-energy,1,1,", "sectors,clean-energy,1,7,"))
    found = {(p.rule, p.field) for p in validate(package).problems if p.severity == "error"}
    assert ("foreign-key", "reference") in found


def test_mou_areas_are_their_own_table_not_sectors() -> None:
    ds = indojp_data.load()
    assert {a.id for a in ds.mou_areas}.isdisjoint({s.id for s in ds.sectors})
    assert [a.name for a in ds.mou_areas] == ["AI", "energy security", "defense"]
    resources = {r["name"]: r for r in DESCRIPTOR["resources"]}
    for name, column in (("summits_mou_areas", "value"), ("mous", "area")):
        key = {"fields": [column], "reference": {"resource": "mou_areas", "fields": ["id"]}}
        assert key in resources[name]["schema"]["foreignKeys"]


# --- codelists any validator enforces -------------------------------------------------------------


def dataset_schema() -> dict[str, Any]:
    return json.loads((SCHEMAS / "dataset.schema.json").read_text(encoding="utf-8"))


def document() -> dict[str, Any]:
    return json.loads((PACKAGE / "data" / "dataset.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("mutate", "bad"),
    [
        (lambda d: d["commitments"][0].update(currency="XYZ"), "XYZ"),
        (lambda d: d["countries"][0].update(code="ZZ"), "ZZ"),
        (lambda d: d["commitments"][0].update(to_country="ZZ"), "ZZ"),
        (lambda d: d["places"][0].update(country="ZZ"), "ZZ"),
        (lambda d: d["roadmaps"][0]["parties"].__setitem__(0, "ZZ"), "ZZ"),
    ],
)
def test_plain_jsonschema_rejects_unknown_codes_with_the_published_schema(mutate: Any, bad: str) -> None:
    doc = document()
    jsonschema.validate(doc, dataset_schema(), cls=jsonschema.Draft202012Validator)  # valid as published
    mutate(doc)
    found = list(jsonschema.Draft202012Validator(dataset_schema()).iter_errors(doc))
    assert found and all(e.validator == "enum" and e.instance == bad for e in found)


def test_plain_jsonschema_rejects_unknown_codes_in_a_record_schema() -> None:
    schema = json.loads((SCHEMAS / "commitments.schema.json").read_text(encoding="utf-8"))
    record = copy.deepcopy(document()["commitments"][0])
    jsonschema.validate(record, schema, cls=jsonschema.Draft202012Validator)
    record["currency"], record["from_country"] = "XYZ", "ZZ"
    found = {e.instance for e in jsonschema.Draft202012Validator(schema).iter_errors(record)}
    assert found == {"XYZ", "ZZ"}


def test_codelists_are_the_pycountry_tables_and_published_in_both_kinds_of_schema() -> None:
    countries = sorted(c.alpha_2 for c in pycountry.countries)
    currencies = sorted(c.alpha_3 for c in pycountry.currencies)
    defs = dataset_schema()["$defs"]
    assert defs["CountryCode"]["enum"] == countries and defs["CurrencyCode"]["enum"] == currencies
    assert "ZZ" not in countries and "XYZ" not in currencies and {"IN", "JP"} <= set(countries)
    commitments = json.loads((SCHEMAS / "tables" / "commitments.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in commitments["fields"]}
    assert fields["currency"]["constraints"]["enum"] == currencies
    assert fields["to_country"]["constraints"]["enum"] == countries
    for name, codes in (("codelist_countries", countries), ("codelist_currencies", currencies)):
        with (PACKAGE / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            assert [row["code"] for row in csv.DictReader(handle)] == codes


def test_every_country_and_currency_column_carries_the_codelist() -> None:
    for resource in DESCRIPTOR["resources"]:
        for field in resource.get("schema", {}).get("fields", []):
            if "ISO 3166" in field.get("description", "") or "ISO 4217" in field.get("description", ""):
                assert len(field["constraints"].get("enum", [])) > 100, (resource["name"], field["name"])


def test_our_validator_rejects_a_country_outside_the_codelist_in_csv(package: Path) -> None:  # noqa: F811
    edit(package, "places.csv", lambda t: t.replace("new-delhi,New Delhi,city,IN", "new-delhi,New Delhi,city,ZZ"))
    assert ("enum", "country") in {(p.rule, p.field) for p in validate(package).problems}


# --- the completeness report, published in every format ---------------------------------------------


def test_completeness_is_a_table_and_part_of_the_json() -> None:
    ds = indojp_data.load()
    with (PACKAGE / "data" / "completeness.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["asserted"], r["identified"]) for r in rows] == [("5", "1"), ("6", "6")]
    assert document()["completeness"] == [json.loads(i.model_dump_json()) for i in ds.completeness()]
    assert "completeness" in dataset_schema()["required"]


def test_a_completeness_report_that_disagrees_with_the_records_is_rejected() -> None:
    doc = document()
    Dataset.model_validate(doc)
    doc["completeness"][0]["identified"] = 5
    with pytest.raises(ValueError, match="completeness"):
        Dataset.model_validate(doc)


def test_an_edited_derived_table_is_rejected_when_reading_the_tables() -> None:
    rows = to_rows(indojp_data.load())
    assert from_rows(rows) == indojp_data.load()
    for name in ("completeness", "codelist_countries"):
        edited = {k: [list(r) for r in v] for k, v in rows.items()}
        edited[name].pop()
        with pytest.raises(RowReferenceError, match=name):
            from_rows(edited)


def test_derived_tables_are_in_the_layout() -> None:
    kinds = {t.name: t.kind for t in layout()}
    assert {k for k, v in kinds.items() if v == "derived"} == {
        "completeness",
        "codelist_countries",
        "codelist_currencies",
    }
    assert "dataset" not in kinds  # the JSON resource is not a table
