"""SQLite: one database with every table, its primary and foreign keys, and a Datasette metadata file.

Column types (SQLite affinities): string and date -> TEXT (dates as ISO 8601, checked with ``date()``),
integer -> INTEGER, boolean -> INTEGER 0/1 (checked), number -> NUMERIC holding the exact value (an
integral amount as INTEGER; any other as its decimal text unless SQLite can store it as REAL without
loss); any other type -> TEXT holding the CSV text. A required field is NOT NULL, a unique one UNIQUE;
an ``enum`` is a CHECK.
Every foreign key is declared and indexed (unless the primary key's index already starts with it), and
the build fails unless ``PRAGMA foreign_key_check`` is clean. A table that foreign keys reference by a
unique column rather than by its primary key (``source_references.number``) has that column as its SQLite
primary key and the Table Schema's primary key as a UNIQUE constraint: Datasette links a foreign key to
the referenced row by primary key.

The database's file name has no dot before its extension (``indojp-data-0_2_0.sqlite``): Datasette names
a database after its file, and writes the links of foreign keys with that name unencoded, so a name with
dots (served as ``indojp-data-0~2E2~2E0``) gives links that lead nowhere. The ``_metadata`` table holds the dataset's
title, version, licence and source, so the licence travels with the file.

Reproducibility: the same SQLite library writes the same bytes; another version of SQLite may lay the
pages out differently (and records its own version number in the header), giving the same content.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from indojp_data.core.codec import encode_json
from indojp_data.core.tableschema import FieldSchema, sql_identifier, sql_literal
from indojp_data.export.typed_package import ExportError, Package, TableResource, Value, bundle_stem

METADATA_TABLE = "_metadata"
"""The key/value table of dataset metadata inside the database."""

_AFFINITY = {"string": "TEXT", "integer": "INTEGER", "boolean": "INTEGER", "number": "NUMERIC", "date": "TEXT"}
_INT64 = range(-(2**63), 2**63)


def database_name(version: str) -> str:
    """Return the database's file name, ``indojp-data-<version with _ for .>.sqlite`` (see the module docstring)."""
    return f"{bundle_stem(version).replace('.', '_')}.sqlite"


def metadata_name(version: str) -> str:
    """Return the Datasette metadata file's name, ``indojp-data-<version>.datasette.json``."""
    return f"{bundle_stem(version)}.datasette.json"


def referenced_keys(package: Package) -> dict[str, tuple[str, ...]]:
    """Return the tables that foreign keys reference by other columns than their primary key, and those columns.

    Only tables referenced through one set of columns: those columns become the table's SQLite primary key.
    """
    found: dict[str, set[tuple[str, ...]]] = {}
    for table in package.tables:
        for key in table.foreign_keys:
            found.setdefault(key.resource, set()).add(key.reference_fields)
    primary = {table.name: tuple(table.primary_key) for table in package.tables}
    return {
        name: next(iter(keys))
        for name, keys in found.items()
        if len(keys) == 1 and next(iter(keys)) != primary.get(name)
    }


def create_table_sql(table: TableResource, key: Sequence[str] | None = None) -> str:
    """Return the ``CREATE TABLE`` statement of ``table``, with ``key`` as its primary key if given.

    ``key`` (from :func:`referenced_keys`) replaces the Table Schema's primary key, which becomes a UNIQUE
    constraint.
    """
    primary = list(key or table.primary_key)
    lines = []
    for field in table.fields:
        column = sql_identifier(field.name)
        affinity = _AFFINITY.get(field.type, "TEXT")
        if key and primary == [field.name] and affinity == "INTEGER":
            affinity = "INT"  # the same affinity; INTEGER PRIMARY KEY would make it the rowid, which keeps CSV order
        parts = [column, affinity]
        if field.required:
            parts.append("NOT NULL")
        if field.unique and [field.name] != primary:
            parts.append("UNIQUE")  # also lets a foreign key reference the column
        if field.type == "boolean":
            parts.append(f"CHECK ({column} IN (0, 1))")
        elif field.type == "date":
            parts.append(f"CHECK ({column} IS date({column}))")
        if field.enum is not None:
            parts.append(f"CHECK ({column} IN ({', '.join(sql_literal(v) for v in field.enum)}))")
        lines.append(" ".join(parts))
    if primary:
        lines.append(f"PRIMARY KEY ({_columns(primary)})")
    if key and table.primary_key:
        lines.append(f"UNIQUE ({_columns(table.primary_key)})")
    for foreign in table.foreign_keys:
        target = f"{sql_identifier(foreign.resource)} ({_columns(foreign.reference_fields)})"
        lines.append(f"FOREIGN KEY ({_columns(foreign.fields)}) REFERENCES {target}")
    body = ",\n  ".join(lines)
    return f"CREATE TABLE {sql_identifier(table.name)} (\n  {body}\n)"


def index_sql(table: TableResource) -> list[str]:
    """Return a ``CREATE INDEX`` statement for each foreign key the primary key's index does not cover."""
    statements = []
    for key in table.foreign_keys:
        if tuple(table.primary_key[: len(key.fields)]) == key.fields:
            continue
        name = sql_identifier(f"{table.name}__{'__'.join(key.fields)}")
        statements.append(f"CREATE INDEX {name} ON {sql_identifier(table.name)} ({_columns(key.fields)})")
    return statements


def _columns(names: Sequence[str]) -> str:
    return ", ".join(sql_identifier(n) for n in names)


def sql_value(value: Value) -> Any:
    """Return how a typed value is stored (see the module docstring)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        if value == value.to_integral_value() and int(value) in _INT64:
            return int(value)
        return format(value, "f")
    if value is None or isinstance(value, (str, int)):
        return value
    return value.isoformat()


def package_metadata(package: Package) -> dict[str, str]:
    """Return the rows of the ``_metadata`` table: title, version, licence, source and more."""
    descriptor = package.descriptor
    licence = package.license()
    sources = descriptor.get("sources") or [{}]
    return {
        "name": str(descriptor.get("name", "")),
        "title": str(descriptor.get("title", "")),
        "description": str(descriptor.get("description", "")),
        "version": package.version,
        "created": str(descriptor.get("created", "")),
        "license": licence.get("name", ""),
        "license_title": licence.get("title", ""),
        "license_url": licence.get("path", ""),
        "source": " ".join(str(sources[0].get(k, "")) for k in ("title", "description")).strip(),
    }


def _write(connection: sqlite3.Connection, package: Package) -> None:
    connection.execute(f"CREATE TABLE {METADATA_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    connection.executemany(f"INSERT INTO {METADATA_TABLE} VALUES (?, ?)", package_metadata(package).items())
    keys = referenced_keys(package)
    for table in package.tables:
        connection.execute(create_table_sql(table, keys.get(table.name)))
        for statement in index_sql(table):
            connection.execute(statement)
        marks = ", ".join("?" for _ in table.fields)
        connection.executemany(
            f"INSERT INTO {sql_identifier(table.name)} VALUES ({marks})",
            [[sql_value(v) for v in row] for row in table.rows],
        )


def render_database(package: Package) -> bytes:
    """Return the bytes of the SQLite database of ``package``.

    Raises:
        ExportError: if a foreign key does not resolve (``PRAGMA foreign_key_check`` is not clean).
    """
    with tempfile.TemporaryDirectory(prefix="indojp-sqlite-") as scratch:
        path = Path(scratch) / "package.sqlite"
        connection = sqlite3.connect(path, isolation_level=None)
        try:
            connection.execute("PRAGMA page_size = 1024")  # small tables: 1 KiB pages keep the file small
            connection.execute("PRAGMA journal_mode = DELETE")
            connection.execute("BEGIN")
            _write(connection, package)
            connection.execute("COMMIT")
            broken = connection.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                table, rowid, parent, _ = broken[0]
                raise ExportError(f"{table} row {rowid}: foreign key into {parent} does not resolve")
            connection.execute("VACUUM")
        finally:
            connection.close()
        return path.read_bytes()


def datasette_metadata(package: Package) -> dict[str, Any]:
    """Return Datasette's metadata for the database: title, licence, source and every description."""
    meta = package_metadata(package)
    tables: dict[str, Any] = {
        METADATA_TABLE: {"description": "About the dataset: title, version, licence and source, one row per key."}
    }
    keys = referenced_keys(package)
    for table in package.tables:
        entry: dict[str, Any] = {"description": table.description}
        columns = {f.name: f.description for f in table.fields if f.description}
        if columns:
            entry["columns"] = columns
        label = _label_column(table, keys.get(table.name))
        if label is not None:
            entry["label_column"] = label
        tables[table.name] = entry
    return {
        "title": meta["title"],
        "description": meta["description"],
        "license": meta["license"],
        "license_url": meta["license_url"],
        "source": meta["source"],
        "databases": {database_name(package.version).removesuffix(".sqlite"): {"tables": tables}},
    }


def _label_column(table: TableResource, key: Sequence[str] | None) -> str | None:
    """Return the column Datasette shows for a link to a row of ``table``, where its own choice would mislead.

    Datasette labels a row with its ``name`` or ``title`` column: when that column may be empty (the titles of
    the source's references are unknown), the link would read ``None``; the referenced key is shown instead.
    """
    candidates = [f for f in table.fields if f.name.lower() in ("name", "title")]
    if not candidates or candidates[0].required:
        return None
    primary = list(key or table.primary_key)
    return primary[0] if len(primary) == 1 else None


def render_metadata(package: Package) -> bytes:
    """Return the Datasette metadata file: pure JSON, so every build writes the same bytes."""
    return encode_json(datasette_metadata(package))


def render(package: Package) -> dict[str, bytes]:
    """Return the database and its Datasette metadata file, keyed by file name."""
    return {
        database_name(package.version): render_database(package),
        metadata_name(package.version): render_metadata(package),
    }


def writer_version() -> str:
    """Return the version of the SQLite library that writes the database (its bytes depend on it)."""
    return sqlite3.sqlite_version


def from_sql(field: FieldSchema, value: Any) -> Value:
    """Return the typed value of a stored cell (the inverse of :func:`sql_value`)."""
    if value is None:
        return None
    if field.type == "boolean":
        return bool(value)
    if field.type == "number":
        return Decimal(str(value))
    if field.type == "date":
        return dt.date.fromisoformat(value)
    return value  # type: ignore[no-any-return]


def verify(package: Package, data: bytes) -> None:
    """Check the database: foreign keys resolve and every table gives back the package's rows.

    Raises:
        ExportError: naming the first table that differs.
    """
    with tempfile.TemporaryDirectory(prefix="indojp-sqlite-") as scratch:
        path = Path(scratch) / "package.sqlite"
        path.write_bytes(data)
        connection = sqlite3.connect(path)
        try:
            if connection.execute("PRAGMA foreign_key_check").fetchall():
                raise ExportError("the database has foreign keys that do not resolve")
            for table in package.tables:
                stored = connection.execute(f"SELECT * FROM {sql_identifier(table.name)} ORDER BY rowid").fetchall()
                typed = [tuple(from_sql(f, v) for f, v in zip(table.fields, row, strict=True)) for row in stored]
                if typed != list(table.rows):
                    raise ExportError(f"{database_name(package.version)}: {table.name} differs from {table.path}")
        finally:
            connection.close()
