"""The one reader of the Table Schema: shorthands, defaults, and tolerance of malformed schemas."""

from __future__ import annotations

from typing import Any

import pytest

from indojp_data.core.tableschema import (
    DEFAULT_FALSE_VALUES,
    DEFAULT_MISSING_VALUES,
    DEFAULT_TRUE_VALUES,
    FieldSchema,
    ForeignKey,
    TableSchema,
)


def read(schema: dict[str, Any], resource: str = "persons") -> TableSchema:
    return TableSchema.from_descriptor(schema, resource)


@pytest.mark.parametrize("key", ["id", ["id"]])
def test_a_primary_key_may_be_one_name_or_a_list(key: object) -> None:
    assert read({"fields": [{"name": "id"}], "primaryKey": key}).primary_key == ("id",)


def test_a_schema_without_a_primary_key_has_none() -> None:
    assert read({"fields": [{"name": "id"}]}).primary_key == ()


@pytest.mark.parametrize("reference", [{"fields": "id"}, {"resource": "", "fields": ["id"]}])
def test_a_foreign_key_into_its_own_resource_names_that_resource(reference: dict[str, Any]) -> None:
    schema = {"fields": [{"name": "id"}, {"name": "boss"}], "foreignKeys": [{"fields": "boss", "reference": reference}]}
    assert read(schema, "persons").foreign_keys == (ForeignKey(("boss",), "persons", ("id",)),)


def test_a_foreign_key_into_another_resource_keeps_its_name_and_fields() -> None:
    key = {"fields": ["country", "year"], "reference": {"resource": "countries", "fields": ["code", "year"]}}
    table = read({"fields": [{"name": "country"}, {"name": "year"}], "foreignKeys": [key]})
    assert table.foreign_keys == (ForeignKey(("country", "year"), "countries", ("code", "year")),)


def test_unique_keys_read_each_key_as_names() -> None:
    assert read({"fields": [], "uniqueKeys": [["a", "b"], "c"]}).unique_keys == (("a", "b"), ("c",))


def test_a_field_takes_the_specification_defaults() -> None:
    field = FieldSchema.from_descriptor({"name": "x"})
    assert (field.type, field.format, field.description) == ("string", "default", "")
    assert (field.required, field.unique, field.enum, field.pattern, field.bounds) == (False, False, None, None, ())
    assert (field.true_values, field.false_values) == (DEFAULT_TRUE_VALUES, DEFAULT_FALSE_VALUES)


def test_a_schema_without_missing_values_takes_the_default_and_an_empty_list_is_kept() -> None:
    assert read({"fields": []}).missing_values == DEFAULT_MISSING_VALUES == ("",)
    assert read({"fields": [], "missingValues": []}).missing_values == ()
    assert read({"fields": [], "missingValues": ["", "NA"]}).missing_values == ("", "NA")


def test_constraints_are_read_into_typed_attributes() -> None:
    constraints = {
        "required": True,
        "unique": True,
        "enum": ["a", True, 3],
        "pattern": "[a-z]+",
        "minLength": 1,
        "maxLength": 9,
        "exclusiveMaximum": 10,
        "minimum": 2,
    }
    spec = {"name": "x", "type": "integer", "format": "f", "trueValues": ["yes"], "constraints": constraints}
    field = FieldSchema.from_descriptor(spec)
    assert (field.type, field.format, field.required, field.unique) == ("integer", "f", True, True)
    assert field.enum == ("a", "true", "3")  # as the CSV text of the values
    assert (field.pattern, field.min_length, field.max_length) == ("[a-z]+", 1, 9)
    assert field.bounds == (("minimum", 2), ("exclusiveMaximum", 10))  # in the order of BOUND_CONSTRAINTS
    assert (field.true_values, field.false_values) == (("yes",), DEFAULT_FALSE_VALUES)
    assert field.descriptor is spec


def test_a_malformed_property_reads_as_absent() -> None:
    schema = {
        "fields": [{"name": "id", "type": 5, "constraints": "required"}, {"type": "string"}, "x", {"name": 3}],
        "primaryKey": 5,
        "missingValues": "NA",
        "uniqueKeys": "id",
        "foreignKeys": ["id", {"fields": "id", "reference": "countries"}],
    }
    table = read(schema, "persons")
    assert [f.name for f in table.fields] == ["id"]
    assert (table.fields[0].type, table.fields[0].required) == ("string", False)
    assert (table.primary_key, table.unique_keys, table.missing_values) == ((), (), ("",))
    assert table.foreign_keys == (ForeignKey(("id",), "persons", ()),)
