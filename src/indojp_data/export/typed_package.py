"""The data package as every exporter sees it: tables, typed rows and metadata, read from the descriptor.

Exporters never list tables or columns by hand: they walk the resources of ``datapackage.json`` and their
Table Schemas, so a table added to the package appears in every format without touching this code. Each
cell is parsed from the CSV text with the Table Schema's rules (``missingValues``, ``trueValues``...):

========== ===================== =================================================
Table type  Python value          meaning
========== ===================== =================================================
string      ``str``
integer     ``int``
number      ``decimal.Decimal``   exact (the yen amount), never a binary float
boolean     ``bool``              from the field's ``trueValues`` / ``falseValues``
date        ``datetime.date``     ISO 8601
other       ``str``               the CSV text unchanged (no type is lost silently)
========== ===================== =================================================
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import Any

from indojp_data.core.codec import decode_csv, decode_json
from indojp_data.core.problems import IndojpError
from indojp_data.core.tableschema import FieldSchema, TableSchema
from indojp_data.model.curated import load
from indojp_data.publish.datapackage import render_package

Value = str | int | bool | dt.date | Decimal | None
"""A typed cell: None for a missing value."""


class ExportError(IndojpError):
    """A format cannot be written from the package; the message says which table and why."""


def parse(field: FieldSchema, text: str, missing: Sequence[str]) -> Value:
    """Return the typed value of one CSV cell of ``field`` (None for a missing value).

    Raises:
        ExportError: if the text is not a value of the field's type.
    """
    if text in missing:
        return None
    try:
        if field.type == "integer":
            return int(text)
        if field.type == "number":
            value = Decimal(text)
            if not value.is_finite():
                raise InvalidOperation(text)
            return value
        if field.type == "date":
            return dt.date.fromisoformat(text)
        if field.type == "boolean":
            if text in field.true_values:
                return True
            if text in field.false_values:
                return False
            raise ValueError(text)
    except (ValueError, InvalidOperation) as exc:
        raise ExportError(f"{field.name}: {text!r} is not a {field.type}") from exc
    return text


@dataclass(frozen=True)
class TableResource(TableSchema):
    """One tabular resource of the package: its Table Schema as read (the columns are its ``fields``), and more.

    Attributes:
        name: The resource name (also the table name in every format).
        description: What a row is.
        path: The CSV file, relative to the package root.
        schema: The Table Schema, verbatim.
        rows: The typed rows, in file order.
    """

    name: str
    description: str
    path: str
    schema: Mapping[str, Any]
    rows: tuple[tuple[Value, ...], ...]

    def column(self, name: str) -> list[Value]:
        """Return every value of column ``name``."""
        index = [f.name for f in self.fields].index(name)
        return [row[index] for row in self.rows]


@dataclass(frozen=True)
class Package:
    """A rendered data package: its descriptor and file contents, keyed by path relative to its root."""

    files: Mapping[str, bytes]

    @cached_property
    def descriptor(self) -> dict[str, Any]:
        """The parsed ``datapackage.json``."""
        value: dict[str, Any] = decode_json(self.files["datapackage.json"])
        return value

    @property
    def version(self) -> str:
        """The package version."""
        return str(self.descriptor["version"])

    def license(self) -> Mapping[str, str]:
        """Return the data licence (the first of the descriptor's ``licenses``).

        Raises:
            ExportError: if the descriptor declares no licence: no format is published without one.
        """
        licenses = self.descriptor.get("licenses") or []
        if not licenses:
            raise ExportError("datapackage.json declares no licence")
        return {str(k): str(v) for k, v in licenses[0].items()}

    @cached_property
    def tables(self) -> tuple[TableResource, ...]:
        """Every tabular resource, in descriptor order, with its typed rows."""
        return tuple(
            self._table(resource)
            for resource in self.descriptor["resources"]
            if resource.get("type") == "table" or "schema" in resource
        )

    def table(self, name: str) -> TableResource:
        """Return the tabular resource called ``name``; KeyError if there is none."""
        for resource in self.tables:
            if resource.name == name:
                return resource
        raise KeyError(name)

    def _table(self, resource: Mapping[str, Any]) -> TableResource:
        schema = resource["schema"]
        if isinstance(schema, str):
            raise ExportError(f"{resource['name']}: a Table Schema given by reference is not supported")
        table = TableSchema.from_descriptor(schema, resource["name"])
        return TableResource(
            **vars(table),
            name=resource["name"],
            description=resource.get("description", ""),
            path=resource["path"],
            schema=schema,
            rows=self._rows(resource, table.fields, table.missing_values),
        )

    def _rows(
        self, resource: Mapping[str, Any], fields: Sequence[FieldSchema], missing: Sequence[str]
    ) -> tuple[tuple[Value, ...], ...]:
        dialect = resource.get("dialect", {})
        reader = decode_csv(
            self.files[resource["path"]],
            encoding=resource.get("encoding", "utf-8"),
            delimiter=dialect.get("delimiter", ","),
            quotechar=dialect.get("quoteChar", '"'),
            doublequote=dialect.get("doubleQuote", True),
        )
        if dialect.get("header", True):
            header = next(reader, [])
            if header != [f.name for f in fields]:
                raise ExportError(f"{resource['path']}: header differs from the Table Schema")
        rows = []
        for number, cells in enumerate(reader, start=2):
            if len(cells) != len(fields):
                raise ExportError(f"{resource['path']}: line {number}: {len(cells)} cells, {len(fields)} fields")
            try:
                rows.append(tuple(parse(f, c, missing) for f, c in zip(fields, cells, strict=True)))
            except ExportError as exc:
                raise ExportError(f"{resource['path']}: line {number}: {exc}") from exc
        return tuple(rows)


def current_package() -> Package:
    """Return the data package of this version, rendered from the canonical dataset."""
    return Package(render_package(load()))


def bundle_stem(version: str) -> str:
    """Return the common stem of the release files, ``indojp-data-<version>``."""
    return f"indojp-data-{version}"
