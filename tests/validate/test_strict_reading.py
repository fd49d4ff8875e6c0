"""The validator reads exactly the files it names, and never accepts what the exact reader rejects (issue 19)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indojp_data.validate import validate
from tests.validate.test_validate import PACKAGE, rehash

DUPLICATE_JAPAN = b"JP,Japan\r\n"


def _copy(tmp_path: Path, name: str, broken: bool) -> Path:
    copy = tmp_path / name
    shutil.copytree(PACKAGE, copy)
    if broken:
        with (copy / "data" / "countries.csv").open("ab") as stream:
            stream.write(DUPLICATE_JAPAN)
        rehash(copy)
    return copy


@pytest.mark.parametrize("name", ["pkg[1]", "pkg?", "pkg*", "p[!x]g1"])
@pytest.mark.parametrize("named_is_broken", [True, False])
def test_a_package_folder_is_read_by_its_name_not_as_a_pattern(
    tmp_path: Path, name: str, named_is_broken: bool
) -> None:
    named = _copy(tmp_path / "a", name, broken=named_is_broken)
    # Beside it, a folder the name matches as a glob pattern, with the opposite verdict.
    _copy(tmp_path / "a", "pkg1", broken=not named_is_broken)
    report = validate(named)
    if named_is_broken:
        (problem,) = report.problems
        assert (problem.file, problem.rule, problem.line) == (str(named / "data" / "countries.csv"), "primary-key", 4)
    else:
        assert report.exit_code == 0, report.problems


@pytest.mark.parametrize("name", ["countries[1].csv", "countries?.csv", "countries*.csv"])
def test_a_single_csv_is_read_by_its_name_not_as_a_pattern(tmp_path: Path, name: str) -> None:
    good = (PACKAGE / "data" / "countries.csv").read_bytes()
    (tmp_path / name).write_bytes(good)
    (tmp_path / "countries1.csv").write_bytes(good + DUPLICATE_JAPAN)
    assert validate(tmp_path / name, resource="countries").exit_code == 0
    (tmp_path / name).write_bytes(good + DUPLICATE_JAPAN)
    (tmp_path / "countries1.csv").write_bytes(good)
    (problem,) = validate(tmp_path / name, resource="countries").problems
    assert (problem.rule, problem.line) == ("primary-key", 4)
