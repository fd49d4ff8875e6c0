"""What every reader of a Table Schema shares: the defaults of the specification and SQL quoting.

The validator (``validate.sql``), the exporters (``export.typed_package``, Parquet and SQLite) and the
diff read Table Schemas; the constants they all need, and the quoting of names and values for the two
SQL engines, are defined here once.
"""

from __future__ import annotations

DEFAULT_TRUE_VALUES = ("true", "True", "TRUE", "1")
"""The Table Schema's default ``trueValues`` of a boolean field."""

DEFAULT_FALSE_VALUES = ("false", "False", "FALSE", "0")
"""The Table Schema's default ``falseValues`` of a boolean field."""

DEFAULT_MISSING_VALUES = ("",)
"""The Table Schema's default ``missingValues``."""


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
