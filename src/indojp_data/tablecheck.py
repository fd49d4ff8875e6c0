"""Compile a Table Schema into fast per-row checks for streaming validation.

Supports what the indojp-data Table Schemas use: field types ``string``, ``integer``, ``number``,
``boolean`` and ``date``; ``missingValues``; ``trueValues``/``falseValues``; the constraints
``required``, ``unique``, ``enum``, ``pattern``, ``minLength``, ``maxLength``, ``minimum``,
``maximum``, ``exclusiveMinimum`` and ``exclusiveMaximum``; ``primaryKey`` and ``foreignKeys``.

Each column becomes one small function that returns ``None`` for a good cell or a
``(rule, message, hint)`` triple, so validating a row costs one call per constrained column.
Keys are remembered by their hash only, keeping memory flat for million-row tables.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

CellError = tuple[str, str, str | None]
"""``(rule, message, hint)`` for one bad cell."""
CellCheck = Callable[[str], CellError | None]
ColumnCheck = Callable[[list[str]], bool]
"""True when every cell of a column slice is valid; runs in C-level loops, so it is the fast path."""

_INTEGER = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _parse(kind: str, cell: str, true_values: frozenset[str], false_values: frozenset[str]) -> Any:
    """Return the typed value of ``cell`` or raise ValueError."""
    if kind == "string":
        return cell
    if kind == "integer":
        if not _INTEGER.fullmatch(cell):
            raise ValueError
        return int(cell)
    if kind == "number":
        if not _NUMBER.fullmatch(cell):
            raise ValueError
        try:
            return Decimal(cell)
        except InvalidOperation:
            raise ValueError from None
    if kind == "boolean":
        if cell in true_values:
            return True
        if cell in false_values:
            return False
        raise ValueError
    if kind == "date":
        if not _DATE.fullmatch(cell):
            raise ValueError
        return dt.date.fromisoformat(cell)
    raise ValueError


_TYPE_HINTS = {
    "integer": "write a whole number such as 3",
    "number": "write a plain decimal such as 10000000000000 or 1.5 (no exponent, no thousands separator)",
    "date": "write an ISO 8601 date such as 2026-07-02",
}


def compile_column(spec: dict[str, Any], missing: frozenset[str]) -> tuple[CellCheck, ColumnCheck] | None:
    """Return the checks for one Table Schema field, or None when any cell is acceptable.

    The first checks one cell and says what is wrong; the second checks a whole slice of a column at
    once and only says whether all of it is valid (the cell check then finds the culprits).
    """
    kind = spec.get("type", "string")
    constraints = spec.get("constraints", {})
    required = bool(constraints.get("required"))
    true_values = frozenset(spec.get("trueValues", ["true", "True", "TRUE", "1"]))
    false_values = frozenset(spec.get("falseValues", ["false", "False", "FALSE", "0"]))
    enum = constraints.get("enum")
    enum_text = frozenset(str(v).lower() if isinstance(v, bool) else str(v) for v in enum) if enum else None
    pattern = re.compile(constraints["pattern"]) if "pattern" in constraints else None
    min_length, max_length = constraints.get("minLength"), constraints.get("maxLength")
    comparisons: tuple[tuple[str, Callable[[Any, Any], bool], str], ...] = (
        ("minimum", operator.ge, "at least"),
        ("maximum", operator.le, "at most"),
        ("exclusiveMinimum", operator.gt, "more than"),
        ("exclusiveMaximum", operator.lt, "less than"),
    )
    bounds = [(name, constraints[name], op, text) for name, op, text in comparisons if name in constraints]
    if kind == "string" and not (required or enum_text or pattern or min_length or max_length):
        return None

    def check(cell: str) -> CellError | None:
        if cell in missing:
            return ("required", "a value is required", None) if required else None
        if enum_text is not None and cell not in enum_text:
            allowed = ", ".join(sorted(enum_text))
            return ("enum", f"{cell!r} is not one of the allowed values", f"allowed: {allowed}")
        try:
            value = _parse(kind, cell, true_values, false_values)
        except ValueError:
            hint = _TYPE_HINTS.get(kind)
            if kind == "boolean":
                hint = f"write {' or '.join(sorted(true_values | false_values))}"
            return ("type", f"{cell!r} is not a valid {kind}", hint)
        if pattern is not None and not pattern.fullmatch(cell):
            return ("pattern", f"does not match the pattern {pattern.pattern}", None)
        if min_length is not None and len(cell) < min_length:
            return ("minLength", f"shorter than {min_length} characters", None)
        if max_length is not None and len(cell) > max_length:
            return ("maxLength", f"longer than {max_length} characters", None)
        for name, bound, op, text in bounds:
            if not op(value, bound):
                return (name, f"must be {text} {bound}", None)
        return None

    booleans = true_values | false_values if kind == "boolean" else None
    fast = _column_check(kind, required, missing, booleans, enum_text, pattern, min_length, max_length, bounds)
    return check, fast


_TYPE_PATTERNS = {"integer": _INTEGER, "number": _NUMBER, "date": _DATE}
_CONVERT: dict[str, Callable[[str], Any]] = {"integer": int, "number": Decimal, "date": dt.date.fromisoformat}


def _column_check(
    kind: str,
    required: bool,
    missing: frozenset[str],
    booleans: frozenset[str] | None,
    enum_text: frozenset[str] | None,
    pattern: re.Pattern[str] | None,
    min_length: int | None,
    max_length: int | None,
    bounds: list[tuple[str, Any, Callable[[Any, Any], bool], str]],
) -> ColumnCheck:
    type_pattern = _TYPE_PATTERNS.get(kind)

    def fast(column: list[str]) -> bool:
        if missing != {""}:
            return False  # unusual missing values: let the cell checks decide
        if "" in column:
            if required:
                return False
            column = [cell for cell in column if cell]
            if not column:
                return True
        if booleans is not None and not set(column) <= booleans:
            return False
        if enum_text is not None and not set(column) <= enum_text:
            return False
        if type_pattern is not None and not all(map(type_pattern.fullmatch, column)):
            return False
        if pattern is not None and not all(map(pattern.fullmatch, column)):
            return False
        if min_length is not None and min(map(len, column)) < min_length:
            return False
        if max_length is not None and max(map(len, column)) > max_length:
            return False
        if kind in _CONVERT and (bounds or kind == "date"):
            try:
                values = list(map(_CONVERT[kind], column))
            except (ValueError, InvalidOperation):
                return False
            for _, bound, op, _ in bounds:
                extreme = min(values) if op in (operator.ge, operator.gt) else max(values)
                if not op(extreme, bound):
                    return False
        return True

    return fast


@dataclass
class TableCheck:
    """Checks compiled from one Table Schema, plus the key sets seen so far."""

    name: str
    field_names: tuple[str, ...]
    checks: tuple[tuple[int, str, CellCheck, ColumnCheck], ...]
    primary_key: tuple[int, ...]
    unique_columns: tuple[int, ...]
    foreign_keys: tuple[tuple[tuple[int, ...], str, tuple[str, ...]], ...]


def key_hashes(rows: Sequence[Sequence[str]], columns: Sequence[int]) -> list[int]:
    """Return the hash identifying each row's values at ``columns`` (keys are compared by hash)."""
    if len(columns) == 1:
        (only,) = columns
        return [hash(row[only]) for row in rows]
    return list(map(hash, zip(*([row[i] for row in rows] for i in columns), strict=True)))


def compile_table(name: str, schema: dict[str, Any]) -> TableCheck:
    """Compile a Table Schema dictionary into a :class:`TableCheck`."""
    fields = schema.get("fields", [])
    names = tuple(f["name"] for f in fields)
    missing = frozenset(schema.get("missingValues", [""]))
    checks = []
    for index, spec in enumerate(fields):
        compiled = compile_column(spec, missing)
        if compiled is not None:
            checks.append((index, spec["name"], *compiled))
    primary = schema.get("primaryKey", [])
    primary = [primary] if isinstance(primary, str) else primary
    unique = tuple(
        i for i, f in enumerate(fields) if f.get("constraints", {}).get("unique") and [f["name"]] != list(primary)
    )
    foreign = []
    for key in schema.get("foreignKeys", []):
        columns = [key["fields"]] if isinstance(key["fields"], str) else key["fields"]
        reference = key["reference"]
        targets = [reference["fields"]] if isinstance(reference["fields"], str) else reference["fields"]
        foreign.append((tuple(names.index(c) for c in columns), reference.get("resource", name), tuple(targets)))
    return TableCheck(
        name=name,
        field_names=names,
        checks=tuple(checks),
        primary_key=tuple(names.index(c) for c in primary),
        unique_columns=unique,
        foreign_keys=tuple(foreign),
    )
