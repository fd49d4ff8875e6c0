"""Fixtures for the documentation tests: a release bundle built from this checkout, and snippet runners."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest

from indojp_data import __version__
from indojp_data.release.make import make_release

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
SNIPPETS = DOCS / "snippets"
NODE_BIN = REPO / "tests" / "docs" / "node_modules" / ".bin"
BUNDLE_NAME = f"indojp-data-{__version__}"


def tool_env() -> dict[str, str]:
    """The environment snippets run in: this interpreter's scripts (python, indojp-data) and ajv first."""
    path = os.pathsep.join([str(Path(sys.executable).parent), str(NODE_BIN), os.environ.get("PATH", "")])
    return {**os.environ, "PATH": path, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "NO_COLOR": "1"}


def run(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in ``cwd`` and capture its output as text; never raises for a non-zero exit."""
    return subprocess.run(
        list(command),
        cwd=cwd,
        env=env or tool_env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        stdin=subprocess.DEVNULL,
        timeout=600,
    )


def expected(name: str) -> str:
    """The output a page shows for a snippet: ``docs/snippets/<name>``."""
    return (SNIPPETS / name).read_text(encoding="utf-8")


REGENERATE = os.environ.get("INDOJP_REGENERATE_SNIPPETS") == "1"
"""Set by ``scripts/regenerate_snippet_outputs.py``: write the outputs instead of comparing them."""


def shows(actual: str, name: str) -> bool:
    """Check that ``actual`` is the output the page shows (``docs/snippets/<name>``), byte for byte.

    Under ``INDOJP_REGENERATE_SNIPPETS=1`` the file is rewritten with ``actual`` instead.
    """
    if REGENERATE:
        (SNIPPETS / name).write_text(actual, encoding="utf-8", newline="")
        return True
    assert actual == expected(name), f"docs/snippets/{name} drifted: run python scripts/regenerate_snippet_outputs.py"
    return True


def require(tool: str, install: str) -> str:
    """Return the path of ``tool``; fail (never skip) when it is not installed."""
    found = shutil.which(tool, path=tool_env()["PATH"])
    assert found is not None, f"{tool} is not installed; the documentation shows it, so the test needs it: {install}"
    return found


@pytest.fixture(scope="session")
def release_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The release zip, built and verified from this checkout by the package's own release code."""
    return make_release(REPO, tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="session")
def bundle(release_zip: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The release unzipped into a folder named like it (``indojp-data-<version>/``); read-only by convention."""
    where = tmp_path_factory.mktemp("unzipped") / BUNDLE_NAME
    with zipfile.ZipFile(release_zip) as archive:
        archive.extractall(where)
    return where


@pytest.fixture
def bundle_copy(bundle: Path, tmp_path: Path) -> Path:
    """A writable copy of the unzipped release folder."""
    return Path(shutil.copytree(bundle, tmp_path / BUNDLE_NAME))
