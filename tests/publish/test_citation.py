"""CITATION.cff and the data licence: in step with the version, shipped in the wheel and the sdist."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
import yaml

from indojp_data import __version__
from indojp_data._version import RELEASE_DATE
from indojp_data.publish.datapackage import DATA_LICENSE
from tests.conftest import REPO


def test_citation_file_matches_the_version_and_the_data_licence() -> None:
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0"
    assert citation["type"] == "dataset"
    assert str(citation["version"]) == __version__, "update CITATION.cff with the version"
    assert str(citation["date-released"]) == RELEASE_DATE, "update CITATION.cff with the release date"
    assert citation["license"] == DATA_LICENSE["name"]
    descriptor_title = "India-Japan economic-security roadmap (New Delhi summit, 2 July 2026)"
    assert citation["title"] == descriptor_title
    # No identifier the project does not have: no DOI, repository or URL is recorded anywhere in it.
    assert not {"doi", "identifiers", "repository-code", "url", "repository"} & set(citation)


@pytest.mark.integration  # builds the wheel and the sdist
def test_wheel_and_sdist_carry_both_licences(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-t", "sdist", "-d", str(tmp_path)],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    (sdist,) = tmp_path.glob("*.tar.gz")
    wheel_names = zipfile.ZipFile(wheel).namelist()
    for name in ("LICENSE", "LICENSE-DATA"):
        assert any(n.endswith(f".dist-info/licenses/{name}") for n in wheel_names), name
    with tarfile.open(sdist) as archive:
        sdist_names = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    assert {"LICENSE", "LICENSE-DATA", "CITATION.cff"} <= sdist_names
