"""The package is a one-way stack: every import of the project's own modules points down, none runs up.

Every import is read, the ones inside functions included. Each part of ``indojp_data`` stands on a floor;
a module may import from its own floor's part or from a lower floor, never from a higher one, and within
a part the modules import one another without a circle.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "indojp_data"

FLOORS: dict[str, int] = {
    "_version": 0,
    "core": 1,
    "model": 2,
    "models": 3,
    "publish": 3,
    "export": 4,
    "validate": 5,
    "diff": 5,
    "release": 6,
    "cli_parser": 7,
    "__init__": 7,
    "cli": 8,
    "__main__": 9,
}
"""The floor of each part of the package: a part imports only from its own floor's part or lower ones."""


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every ``indojp_data`` module ``path`` imports, at any depth of the code, with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "indojp_data":
            found.append((node.lineno, node.module))
            # ``from indojp_data.x import y`` may name the module ``indojp_data.x.y``.
            found.extend((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "indojp_data")
    return found


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(SRC.rglob("*.py"))}


def graph() -> dict[str, set[tuple[int, str]]]:
    """Each module of the package and the modules of the package it imports (names that are modules only)."""
    modules = _modules()
    return {
        name: {(line, target) for line, target in _imports(path) if target in modules and target != name}
        for name, path in modules.items()
    }


def test_every_part_has_a_floor() -> None:
    assert {_part(name) for name in _modules()} == set(FLOORS)


def test_no_import_runs_up_the_stack() -> None:
    upward = [
        f"{name}:{line} imports {target} ({_part(name)} on floor {FLOORS[_part(name)]}, "
        f"{_part(target)} on floor {FLOORS[_part(target)]})"
        for name, targets in graph().items()
        for line, target in sorted(targets)
        if FLOORS[_part(target)] > FLOORS[_part(name)]
        or (FLOORS[_part(target)] == FLOORS[_part(name)] and _part(target) != _part(name))
    ]
    assert upward == []


def test_no_circle_of_imports_between_modules() -> None:
    edges: dict[str, set[str]] = defaultdict(set)
    for name, targets in graph().items():
        for _, target in targets:
            # A package's __init__ importing its own modules (to re-export them) is not a circle back up.
            if not target.startswith(name + "."):
                edges[name].add(target)
    circles = []
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                circles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[node] = 2

    for name in sorted(_modules()):
        if name not in state:
            visit(name, [name])
    assert circles == []


@pytest.mark.parametrize("limit", [600])
def test_no_module_is_over_the_size_limit(limit: int) -> None:
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in _modules().items()}
    assert {name: size for name, size in sizes.items() if size > limit} == {}


def test_no_function_is_over_120_lines() -> None:
    long = []
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno is not None:
                length = node.end_lineno - node.lineno + 1
                if length > 120:
                    long.append(f"{name}.{node.name}: {length} lines")
    assert long == []


def test_no_module_looks_for_the_checkout_beside_its_own_file() -> None:
    """A module may read package data beside itself (``Path(__file__).parent / name``), never climb out of it."""
    climbing = re.compile(r"__file__\)(?:\.resolve\(\))?\.(?:parents\[|parent\.parent)")
    offenders = [name for name, path in _modules().items() if climbing.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
