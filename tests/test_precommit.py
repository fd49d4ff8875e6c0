"""The pre-commit hook works in a downstream repository: passes on valid data, fails on a broken row."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

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
    # The hook repository is this project at its committed HEAD, as pre-commit installs it.
    revision = git("rev-parse", "HEAD", cwd=REPO).strip()
    downstream = tmp_path / "downstream"
    downstream.mkdir()
    git("init", "-q", cwd=downstream)
    shutil.copytree(REPO / "datapackage", downstream / "pkg")
    (downstream / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {REPO}\n    rev: {revision}\n    hooks:\n      - id: indojp-data-validate\n"
        "        args: [pkg]\n",
        encoding="utf-8",
    )
    git("add", "-A", cwd=downstream)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(PRE_COMMIT), "run", "--all-files"], cwd=downstream, env=env, capture_output=True, text=True
        )

    passed = run()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout

    quotes = downstream / "pkg" / "data" / "quotes.csv"
    quotes.write_bytes(quotes.read_bytes().replace(b"younger-sister,narendra-modi", b"younger-sister,nobody"))
    failed = run()
    assert failed.returncode != 0
    assert "pkg/data/quotes.csv:2:2: error [foreign-key] speaker" in failed.stdout
