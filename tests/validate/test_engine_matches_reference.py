"""The engine reports exactly the problems a plain per-cell reference check reports.

Random tables under a Table Schema that uses every rule the validator publishes (types and formats,
required, unique, enum, pattern, min/max length, minimum/maximum and their exclusive forms, a composite
primary key, foreign keys, missingValues, the formula guard), with random corruptions, cells holding
quotes, commas and newlines (so physical lines differ from record numbers), LF or CRLF line ends: the
engine's (line, field, rule) set must equal the reference's. Switching off any rule in the engine makes
one of these tests fail.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from unittest.mock import patch

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indojp_data.core.problems import ProblemCollector
from indojp_data.validate import count as counting
from indojp_data.validate import plan
from indojp_data.validate.csvcheck import check_csvs, open_csv
from indojp_data.validate.csvfile import ByteScan
from indojp_data.validate.locate import report_foreign_key
from indojp_data.validate.plan import CsvFile
from indojp_data.validate.run import Run
from tests.validate.reference import foreign_key_problems, table_problems

PARENT = {
    "fields": [
        {"name": "id", "type": "string", "constraints": {"required": True, "pattern": "[a-z]+(-[a-z]+)*"}},
        {"name": "label", "type": "string"},
    ],
    "missingValues": [""],
    "primaryKey": ["id"],
}
CHILD = {
    "fields": [
        {"name": "group", "type": "string", "constraints": {"required": True, "enum": ["a", "b", "c"]}},
        {"name": "position", "type": "integer", "constraints": {"required": True, "minimum": 1, "maximum": 50}},
        {
            "name": "name",
            "type": "string",
            "constraints": {"required": True, "minLength": 2, "maxLength": 9, "pattern": r"\s*\S[\s\S]*"},
        },
        {"name": "share", "type": "number", "constraints": {"exclusiveMinimum": 0, "exclusiveMaximum": 100}},
        {"name": "day", "type": "date", "constraints": {"minimum": "2000-01-01", "maximum": "2099-12-31"}},
        {"name": "flag", "type": "boolean", "trueValues": ["true"], "falseValues": ["false"]},
        {"name": "code", "type": "string", "constraints": {"unique": True}},
        {"name": "parent", "type": "string"},
        {"name": "note", "type": "string"},
    ],
    "missingValues": ["", "n/a"],
    "primaryKey": ["group", "position"],
    "foreignKeys": [{"fields": ["parent"], "reference": {"resource": "parents", "fields": ["id"]}}],
}
SCHEMAS = {"parents": PARENT, "children": CHILD}

# Per field: values that pass, and values that break one rule each (some break none: the engine must agree).
GOOD = {
    "group": ["a", "b", "c"],
    "position": [str(i) for i in range(1, 8)],
    "name": ["ab", "Tokyo", " x y", "a\nb", 'say "hi"', "x,y"],
    "share": ["", "0.5", "99.99", "42"],
    "day": ["", "2026-07-02", "2000-01-01"],
    "flag": ["", "true", "false"],
    "code": ["", "k1", "k2", "k3"],
    "parent": ["", "alpha", "beta"],
    "note": ["", "plain", "line one\nline two", "n/a", "ok, fine"],
}
BAD = {
    "group": ["", "d", "A", "n/a", "=a"],
    "position": ["0", "51", "x", "1.5", "-3", "+4", "007", "99999999999999999999999999999999999999999"],
    "name": ["a", "waytoolongname", "   ", "\n\t", "=SUM(A1)", "@home", "-dash"],
    "share": ["0", "100", "-1", "1e3", "abc", "5.", "=1"],
    "day": ["1999-12-31", "2100-01-01", "2026-02-30", "0000-01-01", "26-07-02", "2026-7-2"],
    "flag": ["True", "1", "yes", "+"],
    "code": ["k1", "+k", "@x"],
    "parent": ["gamma", "Alpha", "=alpha"],
    "note": ["=cmd|' /C calc'!A0", "+1", "-", "@x"],
}


def _cell(field: str) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(GOOD[field]), st.sampled_from(BAD[field]))


child_rows = st.lists(st.tuples(*(_cell(f["name"]) for f in CHILD["fields"])).map(list), max_size=25)
parent_rows = st.lists(
    st.tuples(st.sampled_from(["alpha", "beta", "delta", "", "Bad", "=x"]), st.sampled_from(["", "x\ny", "z"])).map(
        list
    ),
    max_size=6,
)


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]], ending: str) -> list[int]:
    """Write the file; return the physical line on which each record starts."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=ending)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return _lines(rows)


def engine_problems(
    tmp: Path, tables: dict[str, list[list[str]]], ending: str, scanned: Sequence[str] = (), keys_apart: bool = False
) -> set[tuple[str, int, str, str]]:
    """The engine's problems; the tables named in ``scanned`` are read from their file, as a large file is.

    With ``keys_apart``, a scanned file's repeated keys are counted by a grouped pass of their own, as past
    :data:`~indojp_data.validate.plan.IN_SCAN_KEYS` records.
    """
    collector = ProblemCollector(10_000)
    run = Run(collector, "test", SCHEMAS, allow_network=False)
    try:
        opened = []

        def loaded(files: Sequence[CsvFile]) -> list[CsvFile]:
            return [file for file in files if file.name not in scanned]

        for name, rows in tables.items():
            path = tmp / f"{name}.csv"
            write_csv(path, [f["name"] for f in SCHEMAS[name]["fields"]], rows, ending)
            scan = ByteScan(want_hash=False)
            scan.update(path.read_bytes())
            scan.finish()
            item = open_csv(run, name, name, str(path), lambda scan=scan: scan)
            assert item is not None, collector.report().problems
            opened.append(item)
        load_small = counting.load_small
        with (
            patch.object(counting, "load_small", lambda engine, files: load_small(engine, loaded(files))),
            patch.object(plan, "IN_SCAN_KEYS", -1 if keys_apart else plan.IN_SCAN_KEYS),
        ):
            files = {file.name: file for file in check_csvs(run, opened, in_package=True)}
        assert set(files) == set(tables), collector.report().problems
        key = files["children"].rules.foreign_keys[0]
        (total,) = counting.dangling(run.engine, [(files["children"], key, files["parents"])])
        assert counting.count_references(run.engine, [(files["children"], key, files["parents"])]) == [total]
        report_foreign_key(run.engine, files["children"], key, files["parents"], total, collector)
    finally:
        run.close()
    report = collector.report()
    assert report.total == len(report.problems)
    return {(p.file, p.line or 0, p.field or "", p.rule) for p in report.problems}


def reference_problems(tables: dict[str, list[list[str]]]) -> set[tuple[str, int, str, str]]:
    found: set[tuple[str, int, str, str]] = set()
    lines = {}
    for name, rows in tables.items():
        lines[name] = _lines(rows)
        found |= {(name, *p) for p in table_problems(SCHEMAS[name], rows, lines[name])}
    targets: dict[str, tuple[dict[str, Any], Sequence[Sequence[str]]]] = {"parents": (PARENT, tables["parents"])}
    children = tables["children"]
    found |= {("children", *p) for p in foreign_key_problems(CHILD, children, lines["children"], targets)}
    return found


def _lines(rows: Sequence[Sequence[str]]) -> list[int]:
    lines, line = [], 2
    for row in rows:
        lines.append(line)
        line += 1 + sum(cell.count("\n") for cell in row)
    return lines


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    parents=parent_rows,
    children=child_rows,
    ending=st.sampled_from(["\n", "\r\n"]),
    scanned=st.sampled_from([(), ("parents",), ("children",), ("parents", "children")]),
    keys_apart=st.booleans(),
)
def test_engine_reports_what_the_reference_reports(
    tmp_path: Path,
    parents: list[list[str]],
    children: list[list[str]],
    ending: str,
    scanned: tuple[str, ...],
    keys_apart: bool,
) -> None:
    # Loaded or scanned from its file (as a large file is): references and keys are counted in other ways.
    tables = {"parents": parents, "children": children}
    assert engine_problems(tmp_path, tables, ending, scanned, keys_apart) == reference_problems(tables)


def test_every_rule_is_reported_where_the_reference_reports_it(tmp_path: Path) -> None:
    # One table that breaks every rule at least once: a rule switched off in the engine cannot hide here.
    rows = [[*(GOOD[f["name"]][1] for f in CHILD["fields"])]]
    for index, field in enumerate(CHILD["fields"]):
        for position, bad in enumerate(BAD[field["name"]]):
            row = [GOOD[f["name"]][1] for f in CHILD["fields"]]
            row[0], row[1] = "b", str(2 + (index * 10 + position) % 49)
            row[6] = f"k{index}-{position}"
            row[index] = bad
            rows.append(row)
    rows.append(list(rows[1]))  # a repeated primary key and code
    for position, code in enumerate(["", "", "n/a", "n/a"]):  # missing codes never repeat one another
        row = [GOOD[f["name"]][1] for f in CHILD["fields"]]
        row[0], row[1], row[6] = "c", str(40 + position), code
        rows.append(row)
    tables = {"parents": [["alpha", "x"], ["beta", ""], ["alpha", "again"]], "children": rows}
    expected = reference_problems(tables)
    rules = {rule for *_, rule in expected}
    assert rules >= {
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
        "primary-key",
        "unique",
        "foreign-key",
    }
    for scanned in [(), ("parents",), ("children",), ("parents", "children")]:
        for keys_apart in (False, True):
            assert engine_problems(tmp_path, tables, "\r\n", scanned, keys_apart) == expected, (scanned, keys_apart)
