"""The wheel and the sdist as a package index shows them: licence, description, and what the sdist holds."""

from __future__ import annotations

import email
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.integration  # builds distributions with hatchling (dev extras)

SDIST_TOP = {"src", "schema", "README.md", "CHANGELOG.md", "CITATION.cff", "LICENSE", "LICENSE-DATA", "pyproject.toml"}
"""What the sdist holds at its root, besides the PKG-INFO and .gitignore hatchling adds: what builds the wheel."""


def build(project: Path, out: Path, *targets: str) -> list[Path]:
    """Build ``targets`` (sdist, wheel) of ``project`` into ``out``; return them in that order."""
    command = [sys.executable, "-m", "hatchling", "build", "-d", str(out)]
    for target in targets:
        command += ["-t", target]
    subprocess.run(command, cwd=project, check=True, capture_output=True)
    suffixes = {"sdist": ".tar.gz", "wheel": ".whl"}
    return [next(out.glob(f"*{suffixes[target]}")) for target in targets]


@pytest.fixture(scope="module")
def copy_with_strays(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the checkout with an unpacked release under dist/ and other strays deeper in the tree."""
    project = tmp_path_factory.mktemp("project") / "indojp-data"
    ignore = shutil.ignore_patterns(".git", ".venv", "dist", "site", "node_modules", "__pycache__", ".*_cache")
    shutil.copytree(REPO, project, ignore=ignore)
    stray = project / "dist" / "indojp-data-0.2.0"
    (stray / "schema" / "0.2.0").mkdir(parents=True)
    (stray / "schema" / "0.2.0" / "stray.json").write_text("{}")
    (stray / "README.md").write_text("stray")
    (project / "docs" / "src").mkdir()
    (project / "docs" / "src" / "stray.py").write_text("")
    return project


@pytest.fixture(scope="module")
def sdist_names(copy_with_strays: Path, tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    (sdist,) = build(copy_with_strays, tmp_path_factory.mktemp("sdist"), "sdist")
    with tarfile.open(sdist) as archive:
        return {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}


def test_sdist_holds_only_what_builds_the_wheel_anchored_at_the_root(sdist_names: set[str]) -> None:
    assert {name.split("/", 1)[0] for name in sdist_names} == SDIST_TOP | {"PKG-INFO", ".gitignore"}
    assert not [name for name in sdist_names if "stray" in name]
    assert not [name for name in sdist_names if name.startswith("tests/")]  # the tests run from a clone
    assert "schema/0.1.0/dataset.schema.json" in sdist_names and "src/indojp_data/py.typed" in sdist_names


def test_wheel_built_from_the_sdist_is_the_wheel_built_from_the_checkout(tmp_path: Path) -> None:
    (sdist, wheel) = build(REPO, tmp_path / "dist", "sdist", "wheel")
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path / "unpacked", filter="data")
    (unpacked,) = (tmp_path / "unpacked").iterdir()
    (again,) = build(unpacked, tmp_path / "again", "wheel")
    assert sorted(zipfile.ZipFile(again).namelist()) == sorted(zipfile.ZipFile(wheel).namelist())


def test_index_metadata_declares_both_licences_and_a_true_description(tmp_path: Path) -> None:
    (sdist, wheel) = build(REPO, tmp_path, "sdist", "wheel")
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        wheel_metadata = email.message_from_bytes(archive.read(name))
    with tarfile.open(sdist) as archive:
        (member,) = [m for m in archive.getmembers() if m.name.count("/") == 1 and m.name.endswith("/PKG-INFO")]
        extracted = archive.extractfile(member)
        assert extracted is not None
        sdist_metadata = email.message_from_bytes(extracted.read())
    for metadata in (wheel_metadata, sdist_metadata):
        assert metadata["License-Expression"] == "MIT AND CC-BY-4.0"  # the code, and the data the wheel ships
        assert sorted(metadata.get_all("License-File") or []) == ["LICENSE", "LICENSE-DATA"]
        payload = metadata.get_payload(decode=True)
        assert isinstance(payload, bytes)
        description = payload.decode("utf-8")
        assert description == (REPO / "README.md").read_text(encoding="utf-8")
        # Shown on an index, it must not say the package is on none.
        for claim in ("not on any package index", "no package index", "not on a package index"):
            assert claim not in description
