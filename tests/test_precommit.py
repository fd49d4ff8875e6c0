"""The pre-commit hook works in a downstream repository: passes on valid data, fails on a broken row."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from indojp_data._version import __version__
from tests.conftest import REPO

pytestmark = pytest.mark.integration  # pre-commit installs the hook from a clone (dev extras)

PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


def git(*args: str, cwd: Path) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
    }
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def test_pre_commit_hook_in_a_downstream_repository(tmp_path: Path) -> None:
    # The documented .pre-commit-config.yaml, as written, in a repository beside a clone of this project
    # (its committed HEAD) that carries the release tag the snippet names.
    clone = tmp_path / "indojp-data"
    git("clone", "-q", str(REPO), str(clone), cwd=tmp_path)
    git("tag", "-f", f"v{__version__}", cwd=clone)
    downstream = tmp_path / "downstream"
    downstream.mkdir()
    git("init", "-q", cwd=downstream)
    shutil.copytree(REPO / "datapackage", downstream / "datapackage")
    shutil.copy(REPO / "docs" / "snippets" / "pre-commit-config.yaml", downstream / ".pre-commit-config.yaml")
    git("add", "-A", cwd=downstream)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(PRE_COMMIT), "run", "--all-files"], cwd=downstream, env=env, capture_output=True, text=True
        )

    passed = run()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout

    quotes = downstream / "datapackage" / "data" / "quotes.csv"
    quotes.write_bytes(quotes.read_bytes().replace(b"younger-sister,narendra-modi", b"younger-sister,nobody"))
    failed = run()
    assert failed.returncode != 0
    assert "datapackage/data/quotes.csv:2:2: error [foreign-key] speaker" in failed.stdout
