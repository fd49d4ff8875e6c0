"""The release workflow passes two real linters, which do catch a broken workflow."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.integration  # zizmor and check-jsonschema (dev extras)

BIN = Path(sys.executable).parent
WORKFLOW = REPO / ".github/workflows/release.yml"


def lint(path: Path) -> list[int]:
    zizmor = subprocess.run(
        [str(BIN / "zizmor"), "--offline", "--config", str(REPO / ".github/zizmor.yml"), str(path)],
        capture_output=True,
        text=True,
    )
    schema = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
    )
    return [zizmor.returncode, schema.returncode]


def test_release_workflow_lints_clean() -> None:
    assert lint(WORKFLOW) == [0, 0]


def test_linters_catch_a_broken_workflow(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    text = WORKFLOW.read_text(encoding="utf-8")
    bad.write_text(text.replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest"), encoding="utf-8")
    assert lint(bad)[1] != 0
    injected = tmp_path / "injected.yml"
    injected.write_text(
        text.replace('"$TAG" = "v$version"', '"${{ github.ref_name }}" = "v$version"'), encoding="utf-8"
    )
    assert lint(injected)[0] != 0
