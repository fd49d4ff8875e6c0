"""The lossless conversion between the Dataset and the rows of its tables, both ways.

Cells: an empty cell is null (the models forbid empty strings, so nothing is lost), booleans are
``true``/``false``, dates ISO 8601, decimals in plain positional notation. The tables themselves are
described in :mod:`indojp_data.publish.layout`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from indojp_data.core.problems import IndojpError
from indojp_data.model.base import Documented, Record
from indojp_data.model.dataset import Dataset
from indojp_data.model.entities import TABLES
from indojp_data.model.fieldtypes import format_decimal
from indojp_data.publish.layout import CODELISTS, field_shape, layout, table


def format_cell(value: object) -> str:
    """Write one value as CSV cell text (see the module docstring for the conventions)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _get(obj: Any, path: Sequence[str]) -> Any:
    for step in path:
        if obj is None:
            return None
        obj = getattr(obj, step)
    return obj


def _records(ds: Dataset, name: str) -> tuple[BaseModel, ...]:
    return (ds.source,) if name == "source" else tuple(getattr(ds, name))


def _nested_documented(record: BaseModel) -> Iterator[tuple[str, Documented]]:
    """Yield ``(path prefix, nested object)`` for nested objects that carry their own provenance."""
    for name in type(record).model_fields:
        value = getattr(record, name)
        if isinstance(value, Documented):
            yield f"{name}.", value
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                if isinstance(item, Documented):
                    yield f"{name}.{index}.", item


def to_rows(ds: Dataset) -> dict[str, list[list[str]]]:
    """Return every table's rows (lists of cell texts in column order), keyed by table name."""
    rows: dict[str, list[list[str]]] = {t.name: [] for t in layout()}
    citations, unknowns, inferences = rows["citations"], rows["unknowns"], rows["inferences"]
    for spec in layout():
        if spec.kind != "record":
            continue
        key_name = spec.primary_key[0]
        children = [t for t in layout() if t.parent == spec.name]
        for record in _records(ds, spec.name):
            rows[spec.name].append([format_cell(_get(record, c.path)) for c in spec.columns])
            key = format_cell(getattr(record, key_name))
            for child in children:
                assert child.parent_field is not None
                for position, item in enumerate(getattr(record, child.parent_field), start=1):
                    cells = [key, str(position)]
                    for column in child.columns[2:]:
                        cells.append(format_cell(item if column.path == ("value",) else _get(item, column.path)))
                    rows[child.name].append(cells)
            if isinstance(record, Record):
                for position, citation in enumerate(record.citations, start=1):
                    citations.append([spec.name, key, str(position), format_cell(citation.reference), citation.passage])
            if isinstance(record, Documented):
                owners: list[tuple[str, Documented]] = [("", record), *_nested_documented(record)]
                for prefix, owner in owners:
                    unknowns.extend([spec.name, key, prefix + u.field, u.reason] for u in owner.unknowns)
                    inferences.extend([spec.name, key, prefix + i.field, i.method] for i in owner.inferences)
    rows.update(derived_rows(ds))
    return rows


def derived_rows(ds: Dataset) -> dict[str, list[list[str]]]:
    """Return the rows of the derived tables (completeness report, codelists) for ``ds``."""
    spec = table("completeness")
    rows = {"completeness": [[format_cell(_get(item, c.path)) for c in spec.columns] for item in ds.completeness()]}
    for name, (_, _, names) in CODELISTS.items():
        rows[f"codelist_{name}"] = [[code, label] for code, label in sorted(names().items())]
    return rows


def _set(target: dict[str, Any], path: Sequence[str], value: Any) -> None:
    for step in path[:-1]:
        target = target.setdefault(step, {})
    target[path[-1]] = value


def _prune_empty_objects(obj: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """Turn a flattened optional object whose cells are all empty back into null."""
    for name, info in model.model_fields.items():
        value = obj.get(name)
        shape = field_shape(info.annotation, info.metadata)
        if isinstance(value, dict) and isinstance(shape.base, type) and issubclass(shape.base, BaseModel):
            value = _prune_empty_objects(value, shape.base)
            obj[name] = None if shape.optional and all(v is None for v in value.values()) else value
    return obj


class RowReferenceError(IndojpError, ValueError):
    """A child or provenance row names a record (or field) that does not exist."""

    def __init__(self, table: str, index: int, message: str) -> None:
        """Record where (table and 0-based row index) and what."""
        super().__init__(f"{table} row {index + 1}: {message}")
        self.table, self.index, self.message = table, index, message


def from_rows(rows: Mapping[str, Sequence[Sequence[str]]]) -> Dataset:
    """Rebuild the Dataset from table rows as :func:`to_rows` writes them (cells are text).

    The cross-record rules always run; a caller that locates problems itself takes each violation, with
    its path, out of the ValidationError with :func:`indojp_data.model.rules.broken_rules`.

    Raises:
        pydantic.ValidationError: if the rows do not make a valid Dataset.
        RowReferenceError: if a child or provenance row names a record that does not exist, or a derived
            table (completeness report, codelist) differs from what the records give.
    """
    objects: dict[str, dict[str, dict[str, Any]]] = {}
    for spec in layout():
        if spec.kind != "record":
            continue
        assert spec.model is not None
        by_key: dict[str, dict[str, Any]] = {}
        key_index = [c.name for c in spec.columns].index(spec.primary_key[0])
        for cells in rows.get(spec.name, ()):
            obj: dict[str, Any] = {}
            for column, cell in zip(spec.columns, cells, strict=True):
                _set(obj, column.path, cell if cell != "" else None)
            by_key[cells[key_index]] = _prune_empty_objects(obj, spec.model)
        objects[spec.name] = by_key

    def owner(listing: str, index: int, table_name: str, key: str) -> dict[str, Any]:
        try:
            return objects[table_name][key]
        except KeyError:
            raise RowReferenceError(listing, index, f"no record {key!r} in table {table_name!r}") from None

    for spec in layout():
        if spec.kind != "child":
            continue
        assert spec.parent is not None and spec.parent_field is not None
        for record in objects[spec.parent].values():
            record.setdefault(spec.parent_field, [])
        for index, cells in sorted(enumerate(rows.get(spec.name, ())), key=lambda item: int(item[1][1])):
            parent = owner(spec.name, index, spec.parent, cells[0])
            if spec.model is None:
                parent[spec.parent_field].append(cells[2] if cells[2] != "" else None)
                continue
            item: dict[str, Any] = {}
            for column, cell in zip(spec.columns[2:], cells[2:], strict=True):
                _set(item, column.path, cell if cell != "" else None)
            parent[spec.parent_field].append(_prune_empty_objects(item, spec.model))

    for index, cells in sorted(enumerate(rows.get("citations", ())), key=lambda item: int(item[1][2])):
        table_name, key, _, reference, passage = cells
        record = owner("citations", index, table_name, key)
        record.setdefault("citations", []).append(
            {"reference": reference if reference != "" else None, "passage": passage}
        )
    for listing, text_key in (("unknowns", "reason"), ("inferences", "method")):
        for index, (table_name, key, path, text) in enumerate(rows.get(listing, ())):
            record = owner(listing, index, table_name, key)
            try:
                target, local = _route(table(table_name).model or Dataset, record, path)
            except (IndexError, ValueError, TypeError):
                raise RowReferenceError(listing, index, f"field {path!r} does not exist in that record") from None
            target.setdefault(listing, []).append({"field": local, text_key: text})

    data: dict[str, Any] = {"source": next(iter(objects["source"].values()))}
    for name in TABLES:
        data[name] = list(objects[name].values())
    dataset = Dataset.model_validate(data)
    for name, expected in derived_rows(dataset).items():
        given = [list(cells) for cells in rows.get(name, ())]
        if name in rows and given != expected:
            pairs = enumerate(zip(given, expected, strict=False))
            index = next((i for i, (a, b) in pairs if a != b), min(len(given), len(expected)))
            raise RowReferenceError(
                name,
                index,
                "does not match what the records give: a derived table, which `indojp-data package` rewrites",
            )
    return dataset


def _route(model: type[BaseModel], record: dict[str, Any], path: str) -> tuple[dict[str, Any], str]:
    """Find which object of ``record`` owns the provenance entry at ``path``, and the path within it."""
    head, _, rest = path.partition(".")
    info = model.model_fields.get(head)
    if info is not None and rest:
        shape = field_shape(info.annotation, info.metadata)
        if isinstance(shape.base, type) and issubclass(shape.base, Documented):
            if not shape.is_tuple:
                return record[head], rest
            index, _, local = rest.partition(".")
            return record[head][int(index)], local
    return record, path
