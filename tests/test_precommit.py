"""The CI page's pre-commit recipe works in a downstream repository: passes on valid data, fails on a bad row."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

pytestmark = pytest.mark.integration  # pre-commit installs the hook from a clone (dev extras)

PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
SNIPPETS = REPO / "docs" / "snippets"


def git(*args: str, cwd: Path) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
    }
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def test_pre_commit_recipe_as_the_page_shows_it(tmp_path: Path) -> None:
    # The documented .pre-commit-config.yaml and commands, as written, in a repository beside a plain clone
    # of this project (its committed HEAD, no tag added): the recipe works against the repository as it is.
    clone = tmp_path / "indojp-data"
    git("clone", "-q", str(REPO), str(clone), cwd=tmp_path)
    downstream = tmp_path / "downstream"
    downstream.mkdir()
    git("init", "-q", cwd=downstream)
    shutil.copytree(REPO / "datapackage", downstream / "datapackage")
    shutil.copy(SNIPPETS / "pre-commit-config.yaml", downstream / ".pre-commit-config.yaml")
    git("add", "-A", cwd=downstream)
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "PATH": f"{PRE_COMMIT.parent}{os.pathsep}{os.environ['PATH']}",
    }
    commands = [line for line in (SNIPPETS / "pre-commit.sh").read_text(encoding="utf-8").splitlines()]
    commands = [line for line in commands if line and not line.startswith("#")]
    assert commands[-1] == "pre-commit run --all-files"

    def run(command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["bash", "-e", "-c", command], cwd=downstream, env=env, capture_output=True, text=True)

    for command in commands:
        done = run(command)
        assert done.returncode == 0, command + done.stdout + done.stderr
    head = git("rev-parse", "HEAD", cwd=clone).strip()
    config = yaml.safe_load((downstream / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert config["repos"][0]["rev"] == head  # pinned to a commit: pre-commit no longer warns
    assert "Passed" in done.stdout and "mutable reference" not in done.stdout + done.stderr

    quotes = downstream / "datapackage" / "data" / "quotes.csv"
    quotes.write_bytes(quotes.read_bytes().replace(b"younger-sister,narendra-modi", b"younger-sister,nobody"))
    failed = run(commands[-1])
    assert failed.returncode != 0
    assert "datapackage/data/quotes.csv:2:2: error [foreign-key] speaker" in failed.stdout
