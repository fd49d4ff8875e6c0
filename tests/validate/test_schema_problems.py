"""The Dataset JSON's schema problems agree with Python's reference JSON Schema implementation.

The validator checks the Dataset JSON with jsonschema-rs; ``jsonschema`` (the Python reference
implementation, a test-only dependency) is the peer. For random damage to the shipped dataset, both must
find the same problems: the same places (JSON pointers) and the same rules (schema keywords), with an
``anyOf`` traced to the branch that explains it as ``jsonschema.exceptions.best_match`` traces it.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import indojp_data
from indojp_data.core.json_locate import make_pointer, parse_json
from indojp_data.core.problems import ProblemCollector
from indojp_data.validate.documents import check_dataset_document
from tests.conftest import REPO

MODEL_RULES = {"model", "cross-record"}


@cache
def shipped() -> Any:
    return json.loads((REPO / "datapackage/data/dataset.json").read_text(encoding="utf-8"))


@cache
def peer() -> jsonschema.Draft202012Validator:
    schema = json.loads((REPO / f"schema/{indojp_data.__version__}/dataset.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def ours(document: Any) -> list[tuple[str, str]]:
    out = ProblemCollector(cap=100_000)
    located = parse_json(json.dumps(document).encode(), source="dataset.json", problems=out)
    check_dataset_document(located, indojp_data.__version__, out)
    return sorted((p.pointer or "", p.rule) for p in out.report().problems if p.rule not in MODEL_RULES)


def theirs(document: Any) -> list[tuple[str, str]]:
    found = []
    for error in peer().iter_errors(document):
        best = jsonschema.exceptions.best_match([error])
        found.append((make_pointer(tuple(best.absolute_path)), str(best.validator)))
    return sorted(found)


SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["", " ", "x", "IN", "ZZ", "JPY", "en", "narendra-modi", "Bad Id", "2026-07-02", "https://x"])
    | st.text(max_size=6)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["id", "x"]), inner, max_size=3),
    max_leaves=6,
)


@cache
def places() -> list[tuple[str | int, ...]]:
    """The path of every value in the shipped dataset, the document itself first."""
    found: list[tuple[str | int, ...]] = []
    todo: list[tuple[tuple[str | int, ...], Any]] = [((), shipped())]
    while todo:
        path, node = todo.pop()
        found.append(path)
        children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        todo.extend(((*path, key), child) for key, child in children)
    return sorted(found, key=lambda p: (len(p), [str(k) for k in p]))


def holds(node: Any, key: str | int) -> bool:
    return (isinstance(node, dict) and key in node) or (isinstance(node, list) and key in range(len(node)))


@st.composite
def damaged(draw: st.DrawFn) -> Any:
    """The shipped dataset with one to three values replaced, keys removed or keys added, anywhere."""
    document = copy.deepcopy(shipped())
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(places()[1:]))
        parent: Any = document
        for key in path[:-1]:  # an earlier change may have removed or replaced part of the path
            parent = parent[key] if holds(parent, key) else None
        if not holds(parent, path[-1]):
            continue
        action = draw(st.sampled_from(["replace", "replace", "remove", "add"]))
        if action == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "notes", "id2"]))] = draw(VALUES)
        elif action == "remove" and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(VALUES)
    return document


@settings(max_examples=300, deadline=None)
@given(damaged())
def test_schema_problems_match_the_reference_implementation(document: Any) -> None:
    assert ours(document) == theirs(document)


def test_the_shipped_dataset_has_no_schema_problem() -> None:
    assert ours(shipped()) == theirs(shipped()) == []


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("creator", "   ", ("/media_assets/0/creator", "pattern")),  # a string: the string branch explains it
        ("title", 5, ("/media_assets/0/title", "type")),  # not nullable: a plain type error
        ("creator", 5, ("/media_assets/0/creator", "anyOf")),  # neither branch's type: the anyOf itself
        # creator is no longer null while `unknowns` still names it: the `else` of the null rule
        (  # an object with a precision outside its enum: the object branch explains it
            "created",
            {"value": "2006", "precision": "decade", "uncertain": True},
            ("/media_assets/0/created/precision", "enum"),
        ),
        ("created", {"value": "2006", "precision": 5, "uncertain": True}, ("/media_assets/0/created", "anyOf")),
    ],
)
def test_a_nullable_field_reports_the_branch_that_explains_it(field: str, value: Any, expected: Any) -> None:
    document = copy.deepcopy(shipped())
    document["media_assets"][0][field] = value
    named = ("/media_assets/0/unknowns", "not")  # `unknowns` names creator, which now has a value
    assert ours(document) == theirs(document) == sorted([expected, *([named] if field == "creator" else [])])


def test_a_field_named_twice_is_a_max_contains_problem_as_jsonschema_names_it() -> None:
    """jsonschema-rs calls a `maxContains` failure `contains`; the validator names it as jsonschema does."""
    document = copy.deepcopy(shipped())
    inferences = document["summits"][0]["inferences"]
    inferences.append({**inferences[0], "method": "again"})
    assert ours(document) == theirs(document) == [("/summits/0/inferences", "maxContains")]
