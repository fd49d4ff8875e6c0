"""Tests for indojp_data.diff: constructed old/new pairs, one class of change at a time."""

from __future__ import annotations

import copy
import itertools
import json
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indojp_data.diff import (
    Change,
    Diff,
    DiffInputError,
    check_declared_version,
    diff_paths,
    format_json,
    format_text,
    parse_version,
    required_version,
)

# ---------------------------------------------------------------------------------------------
# Data package fixtures
# ---------------------------------------------------------------------------------------------

COUNTRIES_CSV = "code,name\nIN,India\nJP,Japan\n"
PERSONS_CSV = "id,name,country\nmodi,Narendra Modi,IN\ntakaichi,Sanae Takaichi,JP\n"
SUMMARY_JSON: dict[str, Any] = {"summit": {"city": "New Delhi", "date": "2026-07-02"}, "mous": [{"id": "ai"}]}


def base_descriptor() -> dict[str, Any]:
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "indojp-data",
        "title": "India-Japan roadmap",
        "description": "The roadmap as data.",
        "version": "1.0.0",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "resources": [
            {
                "name": "countries",
                "path": "countries.csv",
                "format": "csv",
                "schema": {
                    "fields": [
                        {"name": "code", "type": "string", "constraints": {"required": True}},
                        {"name": "name", "type": "string"},
                    ],
                    "primaryKey": ["code"],
                },
            },
            {
                "name": "persons",
                "path": "persons.csv",
                "title": "Persons",
                "schema": {
                    "fields": [
                        {
                            "name": "id",
                            "type": "string",
                            "constraints": {"required": True, "unique": True, "pattern": "^[a-z-]+$"},
                        },
                        {"name": "name", "type": "string", "constraints": {"maxLength": 200}},
                        {"name": "country", "type": "string", "constraints": {"enum": ["IN", "JP"]}},
                    ],
                    "primaryKey": ["id"],
                },
            },
            {"name": "summary", "path": "summary.json", "format": "json"},
        ],
    }


def base_files() -> dict[str, str]:
    return {
        "countries.csv": COUNTRIES_CSV,
        "persons.csv": PERSONS_CSV,
        "summary.json": json.dumps(SUMMARY_JSON),
    }


def write_package(root: Path, descriptor: dict[str, Any], files: dict[str, str]) -> Path:
    root.mkdir(parents=True)
    (root / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def resource(descriptor: dict[str, Any], name: str) -> dict[str, Any]:
    return next(item for item in descriptor["resources"] if item["name"] == name)


def field(descriptor: dict[str, Any], resource_name: str, field_name: str) -> dict[str, Any]:
    fields = resource(descriptor, resource_name)["schema"]["fields"]
    return next(item for item in fields if item["name"] == field_name)


Mutation = Callable[[dict[str, Any], dict[str, str]], None]


def diff_packages(tmp_path: Path, mutate: Mutation | None = None, prepare: Mutation | None = None) -> Diff:
    """Diff the base package (after ``prepare``) against a copy changed by ``mutate``."""
    old_descriptor, old_files = base_descriptor(), base_files()
    if prepare is not None:
        prepare(old_descriptor, old_files)
    new_descriptor, new_files = copy.deepcopy(old_descriptor), dict(old_files)
    if mutate is not None:
        mutate(new_descriptor, new_files)
    old = write_package(tmp_path / "old", old_descriptor, old_files)
    new = write_package(tmp_path / "new", new_descriptor, new_files)
    return diff_paths(old, new)


def only(diff: Diff) -> Change:
    assert len(diff.changes) == 1, diff.changes
    return diff.changes[0]


def kinds(diff: Diff) -> list[tuple[str, str, str]]:
    return [(change.kind, change.location, change.bump) for change in diff.changes]


# ---------------------------------------------------------------------------------------------
# Data packages: structure
# ---------------------------------------------------------------------------------------------


def test_no_change_requires_no_bump(tmp_path: Path) -> None:
    diff = diff_packages(tmp_path)
    assert diff.changes == ()
    assert diff.required_bump == "none"
    assert format_text(diff) == "No changes: no version bump required.\n"


def test_version_and_relocation_are_not_changes(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        descriptor["version"] = "1.0.1"
        resource(descriptor, "persons")["path"] = "data/persons.csv"
        files["data/persons.csv"] = files.pop("persons.csv")

    diff = diff_packages(tmp_path, mutate)
    assert diff.changes == ()
    assert diff.required_bump == "none"


def test_field_removed_is_major(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        fields = resource(descriptor, "persons")["schema"]["fields"]
        fields[:] = [item for item in fields if item["name"] != "country"]
        files["persons.csv"] = "id,name\nmodi,Narendra Modi\ntakaichi,Sanae Takaichi\n"

    diff = diff_packages(tmp_path, mutate)
    assert kinds(diff) == [("field-removed", "resources/persons/fields/country", "major")]
    assert diff.changes[0].old["name"] == "country"
    assert diff.required_bump == "major"


def test_field_added_is_major(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        resource(descriptor, "persons")["schema"]["fields"].append({"name": "role", "type": "string"})
        files["persons.csv"] = "id,name,country,role\nmodi,Narendra Modi,IN,pm\ntakaichi,Sanae Takaichi,JP,pm\n"

    diff = diff_packages(tmp_path, mutate)
    assert kinds(diff) == [("field-added", "resources/persons/fields/role", "major")]
    assert diff.required_bump == "major"


def test_fields_reordered_is_major(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        fields = resource(descriptor, "persons")["schema"]["fields"]
        fields[1], fields[2] = fields[2], fields[1]
        files["persons.csv"] = "id,country,name\nmodi,IN,Narendra Modi\ntakaichi,JP,Sanae Takaichi\n"

    change = only(diff_packages(tmp_path, mutate))
    assert (change.kind, change.location, change.bump) == ("fields-reordered", "resources/persons/fields", "major")
    assert change.old == ["id", "name", "country"]
    assert change.new == ["id", "country", "name"]


def test_field_type_changed_is_major(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        field(descriptor, "countries", "name")["type"] = "any"

    change = only(diff_packages(tmp_path, mutate))
    assert (change.kind, change.location, change.bump) == (
        "field-type-changed",
        "resources/countries/fields/name/type",
        "major",
    )
    assert (change.old, change.new) == ("string", "any")


def test_field_format_changed_is_major_and_default_format_is_implicit(tmp_path: Path) -> None:
    def explicit_default(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        field(descriptor, "countries", "name")["format"] = "default"

    assert diff_packages(tmp_path / "a", explicit_default).changes == ()

    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        field(descriptor, "countries", "name")["format"] = "uri"

    change = only(diff_packages(tmp_path / "b", mutate))
    assert (change.kind, change.bump) == ("field-format-changed", "major")


def test_constraint_tightened_is_major(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        field(descriptor, "persons", "name")["constraints"]["maxLength"] = 50

    change = only(diff_packages(tmp_path, mutate))
    assert (change.kind, change.location, change.bump) == (
        "constraint-tightened",
        "resources/persons/fields/name/constraints/maxLength",
        "major",
    )
    assert (change.old, change.new) == (200, 50)


def test_constraint_added_is_tightening(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        field(descriptor, "countries", "name")["constraints"] = {"required": True, "minLength": 2}

    diff = diff_packages(tmp_path, mutate)
    assert kinds(diff) == [
        ("constraint-tightened", "resources/countries/fields/name/constraints/required", "major"),
        ("constraint-tightened", "resources/countries/fields/name/constraints/minLength", "major"),
    ]


def test_constraint_relaxed_is_minor(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        constraints = field(descriptor, "persons", "name")["constraints"]
        constraints["maxLength"] = 500

    change = only(diff_packages(tmp_path, mutate))
    assert (change.kind, change.location, change.bump) == (
        "constraint-relaxed",
        "resources/persons/fields/name/constraints/maxLength",
        "minor",
    )


def test_required_and_pattern_removed_are_relaxations(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        constraints = field(descriptor, "persons", "id")["constraints"]
        del constraints["pattern"]
        constraints["required"] = False

    diff = diff_packages(tmp_path, mutate)
    assert sorted(kinds(diff)) == [
        ("constraint-relaxed", "resources/persons/fields/id/constraints/pattern", "minor"),
        ("constraint-relaxed", "resources/persons/fields/id/constraints/required", "minor"),
    ]
    assert diff.required_bump == "minor"


def test_pattern_changed_is_undecidable_so_major(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        field(descriptor, "persons", "id")["constraints"]["pattern"] = "^[a-z0-9-]+$"

    change = only(diff_packages(tmp_path, mutate))
    assert (change.kind, change.bump) == ("constraint-changed", "major")


def test_enum_narrowed_is_major(tmp_path: Path) -> None:
    def prepare(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        field(descriptor, "persons", "country")["constraints"]["enum"] = ["IN", "JP", "US"]

    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        field(descriptor, "persons", "country")["constraints"]["enum"] = ["IN", "JP"]

    change = only(diff_packages(tmp_path, mutate, prepare))
    assert (change.kind, change.location, change.bump) == (
        "constraint-tightened",
        "resources/persons/fields/country/constraints/enum",
        "major",
    )
    assert "narrowed" in change.description
    assert "US" in change.description


def test_enum_widened_is_minor(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        field(descriptor, "persons", "country")["constraints"]["enum"] = ["IN", "JP", "US"]

    change = only(diff_packages(tmp_path, mutate))
    assert (change.kind, change.location, change.bump) == (
        "constraint-relaxed",
        "resources/persons/fields/country/constraints/enum",
        "minor",
    )
    assert "widened" in change.description


def test_enum_reordered_is_not_a_change(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        field(descriptor, "persons", "country")["constraints"]["enum"] = ["JP", "IN"]

    assert diff_packages(tmp_path, mutate).changes == ()


def test_enum_replaced_value_is_major(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        field(descriptor, "persons", "country")["constraints"]["enum"] = ["IN", "US"]

    change = only(diff_packages(tmp_path, mutate))
    assert (change.kind, change.bump) == ("constraint-changed", "major")


def test_date_bounds_compare_as_dates(tmp_path: Path) -> None:
    def prepare(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        field(descriptor, "countries", "name")["constraints"] = {"minimum": "2020-01-01"}

    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        field(descriptor, "countries", "name")["constraints"] = {"minimum": "2019-12-31"}

    change = only(diff_packages(tmp_path, mutate, prepare))
    assert (change.kind, change.bump) == ("constraint-relaxed", "minor")


def test_primary_key_changed_is_major(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        resource(descriptor, "persons")["schema"]["primaryKey"] = ["id", "country"]

    change = only(diff_packages(tmp_path, mutate))
    assert (change.kind, change.location, change.bump) == (
        "primary-key-changed",
        "resources/persons/primaryKey",
        "major",
    )
    assert (change.old, change.new) == (["id"], ["id", "country"])


def test_primary_key_as_string_equals_list(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        resource(descriptor, "persons")["schema"]["primaryKey"] = "id"

    assert diff_packages(tmp_path, mutate).changes == ()


FOREIGN_KEY = {"fields": ["country"], "reference": {"resource": "countries", "fields": ["code"]}}


def test_foreign_key_added_is_major(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        resource(descriptor, "persons")["schema"]["foreignKeys"] = [FOREIGN_KEY]

    change = only(diff_packages(tmp_path, mutate))
    assert (change.kind, change.location, change.bump) == (
        "foreign-key-added",
        "resources/persons/foreignKeys/country",
        "major",
    )


def test_foreign_key_removed_is_minor(tmp_path: Path) -> None:
    def prepare(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        resource(descriptor, "persons")["schema"]["foreignKeys"] = [FOREIGN_KEY]

    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        del resource(descriptor, "persons")["schema"]["foreignKeys"]

    change = only(diff_packages(tmp_path, mutate, prepare))
    assert (change.kind, change.bump) == ("foreign-key-removed", "minor")


def test_foreign_key_pointed_at_new_reference_table_is_minor(tmp_path: Path) -> None:
    def prepare(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        resource(descriptor, "persons")["schema"]["foreignKeys"] = [FOREIGN_KEY]
        countries2 = copy.deepcopy(resource(descriptor, "countries"))
        countries2.update(name="countries2", path="countries2.csv")
        descriptor["resources"].append(countries2)
        files["countries2.csv"] = COUNTRIES_CSV

    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        foreign_key = resource(descriptor, "persons")["schema"]["foreignKeys"][0]
        foreign_key["reference"]["resource"] = "countries2"

    change = only(diff_packages(tmp_path, mutate, prepare))
    assert (change.kind, change.bump) == ("foreign-key-reference-updated", "minor")


SELF_KEY = {"fields": "name", "reference": {"fields": "id"}}


def test_a_foreign_key_into_its_own_resource_reads_alike_with_or_without_the_name(tmp_path: Path) -> None:
    def prepare(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        resource(descriptor, "persons")["schema"]["foreignKeys"] = [SELF_KEY]

    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        key = {"fields": ["name"], "reference": {"resource": "persons", "fields": ["id"]}}
        resource(descriptor, "persons")["schema"]["foreignKeys"] = [key]

    assert diff_packages(tmp_path, mutate, prepare).changes == ()


def test_a_foreign_key_into_its_own_resource_is_shown_as_this_resource(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        resource(descriptor, "persons")["schema"]["foreignKeys"] = [SELF_KEY]

    change = only(diff_packages(tmp_path, mutate))
    assert change.description == "foreign key (name) -> (this resource)(id) added"
    assert change.new == {"fields": ["name"], "reference": {"resource": "", "fields": ["id"]}}


def test_unique_keys_as_names_or_lists_read_alike(tmp_path: Path) -> None:
    def prepare(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        resource(descriptor, "persons")["schema"]["uniqueKeys"] = [["name"]]

    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        resource(descriptor, "persons")["schema"]["uniqueKeys"] = ["name", ["name", "country"]]

    change = only(diff_packages(tmp_path, mutate, prepare))
    assert (change.kind, change.location) == ("constraint-tightened", "resources/persons/uniqueKeys/name,country")


def test_resource_added_is_minor(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        descriptor["resources"].append(
            {"name": "sectors", "path": "sectors.csv", "schema": {"fields": [{"name": "id", "type": "string"}]}}
        )
        files["sectors.csv"] = "id\nenergy\n"

    diff = diff_packages(tmp_path, mutate)
    assert kinds(diff) == [("resource-added", "resources/sectors", "minor")]
    assert diff.required_bump == "minor"


def test_resource_removed_is_major(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        descriptor["resources"] = [item for item in descriptor["resources"] if item["name"] != "summary"]
        del files["summary.json"]

    diff = diff_packages(tmp_path, mutate)
    assert kinds(diff) == [("resource-removed", "resources/summary", "major")]


def test_resources_reordered_is_major(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        descriptor["resources"].reverse()

    change = only(diff_packages(tmp_path, mutate))
    assert (change.kind, change.bump) == ("resources-reordered", "major")


def test_package_renamed_is_major(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        descriptor["name"] = "indo-japan-data"

    change = only(diff_packages(tmp_path, mutate))
    assert (change.kind, change.location, change.bump) == ("identifier-changed", "name", "major")


def test_package_id_following_the_version_is_not_a_change(tmp_path: Path) -> None:
    def prepare(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        descriptor["id"] = "https://example.org/indojp-data/1.0.0/"

    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        descriptor["id"] = "https://example.org/indojp-data/1.1.0/"

    assert diff_packages(tmp_path, mutate, prepare).changes == ()


def test_description_changed_is_patch(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        descriptor["description"] = "The India-Japan roadmap as data."

    diff = diff_packages(tmp_path, mutate)
    assert kinds(diff) == [("metadata-changed", "description", "patch")]
    assert diff.required_bump == "patch"


def test_resource_and_field_titles_are_patch(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        resource(descriptor, "persons")["title"] = "People"
        field(descriptor, "persons", "name")["description"] = "Full name."

    diff = diff_packages(tmp_path, mutate)
    assert kinds(diff) == [
        ("metadata-changed", "resources/persons/title", "patch"),
        ("metadata-changed", "resources/persons/fields/name/description", "patch"),
    ]


def test_licence_change_is_major_but_licence_title_is_patch(tmp_path: Path) -> None:
    def retitle(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        descriptor["licenses"][0]["title"] = "CC BY 4.0"

    change = only(diff_packages(tmp_path / "a", retitle))
    assert (change.kind, change.bump) == ("metadata-changed", "patch")

    def relicense(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        descriptor["licenses"] = [{"name": "CC-BY-NC-4.0"}]

    change = only(diff_packages(tmp_path / "b", relicense))
    assert (change.kind, change.location, change.bump) == ("license-changed", "licenses", "major")


def test_dialect_change_is_structural_even_with_same_rows(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        resource(descriptor, "countries")["dialect"] = {"delimiter": ";"}
        files["countries.csv"] = COUNTRIES_CSV.replace(",", ";")

    change = only(diff_packages(tmp_path, mutate))
    assert (change.kind, change.location, change.bump) == ("structure-changed", "resources/countries/dialect", "major")


def test_a_change_deep_in_a_long_dialect_names_the_keys_that_changed(tmp_path: Path) -> None:
    long = {"header": True, "headerRows": [1], "headerJoin": " ", "commentChar": "#", "quoteChar": '"'}

    def prepare(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        resource(descriptor, "countries")["dialect"] = {**long, "delimiter": ",", "lineTerminator": "\r\n"}

    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        resource(descriptor, "countries")["dialect"] = {**long, "delimiter": ";", "lineTerminator": "\n"}
        files["countries.csv"] = COUNTRIES_CSV.replace(",", ";")

    change = only(diff_packages(tmp_path, mutate, prepare))
    expected = "dialect changed: delimiter from ',' to ';'; lineTerminator from " + '"\\r\\n" to "\\n"'
    assert change.description == expected


def test_explicit_defaults_are_not_changes(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        persons = resource(descriptor, "persons")
        persons.update(format="csv", mediatype="text/csv", encoding="UTF-8", dialect={"delimiter": ","})
        persons["bytes"] = 123
        persons["schema"]["missingValues"] = [""]

    assert diff_packages(tmp_path, mutate).changes == ()


# ---------------------------------------------------------------------------------------------
# Data packages: rows
# ---------------------------------------------------------------------------------------------


def test_rows_added_are_minor(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        files["persons.csv"] = PERSONS_CSV + "jaishankar,S. Jaishankar,IN\n"

    change = only(diff_packages(tmp_path, mutate))
    assert (change.kind, change.location, change.bump) == ("row-added", "resources/persons/rows/jaishankar", "minor")
    assert change.new == {"id": "jaishankar", "name": "S. Jaishankar", "country": "IN"}


def test_row_removed_is_major(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        files["persons.csv"] = "id,name,country\nmodi,Narendra Modi,IN\n"

    change = only(diff_packages(tmp_path, mutate))
    assert (change.kind, change.location, change.bump) == ("row-removed", "resources/persons/rows/takaichi", "major")
    assert change.old == {"id": "takaichi", "name": "Sanae Takaichi", "country": "JP"}


def test_row_value_corrected_is_patch(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        files["persons.csv"] = PERSONS_CSV.replace("Narendra Modi", "Narendra Damodardas Modi")

    diff = diff_packages(tmp_path, mutate)
    change = only(diff)
    assert (change.kind, change.location, change.bump) == ("row-changed", "resources/persons/rows/modi", "patch")
    assert change.old == {"name": "Narendra Modi"}
    assert change.new == {"name": "Narendra Damodardas Modi"}
    assert diff.required_bump == "patch"


def test_rows_are_matched_by_key_not_position(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        files["persons.csv"] = "id,name,country\ntakaichi,Sanae Takaichi,JP\nmodi,Narendra Modi,IN\n"

    assert diff_packages(tmp_path, mutate).changes == ()


def test_changing_referenced_data_is_major(tmp_path: Path) -> None:
    foreign_key = {"fields": ["country"], "reference": {"resource": "countries", "fields": ["name"]}}

    def prepare(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        resource(descriptor, "persons")["schema"]["foreignKeys"] = [foreign_key]
        files["persons.csv"] = "id,name,country\nmodi,Narendra Modi,India\ntakaichi,Sanae Takaichi,Japan\n"
        field(descriptor, "persons", "country")["constraints"] = {}

    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        files["countries.csv"] = "code,name\nIN,Republic of India\nJP,Japan\n"

    change = only(diff_packages(tmp_path, mutate, prepare))
    assert (change.kind, change.location, change.bump) == ("row-changed", "resources/countries/rows/IN", "major")


def test_rows_without_primary_key_compare_as_multisets(tmp_path: Path) -> None:
    def prepare(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        del resource(descriptor, "countries")["schema"]["primaryKey"]
        files["countries.csv"] = COUNTRIES_CSV + "JP,Japan\n"

    def reorder(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        files["countries.csv"] = "code,name\nJP,Japan\nIN,India\nJP,Japan\n"

    assert diff_packages(tmp_path / "a", reorder, prepare).changes == ()

    def correct(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        files["countries.csv"] = "code,name\nIN,Bharat\nJP,Japan\n"

    diff = diff_packages(tmp_path / "b", correct, prepare)
    assert kinds(diff) == [
        ("row-removed", "resources/countries/rows/#1", "major"),
        ("row-removed", "resources/countries/rows/#3", "major"),
        ("row-added", "resources/countries/rows/#1", "minor"),
    ]


def test_json_resource_value_corrected_is_patch_and_item_added_minor(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        summary = copy.deepcopy(SUMMARY_JSON)
        summary["summit"]["city"] = "New Delhi, India"
        summary["mous"].append({"id": "energy"})
        files["summary.json"] = json.dumps(summary)

    diff = diff_packages(tmp_path, mutate)
    assert kinds(diff) == [
        ("value-changed", "resources/summary/data/summit/city", "patch"),
        ("value-added", "resources/summary/data/mous/energy", "minor"),
    ]


def test_header_change_without_schema_change_is_major(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        files["countries.csv"] = "name,code\nIndia,IN\nJapan,JP\n"

    change = only(diff_packages(tmp_path, mutate))
    assert (change.kind, change.bump) == ("header-changed", "major")


# ---------------------------------------------------------------------------------------------
# JSON Schemas
# ---------------------------------------------------------------------------------------------


def base_schema() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://example.org/schema/1.0.0/person.json",
        "title": "Person",
        "$ref": "#/$defs/Person",
        "$defs": {
            "Person": {
                "type": "object",
                "description": "A person named in the source.",
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z-]+$"},
                    "name": {"type": "string", "maxLength": 200},
                    "country": {"type": "string", "enum": ["IN", "JP"]},
                },
                "required": ["id", "name"],
                "additionalProperties": False,
            }
        },
    }


def diff_schemas(tmp_path: Path, mutate: Callable[[dict[str, Any]], None]) -> Diff:
    old, new = base_schema(), base_schema()
    new["$id"] = "https://example.org/schema/1.1.0/person.json"
    mutate(new)
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "old.json").write_text(json.dumps(old), encoding="utf-8")
    (tmp_path / "new.json").write_text(json.dumps(new), encoding="utf-8")
    return diff_paths(tmp_path / "old.json", tmp_path / "new.json")


def person(schema: dict[str, Any]) -> dict[str, Any]:
    definition: dict[str, Any] = schema["$defs"]["Person"]
    return definition


def test_schema_versioned_id_only_is_no_change(tmp_path: Path) -> None:
    diff = diff_schemas(tmp_path, lambda schema: None)
    assert diff.changes == ()
    assert diff.required_bump == "none"


def test_schema_property_removed_is_major(tmp_path: Path) -> None:
    diff = diff_schemas(tmp_path, lambda schema: person(schema)["properties"].pop("country"))
    assert kinds(diff) == [("property-removed", "$defs/Person/properties/country", "major")]


def test_schema_optional_property_added_is_minor(tmp_path: Path) -> None:
    def mutate(schema: dict[str, Any]) -> None:
        person(schema)["properties"]["role"] = {"type": "string"}

    diff = diff_schemas(tmp_path, mutate)
    assert kinds(diff) == [("property-added", "$defs/Person/properties/role", "minor")]
    assert diff.required_bump == "minor"


def test_schema_required_property_added_is_major(tmp_path: Path) -> None:
    def mutate(schema: dict[str, Any]) -> None:
        person(schema)["properties"]["role"] = {"type": "string"}
        person(schema)["required"].append("role")

    assert kinds(diff_schemas(tmp_path, mutate)) == [("property-added", "$defs/Person/properties/role", "major")]


def test_schema_required_added_is_major(tmp_path: Path) -> None:
    diff = diff_schemas(tmp_path, lambda schema: person(schema)["required"].append("country"))
    assert kinds(diff) == [("required-added", "$defs/Person/properties/country", "major")]


def test_schema_required_removed_is_minor(tmp_path: Path) -> None:
    diff = diff_schemas(tmp_path, lambda schema: person(schema)["required"].remove("name"))
    assert kinds(diff) == [("required-removed", "$defs/Person/properties/name", "minor")]


def test_schema_description_changed_is_patch(tmp_path: Path) -> None:
    def mutate(schema: dict[str, Any]) -> None:
        person(schema)["description"] = "A person the article names."

    diff = diff_schemas(tmp_path, mutate)
    assert kinds(diff) == [("metadata-changed", "$defs/Person/description", "patch")]
    assert diff.required_bump == "patch"


def test_schema_type_changed_is_major(tmp_path: Path) -> None:
    def mutate(schema: dict[str, Any]) -> None:
        person(schema)["properties"]["name"]["type"] = "integer"

    assert kinds(diff_schemas(tmp_path, mutate)) == [("type-changed", "$defs/Person/properties/name/type", "major")]


def test_schema_nullable_via_any_of_is_relaxation(tmp_path: Path) -> None:
    def mutate(schema: dict[str, Any]) -> None:
        person(schema)["properties"]["country"] = {
            "anyOf": [{"type": "string", "enum": ["IN", "JP"]}, {"type": "null"}],
            "default": None,
        }

    diff = diff_schemas(tmp_path, mutate)
    assert kinds(diff) == [
        ("constraint-relaxed", "$defs/Person/properties/country/type", "minor"),
        ("metadata-changed", "$defs/Person/properties/country/default", "patch"),
    ]


def test_schema_pydantic_optional_field_with_descriptions(tmp_path: Path) -> None:
    def mutate(schema: dict[str, Any]) -> None:
        person(schema)["properties"]["name"] = {
            "anyOf": [{"type": "string", "maxLength": 200, "description": "Inner."}, {"type": "null"}],
            "description": "Outer.",
        }

    assert kinds(diff_schemas(tmp_path, mutate)) == [
        ("metadata-changed", "$defs/Person/properties/name/description", "patch"),
        ("constraint-relaxed", "$defs/Person/properties/name/type", "minor"),
        ("metadata-changed", "$defs/Person/properties/name/description", "patch"),
    ]


def test_schema_enum_narrowed_and_widened(tmp_path: Path) -> None:
    narrowed = diff_schemas(tmp_path / "a", lambda schema: person(schema)["properties"]["country"].update(enum=["IN"]))
    assert kinds(narrowed) == [("constraint-tightened", "$defs/Person/properties/country/enum", "major")]
    widened = diff_schemas(
        tmp_path / "b", lambda schema: person(schema)["properties"]["country"].update(enum=["IN", "JP", "US"])
    )
    assert kinds(widened) == [("constraint-relaxed", "$defs/Person/properties/country/enum", "minor")]


def test_schema_additional_properties_opened_is_minor(tmp_path: Path) -> None:
    diff = diff_schemas(tmp_path, lambda schema: person(schema).pop("additionalProperties"))
    assert kinds(diff) == [("constraint-relaxed", "$defs/Person/additionalProperties", "minor")]


def test_schema_bounds_and_pattern(tmp_path: Path) -> None:
    def mutate(schema: dict[str, Any]) -> None:
        properties = person(schema)["properties"]
        properties["name"]["maxLength"] = 100
        properties["name"]["minLength"] = 1
        properties["id"].pop("pattern")

    assert kinds(diff_schemas(tmp_path, mutate)) == [
        ("constraint-relaxed", "$defs/Person/properties/id/pattern", "minor"),
        ("constraint-tightened", "$defs/Person/properties/name/maxLength", "major"),
        ("constraint-tightened", "$defs/Person/properties/name/minLength", "major"),
    ]


def test_schema_definition_added_and_removed(tmp_path: Path) -> None:
    def mutate(schema: dict[str, Any]) -> None:
        schema["$defs"]["Country"] = {"type": "string"}

    assert kinds(diff_schemas(tmp_path / "a", mutate)) == [("definition-added", "$defs/Country", "minor")]

    def rename(schema: dict[str, Any]) -> None:
        schema["$defs"]["Human"] = schema["$defs"].pop("Person")
        schema["$ref"] = "#/$defs/Human"

    assert kinds(diff_schemas(tmp_path / "b", rename)) == [
        ("definition-removed", "$defs/Person", "major"),
        ("definition-added", "$defs/Human", "minor"),
        ("structure-changed", "$ref", "major"),
    ]


def test_schema_directories_compare_files_by_name(tmp_path: Path) -> None:
    for side in ("old", "new"):
        (tmp_path / side).mkdir()
        (tmp_path / side / "person.json").write_text(json.dumps(base_schema()), encoding="utf-8")
    (tmp_path / "old" / "mou.json").write_text(json.dumps({"type": "object"}), encoding="utf-8")
    (tmp_path / "new" / "sector.json").write_text(json.dumps({"type": "object"}), encoding="utf-8")
    diff = diff_paths(tmp_path / "old", tmp_path / "new")
    assert kinds(diff) == [("schema-removed", "mou.json", "major"), ("schema-added", "sector.json", "minor")]


# ---------------------------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------------------------


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(DiffInputError, match="nowhere"):
        diff_paths(tmp_path / "nowhere", tmp_path / "nowhere")


def test_malformed_json_names_file_and_line(tmp_path: Path) -> None:
    old = write_package(tmp_path / "old", base_descriptor(), base_files())
    new = tmp_path / "new"
    new.mkdir()
    (new / "datapackage.json").write_text('{\n  "name": "x",\n  "resources": [,]\n}\n', encoding="utf-8")
    with pytest.raises(DiffInputError) as error:
        diff_paths(old, new)
    message = str(error.value)
    assert str(new / "datapackage.json") in message
    assert "line 3" in message


def test_not_a_data_package(tmp_path: Path) -> None:
    old = write_package(tmp_path / "old", base_descriptor(), base_files())
    new = tmp_path / "new"
    new.mkdir()
    (new / "datapackage.json").write_text('{"name": "x", "resources": "nope"}', encoding="utf-8")
    with pytest.raises(DiffInputError, match="not a data package"):
        diff_paths(old, new)


def test_missing_resource_file_names_it(tmp_path: Path) -> None:
    old = write_package(tmp_path / "old", base_descriptor(), base_files())
    files = base_files()
    del files["persons.csv"]
    new = write_package(tmp_path / "new", base_descriptor(), files)
    with pytest.raises(DiffInputError, match=r"persons\.csv"):
        diff_paths(old, new)


def test_undecodable_csv_names_it(tmp_path: Path) -> None:
    old = write_package(tmp_path / "old", base_descriptor(), base_files())
    new = write_package(tmp_path / "new", base_descriptor(), base_files())
    (new / "countries.csv").write_bytes(b"code,name\nIN,\xff\xfe\n")
    with pytest.raises(DiffInputError, match=r"countries\.csv"):
        diff_paths(old, new)


@pytest.mark.parametrize("path", ["../persons.csv", "data\\persons.csv", "C:persons.csv", "/persons.csv"])
def test_escaping_resource_path_is_rejected(tmp_path: Path, path: str) -> None:
    # diff uses the validator's path check (indojp_data.core.paths), so a backslash or a drive is refused too
    descriptor = base_descriptor()
    resource(descriptor, "persons")["path"] = path
    old = write_package(tmp_path / "old", base_descriptor(), base_files())
    new = write_package(tmp_path / "new", descriptor, base_files())
    with pytest.raises(DiffInputError, match="relative path inside the package"):
        diff_paths(old, new)


def test_package_and_schema_cannot_be_compared(tmp_path: Path) -> None:
    package = write_package(tmp_path / "pkg", base_descriptor(), base_files())
    schema = tmp_path / "person.json"
    schema.write_text(json.dumps(base_schema()), encoding="utf-8")
    with pytest.raises(DiffInputError, match="both sides must be"):
        diff_paths(package, schema)


# ---------------------------------------------------------------------------------------------
# Versions
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "bump", "expected"),
    [
        # From 1.0.0 on: semver's usual rules.
        ("1.2.3", "major", "2.0.0"),
        ("1.2.3", "minor", "1.3.0"),
        ("1.2.3", "patch", "1.2.4"),
        ("1.2.3", "none", "1.2.3"),
        ("1.0.0", "major", "2.0.0"),
        ("1.0.0", "minor", "1.1.0"),
        ("1.0.0", "patch", "1.0.1"),
        ("2.0.0-rc.1", "major", "2.0.0"),
        ("2.1.0-rc.1", "major", "3.0.0"),
        ("1.3.0-beta", "minor", "1.3.0"),
        ("1.2.3-alpha", "patch", "1.2.3"),
        ("1.0.0-rc.1", "major", "1.0.0"),
        # Major version 0 (initial development): major -> next minor, minor or patch -> next patch.
        ("0.1.0", "major", "0.2.0"),
        ("0.1.0", "minor", "0.1.1"),
        ("0.1.0", "patch", "0.1.1"),
        ("0.1.0", "none", "0.1.0"),
        ("0.4.1", "major", "0.5.0"),
        ("0.4.1", "minor", "0.4.2"),
        ("0.4.1", "patch", "0.4.2"),
        ("0.0.3", "major", "0.1.0"),
        ("0.0.3", "minor", "0.0.4"),
        ("0.2.0-rc.1", "major", "0.2.0"),
        ("0.2.1-rc.1", "major", "0.3.0"),
        ("0.1.1-rc.1", "minor", "0.1.1"),
    ],
)
def test_required_version(old: str, bump: Any, expected: str) -> None:
    assert required_version(old, bump) == expected


def test_unknown_bump_is_an_input_error() -> None:
    with pytest.raises(DiffInputError, match="unknown bump"):
        required_version("0.1.0", "huge")  # type: ignore[arg-type]


def test_patch_release_for_minor_change_is_rejected_from_1_0_0() -> None:
    message = check_declared_version("1.1.0", "1.1.1", "minor")
    assert message is not None
    assert "1.1.0" in message
    assert "1.1.1" in message
    assert "minor" in message
    assert "1.2.0" in message


def test_patch_release_for_major_change_is_rejected_before_1_0_0() -> None:
    message = check_declared_version("0.1.0", "0.1.1", "major")
    assert message is not None
    assert "major" in message
    assert "must be at least 0.2.0" in message


def test_declared_versions_that_suffice() -> None:
    assert check_declared_version("1.2.3", "2.0.0", "major") is None
    assert check_declared_version("1.2.3", "1.3.0", "minor") is None
    assert check_declared_version("1.2.3", "1.2.4", "patch") is None
    assert check_declared_version("1.2.3", "1.3.0", "patch") is None
    assert check_declared_version("1.2.3", "1.2.3", "none") is None
    # Major version 0: a major change needs the next minor, a minor change only the next patch.
    assert check_declared_version("0.1.0", "0.2.0", "major") is None
    assert check_declared_version("0.1.0", "0.1.1", "minor") is None
    assert check_declared_version("0.1.0", "0.1.1", "patch") is None
    assert check_declared_version("0.1.0", "0.2.0", "minor") is None
    assert check_declared_version("0.1.0", "1.0.0", "major") is None  # declaring a stable schema
    assert check_declared_version("0.1.0", "0.2.0-rc.1", "major") is None


def test_declared_versions_that_do_not_suffice() -> None:
    assert check_declared_version("1.2.3", "1.3.0", "major") is not None
    assert check_declared_version("1.2.3", "1.2.4", "minor") is not None
    assert check_declared_version("1.2.3", "1.2.3", "patch") is not None
    assert check_declared_version("1.2.3", "1.2.2", "none") is not None
    assert check_declared_version("0.1.0", "0.1.1", "major") is not None
    assert check_declared_version("0.1.0", "0.1.9", "major") is not None
    assert check_declared_version("0.1.0", "0.1.0", "minor") is not None
    assert check_declared_version("0.4.1", "0.4.1", "patch") is not None


def test_pre_release_ordering() -> None:
    ordered = [
        "1.0.0-alpha",
        "1.0.0-alpha.1",
        "1.0.0-alpha.beta",
        "1.0.0-beta",
        "1.0.0-beta.2",
        "1.0.0-beta.11",
        "1.0.0-rc.1",
        "1.0.0",
        "1.0.1",
        "1.1.0",
        "2.0.0",
    ]
    versions = [parse_version(text) for text in ordered]
    for lower, higher in itertools.pairwise(versions):
        assert lower < higher
        assert higher > lower
        assert not higher <= lower
    assert sorted(reversed(versions)) == versions
    assert not parse_version("1.0.0+build.1") < parse_version("1.0.0+build.2")


def test_pre_release_declarations() -> None:
    assert check_declared_version("1.2.3", "2.0.0-rc.1", "major") is None
    assert check_declared_version("2.0.0-rc.1", "2.0.0-rc.2", "major") is None
    assert check_declared_version("2.0.0-rc.1", "2.0.0", "major") is None
    assert check_declared_version("2.0.0-rc.1", "2.0.0-beta", "patch") is not None
    assert check_declared_version("1.2.3", "1.2.4-rc.1", "minor") is not None


@pytest.mark.parametrize("text", ["1.2", "v1.2.3", "01.2.3", "1.2.3-", "1.2.3-01", "one"])
def test_invalid_versions_are_input_errors(text: str) -> None:
    with pytest.raises(DiffInputError, match="semantic version"):
        parse_version(text)
    with pytest.raises(DiffInputError):
        check_declared_version(text, "9.9.9", "patch")


@given(st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 10**6))
def test_version_round_trip_and_bumps_increase(major: int, minor: int, patch: int) -> None:
    text = f"{major}.{minor}.{patch}"
    assert str(parse_version(text)) == text
    for bump in ("patch", "minor", "major"):
        bumped = required_version(text, bump)  # type: ignore[arg-type]
        assert parse_version(bumped) > parse_version(text)
        assert check_declared_version(text, bumped, bump) is None  # type: ignore[arg-type]


@given(st.integers(0, 3), st.integers(0, 10**6), st.integers(0, 10**6))
def test_bumps_move_one_place_right_while_the_major_version_is_0(major: int, minor: int, patch: int) -> None:
    text = f"{major}.{minor}.{patch}"
    bumped = {bump: parse_version(required_version(text, bump)).to_tuple()[:3] for bump in ("major", "minor", "patch")}
    if major == 0:
        assert bumped == {"major": (0, minor + 1, 0), "minor": (0, minor, patch + 1), "patch": (0, minor, patch + 1)}
    else:
        assert bumped == {
            "major": (major + 1, 0, 0),
            "minor": (major, minor + 1, 0),
            "patch": (major, minor, patch + 1),
        }


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------


def sample_diff() -> Diff:
    return Diff(
        (
            Change(
                kind="row-changed",
                location="resources/persons/rows/modi",
                old={"name": "Modi"},
                new={"name": "Narendra Modi"},
                bump="patch",
                description="row id='modi' changed",
            ),
            Change(
                kind="field-removed",
                location="resources/persons/fields/country",
                old={"name": "country"},
                bump="major",
                description="field 'country' was removed",
            ),
        )
    )


def test_format_json_shape() -> None:
    document = json.loads(format_json(sample_diff()))
    assert document["format_version"] == 1
    assert document["required_bump"] == "major"
    assert document["counts"] == {"major": 1, "minor": 0, "patch": 1}
    assert document["changes"][1] == {
        "kind": "field-removed",
        "bump": "major",
        "location": "resources/persons/fields/country",
        "description": "field 'country' was removed",
        "old": {"name": "country"},
        "new": None,
    }
    assert json.loads(format_json(Diff()))["required_bump"] == "none"


def test_format_text_groups_by_bump() -> None:
    text = format_text(sample_diff())
    lines = text.splitlines()
    assert lines[0] == "Required bump: major (2 changes: 1 major, 1 patch)"
    assert lines.index("MAJOR:") < lines.index("PATCH:")
    assert "  - resources/persons/fields/country [field-removed] field 'country' was removed" in lines


def test_unnamed_field_names_the_descriptor(tmp_path: Path) -> None:
    def mutate(descriptor: dict[str, Any], files: dict[str, str]) -> None:
        del field(descriptor, "countries", "name")["name"]

    with pytest.raises(DiffInputError, match=r"new.datapackage\.json.*field 1 has no name"):
        diff_packages(tmp_path, mutate)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.sampled_from(["", "x", "csv", "countries", "code"]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.sampled_from(["name", "fields", "x"]), children, max_size=3)
    ),
    max_leaves=6,
)


@settings(max_examples=150, deadline=None)
@given(
    target=st.sampled_from(
        [
            ("resources", 1, "schema"),
            ("resources", 1, "schema", "fields"),
            ("resources", 1, "schema", "fields", 0),
            ("resources", 1, "schema", "fields", 0, "constraints"),
            ("resources", 1, "schema", "primaryKey"),
            ("resources", 1, "schema", "foreignKeys"),
            ("resources", 1, "schema", "uniqueKeys"),
            ("resources", 1, "dialect"),
            ("resources", 1, "encoding"),
            ("resources", 0, "format"),
            ("resources", 2, "data"),
            ("licenses",),
        ]
    ),
    value=json_values,
)
def test_malformed_descriptors_raise_only_input_errors(target: tuple[Any, ...], value: Any) -> None:
    new_descriptor = base_descriptor()
    container: Any = new_descriptor
    for step in target[:-1]:
        container = container[step]
    container[target[-1]] = value
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        old = write_package(root / "old", base_descriptor(), base_files())
        new = write_package(root / "new", new_descriptor, base_files())
        try:
            diff = diff_paths(old, new)
        except DiffInputError:
            return
        format_text(diff)
        json.loads(format_json(diff))


@pytest.mark.parametrize("text", ['{"type": NaN}', "[" * 10_000 + "]" * 10_000])
def test_json_that_is_not_json_or_too_deep_is_an_input_error(tmp_path: Path, text: str) -> None:
    # diff reads JSON with the validator's reader: NaN is refused, and deep nesting cannot crash it
    (tmp_path / "a.json").write_text(text, encoding="utf-8")
    (tmp_path / "b.json").write_text("{}", encoding="utf-8")
    with pytest.raises(DiffInputError, match=r"a\.json:1:"):
        diff_paths(tmp_path / "a.json", tmp_path / "b.json")


def _zip_package(source: Path, target: Path, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(source.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(source).as_posix())
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return target


def test_the_api_and_the_cli_take_the_same_zips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from indojp_data.cli import main

    package = Path(__file__).resolve().parents[2] / "datapackage"
    released = _zip_package(package, tmp_path / "release.zip")
    assert diff_paths(released, package).changes == ()
    assert main(["diff", str(released), str(package)]) == 0
    unsafe = _zip_package(package, tmp_path / "unsafe.zip", {"../escape.csv": b"a\n1\n"})
    with pytest.raises(DiffInputError, match=r"unsafe\.zip"):
        diff_paths(unsafe, package)
    capsys.readouterr()
    assert main(["diff", str(unsafe), str(package)]) == 2
    assert "unsafe.zip" in capsys.readouterr().err
    assert not (tmp_path / "escape.csv").exists()
