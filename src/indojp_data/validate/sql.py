r"""Compile a Table Schema into SQL: one rule code per cell, evaluated by the columnar engine.

Every cell rule we publish becomes part of one ``CASE`` expression per field that yields the code of
the *first* rule the cell breaks (0 when it breaks none), in a fixed order::

    too-large, required (missing cells stop here), enum, type, pattern, minLength, maxLength,
    minimum, maximum, exclusiveMinimum, exclusiveMaximum, formula

So a cell is reported once, for its first problem, exactly as a per-cell check in that order would.
Key rules (``primaryKey``, ``unique``, ``foreignKeys``) are set-wise: :mod:`.count` counts them, with the
key helpers at the end of this module.

Patterns are Table Schema (XML Schema) regular expressions, implicitly anchored. The engine runs them
with RE2; ``\s`` and ``\S`` are rewritten to the POSIX ``space`` class, so whitespace means the six
ASCII space characters (tab, LF, VT, FF, CR, space), as in Python's ``re.ASCII`` mode.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from indojp_data.core.codec import FORMULA_PREFIXES
from indojp_data.core.tableschema import BOUND_CONSTRAINTS, FieldSchema, TableSchema, sql_literal

RULES = (
    "too-large",
    "required",
    "enum",
    "type",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "formula",
)
"""Cell rules in evaluation order; a rule's code is its index plus one."""
CODE = {rule: index + 1 for index, rule in enumerate(RULES)}
MAX_CELL_BYTES = 1024 * 1024
"""Largest cell accepted, in UTF-8 bytes (as in the CSV reader)."""
_TYPE_PATTERNS = {
    "integer": "0|-?[1-9][0-9]*",  # one way to write each number: keys compare as text
    "number": "-?[0-9]+(\\.[0-9]+)?",
    "date": "[0-9]{4}-[0-9]{2}-[0-9]{2}",
}
_BOUNDS = tuple(zip(BOUND_CONSTRAINTS, (">=", "<=", ">", "<"), strict=True))
_LOWER = ("minimum", "exclusiveMinimum")


def re2_pattern(pattern: str) -> str:
    r"""Rewrite ``\s`` and ``\S`` to POSIX classes so RE2 and Python's ``re.ASCII`` agree on whitespace."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            pair = pattern[i : i + 2]
            if pair == "\\s":
                out.append("[:space:]" if in_class else "[[:space:]]")
            elif pair == "\\S":
                out.append("[:^space:]" if in_class else "[^[:space:]]")
            else:
                out.append(pair)
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            if pattern[i + 1 : i + 2] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1 : i + 2] == "]":  # a leading ] is a literal
                out.append("\\]")
                i += 1
        elif char == "]" and in_class:
            in_class = False
            out.append(char)
        else:
            out.append(char)
        i += 1
    return "".join(out)


_ANYTHING = ("[\\s\\S]*", "[\\S\\s]*")


def pattern_sql(column: str, pattern: str) -> str:
    r"""Return SQL true when the cell matches the (implicitly anchored) Table Schema ``pattern``.

    A pattern that ends in "anything" (``[\s\S]*``) only constrains a prefix, so it is searched as an
    anchored prefix: the engine stops at the first characters instead of reading the whole cell.
    """
    for tail in _ANYTHING:
        head = pattern.removesuffix(tail)
        if head != pattern and "|" not in head and not head.endswith("\\"):
            return f"regexp_matches({column}, {sql_literal('^(?:' + re2_pattern(head) + ')')})"
    return f"regexp_full_match({column}, {sql_literal(re2_pattern(pattern))})"


def missing_sql(column: str, missing: Sequence[str]) -> str:
    """Return SQL true when the cell is one of the ``missingValues``."""
    if not missing:
        return "false"
    if len(missing) == 1:
        return f"{column} = {sql_literal(missing[0])}"
    return f"{column} IN ({', '.join(map(sql_literal, missing))})"


ENUM_HINT_LIMIT = 12
"""Most allowed values a hint lists in full (codelists hold hundreds)."""


class FieldRules(FieldSchema):
    """The cell rules of one Table Schema field: a :class:`FieldSchema` that writes them in SQL."""

    def message(self, rule: str, value: str) -> tuple[str, str | None]:
        """Return the message and hint for a cell holding ``value`` (already shortened) that breaks ``rule``."""
        if rule == "too-large":
            return f"the cell is larger than {MAX_CELL_BYTES} bytes", None
        if rule == "required":
            return "a value is required", None
        if rule == "enum":
            return f"{value!r} is not one of the allowed values", self.enum_hint(value)
        if rule == "type":
            hints = {
                "integer": "write a whole number such as 3, without leading zeros",
                "number": "write a plain decimal such as 10000000000000 or 1.5 (no exponent, no thousands separator)",
                "date": "write an ISO 8601 date such as 2026-07-02",
                "boolean": "write " + " or ".join(sorted({*self.true_values, *self.false_values})),
            }
            return f"{value!r} is not a valid {self.type}", hints.get(self.type)
        if rule == "pattern":
            return f"does not match the pattern {self.pattern}", None
        if rule == "minLength":
            return f"shorter than {self.min_length} characters", None
        if rule == "maxLength":
            return f"longer than {self.max_length} characters", None
        if rule == "formula":
            return (
                "starts with a character that a spreadsheet runs as a formula (=, +, -, @)",
                "rephrase the value, or put a space or a letter first",
            )
        words = {"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "more than"}
        bound = dict(self.bounds)[rule]
        return f"must be {words.get(rule, 'less than')} {bound}", None

    def enum_hint(self, value: str) -> str:
        """List the allowed values when they are few; else the ones closest to ``value``, and how many there are."""
        import difflib

        allowed = sorted(self.enum or ())
        if len(allowed) <= ENUM_HINT_LIMIT:
            return "allowed: " + ", ".join(allowed)
        folded = {v.casefold(): v for v in allowed}
        close = [folded[v] for v in difflib.get_close_matches(value.casefold(), list(folded), n=3, cutoff=0.5)]
        nearest = f"; closest: {', '.join(close)}" if close else ""
        return f"one of {len(allowed)} values{nearest}; the field's Table Schema lists them all"

    def code_sql(self, column: str, missing: Sequence[str], long_cells: bool = True) -> str:
        """Return SQL yielding the code of the first rule the cell in ``column`` breaks, or 0.

        ``long_cells`` is False when the reader cannot have read a cell over :data:`MAX_CELL_BYTES`.
        """
        cases = [(f"strlen({column}) > {MAX_CELL_BYTES}", "too-large")] if long_cells else []
        cases.append((missing_sql(column, missing), "required" if self.required else ""))
        if self.enum is not None:
            cases.append((f"{column} NOT IN ({', '.join(map(sql_literal, self.enum))})", "enum"))
        type_check = self._type_sql(column)
        if type_check:
            cases.append((type_check, "type"))
        if self.pattern is not None:
            cases.append((f"NOT {pattern_sql(column, self.pattern)}", "pattern"))
        if self.min_length is not None:
            cases.append((f"length({column}) < {int(self.min_length)}", "minLength"))
        if self.max_length is not None:
            cases.append((f"length({column}) > {int(self.max_length)}", "maxLength"))
        for rule, bound in self.bounds:
            cases.append((self._bound_sql(column, rule, bound), rule))
        if self.formula_reachable():
            prefixes = ", ".join(str(ord(p)) for p in FORMULA_PREFIXES)
            cases.append((f"ascii({column}) IN ({prefixes})", "formula"))
        whens = " ".join(f"WHEN {condition} THEN {CODE[rule] if rule else 0}" for condition, rule in cases)
        return f"CASE {whens} ELSE 0 END"

    def _type_sql(self, column: str) -> str | None:
        if self.type == "boolean":
            allowed = ", ".join(map(sql_literal, (*self.true_values, *self.false_values)))
            return f"{column} NOT IN ({allowed})"
        pattern = _TYPE_PATTERNS.get(self.type)
        if pattern is None:
            return None
        check = f"NOT regexp_full_match({column}, {sql_literal(pattern)})"
        if self.type == "date":  # a real calendar day, and no year 0 (Python's datetime has none)
            check += f" OR TRY_CAST({column} AS DATE) IS NULL OR starts_with({column}, '0000')"
        return check

    def _bound_sql(self, column: str, rule: str, bound: Any) -> str:
        """Return SQL that is true when the (well-typed) cell breaks the bound ``rule``."""
        operator = dict(_BOUNDS)[rule]
        if self.type == "date":
            return f"NOT (TRY_CAST({column} AS DATE) {operator} DATE {sql_literal(str(bound))})"
        if self.type == "integer":
            return f"NOT ({integer_bound_sql(column, operator, bound)})"
        return f"NOT (TRY_CAST({column} AS DOUBLE) {operator} {float(bound)!r})"

    def formula_reachable(self) -> bool:
        """Tell whether a cell that passes every earlier rule can start with a formula character.

        An enum's or a boolean's values are known; an integer, a number or a date in its one written form
        starts with a digit, or with ``-`` only below zero, which a bound at or above zero refuses first.
        """

        def formula(value: str) -> bool:
            return value.startswith(FORMULA_PREFIXES)

        if self.enum is not None:
            return any(formula(str(value)) for value in self.enum)
        if self.type == "boolean":
            return any(map(formula, (*self.true_values, *self.false_values)))
        if self.type == "date":
            return False
        if self.type in ("integer", "number"):
            # Lower bounds that refuse every negative: a number may also be written -0, which a minimum of 0
            # lets through (an integer has one form, 0).
            floor = Fraction(-1 if self.type == "integer" else 0)
            lower = [(rule, Fraction(str(bound))) for rule, bound in self.bounds if rule in _LOWER]
            return not any(bound > floor or (rule == "exclusiveMinimum" and bound == floor) for rule, bound in lower)
        return True


def integer_bound_sql(column: str, operator: str, bound: Any) -> str:
    """Return SQL true when the integer written in ``column`` (in its one form) compares to ``bound`` as asked.

    The text is compared, not a cast: a longer number without a sign is larger, and numbers of one length
    compare as their digits do. Exact at any size (no integer type bounds it), and cheaper than a cast.
    """
    value = Fraction(str(bound))  # exact for any bound a Table Schema writes (1, 1.5, 1e3)
    if operator in (">=", ">"):
        least = math.ceil(value) if operator == ">=" else math.floor(value) + 1
        return _at_least(column, least)
    most = math.floor(value) if operator == "<=" else math.ceil(value) - 1
    return f"NOT ({_at_least(column, most + 1)})"


def _at_least(column: str, least: int) -> str:
    """Return SQL true when the integer written in ``column`` is at least ``least``."""
    digits = str(abs(least))
    negative, length = f"starts_with({column}, '-')", f"strlen({column})"
    if least >= 0:
        same = f"{length} = {len(digits)} AND {column} >= {sql_literal(digits)}"
        return f"NOT {negative} AND ({length} > {len(digits)} OR ({same}))"
    # below zero: every number without a sign, and the negative ones no longer (as digits) than the bound
    same = f"{length} = {len(digits) + 1} AND {column} <= {sql_literal('-' + digits)}"
    return f"NOT {negative} OR {length} < {len(digits) + 1} OR ({same})"


@dataclass(frozen=True)
class TableRules:
    """Everything a Table Schema asks of one CSV file."""

    name: str
    fields: tuple[FieldRules, ...]
    missing: tuple[str, ...]
    primary_key: tuple[int, ...]
    unique: tuple[int, ...]
    foreign_keys: tuple[tuple[tuple[int, ...], str, tuple[str, ...]], ...] = field(default=())

    @classmethod
    def from_schema(cls, name: str, schema: dict[str, Any]) -> TableRules:
        """Read the Table Schema dictionary of the resource ``name``."""
        table = TableSchema.from_descriptor(schema, name)
        index = [f.name for f in table.fields].index
        return cls(
            name=name,
            fields=tuple(FieldRules(**vars(f)) for f in table.fields),  # the fields as read, with their rules
            missing=table.missing_values,
            primary_key=tuple(map(index, table.primary_key)),
            unique=tuple(i for i, f in enumerate(table.fields) if f.unique and (f.name,) != table.primary_key),
            foreign_keys=tuple(
                (tuple(map(index, key.fields)), key.resource, key.reference_fields) for key in table.foreign_keys
            ),
        )

    @property
    def field_names(self) -> tuple[str, ...]:
        """The header the file must have, in order."""
        return tuple(f.name for f in self.fields)


# --- keys ----------------------------------------------------------------------------------------------


def key_sets(rules: TableRules) -> list[tuple[int, ...]]:
    """Return the primary key first (if any), then each unique field."""
    return ([rules.primary_key] if rules.primary_key else []) + [(column,) for column in rules.unique]


def hashed_sql(columns: Sequence[int]) -> str:
    """Return the SQL 64-bit hash of a key's columns."""
    return f"hash({', '.join(f'c{i}' for i in columns)})"


def referenced_sql(rules: TableRules, columns: Sequence[int], alias: str = "") -> str:
    """Return SQL true when a reference is complete (every column present): only then must it have a target."""
    return " AND ".join(f"NOT {missing_sql(f'{alias}c{i}', rules.missing)}" for i in columns)


def present_sql(rules: TableRules, columns: Sequence[int]) -> str:
    """Return SQL true when the key counts: a primary key always, a unique field when its cell is not missing."""
    if tuple(columns) == rules.primary_key:
        return "true"
    return referenced_sql(rules, columns)
