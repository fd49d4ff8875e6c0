"""Parquet: one file per table, written by DuckDB, typed from the Table Schema.

Column types: string -> VARCHAR, integer -> BIGINT (int64), boolean -> BOOLEAN, date -> DATE,
number -> DECIMAL(38, s) with ``s`` the most decimal places in the column (exact: the yen amount is
``DECIMAL(38,0)``, never a float); any other type -> VARCHAR holding the CSV text. A required field is
NOT NULL. Each file's key/value metadata holds the dataset's title, version and licence, the table's
description, the whole Table Schema as JSON (``table_schema``) and each field's description
(``field.<name>.description``).

Reproducibility: the same DuckDB version writes the same bytes (one thread, insertion order kept); the
files record the writer (``created_by``), so another DuckDB version gives the same content, not
necessarily the same bytes.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from indojp_data.core.tableschema import sql_identifier, sql_literal, sql_path
from indojp_data.export.typed_package import ExportError, Package, TableResource

DIRECTORY = "parquet"
"""Folder of the Parquet files in an export, ``parquet/<table>.parquet``."""
MAX_PRECISION = 38
"""DuckDB's (and Parquet's usual) largest decimal precision."""

_SQL_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "boolean": "BOOLEAN", "date": "DATE"}


def decimal_type(table: TableResource, column: str) -> str:
    """Return the exact DECIMAL type that holds every value of a ``number`` column.

    Raises:
        ExportError: if a value needs more than :data:`MAX_PRECISION` digits.
    """
    scale = integer_digits = 0
    for value in table.column(column):
        if isinstance(value, Decimal):
            _, digits, exponent = value.normalize().as_tuple()
            assert isinstance(exponent, int)  # finite: the package reader refuses NaN and infinities
            places = max(-exponent, 0)
            scale = max(scale, places)
            integer_digits = max(integer_digits, len(digits) + exponent if exponent >= 0 else len(digits) - places)
    if scale + integer_digits > MAX_PRECISION:
        raise ExportError(f"{table.name}.{column}: a value needs more than {MAX_PRECISION} digits")
    return f"DECIMAL({MAX_PRECISION},{scale})"


def column_types(table: TableResource) -> dict[str, str]:
    """Return the DuckDB type of each column of ``table``."""
    return {
        f.name: decimal_type(table, f.name) if f.type == "number" else _SQL_TYPES.get(f.type, "VARCHAR")
        for f in table.fields
    }


def key_value_metadata(package: Package, table: TableResource) -> dict[str, str]:
    """Return the key/value metadata written into the table's Parquet file."""
    descriptor = package.descriptor
    licence = package.license()
    metadata = {
        "dataset": str(descriptor.get("title", descriptor.get("name", ""))),
        "dataset_version": package.version,
        "license": licence.get("name", ""),
        "license_title": licence.get("title", ""),
        "license_url": licence.get("path", ""),
        "table": table.name,
        "description": table.description,
        "table_schema": json.dumps(table.schema, ensure_ascii=False, sort_keys=True),
    }
    for field in table.fields:
        metadata[f"field.{field.name}.description"] = field.description
    return metadata


def _kv_option(metadata: Mapping[str, str]) -> str:
    items = ", ".join(f"{sql_identifier(k)}: {sql_literal(v)}" for k, v in metadata.items())
    return "{" + items + "}"


def write_table(connection: Any, package: Package, table: TableResource, target: Path) -> None:
    """Load ``table`` into the DuckDB ``connection`` and copy it to the Parquet file ``target``."""
    types = column_types(table)
    required = {f.name for f in table.fields if f.required}
    columns = ", ".join(
        f"{sql_identifier(name)} {kind}{' NOT NULL' if name in required else ''}" for name, kind in types.items()
    )
    name = sql_identifier(table.name)
    connection.execute(f"CREATE TABLE {name} ({columns})")
    if table.rows:
        marks = ", ".join("?" for _ in table.fields)
        connection.executemany(f"INSERT INTO {name} VALUES ({marks})", [list(row) for row in table.rows])
    # DuckDB marks a column REQUIRED in the Parquet schema whenever its statistics show no null, so an
    # optional field that happens to be filled in every row would be published as required. A condition
    # the planner cannot fold (a count is never negative) keeps such columns OPTIONAL, as the schema says.
    select = ", ".join(
        sql_identifier(f.name)
        if f.required
        else f"CASE WHEN (SELECT count(*) FROM {name}) < 0 THEN NULL ELSE {sql_identifier(f.name)} END"
        f" AS {sql_identifier(f.name)}"
        for f in table.fields
    )
    options = f"FORMAT parquet, COMPRESSION zstd, KV_METADATA {_kv_option(key_value_metadata(package, table))}"
    connection.execute(f"COPY (SELECT {select} FROM {name}) TO {sql_literal(str(target))} ({options})")
    connection.execute(f"DROP TABLE {name}")


def render(package: Package) -> dict[str, bytes]:
    """Return ``parquet/<table>.parquet`` for every table of ``package``, keyed by relative path."""
    import duckdb

    files: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="indojp-parquet-") as scratch:
        connection = duckdb.connect(":memory:", config={"threads": 1, "preserve_insertion_order": True})
        try:
            for table in package.tables:
                target = Path(scratch) / f"{table.name}.parquet"
                write_table(connection, package, table, target)
                files[f"{DIRECTORY}/{table.name}.parquet"] = target.read_bytes()
        finally:
            connection.close()
    return files


def writer_version() -> str:
    """Return the version of the library that writes the Parquet files (its bytes depend on it)."""
    import duckdb

    return str(duckdb.__version__)


def read_rows(data: bytes) -> list[tuple[Any, ...]]:
    """Return the rows of one Parquet file, read back by DuckDB."""
    import duckdb

    with tempfile.TemporaryDirectory(prefix="indojp-parquet-") as scratch:
        path = Path(scratch) / "table.parquet"
        path.write_bytes(data)
        connection = duckdb.connect(":memory:")
        try:
            return connection.execute(f"SELECT * FROM read_parquet({sql_path(str(path))})").fetchall()
        finally:
            connection.close()


def verify(package: Package, files: Mapping[str, bytes]) -> None:
    """Check that every table's Parquet file gives back the package's rows, value for value.

    Raises:
        ExportError: naming the first table that differs.
    """
    for table in package.tables:
        data = files.get(f"{DIRECTORY}/{table.name}.parquet")
        if data is None or read_rows(data) != [tuple(row) for row in table.rows]:
            raise ExportError(f"{DIRECTORY}/{table.name}.parquet: does not give back the rows of {table.path}")
