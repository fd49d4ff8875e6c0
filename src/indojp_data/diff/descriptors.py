"""Compare two data package descriptors: package properties, licenses and each resource."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import PurePosixPath

from indojp_data.core.codec import MEDIATYPES
from indojp_data.diff.bumps import _mask_versions
from indojp_data.diff.changes import _ABSENT, JSON, _canon, _Changes, _join, _show
from indojp_data.diff.contents import _content, _content_digest, _diff_json_values, _diff_rows, _Document, _Table
from indojp_data.diff.json_schemas import _diff_json_schema
from indojp_data.diff.properties import _PACKAGE_DESCRIPTIVE, _RESOURCE_DESCRIPTIVE, _diff_properties
from indojp_data.diff.readers import _load_json, _Package
from indojp_data.diff.table_schemas import _diff_table_schemas, _is_table_schema, _table

_MEDIATYPES = {**MEDIATYPES, "tsv": "text/tab-separated-values"}


_DIALECT_DEFAULTS: dict[str, JSON] = {
    "header": True,
    "headerRows": [1],
    "headerJoin": " ",
    "delimiter": ",",
    "lineTerminator": "\r\n",
    "quoteChar": '"',
    "doubleQuote": True,
    "skipInitialSpace": False,
    "caseSensitiveHeader": False,
    "csvddfVersion": 1.2,
}


def _diff_packages(old: _Package, new: _Package, changes: _Changes) -> None:
    for key in ("name", "id"):
        before = old.descriptor.get(key)
        after = new.descriptor.get(key)
        if _canon(_mask_versions(before)) != _canon(_mask_versions(after)):
            changes.add(
                "identifier-changed",
                key,
                "major",
                f"data package {key} changed from {_show(before)} to {_show(after)}",
                before,
                after,
            )
    _diff_properties(
        old.descriptor,
        new.descriptor,
        "",
        changes,
        descriptive=_PACKAGE_DESCRIPTIVE,
        skip=frozenset({"name", "id", "version", "resources"}),
    )

    old_resources = old.resources()
    new_resources = new.resources()
    referenced = _referenced_fields(old, old_resources)
    for target, names in _referenced_fields(new, new_resources).items():
        referenced.setdefault(target, set()).update(names)

    for name, resource in old_resources.items():
        if name not in new_resources:
            changes.add(
                "resource-removed",
                _join("resources", name),
                "major",
                f"resource {name!r} was removed",
                _summary(resource),
                None,
            )
    common_old = [name for name in old_resources if name in new_resources]
    common_new = [name for name in new_resources if name in old_resources]
    if common_old != common_new:
        changes.add(
            "resources-reordered",
            "resources",
            "major",
            f"resources re-ordered from {common_old} to {common_new}",
            common_old,
            common_new,
        )
    for name, resource in new_resources.items():
        location = _join("resources", name)
        if name not in old_resources:
            changes.add("resource-added", location, "minor", f"resource {name!r} was added", None, _summary(resource))
            continue
        _diff_resource(old, old_resources[name], new, resource, location, referenced.get(name, set()), changes)


def _summary(resource: Mapping[str, JSON]) -> JSON:
    return {key: resource[key] for key in ("name", "path", "title") if key in resource}


def _table_schema(package: _Package, resource: Mapping[str, JSON]) -> JSON:
    schema = resource.get("schema")
    if isinstance(schema, str):
        return _load_json(package.local_file(schema, f"schema of resource {resource.get('name')!r}"))
    return schema


def _referenced_fields(package: _Package, resources: Mapping[str, Mapping[str, JSON]]) -> dict[str, set[str]]:
    referenced: dict[str, set[str]] = {}
    for name, resource in resources.items():
        for key in _table(_table_schema(package, resource), name).foreign_keys:
            referenced.setdefault(key.resource, set()).update(key.reference_fields)
    return referenced


def _resource_normalizer(resource: Mapping[str, JSON], schema: JSON) -> Callable[[str, JSON], JSON]:
    path = resource.get("path")
    first = path[0] if isinstance(path, list) and path else path
    suffix = PurePosixPath(first).suffix.lstrip(".").lower() if isinstance(first, str) else ""

    def normalize(key: str, value: JSON) -> JSON:
        if key == "format":
            if isinstance(value, str):
                return value.lower()
            return value if value is not _ABSENT else (suffix or _ABSENT)
        if key == "mediatype":
            fmt = resource.get("format", suffix)
            inferred = _MEDIATYPES.get(fmt.lower()) if isinstance(fmt, str) else None
            return value if value is not _ABSENT else (inferred or _ABSENT)
        if key == "encoding":
            text = "utf-8" if value is _ABSENT else value
            return text.lower().replace("_", "-") if isinstance(text, str) else text
        if key == "type":
            if value is _ABSENT and _is_table_schema(schema):
                return "table"
            return value
        if key == "dialect":
            dialect = {} if value is _ABSENT else value
            if isinstance(dialect, dict):
                return {**_DIALECT_DEFAULTS, **dialect}
            return dialect
        return value

    return normalize


def _diff_resource(
    old_package: _Package,
    old: dict[str, JSON],
    new_package: _Package,
    new: dict[str, JSON],
    location: str,
    referenced: set[str],
    changes: _Changes,
) -> None:
    old_schema = _table_schema(old_package, old)
    new_schema = _table_schema(new_package, new)
    old_normalize = _resource_normalizer(old, old_schema)
    new_normalize = _resource_normalizer(new, new_schema)
    _diff_properties(
        _with_defaults(old, old_normalize),
        _with_defaults(new, new_normalize),
        location,
        changes,
        descriptive=_RESOURCE_DESCRIPTIVE,
        skip=frozenset({"name", "path", "data", "bytes", "hash", "schema"}),
    )

    name = str(new.get("name"))
    schema_changes_before = len(changes.items)
    if _is_table_schema(old_schema) and _is_table_schema(new_schema):
        _diff_table_schemas(old_schema, new_schema, name, location, changes, old_package.path, new_package.path)
    elif _canon(old_schema) != _canon(new_schema):
        if (
            isinstance(old_schema, dict | bool)
            and isinstance(new_schema, dict | bool)
            and not (_is_table_schema(old_schema) or _is_table_schema(new_schema))
        ):
            _diff_json_schema(old_schema, new_schema, _join(location, "schema"), changes)
        else:
            changes.add(
                "structure-changed",
                _join(location, "schema"),
                "major",
                "schema replaced",
                old_schema,
                new_schema,
            )
    fields_unchanged = len(changes.items) == schema_changes_before or not any(
        change.kind in ("field-added", "field-removed", "fields-reordered")
        for change in changes.items[schema_changes_before:]
    )

    old_content = _content(old_package, old, old_schema)
    new_content = _content(new_package, new, new_schema)
    if old_content is None or new_content is None:
        return
    if isinstance(old_content, _Table) and isinstance(new_content, _Table):
        if fields_unchanged and old_content.columns != new_content.columns:
            changes.add(
                "header-changed",
                _join(location, "header"),
                "major",
                f"columns changed from {old_content.columns} to {new_content.columns}",
                old_content.columns,
                new_content.columns,
            )
        _diff_rows(
            old_content,
            new_content,
            _table(old_schema, name).primary_key,
            _table(new_schema, name).primary_key,
            referenced,
            _join(location, "rows"),
            changes,
        )
    elif isinstance(old_content, _Document) and isinstance(new_content, _Document):
        _diff_json_values(old_content.value, new_content.value, _join(location, "data"), changes)
    elif _content_digest(old_content) != _content_digest(new_content):
        changes.add(
            "data-changed",
            _join(location, "data"),
            "major",
            "the content changed and cannot be compared row by row",
        )


def _with_defaults(resource: Mapping[str, JSON], normalize: Callable[[str, JSON], JSON]) -> dict[str, JSON]:
    normalized = {key: normalize(key, value) for key, value in resource.items()}
    for key in ("format", "mediatype", "encoding", "type", "dialect"):
        if key not in resource:
            value = normalize(key, _ABSENT)
            if value is not _ABSENT:
                normalized[key] = value
    return normalized
