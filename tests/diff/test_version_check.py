"""scripts/check_release_version.py: CI fails when the declared version is lower than the changes require.

Each test builds a small project (the current data package and schemas, and release snapshots under
``releases/``) and runs the script with a chosen declared version, so the version rule is tested on both
sides of 1.0.0 whatever the package's own version is.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Literal

import pytest

from indojp_data import __version__
from tests.conftest import REPO

Change = Literal["none", "row-added", "row-removed"]


def drop_last_sector(package: Path) -> None:
    """Remove the last row of ``sectors.csv`` (no other table references it)."""
    path = package / "data/sectors.csv"
    lines = path.read_bytes().split(b"\r\n")
    path.write_bytes(b"\r\n".join([*lines[:-2], b""]))


def project(tmp_path: Path, releases: dict[str, Change], declared: str) -> Path:
    """A project whose current data is the repository's, with one snapshot per release.

    ``releases`` maps each recorded version to how the current data differs from its snapshot:
    ``none`` (the same data), ``row-added`` (the snapshot lacks the last sector: a minor change since)
    or ``row-removed`` (the snapshot has the last sector, the current data does not: a major change
    since). Every version gets the current schemas.
    """
    root = tmp_path / "project"
    (root / "scripts").mkdir(parents=True)
    shutil.copy(REPO / "scripts/check_release_version.py", root / "scripts")
    current = root / "datapackage"
    shutil.copytree(REPO / "datapackage", current)
    if "row-removed" in releases.values():
        drop_last_sector(current)
    for version in {*releases, declared}:
        shutil.copytree(REPO / f"schema/{__version__}", root / f"schema/{version}")
    for version, change in releases.items():
        snapshot = root / "releases" / version
        shutil.copytree(REPO / "datapackage" if change == "row-removed" else current, snapshot)
        if change == "row-added":
            drop_last_sector(snapshot)
    return root


def run(root: Path, declared: str) -> subprocess.CompletedProcess[str]:
    """Run the project's script as if the package declared ``declared``."""
    script = root / "scripts/check_release_version.py"
    code = (
        "import runpy, sys, indojp_data\n"
        f"indojp_data.__version__ = {declared!r}\n"
        f"sys.argv = [{str(script)!r}]\n"
        f"runpy.run_path({str(script)!r}, run_name='__main__')\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def check(tmp_path: Path, releases: dict[str, Change], declared: str) -> subprocess.CompletedProcess[str]:
    return run(project(tmp_path, releases, declared), declared)


def test_unchanged_release_passes(tmp_path: Path) -> None:
    result = check(tmp_path, {"0.2.0": "none"}, "0.2.0")
    assert result.returncode == 0, result.stdout
    assert "require: none" in result.stdout


def test_a_released_version_must_not_change(tmp_path: Path) -> None:
    result = check(tmp_path, {"0.2.0": "row-added"}, "0.2.0")
    assert result.returncode == 1
    assert "changed after it was recorded" in result.stdout


def test_declared_version_lower_than_the_last_release(tmp_path: Path) -> None:
    result = check(tmp_path, {"0.2.1": "none"}, "0.2.0")
    assert result.returncode == 1
    assert "is lower than the last release" in result.stdout


# Initial development (major version 0): major -> next minor, minor or patch -> next patch.


@pytest.mark.parametrize("declared", ["0.2.0", "0.2.1", "0.3.0", "1.0.0"])
def test_before_1_0_0_a_major_change_needs_the_next_minor_version(tmp_path: Path, declared: str) -> None:
    result = check(tmp_path, {"0.1.0": "row-removed"}, declared)
    assert "require: major" in result.stdout
    assert "required version: 0.2.0 or higher (major version 0:" in result.stdout
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("declared", ["0.1.1", "0.1.9"])
def test_before_1_0_0_a_patch_release_does_not_cover_a_major_change(tmp_path: Path, declared: str) -> None:
    result = check(tmp_path, {"0.1.0": "row-removed"}, declared)
    assert result.returncode == 1, result.stdout
    assert "must be at least 0.2.0" in result.stdout


def test_before_1_0_0_a_minor_change_needs_only_the_next_patch_version(tmp_path: Path) -> None:
    result = check(tmp_path, {"0.1.0": "row-added"}, "0.1.1")
    assert "require: minor" in result.stdout
    assert "required version: 0.1.1 or higher" in result.stdout
    assert result.returncode == 0, result.stdout


# From 1.0.0 on: semver's usual rules.


def test_from_1_0_0_a_major_change_needs_the_next_major_version(tmp_path: Path) -> None:
    assert check(tmp_path / "a", {"1.1.0": "row-removed"}, "2.0.0").returncode == 0
    result = check(tmp_path / "b", {"1.1.0": "row-removed"}, "1.2.0")
    assert "required version: 2.0.0 or higher (semver:" in result.stdout
    assert result.returncode == 1, result.stdout
    assert "must be at least 2.0.0" in result.stdout


def test_from_1_0_0_a_minor_change_needs_the_next_minor_version(tmp_path: Path) -> None:
    assert check(tmp_path / "a", {"1.1.0": "row-added"}, "1.2.0").returncode == 0
    result = check(tmp_path / "b", {"1.1.0": "row-added"}, "1.1.1")
    assert result.returncode == 1, result.stdout
    assert "must be at least 1.2.0" in result.stdout


# The last recorded release is checked against the one before it.


def test_the_recorded_release_states_the_version_it_required(tmp_path: Path) -> None:
    # 0.1.0 had the last sector, 0.2.0 (and the current data) does not: a major change, 0.2.0 suffices.
    result = check(tmp_path, {"0.1.0": "row-removed", "0.2.0": "none"}, "0.2.0")
    assert result.returncode == 0, result.stdout
    assert "release 0.2.0 against the release before it, 0.1.0: changes require: major" in result.stdout
    assert "required version: 0.2.0 or higher" in result.stdout


def test_a_recorded_release_with_too_low_a_version_fails(tmp_path: Path) -> None:
    result = check(tmp_path, {"0.1.0": "row-removed", "0.1.1": "none"}, "0.1.1")
    assert result.returncode == 1, result.stdout
    assert "release 0.1.1 was recorded with too low a version" in result.stdout


def test_the_repository_passes_and_names_the_version_its_last_release_required() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts/check_release_version.py")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout
    assert f"last release {__version__}, declared {__version__}, changes since require: none" in result.stdout
    assert "required version: " in result.stdout
