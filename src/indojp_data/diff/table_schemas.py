"""Compare two Table Schemas: fields, types, formats, constraints, primary and foreign keys."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from indojp_data.core.tableschema import DEFAULT_FORMAT, DEFAULT_MISSING_VALUES, ForeignKey, TableSchema
from indojp_data.diff.changes import _ABSENT, JSON, DiffInputError, _Changes, _join, _show
from indojp_data.diff.constraints import _diff_constraint
from indojp_data.diff.properties import _FIELD_DESCRIPTIVE, _SCHEMA_DESCRIPTIVE, _diff_properties, _object, _union_keys


def _is_table_schema(schema: JSON) -> bool:
    return isinstance(schema, dict) and isinstance(schema.get("fields"), list)


def _table(schema: JSON, resource: str) -> TableSchema:
    """Read any JSON as the Table Schema of ``resource``: what is not an object reads as a schema of nothing."""
    return TableSchema.from_descriptor(schema if isinstance(schema, dict) else {}, resource)


def _target(key: ForeignKey, own: str) -> str:
    return "(this resource)" if key.resource == own else key.resource


def _describe(key: ForeignKey, own: str) -> str:
    return f"({', '.join(key.fields)}) -> {_target(key, own)}({', '.join(key.reference_fields)})"


def _key_json(key: ForeignKey, own: str) -> JSON:
    reference = {"resource": "" if key.resource == own else key.resource, "fields": list(key.reference_fields)}
    return {"fields": list(key.fields), "reference": reference}


def _diff_table_schemas(
    old: dict[str, JSON],
    new: dict[str, JSON],
    resource: str,
    location: str,
    changes: _Changes,
    old_source: Path,
    new_source: Path,
) -> None:
    old_fields = _fields_by_name(old, resource, old_source)
    new_fields = _fields_by_name(new, resource, new_source)
    for name, field in old_fields.items():
        if name not in new_fields:
            changes.add(
                "field-removed",
                _join(location, "fields", name),
                "major",
                f"field {name!r} was removed",
                field,
                None,
            )
    for name, field in new_fields.items():
        if name not in old_fields:
            changes.add(
                "field-added", _join(location, "fields", name), "major", f"field {name!r} was added", None, field
            )
    common_old = [name for name in old_fields if name in new_fields]
    common_new = [name for name in new_fields if name in old_fields]
    if common_old != common_new:
        changes.add(
            "fields-reordered",
            _join(location, "fields"),
            "major",
            f"fields re-ordered from {common_old} to {common_new}",
            common_old,
            common_new,
        )
    for name in common_new:
        _diff_field(old_fields[name], new_fields[name], _join(location, "fields", name), changes)

    _diff_properties(
        old,
        new,
        _join(location, "schema"),
        changes,
        descriptive=_SCHEMA_DESCRIPTIVE,
        skip=frozenset({"fields", "primaryKey", "foreignKeys", "uniqueKeys"}),
        normalize=lambda k, v: ([*DEFAULT_MISSING_VALUES] if v is _ABSENT else v) if k == "missingValues" else v,
    )

    old_table, new_table = _table(old, resource), _table(new, resource)
    old_key, new_key = old_table.primary_key, new_table.primary_key
    if old_key != new_key:
        if not old_key:
            what = f"primary key {list(new_key)} added"
        elif not new_key:
            what = f"primary key {list(old_key)} removed"
        else:
            what = f"primary key changed from {list(old_key)} to {list(new_key)}"
        changes.add(
            "primary-key-changed",
            _join(location, "primaryKey"),
            "major",
            what,
            list(old_key) or None,
            list(new_key) or None,
        )

    _diff_foreign_keys(old_table.foreign_keys, new_table.foreign_keys, resource, location, changes)

    old_unique, new_unique = set(old_table.unique_keys), set(new_table.unique_keys)
    for names in sorted(new_unique - old_unique):
        changes.add(
            "constraint-tightened",
            _join(location, "uniqueKeys", ",".join(names)),
            "major",
            f"unique key {list(names)} added",
            None,
            list(names),
        )
    for names in sorted(old_unique - new_unique):
        changes.add(
            "constraint-relaxed",
            _join(location, "uniqueKeys", ",".join(names)),
            "minor",
            f"unique key {list(names)} removed",
            list(names),
            None,
        )


def _diff_foreign_keys(
    old_foreign: Sequence[ForeignKey], new_foreign: Sequence[ForeignKey], own: str, location: str, changes: _Changes
) -> None:
    """Record the foreign keys removed, added, or kept with a new referenced resource."""
    for key in old_foreign:
        if key in new_foreign:
            continue
        updated = next(
            (
                other
                for other in new_foreign
                if other not in old_foreign
                and (other.fields, other.reference_fields) == (key.fields, key.reference_fields)
            ),
            None,
        )
        where = _join(location, "foreignKeys", ",".join(key.fields))
        if updated is not None:
            changes.add(
                "foreign-key-reference-updated",
                where,
                "minor",
                f"foreign key {_describe(key, own)} now refers to {_target(updated, own)}",
                _key_json(key, own),
                _key_json(updated, own),
            )
        else:
            changes.add(
                "foreign-key-removed", where, "minor", f"foreign key {_describe(key, own)} removed", _key_json(key, own)
            )
    for key in new_foreign:
        if key in old_foreign or any(
            (other.fields, other.reference_fields) == (key.fields, key.reference_fields)
            for other in old_foreign
            if other not in new_foreign
        ):
            continue
        changes.add(
            "foreign-key-added",
            _join(location, "foreignKeys", ",".join(key.fields)),
            "major",
            f"foreign key {_describe(key, own)} added",
            None,
            _key_json(key, own),
        )


def _fields_by_name(schema: Mapping[str, JSON], resource: str, source: Path) -> dict[str, dict[str, JSON]]:
    fields: dict[str, dict[str, JSON]] = {}
    for index, field in enumerate(schema["fields"]):
        name = field.get("name") if isinstance(field, dict) else None
        if not isinstance(name, str):
            raise DiffInputError(f"{source}: resource {resource!r}: field {index} has no name")
        if name in fields:
            raise DiffInputError(f"{source}: resource {resource!r}: two fields are named {name!r}")
        fields[name] = field
    return fields


def _diff_field(old: dict[str, JSON], new: dict[str, JSON], location: str, changes: _Changes) -> None:
    name = new["name"]
    old_type, new_type = old.get("type"), new.get("type")
    if old_type != new_type:
        changes.add(
            "field-type-changed",
            _join(location, "type"),
            "major",
            f"type of field {name!r} changed from {_show(old_type)} to {_show(new_type)}",
            old_type,
            new_type,
        )
    old_format, new_format = old.get("format", DEFAULT_FORMAT), new.get("format", DEFAULT_FORMAT)
    if old_format != new_format:
        changes.add(
            "field-format-changed",
            _join(location, "format"),
            "major",
            f"format of field {name!r} changed from {_show(old_format)} to {_show(new_format)}",
            old_format,
            new_format,
        )
    old_constraints = _object(old.get("constraints"))
    new_constraints = _object(new.get("constraints"))
    for key in _union_keys(old_constraints, new_constraints):
        _diff_constraint(
            key,
            old_constraints.get(key, _ABSENT),
            new_constraints.get(key, _ABSENT),
            _join(location, "constraints", key),
            changes,
        )
    _diff_properties(
        old,
        new,
        location,
        changes,
        descriptive=_FIELD_DESCRIPTIVE,
        skip=frozenset({"name", "type", "format", "constraints"}),
    )
