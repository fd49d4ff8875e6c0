"""scripts/check_release_version.py: CI fails when the declared version is lower than the changes require."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from indojp_data import __version__
from indojp_data.diffing import Version
from tests.conftest import REPO


def project(tmp_path: Path, release: str, change_release: bool) -> Path:
    root = tmp_path / "project"
    (root / "scripts").mkdir(parents=True)
    shutil.copy(REPO / "scripts/check_release_version.py", root / "scripts")
    shutil.copytree(REPO / "datapackage", root / "datapackage")
    shutil.copytree(REPO / f"schema/{__version__}", root / f"schema/{__version__}")
    shutil.copytree(REPO / f"schema/{__version__}", root / f"schema/{release}", dirs_exist_ok=True)
    snapshot = root / "releases" / release
    shutil.copytree(REPO / "datapackage", snapshot)
    if change_release:  # the recorded release lacks the last sector: the current data adds a row
        path = snapshot / "data/sectors.csv"
        lines = path.read_bytes().split(b"\r\n")
        path.write_bytes(b"\r\n".join([*lines[:-2], b""]))
    return root


def run(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(root / "scripts/check_release_version.py")], capture_output=True, text=True
    )


def test_unchanged_release_passes(tmp_path: Path) -> None:
    result = run(project(tmp_path, __version__, change_release=False))
    assert result.returncode == 0, result.stdout
    assert "require: none" in result.stdout


def test_a_released_version_must_not_change(tmp_path: Path) -> None:
    result = run(project(tmp_path, __version__, change_release=True))
    assert result.returncode == 1
    assert "changed after it was recorded" in result.stdout


def test_declared_version_high_enough(tmp_path: Path) -> None:
    result = run(project(tmp_path, "0.9.0", change_release=True))  # rows added: minor; 0.9.0 -> 0.10.0 is enough
    assert result.returncode == 0, result.stdout
    assert "require: minor" in result.stdout


def test_a_major_change_needs_a_new_major_version_even_before_1_0_0(tmp_path: Path) -> None:
    root = project(tmp_path, "0.9.0", change_release=False)
    # Remove a row from the current data: a major change; from 0.9.0 it requires 1.0.0, not 0.10.0.
    path = root / "datapackage/data/sectors.csv"
    lines = path.read_bytes().split(b"\r\n")
    path.write_bytes(b"\r\n".join([*lines[:-2], b""]))
    result = run(root)
    assert "require: major" in result.stdout
    assert result.returncode == (0 if Version.parse(__version__) >= Version.parse("1.0.0") else 1), result.stdout


def test_declared_version_lower_than_the_last_release(tmp_path: Path) -> None:
    newer = Version.parse(__version__)
    result = run(project(tmp_path, f"{newer.major}.{newer.minor}.{newer.patch + 1}", change_release=False))
    assert result.returncode == 1
    assert "is lower than the last release" in result.stdout
