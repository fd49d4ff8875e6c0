"""Run our validator and frictionless on the same mutated copy of the shipped package; compare verdicts.

A verdict is whether the package is valid and, when a table row is at fault, which rows and fields: the
set of ``(resource, row, field)`` the row-level errors name (rows counted as frictionless counts them:
the header is row 1). Problems about the descriptor or a whole file name no row.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import REPO

PACKAGE = REPO / "datapackage"

Descriptor = dict[str, Any]


@dataclass(frozen=True)
class Verdict:
    """Valid or not, the ``(resource, row)`` of each row-level error, and the ``(resource, row, field)`` of each cell's.

    An error about a whole row (a repeated primary key, a row of the wrong length) names no field: frictionless
    names none, and we name the key's first field.
    """

    valid: bool
    rows: frozenset[tuple[str, int]]
    cells: frozenset[tuple[str, int, str]]

    @classmethod
    def of(cls, valid: bool, found: set[tuple[str, int, str | None]]) -> Verdict:
        rows = frozenset((name, row) for name, row, _ in found)
        return cls(valid, rows, frozenset((name, row, field) for name, row, field in found if field is not None))


def copy_package(target: Path) -> Path:
    """Copy the shipped package to ``target`` (replaced if it exists); return it."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(PACKAGE, target)
    return target


def descriptor(package: Path) -> Descriptor:
    return json.loads((package / "datapackage.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def write_descriptor(package: Path, value: Descriptor, rehash: bool = True) -> None:
    """Write the descriptor back; with ``rehash``, its bytes and hashes first follow the files."""
    if rehash:
        for resource in value.get("resources", []):
            target = package / str(resource.get("path"))
            if isinstance(resource, dict) and target.is_file():
                data = target.read_bytes()
                resource["bytes"], resource["hash"] = len(data), "sha256:" + hashlib.sha256(data).hexdigest()
    (package / "datapackage.json").write_text(json.dumps(value, indent=2), encoding="utf-8")


def edit_descriptor(package: Path, change: Callable[[Descriptor], None]) -> None:
    value = descriptor(package)
    change(value)
    write_descriptor(package, value)


def read_table(package: Path, name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO((package / "data" / f"{name}.csv").read_text(encoding="utf-8"), newline="")))


def write_table(package: Path, name: str, rows: list[list[str]]) -> None:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    (package / "data" / f"{name}.csv").write_bytes(out.getvalue().encode("utf-8"))
    write_descriptor(package, descriptor(package))


def write_raw(package: Path, name: str, data: bytes) -> None:
    (package / "data" / f"{name}.csv").write_bytes(data)
    write_descriptor(package, descriptor(package))


def ours(package: Path) -> Verdict:
    from indojp_data.validate import validate

    report = validate(package, max_problems=10_000)
    rows: set[tuple[str, int, str | None]] = set()
    for problem in report.problems:
        if problem.severity != "error" or problem.line is None or not problem.file.endswith(".csv"):
            continue
        name = Path(problem.file).stem
        field = None if problem.rule == "primary-key" else problem.field
        rows.add((name, _row_of_line(Path(problem.file), problem.line), field))
    return Verdict.of(report.valid, rows)


def _row_of_line(path: Path, line: int) -> int:
    """The row number (header = 1) of the record that starts on physical ``line`` (quoted newlines counted)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return line
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for row, _ in enumerate(reader, start=1):
            if start == line:
                return row
            start = reader.line_num + 1
    except csv.Error:
        pass
    return line


def theirs(package: Path) -> Verdict:
    import frictionless

    report = frictionless.validate(str(package / "datapackage.json"))
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    primary = {r.get("name"): r.get("schema", {}).get("primaryKey") for r in descriptor.get("resources", [])}
    rows: set[tuple[str, int, str | None]] = set()
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            if row is None:
                continue
            # A one-field primary key also marked unique: frictionless reports the repeat twice, as a
            # primary-key error and a unique error; we report it once, as the primary key.
            if error.type == "unique-error" and primary.get(task.name) in ([error.field_name], error.field_name):
                continue
            rows.add((task.name, row, _their_field(error)))
    return Verdict.of(report.valid, rows)


def _their_field(error: Any) -> str | None:
    field = getattr(error, "field_name", None)
    if field is None and error.type == "foreign-key":
        fields = getattr(error, "field_names", None) or []
        return fields[0] if len(fields) == 1 else None
    return field  # type: ignore[no-any-return]
