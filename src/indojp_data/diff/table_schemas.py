"""Compare two Table Schemas: fields, types, formats, constraints, primary and foreign keys."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from indojp_data.diff.changes import _ABSENT, JSON, DiffInputError, _Changes, _join, _show
from indojp_data.diff.constraints import _diff_constraint
from indojp_data.diff.properties import _FIELD_DESCRIPTIVE, _SCHEMA_DESCRIPTIVE, _diff_properties, _object, _union_keys


def _is_table_schema(schema: JSON) -> bool:
    return isinstance(schema, dict) and isinstance(schema.get("fields"), list)


@dataclass(frozen=True)
class _ForeignKey:
    fields: tuple[str, ...]
    resource: str  # "" for a reference to the same resource
    reference_fields: tuple[str, ...]

    def describe(self) -> str:
        target = self.resource or "(this resource)"
        return f"({', '.join(self.fields)}) -> {target}({', '.join(self.reference_fields)})"

    def as_json(self) -> JSON:
        return {
            "fields": list(self.fields),
            "reference": {"resource": self.resource, "fields": list(self.reference_fields)},
        }


def _names(value: JSON) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(item) for item in value)
    return ()


def _foreign_keys(schema: JSON, own_name: str) -> list[_ForeignKey]:
    keys: list[_ForeignKey] = []
    if not isinstance(schema, dict):
        return keys
    for item in schema.get("foreignKeys") or []:
        if not isinstance(item, dict):
            continue
        raw_reference = item.get("reference")
        reference: dict[str, JSON] = raw_reference if isinstance(raw_reference, dict) else {}
        target = reference.get("resource") or ""
        if target == own_name:
            target = ""
        keys.append(_ForeignKey(_names(item.get("fields")), str(target), _names(reference.get("fields"))))
    return keys


def _primary_key(schema: JSON) -> tuple[str, ...]:
    return _names(schema.get("primaryKey")) if isinstance(schema, dict) else ()


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
        normalize=lambda key, value: ([""] if value is _ABSENT else value) if key == "missingValues" else value,
    )

    old_key, new_key = _primary_key(old), _primary_key(new)
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

    _diff_foreign_keys(_foreign_keys(old, resource), _foreign_keys(new, resource), location, changes)

    old_unique = {_names(item) for item in old.get("uniqueKeys") or []}
    new_unique = {_names(item) for item in new.get("uniqueKeys") or []}
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
    old_foreign: list[_ForeignKey], new_foreign: list[_ForeignKey], location: str, changes: _Changes
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
                f"foreign key {key.describe()} now refers to {updated.resource or '(this resource)'}",
                key.as_json(),
                updated.as_json(),
            )
        else:
            changes.add("foreign-key-removed", where, "minor", f"foreign key {key.describe()} removed", key.as_json())
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
            f"foreign key {key.describe()} added",
            None,
            key.as_json(),
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
    old_format, new_format = old.get("format", "default"), new.get("format", "default")
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
