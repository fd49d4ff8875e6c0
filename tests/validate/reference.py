"""A plain, per-cell reference implementation of the Table Schema rules the engine checks.

Written for clarity, not speed: the property tests hold the engine's problems against these, cell by
cell and key by key. It reads the same Table Schema dictionaries the validator publishes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

FORMULA = ("=", "+", "-", "@")
TYPE_PATTERNS = {"integer": r"0|-?[1-9][0-9]*", "number": r"-?[0-9]+(\.[0-9]+)?", "date": r"[0-9]{4}-[0-9]{2}-[0-9]{2}"}
BOUNDS = (("minimum", "ge"), ("maximum", "le"), ("exclusiveMinimum", "gt"), ("exclusiveMaximum", "lt"))


def _typed(kind: str, cell: str) -> Any:
    if kind == "integer":
        return int(cell)
    if kind == "number":
        return Decimal(cell)
    if kind == "date":
        return dt.date.fromisoformat(cell)
    return cell


def _compare(op: str, value: Any, bound: Any) -> bool:
    return {"ge": value >= bound, "le": value <= bound, "gt": value > bound, "lt": value < bound}[op]


def cell_rule(spec: dict[str, Any], missing: Sequence[str], cell: str) -> str | None:
    """Return the first rule ``cell`` breaks (in the validator's documented order), or None."""
    kind = spec.get("type", "string")
    constraints = spec.get("constraints", {})
    if cell in missing:
        return "required" if constraints.get("required") else None
    enum = constraints.get("enum")
    if enum is not None and cell not in [str(v) for v in enum]:
        return "enum"
    if kind == "boolean":
        allowed = [*spec.get("trueValues", ["true", "True", "TRUE", "1"])]
        allowed += spec.get("falseValues", ["false", "False", "FALSE", "0"])
        if cell not in allowed:
            return "type"
    elif kind in TYPE_PATTERNS:
        if not re.fullmatch(TYPE_PATTERNS[kind], cell):
            return "type"
        if kind == "date":
            try:
                dt.date.fromisoformat(cell)
            except ValueError:
                return "type"
    pattern = constraints.get("pattern")
    if pattern is not None and not re.fullmatch(pattern, cell, re.ASCII):
        return "pattern"
    if "minLength" in constraints and len(cell) < constraints["minLength"]:
        return "minLength"
    if "maxLength" in constraints and len(cell) > constraints["maxLength"]:
        return "maxLength"
    for name, op in BOUNDS:
        if name in constraints:
            bound = _typed(kind, str(constraints[name])) if kind == "date" else Decimal(str(constraints[name]))
            if not _compare(op, _typed(kind, cell), bound):
                return name
    if cell.startswith(FORMULA):
        return "formula"
    return None


def table_problems(
    schema: dict[str, Any], rows: Sequence[Sequence[str]], lines: Sequence[int]
) -> set[tuple[int, str, str]]:
    """Every ``(line, field, rule)`` of one table: cell rules, primary key and unique fields."""
    fields = schema["fields"]
    missing = schema.get("missingValues", [""])
    found = set()
    for line, row in zip(lines, rows, strict=True):
        for spec, cell in zip(fields, row, strict=True):
            rule = cell_rule(spec, missing, cell)
            if rule is not None:
                found.add((line, spec["name"], rule))
    names = [f["name"] for f in fields]
    primary = schema.get("primaryKey", [])
    keys: list[tuple[list[int], str, bool]] = []
    if primary:
        keys.append(([names.index(n) for n in primary], "primary-key", True))
    for i, spec in enumerate(fields):
        if spec.get("constraints", {}).get("unique") and [spec["name"]] != primary:
            keys.append(([i], "unique", False))
    for columns, rule, every in keys:
        seen: set[tuple[str, ...]] = set()
        for line, row in zip(lines, rows, strict=True):
            key = tuple(row[i] for i in columns)
            if not every and any(k in missing for k in key):
                continue
            if key in seen:
                found.add((line, names[columns[0]], rule))
            seen.add(key)
    return found


def foreign_key_problems(
    schema: dict[str, Any],
    rows: Sequence[Sequence[str]],
    lines: Sequence[int],
    targets: dict[str, tuple[dict[str, Any], Sequence[Sequence[str]]]],
) -> set[tuple[int, str, str]]:
    """Every ``(line, field, "foreign-key")`` of one table whose reference has no target row."""
    names = [f["name"] for f in schema["fields"]]
    missing = schema.get("missingValues", [""])
    found = set()
    for key in schema.get("foreignKeys", []):
        columns = [names.index(n) for n in key["fields"]]
        target_schema, target_rows = targets[key["reference"]["resource"]]
        target_names = [f["name"] for f in target_schema["fields"]]
        target_columns = [target_names.index(n) for n in key["reference"]["fields"]]
        known = {tuple(r[i] for i in target_columns) for r in target_rows}
        for line, row in zip(lines, rows, strict=True):
            value = tuple(row[i] for i in columns)
            if any(v in missing for v in value):
                continue
            if value not in known:
                found.add((line, names[columns[0]], "foreign-key"))
    return found
