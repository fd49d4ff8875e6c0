"""Compare the content of two resources: the rows of a table, a JSON document, or opaque bytes."""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from indojp_data.core.codec import decode_csv
from indojp_data.diff.changes import JSON, Bump, DiffInputError, _canon, _Changes, _join, _show
from indojp_data.diff.properties import _object
from indojp_data.diff.readers import _load_json, _Package
from indojp_data.diff.table_schemas import _is_table_schema


@dataclass(frozen=True)
class _Table:
    columns: list[str]
    rows: list[dict[str, JSON]]


@dataclass(frozen=True)
class _Document:
    value: JSON


@dataclass(frozen=True)
class _Opaque:
    data: bytes


def _content_digest(content: _Table | _Document | _Opaque) -> str:
    if isinstance(content, _Opaque):
        return content.data.hex()
    if isinstance(content, _Table):
        return _canon({"columns": content.columns, "rows": content.rows})
    return _canon(content.value)


def _content(package: _Package, resource: Mapping[str, JSON], schema: JSON) -> _Table | _Document | _Opaque | None:
    name = resource.get("name")
    field_names = (
        [str(field.get("name")) for field in schema["fields"] if isinstance(field, dict)]
        if _is_table_schema(schema)
        else []
    )
    if "data" in resource:
        data = resource["data"]
        table = _json_table(data, field_names) if _is_table_schema(schema) else None
        return table or _Document(data)
    paths = resource.get("path")
    if paths is None:
        return None
    references = paths if isinstance(paths, list) else [paths]
    files = [package.local_file(item, f"path of resource {name!r}") for item in references]
    fmt = resource.get("format")
    fmt = (fmt if isinstance(fmt, str) else files[0].suffix.lstrip(".")).lower()
    if fmt in ("csv", "tsv"):
        dialect = resource.get("dialect", {})
        if isinstance(dialect, str):
            dialect = _load_json(package.local_file(dialect, f"dialect of resource {name!r}"))
        raw_encoding = resource.get("encoding")
        encoding = raw_encoding if isinstance(raw_encoding, str) else "utf-8"
        columns: list[str] = []
        rows: list[dict[str, JSON]] = []
        for file in files:
            file_columns, file_rows = _read_csv(file, _object(dialect), encoding, fmt, field_names)
            columns = columns or file_columns
            rows.extend(file_rows)
        return _Table(columns, rows)
    if fmt == "json" and len(files) == 1:
        data = _load_json(files[0])
        table = _json_table(data, field_names) if _is_table_schema(schema) else None
        return table or _Document(data)
    return _Opaque(b"".join(file.read_bytes() for file in files))


def _json_table(data: JSON, field_names: list[str]) -> _Table | None:
    if not isinstance(data, list):
        return None
    if all(isinstance(row, dict) for row in data):
        columns = list(field_names)
        for row in data:
            columns.extend(key for key in row if key not in columns)
        return _Table(columns, [dict(row) for row in data])
    if data and all(isinstance(row, list) for row in data):
        header = [str(cell) for cell in data[0]]
        return _Table(header, [_row_dict(header, row) for row in data[1:]])
    return None


def _row_dict(columns: Sequence[str], values: Sequence[JSON]) -> dict[str, JSON]:
    row: dict[str, JSON] = {column: "" for column in columns}
    for index, value in enumerate(values):
        row[columns[index] if index < len(columns) else f"#{index + 1}"] = value
    return row


def _read_csv(
    path: Path, dialect: Mapping[str, JSON], encoding: str, fmt: str, field_names: list[str]
) -> tuple[list[str], list[dict[str, JSON]]]:
    delimiter = dialect.get("delimiter", "\t" if fmt == "tsv" else ",")
    quote_char = dialect.get("quoteChar", '"')
    escape_char = dialect.get("escapeChar")
    comment_char = dialect.get("commentChar")
    header_rows = dialect.get("headerRows", [1])
    has_header = dialect.get("header", True) is not False and header_rows != []
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        records = [
            record
            for record in decode_csv(
                path.read_bytes(),
                encoding=codec,
                delimiter=str(delimiter),
                quotechar=str(quote_char) if quote_char else None,
                doublequote=dialect.get("doubleQuote", True) is not False,
                escapechar=str(escape_char) if escape_char else None,
                skipinitialspace=dialect.get("skipInitialSpace", False) is True,
            )
            if record and not (comment_char and record[0].startswith(str(comment_char)))
        ]
    except (UnicodeDecodeError, LookupError) as error:
        raise DiffInputError(f"{path}: cannot decode as {encoding}: {error}") from None
    except csv.Error as error:
        raise DiffInputError(f"{path}: malformed CSV: {error}") from None
    except (TypeError, OSError) as error:
        raise DiffInputError(f"{path}: cannot read CSV: {error}") from None
    if has_header:
        columns = records[0] if records else list(field_names)
        body = records[1:]
    else:
        width = max((len(record) for record in records), default=0)
        columns = list(field_names) or [f"field{index + 1}" for index in range(width)]
        body = records
    return list(columns), [_row_dict(columns, record) for record in body]


def _key_text(values: Sequence[JSON]) -> str:
    if len(values) == 1:
        value = values[0]
        return value if isinstance(value, str) else _canon(value)
    return json.dumps(list(values), ensure_ascii=False)


def _diff_rows(
    old: _Table,
    new: _Table,
    old_key: tuple[str, ...],
    new_key: tuple[str, ...],
    referenced: set[str],
    location: str,
    changes: _Changes,
) -> None:
    old_columns = set(old.columns)
    common = [column for column in new.columns if column in old_columns]
    note = " (the resource is referenced by a foreign key)" if referenced else ""
    key = old_key if old_key == new_key and old_key and all(name in common for name in old_key) else ()
    old_index = _index_rows(old.rows, key) if key else None
    new_index = _index_rows(new.rows, key) if key else None
    if old_index is None or new_index is None:
        _diff_row_multisets(old, new, common, note, location, changes)
        return
    for identity, row in new_index.items():
        values = [row.get(name) for name in key]
        where = _join(location, _key_text(values))
        label = ", ".join(f"{name}={_show(value)}" for name, value in zip(key, values, strict=True))
        previous = old_index.get(identity)
        if previous is None:
            changes.add("row-added", where, "minor", f"row {label} added", None, row)
            continue
        changed = [
            column for column in common if column not in key and _canon(previous.get(column)) != _canon(row.get(column))
        ]
        if not changed:
            continue
        cells = "; ".join(f"{column}: {_show(previous.get(column))} -> {_show(row.get(column))}" for column in changed)
        hits = [column for column in changed if column in referenced]
        if hits:
            bump: Bump = "major"
            cells += f" (referenced by a foreign key: {', '.join(hits)})"
        else:
            bump = "patch"
        changes.add(
            "row-changed",
            where,
            bump,
            f"row {label} changed: {cells}",
            {column: previous.get(column) for column in changed},
            {column: row.get(column) for column in changed},
        )
    for identity, row in old_index.items():
        if identity not in new_index:
            values = [row.get(name) for name in key]
            label = ", ".join(f"{name}={_show(value)}" for name, value in zip(key, values, strict=True))
            changes.add(
                "row-removed",
                _join(location, _key_text(values)),
                "major",
                f"row {label} removed{note}",
                row,
                None,
            )


def _index_rows(rows: list[dict[str, JSON]], key: tuple[str, ...]) -> dict[str, dict[str, JSON]] | None:
    index: dict[str, dict[str, JSON]] = {}
    for row in rows:
        identity = _canon([row.get(name) for name in key])
        if identity in index:
            return None  # duplicate keys: fall back to comparing multisets
        index[identity] = row
    return index


def _diff_row_multisets(
    old: _Table, new: _Table, common: list[str], note: str, location: str, changes: _Changes
) -> None:
    def project(row: Mapping[str, JSON]) -> str:
        return _canon([row.get(column) for column in common])

    def unmatched(rows: list[dict[str, JSON]], others: list[dict[str, JSON]]) -> Iterator[tuple[int, dict[str, JSON]]]:
        available = Counter(project(row) for row in others)
        for number, row in enumerate(rows, start=1):
            projected = project(row)
            if available[projected] > 0:
                available[projected] -= 1
            else:
                yield number, row

    for number, row in unmatched(old.rows, new.rows):
        changes.add(
            "row-removed",
            _join(location, f"#{number}"),
            "major",
            f"row {number} of the old version removed{note}: {_show(row)}",
            row,
            None,
        )
    for number, row in unmatched(new.rows, old.rows):
        changes.add("row-added", _join(location, f"#{number}"), "minor", f"row {number} added: {_show(row)}", None, row)


def _id_index(items: list[JSON]) -> dict[str, JSON] | None:
    index: dict[str, JSON] = {}
    for item in items:
        if not isinstance(item, dict) or "id" not in item or isinstance(item["id"], dict | list):
            return None
        identity = item["id"] if isinstance(item["id"], str) else _canon(item["id"])
        if identity in index:
            return None
        index[identity] = item
    return index


def _diff_json_values(old: JSON, new: JSON, location: str, changes: _Changes) -> None:
    if _canon(old) == _canon(new):
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key, value in old.items():
            if key not in new:
                changes.add("value-removed", _join(location, key), "major", f"{key!r} removed", value, None)
        for key, value in new.items():
            if key not in old:
                changes.add("value-added", _join(location, key), "minor", f"{key!r} added", None, value)
            else:
                _diff_json_values(old[key], value, _join(location, key), changes)
        return
    if isinstance(old, list) and isinstance(new, list):
        old_index, new_index = _id_index(old), _id_index(new)
        if old_index is not None and new_index is not None and (old_index or new_index):
            for identity, item in old_index.items():
                if identity not in new_index:
                    changes.add(
                        "value-removed", _join(location, identity), "major", f"item id={identity!r} removed", item
                    )
            for identity, item in new_index.items():
                if identity not in old_index:
                    changes.add(
                        "value-added", _join(location, identity), "minor", f"item id={identity!r} added", None, item
                    )
                else:
                    _diff_json_values(old_index[identity], item, _join(location, identity), changes)
            return
        for position, (before, after) in enumerate(zip(old, new, strict=False)):
            _diff_json_values(before, after, _join(location, str(position)), changes)
        for position in range(len(new), len(old)):
            changes.add(
                "value-removed", _join(location, str(position)), "major", f"item {position} removed", old[position]
            )
        for position in range(len(old), len(new)):
            changes.add(
                "value-added", _join(location, str(position)), "minor", f"item {position} added", None, new[position]
            )
        return
    if isinstance(old, dict | list) or isinstance(new, dict | list):
        changes.add(
            "value-type-changed",
            location,
            "major",
            f"value changed from {_show(old)} to {_show(new)}",
            old,
            new,
        )
        return
    changes.add("value-changed", location, "patch", f"value changed from {_show(old)} to {_show(new)}", old, new)
