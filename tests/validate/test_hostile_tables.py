"""Hostile table inputs: formula cells, wide cells against the model stage's byte budget, ambiguous zips,
problems past the cap, and an engine that fails (never reported as "valid")."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from indojp_data.validate import validate
from indojp_data.validate.package import MODEL_STAGE_BYTE_LIMIT
from tests.conftest import REPO
from tests.validate.test_validate import PACKAGE, rehash


def rows_of(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))


@pytest.fixture
def package(tmp_path: Path) -> Path:
    copy = tmp_path / "pkg"
    shutil.copytree(PACKAGE, copy)
    return copy


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@"])
def test_a_cell_a_spreadsheet_would_run_is_refused_as_build_refuses_it(package: Path, prefix: str) -> None:
    path = package / "data" / "sectors.csv"
    rows = rows_of(path)
    rows[2][rows[0].index("name")] = prefix + "HYPERLINK(1)"
    write_rows(path, rows)
    rehash(package)
    report = validate(package)
    assert report.exit_code == 1
    (problem,) = [p for p in report.problems if p.severity == "error"]
    assert (problem.rule, problem.line, problem.field) == ("formula", 3, "name")
    assert "formula" in problem.message


def test_wide_cells_skip_the_model_stage_with_a_warning_and_bounded_memory(package: Path, tmp_path: Path) -> None:
    # A few hundred rows of 512 KiB cells: past the model stage's byte budget, well within the cell limit.
    path = package / "data" / "unknowns.csv"
    rows = rows_of(path)
    reason = rows[0].index("reason")
    template = rows[1]
    count = MODEL_STAGE_BYTE_LIMIT // (512 * 1024) + 40
    for i in range(count):
        row = list(template)
        row[rows[0].index("field")] = f"field_{i}"
        row[reason] = "x" * (512 * 1024)
        rows.append(row)
    write_rows(path, rows)
    rehash(package)
    # The peak of this process's own memory image (VmHWM): ru_maxrss would also count the image of the
    # forked test runner before exec, which after a long test session is itself hundreds of MB.
    probe = (
        "import re, sys; from indojp_data.validate import validate; r = validate(sys.argv[1]); "
        "peak = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1); "
        "print(r.exit_code, ','.join(sorted({p.rule for p in r.problems})), int(peak) // 1024)"
    )
    out = subprocess.run([sys.executable, "-c", probe, str(package)], capture_output=True, text=True, check=True)
    code, rules, peak_mb = out.stdout.split()
    assert "model-rules-skipped" in rules.split(",")
    assert int(peak_mb) <= 500, f"peak RSS {peak_mb} MB"
    assert code in ("0", "1")  # the cross-record rules did not run; no internal error


def test_a_zip_holding_two_packages_is_refused_not_half_checked(tmp_path: Path) -> None:
    archive = tmp_path / "two.zip"
    with zipfile.ZipFile(archive, "w") as target:
        for folder in ("one", "two"):
            for path in sorted(PACKAGE.rglob("*")):
                if path.is_file():
                    target.write(path, f"{folder}/{path.relative_to(PACKAGE).as_posix()}")
    report = validate(archive)
    assert report.exit_code == 2 and not report.valid
    assert [p.rule for p in report.problems] == ["ambiguous-archive"]
    assert "2 data packages" in report.problems[0].message


def test_problems_past_the_cap_are_counted_not_located(package: Path) -> None:
    path = package / "data" / "citations.csv"
    rows = rows_of(path)
    position = rows[0].index("position")
    for number, row in enumerate(rows[1:]):
        row[position] = f"zero{number}"  # all distinct: no primary key repeats
    write_rows(path, rows)
    rehash(package)
    report = validate(package, max_problems=3)
    assert len(report.problems) == 3 and report.total == len(rows) - 1 and report.error_count == len(rows) - 1
    assert [p.line for p in report.problems] == [2, 3, 4]


def test_an_engine_failure_is_an_error_never_valid(package: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import duckdb

    from indojp_data.validate import engine

    def broken(self: engine.Engine, con: object, sql: str) -> object:
        raise duckdb.OutOfMemoryException("Out of Memory Error: simulated")

    monkeypatch.setattr(engine.Engine, "_execute", broken)
    report = validate(package)
    assert report.exit_code != 0
    assert {p.rule for p in report.problems} >= {"engine"}


def test_release_zip_with_the_package_at_its_root_is_checked_whole(tmp_path: Path) -> None:
    from indojp_data.release.make import make_release

    release = make_release(REPO, tmp_path)
    with zipfile.ZipFile(release) as archive:
        assert "datapackage.json" in archive.namelist()
        descriptor = json.loads(archive.read("datapackage.json"))
    report = validate(release)
    assert report.exit_code == 0, report.problems
    assert len(report.files) >= len(descriptor["resources"])
