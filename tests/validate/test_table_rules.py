"""The validator compiles a Table Schema's keys, as the one reader reads them, into column indices."""

from __future__ import annotations

from indojp_data.validate.sql import TableRules


def test_keys_become_column_indices_and_a_unique_primary_key_is_not_counted_twice() -> None:
    schema = {
        "fields": [{"name": "id", "constraints": {"unique": True}}, {"name": "boss", "constraints": {"unique": True}}],
        "primaryKey": "id",
        "foreignKeys": [{"fields": "boss", "reference": {"fields": "id"}}],
    }
    rules = TableRules.from_schema("persons", schema)
    assert (rules.primary_key, rules.unique, rules.missing) == ((0,), (1,), ("",))
    assert rules.foreign_keys == (((1,), "persons", ("id",)),)
