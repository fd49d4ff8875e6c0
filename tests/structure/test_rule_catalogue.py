"""The rule catalogue (indojp_data.core.rules) lists every rule id the code can emit, each once, and no other."""

from __future__ import annotations

import ast
import json

from indojp_data.core.json_locate import REFUSED
from indojp_data.core.rules import DIFFERENCES, RULES, rule
from indojp_data.validate.sql import RULES as CELL_RULES
from tests.conftest import REPO

SRC = REPO / "src" / "indojp_data"

# Calls that take a rule id as a positional argument, and its index: Problem(file, rule, ...), the safe
# readers' _fail(name, rule, ...), the CSV reader's report.problem/fatal(rule, ...), the JSON parser's
# fail(rule, ...), the model stage's locate(path, message, rule).
POSITIONAL = {"Problem": 1, "_fail": 1, "fatal": 0, "fail": 0, "problem": 0, "locate": 2}

# JSON Schema keywords that are annotations or structure, never an error of their own; ``format`` is an
# annotation in draft 2020-12, which jsonschema-rs asserts only when asked (the Dataset check does not ask).
NOT_ASSERTED = {"$comment", "$defs", "$id", "$ref", "$schema", "default", "description", "examples", "format"}
NOT_ASSERTED |= {"items", "properties", "readOnly", "title"}


def _call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    return node.func.attr if isinstance(node.func, ast.Attribute) else None


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def emitted_in_source() -> dict[str, set[str]]:
    """Every rule id written in the source, with the modules that write it."""
    found: dict[str, set[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            ids: list[str | None] = []
            if isinstance(node, ast.Call):
                ids += [_literal(k.value) for k in node.keywords if k.arg == "rule"]
                index = POSITIONAL.get(_call_name(node) or "")
                named = any(k.arg == "rule" for k in node.keywords)
                if index is not None and not named and len(node.args) > index:
                    argument = _literal(node.args[index])
                    # LocatedJSON.problem takes a pointer first and the rule by keyword; a pointer is not an id.
                    ids.append(None if argument is None or argument.startswith("/") or argument == "" else argument)
            elif isinstance(node, ast.arguments):  # def f(..., rule: str = "json-syntax")
                positional = node.posonlyargs + node.args
                defaults = dict(zip(positional[len(positional) - len(node.defaults) :], node.defaults, strict=True))
                defaults |= {a: d for a, d in zip(node.kwonlyargs, node.kw_defaults, strict=True) if d is not None}
                ids += [_literal(d) for a, d in defaults.items() if a.arg == "rule"]
            for rule_id in ids:
                if rule_id is not None:
                    found.setdefault(rule_id, set()).add(str(path.relative_to(SRC)))
    return found


def schema_keywords() -> set[str]:
    """The JSON Schema keywords of the published Dataset schemas: each can be a Dataset JSON problem's rule."""
    keywords: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                keywords.add(key)
                for child in value.values() if key in ("properties", "$defs") else [value]:
                    walk(child)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for path in (REPO / "schema").glob("*/dataset.schema.json"):
        walk(json.loads(path.read_text(encoding="utf-8")))
    return keywords - NOT_ASSERTED


def emitted() -> set[str]:
    refused = {rule_id for rule_id, _, _ in REFUSED.values()}  # the JSON parser's table of refused values
    return set(emitted_in_source()) | set(CELL_RULES) | schema_keywords() | refused


def test_the_source_is_read() -> None:
    # The extraction finds rules in each of the ways the code writes them.
    found = emitted_in_source()
    assert {"profile", "dialect", "key-reference"} <= set(found)  # rule="..."
    assert "primary-key" in found and "header" in found  # Problem(file, "rule", ...)
    assert "unsafe-archive" in found and "row-length" in found  # _fail(name, "rule"), report.problem("rule")
    assert "model" in found and "cross-record" in found  # locate(path, message, "rule")
    assert "json-syntax" in found  # a parameter's default


def test_every_rule_the_code_emits_is_in_the_catalogue() -> None:
    missing = emitted() - {entry.id for entry in RULES}
    assert not missing, f"add these rules to indojp_data.core.rules.RULES: {sorted(missing)}"


def test_every_catalogue_rule_is_emitted_by_the_code() -> None:
    stale = {entry.id for entry in RULES} - emitted()
    assert not stale, f"no code emits these catalogue rules: {sorted(stale)}"


def test_each_rule_is_listed_once_with_its_parts() -> None:
    ids = [entry.id for entry in RULES]
    assert len(ids) == len(set(ids))
    for entry in RULES:
        assert entry.checks and entry.example and entry.hint, entry.id
        assert entry.severity in ("error", "warning", "error or warning"), entry.id
        assert rule(entry.id) is entry


def test_each_difference_names_a_catalogue_rule() -> None:
    assert len({d.id for d in DIFFERENCES}) == len(DIFFERENCES)
    for difference in DIFFERENCES:
        assert rule(difference.rule).id == difference.rule
        assert difference.ours and difference.frictionless and difference.why
