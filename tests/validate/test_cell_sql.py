"""The cell rules the engine runs, against Python, value by value.

Integer bounds are compared as text (no cast): each comparison must agree with Python's integers, at any
size and for any bound a Table Schema can write. The formula check is left out where no cell can reach it:
the codes must then be the ones the full rule gives.
"""

from __future__ import annotations

import operator
from fractions import Fraction
from typing import Any
from unittest.mock import patch

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indojp_data.core.tableschema import TableSchema
from indojp_data.validate.sql import FieldRules, integer_bound_sql

OPERATORS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt}
integers = st.one_of(st.integers(-1000, 1000), st.integers(-(10**40), 10**40))
bounds = st.one_of(
    integers,
    st.fractions(min_value=-1000, max_value=1000).map(lambda f: f"{float(f)}"),
    st.sampled_from([0, -1, 1, 1.5, -1.5, "1e3", -0.0, 99, 100, 10**20]),
)


@settings(max_examples=60, deadline=None)
@given(values=st.lists(integers, min_size=1, max_size=30), bound=bounds, op=st.sampled_from(sorted(OPERATORS)))
def test_an_integer_bound_compares_the_text_as_python_compares_numbers(values: list[int], bound: Any, op: str) -> None:
    sql = integer_bound_sql("v", op, bound)
    rows = duckdb.sql(f"SELECT v, {sql} FROM (SELECT unnest($v) AS v)", params={"v": [str(v) for v in values]})
    exact = Fraction(str(bound))
    assert {v: got for v, got in rows.fetchall()} == {str(v): OPERATORS[op](v, exact) for v in values}


def _codes(rules: FieldRules, values: list[str], formula: bool) -> list[int]:
    with patch.object(FieldRules, "formula_reachable", return_value=formula):
        sql = rules.code_sql("v", [""])
    rows = duckdb.sql(f"SELECT {sql} FROM (SELECT unnest($v) AS v)", params={"v": values}).fetchall()
    return [code for (code,) in rows]


FIELDS = [
    {"name": "n", "type": "integer", "constraints": {"minimum": 0}},
    {"name": "n", "type": "integer", "constraints": {"minimum": -0.5}},
    {"name": "n", "type": "integer", "constraints": {"exclusiveMinimum": -1}},
    {"name": "n", "type": "integer", "constraints": {"minimum": -1}},
    {"name": "n", "type": "integer"},
    {"name": "x", "type": "number", "constraints": {"minimum": 0}},
    {"name": "x", "type": "number", "constraints": {"minimum": 0.5}},
    {"name": "x", "type": "number", "constraints": {"exclusiveMinimum": 0}},
    {"name": "d", "type": "date"},
    {"name": "b", "type": "boolean"},
    {"name": "b", "type": "boolean", "trueValues": ["+"], "falseValues": ["-"]},
    {"name": "e", "type": "string", "constraints": {"enum": ["a", "b"]}},
    {"name": "e", "type": "string", "constraints": {"enum": ["a", "=b"]}},
    {"name": "s", "type": "string"},
]
CELLS = ["", "0", "-0", "-0.0", "1", "-1", "-2", "+1", "0.5", "-0.5", "2026-07-02", "-2026-07-02", "true", "+", "-"]
CELLS += ["a", "=b", "@a", "b"]


@pytest.mark.parametrize("spec", FIELDS, ids=lambda spec: str(spec))
def test_the_formula_check_is_left_out_only_where_no_cell_reaches_it(spec: dict[str, Any]) -> None:
    (field,) = TableSchema.from_descriptor({"fields": [spec]}, "t").fields
    rules = FieldRules(**vars(field))
    full = _codes(rules, CELLS, formula=True)
    assert _codes(rules, CELLS, formula=rules.formula_reachable()) == full
    if spec["name"] in ("n", "x") and not rules.formula_reachable():  # a bound refuses every negative
        assert 12 not in full
