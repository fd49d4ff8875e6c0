"""A clone with nothing beside it: the tests that need the source article skip and say why, unless required."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.conftest import REPO, REQUIRE_SOURCE

SEEDED = ["tests/model/test_facts.py::test_source_file_is_the_one_curated", "tests/model/test_corrections.py"]


def run_alone(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run the seeded tests in a copy of the checkout with no ``../shared`` beside it."""
    clone = tmp_path / "clone"
    ignore = shutil.ignore_patterns(".git", ".venv", "dist", "site", "node_modules", "__pycache__", ".*_cache")
    shutil.copytree(REPO, clone, ignore=ignore)
    assert not (tmp_path / "shared").exists()
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SEEDED]
    return subprocess.run(command, cwd=clone, env=env, capture_output=True, text=True, timeout=300)


def test_without_the_source_article_its_tests_skip_saying_why(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != REQUIRE_SOURCE}
    result = run_alone(tmp_path, env)
    assert result.returncode == 0, result.stdout + result.stderr
    summary = result.stdout.splitlines()[-1]
    assert " skipped" in summary and " passed" in summary, summary  # the other corrections tests still run
    assert "the source article is not beside this clone" in result.stdout  # -ra prints the reason


def test_ci_turns_a_missing_source_article_into_a_failure(tmp_path: Path) -> None:
    result = run_alone(tmp_path, {**os.environ, REQUIRE_SOURCE: "1"})
    assert result.returncode == 1, result.stdout + result.stderr
    summary = result.stdout.splitlines()[-1]
    assert " error" in summary and "skipped" not in summary, summary
    assert f"{REQUIRE_SOURCE}=1 requires them" in result.stdout
    assert f"export {REQUIRE_SOURCE}=1" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_the_test_extra_is_lean() -> None:
    """The README's test command installs the `test` extra: no documentation site, linters or peer readers."""
    extras = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    names = {requirement.split(">")[0] for requirement in extras["test"]}
    # The package's own extras (its engine, the build's code lists) and the test tools, nothing more.
    assert names == {"indojp-data[tools,build]", "pytest", "pytest-xdist", "hypothesis", "jsonschema", "dplib-py"}
    assert "indojp-data[test]" in extras["dev"]
