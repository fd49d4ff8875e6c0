"""Compare two JSON Schemas (draft 2020-12): structure, assertions tightened or relaxed, annotations."""

from __future__ import annotations

from collections.abc import Mapping

from indojp_data.diff.bumps import _mask_versions
from indojp_data.diff.changes import _ABSENT, JSON, Change, ChangeKind, DiffInputError, _canon, _Changes, _join, _show
from indojp_data.diff.constraints import _LOWER_BOUNDS, _UPPER_BOUNDS, _diff_constraint
from indojp_data.diff.properties import _union_keys
from indojp_data.diff.readers import _SchemaSet

_SCHEMA_ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "examples",
        "default",
        "$comment",
        "deprecated",
        "readOnly",
        "writeOnly",
        "contentMediaType",
        "contentEncoding",
        "contentSchema",
    }
)


_SCHEMA_IDENTIFIERS = frozenset({"$id", "$anchor", "$dynamicAnchor"})


_SCHEMA_ASSERTIONS = _LOWER_BOUNDS | _UPPER_BOUNDS | {"enum", "const", "pattern", "multipleOf", "uniqueItems"}


_ABSENT_MEANS_TRUE = frozenset(
    {"items", "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "propertyNames", "additionalItems"}
)


_SUBSCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})


_SUBSCHEMA_MAPS = frozenset({"patternProperties", "dependentSchemas"})


_STRUCTURAL = frozenset(
    {
        "$ref",
        "$dynamicRef",
        "$recursiveRef",
        "$schema",
        "$vocabulary",
        "not",
        "if",
        "then",
        "else",
        "contains",
        "dependentRequired",
        "dependencies",
    }
)


_NULL_SCHEMA = {"type": "null"}


def _diff_schema_sets(old: _SchemaSet, new: _SchemaSet, changes: _Changes) -> None:
    if old.is_directory != new.is_directory:
        raise DiffInputError(
            f"cannot compare {old.path} with {new.path}: one is a single JSON Schema file, "
            "the other a directory of schemas"
        )
    if not old.is_directory:
        (old_schema,) = old.schemas.values()
        (new_schema,) = new.schemas.values()
        _diff_json_schema(old_schema, new_schema, "", changes)
        return
    for name, schema in old.schemas.items():
        if name not in new.schemas:
            changes.add("schema-removed", _join("", name), "major", f"schema file {name!r} removed", schema)
    for name, schema in new.schemas.items():
        if name not in old.schemas:
            changes.add("schema-added", _join("", name), "minor", f"schema file {name!r} added", None, schema)
        else:
            _diff_json_schema(old.schemas[name], schema, _join("", name), changes)


def _split_nullable(schema: dict[str, JSON]) -> tuple[dict[str, JSON], bool, dict[str, JSON]]:
    """Separate "may be null" from the rest: ``anyOf: [X, {"type": "null"}]`` or ``type: [.., "null"]``.

    Returns the schema without the null alternative (``X`` merged into the outer schema), whether
    null was allowed, and the annotations of ``X`` that the outer schema overrides (pydantic gives
    both a ``description``), so that their changes can still be reported.
    """
    for keyword in ("anyOf", "oneOf"):
        branches = schema.get(keyword)
        if (
            isinstance(branches, list)
            and len(branches) == 2
            and sum(branch == _NULL_SCHEMA for branch in branches) == 1
        ):
            other = next(branch for branch in branches if branch != _NULL_SCHEMA)
            rest = {key: value for key, value in schema.items() if key != keyword}
            if isinstance(other, dict) and set(other) & set(rest) <= _SCHEMA_ANNOTATIONS:
                hidden = {key: other[key] for key in set(other) & set(rest)}
                core, _, inner_hidden = _split_nullable({**other, **rest})
                return core, True, {**inner_hidden, **hidden}
    types = schema.get("type")
    if isinstance(types, list) and "null" in types and len(types) > 1:
        remaining = [item for item in types if item != "null"]
        core = dict(schema)
        core["type"] = remaining[0] if len(remaining) == 1 else remaining
        return core, True, {}
    return schema, False, {}


def _types(schema: Mapping[str, JSON]) -> frozenset[str] | None:
    types = schema.get("type")
    if types is None:
        return None
    return frozenset([types] if isinstance(types, str) else [str(item) for item in types])


def _diff_json_schema(old: JSON, new: JSON, location: str, changes: _Changes) -> None:
    if _canon(old) == _canon(new):
        return
    if isinstance(old, bool) or isinstance(new, bool):
        _diff_boolean_schemas(old, new, location, changes)
        return
    old, old_nullable, old_hidden = _split_nullable(old)
    new, new_nullable, new_hidden = _split_nullable(new)
    for keyword in _union_keys(old_hidden, new_hidden):
        before, after = old_hidden.get(keyword), new_hidden.get(keyword)
        if _canon(before) != _canon(after):
            changes.add(
                "metadata-changed",
                _join(location, keyword),
                "patch",
                f"{keyword} of the non-null alternative changed: {_show(after)}",
                before,
                after,
            )
    if old_nullable != new_nullable:
        if new_nullable:
            changes.add("constraint-relaxed", _join(location, "type"), "minor", "null now allowed", False, True)
        else:
            changes.add("constraint-tightened", _join(location, "type"), "major", "null no longer allowed", True, False)

    old_types, new_types = _types(old), _types(new)
    if old_types != new_types:
        changes.add(
            "type-changed",
            _join(location, "type"),
            "major",
            f"type changed from {_show(old.get('type'))} to {_show(new.get('type'))}",
            old.get("type"),
            new.get("type"),
        )

    old_required = [str(name) for name in old.get("required") or []]
    new_required = [str(name) for name in new.get("required") or []]
    old_properties = old.get("properties") if isinstance(old.get("properties"), dict) else {}
    new_properties = new.get("properties") if isinstance(new.get("properties"), dict) else {}
    for name, schema in old_properties.items():
        if name not in new_properties:
            where = _join(location, "properties", name)
            changes.add("property-removed", where, "major", f"property {name!r} removed", schema)
    for name, schema in new_properties.items():
        where = _join(location, "properties", name)
        if name in old_properties:
            _diff_json_schema(old_properties[name], schema, where, changes)
        elif name in new_required:
            changes.add("property-added", where, "major", f"required property {name!r} added", None, schema)
        else:
            changes.add("property-added", where, "minor", f"optional property {name!r} added", None, schema)
    for name in new_required:
        if name not in old_required and (name in old_properties or name not in new_properties):
            where = _join(location, "properties", name)
            changes.add("required-added", where, "major", f"property {name!r} is now required", False, True)
    for name in old_required:
        if name not in new_required and (name in new_properties or name not in old_properties):
            where = _join(location, "properties", name)
            changes.add("required-removed", where, "minor", f"property {name!r} is no longer required", True, False)

    for definitions in ("$defs", "definitions"):
        old_defs = old.get(definitions) if isinstance(old.get(definitions), dict) else {}
        new_defs = new.get(definitions) if isinstance(new.get(definitions), dict) else {}
        for name, schema in old_defs.items():
            if name not in new_defs:
                changes.add(
                    "definition-removed",
                    _join(location, definitions, name),
                    "major",
                    f"definition {name!r} removed",
                    schema,
                )
        for name, schema in new_defs.items():
            where = _join(location, definitions, name)
            if name in old_defs:
                _diff_json_schema(old_defs[name], schema, where, changes)
            else:
                changes.add("definition-added", where, "minor", f"definition {name!r} added", None, schema)

    handled = {"type", "required", "properties", "$defs", "definitions"}
    for keyword in _union_keys(old, new):
        if keyword in handled:
            continue
        before = old.get(keyword, _ABSENT)
        after = new.get(keyword, _ABSENT)
        if before is not _ABSENT and after is not _ABSENT and _canon(before) == _canon(after):
            continue
        _diff_schema_keyword(keyword, before, after, _join(location, keyword), changes)


def _diff_schema_keyword(keyword: str, before: JSON, after: JSON, where: str, changes: _Changes) -> None:
    old_value = None if before is _ABSENT else before
    new_value = None if after is _ABSENT else after
    if keyword in _SCHEMA_ANNOTATIONS or not (
        keyword in _SCHEMA_IDENTIFIERS
        or keyword in _SCHEMA_ASSERTIONS
        or keyword in _ABSENT_MEANS_TRUE
        or keyword in _SUBSCHEMA_LISTS
        or keyword in _SUBSCHEMA_MAPS
        or keyword in _STRUCTURAL
        or keyword == "format"
    ):
        changes.add("metadata-changed", where, "patch", f"{keyword} changed: {_show(new_value)}", old_value, new_value)
    elif keyword in _SCHEMA_IDENTIFIERS or keyword == "$ref":
        if _canon(_mask_versions(old_value)) != _canon(_mask_versions(new_value)):
            kind: ChangeKind = "identifier-changed" if keyword in _SCHEMA_IDENTIFIERS else "structure-changed"
            changes.add(
                kind,
                where,
                "major",
                f"{keyword} changed from {_show(old_value)} to {_show(new_value)}",
                old_value,
                new_value,
            )
    elif keyword == "format":
        changes.add(
            "format-changed",
            where,
            "major",
            f"format changed from {_show(old_value)} to {_show(new_value)}",
            old_value,
            new_value,
        )
    elif keyword in _SCHEMA_ASSERTIONS:
        _diff_constraint(keyword, before, after, where, changes)
    elif keyword in _ABSENT_MEANS_TRUE:
        _diff_json_schema(True if before is _ABSENT else before, True if after is _ABSENT else after, where, changes)
    elif (
        keyword in _SUBSCHEMA_LISTS
        and isinstance(before, list)
        and isinstance(after, list)
        and len(before) == len(after)
    ):
        nested = _Changes()
        for position, (old_item, new_item) in enumerate(zip(before, after, strict=True)):
            _diff_json_schema(old_item, new_item, _join(where, str(position)), nested)
        for change in nested.items:
            if keyword == "oneOf" and change.bump == "minor":
                change = Change(
                    kind=change.kind,
                    location=change.location,
                    old=change.old,
                    new=change.new,
                    bump="major",
                    description=change.description + " (inside oneOf, a relaxation can make instances ambiguous)",
                )
            changes.items.append(change)
    elif keyword in _SUBSCHEMA_MAPS and isinstance(before, dict) and isinstance(after, dict):
        for name in _union_keys(before, after):
            if name in before and name in after:
                _diff_json_schema(before[name], after[name], _join(where, name), changes)
            else:
                changes.add(
                    "structure-changed",
                    _join(where, name),
                    "major",
                    f"{keyword} entry {name!r} {'added' if name in after else 'removed'}",
                    before.get(name),
                    after.get(name),
                )
    else:
        changes.add(
            "structure-changed",
            where,
            "major",
            f"{keyword} changed from {_show(old_value)} to {_show(new_value)}",
            old_value,
            new_value,
        )


def _diff_boolean_schemas(old: JSON, new: JSON, location: str, changes: _Changes) -> None:
    """Compare where at least one side is a boolean schema (``true`` allows all, ``false`` nothing)."""
    if old is True or new is False:
        changes.add(
            "constraint-tightened", location, "major", f"schema narrowed from {_show(old)} to {_show(new)}", old, new
        )
    else:  # old is False or new is True
        changes.add(
            "constraint-relaxed", location, "minor", f"schema widened from {_show(old)} to {_show(new)}", old, new
        )
