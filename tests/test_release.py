"""`indojp-data release`: a verified, reproducible bundle."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

import indojp_data
from indojp_data.release import ReleaseError, make_release, verify_release
from tests.conftest import REPO

BUNDLE_INPUTS = ("README.md", "CHANGELOG.md", "LICENSE", "LICENSE-DATA", "datapackage", "schema")


def project_copy(where: Path) -> Path:
    where.mkdir(parents=True)
    for name in BUNDLE_INPUTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, where / name)
        else:
            shutil.copy2(source, where / name)
    return where


def test_release_contents(tmp_path: Path) -> None:
    path = make_release(REPO, tmp_path)
    assert path.name == f"indojp-data-{indojp_data.__version__}.zip"
    top = f"indojp-data-{indojp_data.__version__}"
    names = zipfile.ZipFile(path).namelist()
    for expected in (
        "datapackage.json",
        "data/quotes.csv",
        "data/dataset.json",
        "SHA256SUMS",
        "README.md",
        "CHANGELOG.md",
        "LICENSE",
        "LICENSE-DATA",
        f"schema/{indojp_data.__version__}/dataset.schema.json",
    ):
        assert f"{top}/{expected}" in names, expected
    assert names == sorted(names)


def test_release_is_byte_identical_across_runs_and_checkouts(tmp_path: Path) -> None:
    first = make_release(REPO, tmp_path / "one").read_bytes()
    second = make_release(REPO, tmp_path / "two").read_bytes()
    elsewhere = project_copy(tmp_path / "other" / "checkout")
    for path in elsewhere.rglob("*"):  # different mtimes and modes, as on another machine
        path.chmod(0o700 if path.is_dir() else 0o600)
    third = make_release(elsewhere, tmp_path / "three").read_bytes()
    assert first == second == third


def test_checksums_verify_with_sha256sum(tmp_path: Path) -> None:
    path = make_release(REPO, tmp_path)
    with zipfile.ZipFile(path) as archive:
        archive.extractall(tmp_path / "x")
    top = next((tmp_path / "x").iterdir())
    result = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=top, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": OK") == len(list(p for p in top.rglob("*") if p.is_file())) - 1


def test_tampered_bundle_fails_verification(tmp_path: Path) -> None:
    path = make_release(REPO, tmp_path)
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(tampered, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("data/sectors.csv"):
                data = data.replace(b"clean energy", b"clean enerGy")
            target.writestr(info, data)
    with pytest.raises(ReleaseError, match=r"sectors\.csv: checksum mismatch"):
        verify_release(tampered)


def test_release_refuses_stale_generated_files(tmp_path: Path) -> None:
    root = project_copy(tmp_path / "p")
    (root / "datapackage/data/persons.csv").write_text("stale", encoding="utf-8")
    with pytest.raises(ReleaseError, match="out of date"):
        make_release(root, tmp_path / "out")
    assert not (tmp_path / "out" / f"indojp-data-{indojp_data.__version__}.zip").exists()


def test_release_needs_its_documents(tmp_path: Path) -> None:
    root = project_copy(tmp_path / "p")
    (root / "LICENSE-DATA").unlink()
    with pytest.raises(ReleaseError, match="LICENSE-DATA: missing"):
        make_release(root, tmp_path / "out")
    assert list((tmp_path / "out").glob("*")) == []
