"""The one reader of the Table Schema (:meth:`TableSchema.from_descriptor`), its defaults, and SQL quoting.

The validator, the exporters and the diff read Table Schemas here, with the specification's shorthands
read once: a key as one field name or a list of them, a foreign key into its own resource, a field without
type or format, a schema without ``missingValues``. The reader is tolerant: a property of another type than
the specification's reads as absent, and a field that is not an object with a string ``name`` is left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Self, TypeVar

T = TypeVar("T")
D = TypeVar("D")

DEFAULT_TYPE = "string"
"""The type of a field that gives none."""

DEFAULT_FORMAT = "default"
"""The format of a field that gives none."""

DEFAULT_TRUE_VALUES = ("true", "True", "TRUE", "1")
"""The Table Schema's default ``trueValues`` of a boolean field."""

DEFAULT_FALSE_VALUES = ("false", "False", "FALSE", "0")
"""The Table Schema's default ``falseValues`` of a boolean field."""

DEFAULT_MISSING_VALUES = ("",)
"""The Table Schema's default ``missingValues``."""

BOUND_CONSTRAINTS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
"""The constraints that bound a value, in the order :attr:`FieldSchema.bounds` lists them."""


def _get(mapping: Mapping[str, Any], key: str, kind: type[T], default: D) -> T | D:
    """Return ``mapping[key]`` when it is a ``kind``, else ``default``: a malformed value reads as absent."""
    value = mapping.get(key)
    return value if isinstance(value, kind) else default


def _names(value: object) -> tuple[str, ...]:
    """Read field names: a list of them, or one as a string (Table Schema v1 style); anything else names none."""
    if isinstance(value, str):
        return (value,)
    return tuple(str(item) for item in value) if isinstance(value, list) else ()


def _texts(value: object, default: D) -> tuple[str, ...] | D:
    """Read a list of values as CSV text (a boolean as ``true`` or ``false``); ``default`` if it is no list."""
    if not isinstance(value, list):
        return default
    return tuple(str(item).lower() if isinstance(item, bool) else str(item) for item in value)


@dataclass(frozen=True)
class FieldSchema:
    """One field of a Table Schema, with its constraints as typed attributes.

    ``type`` and ``format`` default to :data:`DEFAULT_TYPE` and :data:`DEFAULT_FORMAT`, ``description`` to "";
    ``required``, ``unique``, ``enum`` (as CSV text), ``pattern``, ``min_length`` and ``max_length`` are the
    constraints of those names (False or None when absent); ``bounds`` holds the :data:`BOUND_CONSTRAINTS`
    set, as ``(constraint, value)``; ``true_values`` and ``false_values`` default to the specification's;
    ``descriptor`` is the field verbatim, for formats that keep it.
    """

    name: str
    type: str
    format: str
    description: str
    required: bool
    unique: bool
    enum: tuple[str, ...] | None
    pattern: str | None
    min_length: int | None
    max_length: int | None
    bounds: tuple[tuple[str, Any], ...]
    true_values: tuple[str, ...]
    false_values: tuple[str, ...]
    descriptor: Mapping[str, Any]

    @classmethod
    def from_descriptor(cls, spec: Mapping[str, Any]) -> Self:
        """Read one field descriptor, whose ``name`` is a string."""
        constraints: Mapping[str, Any] = _get(spec, "constraints", dict, {})
        return cls(
            name=spec["name"],
            type=_get(spec, "type", str, DEFAULT_TYPE),
            format=_get(spec, "format", str, DEFAULT_FORMAT),
            description=_get(spec, "description", str, ""),
            required=bool(constraints.get("required")),
            unique=bool(constraints.get("unique")),
            enum=_texts(constraints.get("enum"), None) or None,
            pattern=_get(constraints, "pattern", str, None),
            min_length=_get(constraints, "minLength", int, None),
            max_length=_get(constraints, "maxLength", int, None),
            bounds=tuple((name, constraints[name]) for name in BOUND_CONSTRAINTS if name in constraints),
            true_values=_texts(spec.get("trueValues"), DEFAULT_TRUE_VALUES),
            false_values=_texts(spec.get("falseValues"), DEFAULT_FALSE_VALUES),
            descriptor=spec,
        )


@dataclass(frozen=True)
class ForeignKey:
    """A foreign key: its ``fields`` reference the ``reference_fields`` of the resource ``resource``."""

    fields: tuple[str, ...]
    resource: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class TableSchema:
    """A Table Schema: its fields, the texts of a missing value, and each key as field names.

    A foreign key into its own resource names that resource.
    """

    fields: tuple[FieldSchema, ...]
    missing_values: tuple[str, ...]
    primary_key: tuple[str, ...]
    unique_keys: tuple[tuple[str, ...], ...]
    foreign_keys: tuple[ForeignKey, ...]

    @classmethod
    def from_descriptor(cls, schema: Mapping[str, Any], resource: str) -> TableSchema:
        """Read the Table Schema of the resource called ``resource``."""
        fields = [spec for spec in _get(schema, "fields", list, []) if isinstance(spec, dict)]
        keys = [
            (k, _get(k, "reference", dict, {})) for k in _get(schema, "foreignKeys", list, []) if isinstance(k, dict)
        ]
        return cls(
            fields=tuple(FieldSchema.from_descriptor(spec) for spec in fields if isinstance(spec.get("name"), str)),
            missing_values=_texts(schema.get("missingValues"), DEFAULT_MISSING_VALUES),
            primary_key=_names(schema.get("primaryKey")),
            unique_keys=tuple(_names(key) for key in _get(schema, "uniqueKeys", list, [])),
            foreign_keys=tuple(
                ForeignKey(_names(key.get("fields")), str(to.get("resource") or resource), _names(to.get("fields")))
                for key, to in keys
            ),
        )


def sql_identifier(name: str) -> str:
    """Quote ``name`` as an SQL identifier (a table or column name), for DuckDB and SQLite alike."""
    return '"' + name.replace('"', '""') + '"'


def sql_literal(text: str) -> str:
    """Quote ``text`` as an SQL string literal, for DuckDB and SQLite alike."""
    return "'" + text.replace("'", "''") + "'"


def sql_path(path: str) -> str:
    """Quote a file's ``path`` for DuckDB's readers, which name no file but the one ``path`` names.

    The readers take a path as a glob pattern; each ``*``, ``?`` and ``[`` becomes a class of that one
    character (``[*]``, ``[?]``, ``[[]``), so a folder ``pkg[1]`` is not read as ``pkg1``.
    """
    return sql_literal(path.replace("[", "[[]").replace("*", "[*]").replace("?", "[?]"))
