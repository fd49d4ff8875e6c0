"""scripts/check_release_version.py: CI fails when the declared version is lower than the changes require."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def project(tmp_path: Path, release: str, change_release: bool) -> Path:
    root = tmp_path / "project"
    (root / "scripts").mkdir(parents=True)
    shutil.copy(REPO / "scripts/check_release_version.py", root / "scripts")
    shutil.copytree(REPO / "datapackage", root / "datapackage")
    shutil.copytree(REPO / "schema/0.1.0", root / "schema/0.1.0")
    shutil.copytree(REPO / "schema/0.1.0", root / f"schema/{release}", dirs_exist_ok=True)
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
    result = run(project(tmp_path, "0.1.0", change_release=False))
    assert result.returncode == 0, result.stdout
    assert "require: none" in result.stdout


def test_a_released_version_must_not_change(tmp_path: Path) -> None:
    result = run(project(tmp_path, "0.1.0", change_release=True))
    assert result.returncode == 1
    assert "changed after it was recorded" in result.stdout


def test_declared_version_high_enough(tmp_path: Path) -> None:
    result = run(project(tmp_path, "0.0.9", change_release=True))  # rows added: minor; 0.0.9 -> 0.1.0 is enough
    assert result.returncode == 0, result.stdout
    assert "require: minor" in result.stdout


def test_declared_version_too_low(tmp_path: Path) -> None:
    root = project(tmp_path, "0.0.9", change_release=False)
    # Remove a row from the current data instead: that is a major change, which 0.1.0 does not cover.
    path = root / "datapackage/data/sectors.csv"
    lines = path.read_bytes().split(b"\r\n")
    path.write_bytes(b"\r\n".join([*lines[:-2], b""]))
    result = run(root)
    assert result.returncode == 1
    assert "major" in result.stdout
