"""`indojp-data release`: a verified, reproducible bundle."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import indojp_data
import indojp_data._version
from indojp_data.release.make import ReleaseError, make_release, side_files, verify_release
from tests.conftest import REPO

BUNDLE_INPUTS = ("README.md", "CHANGELOG.md", "CITATION.cff", "LICENSE", "LICENSE-DATA", "datapackage", "schema")
# The other generated files a checkout holds: the records validated for load() (checked, not bundled).
MODEL_FILES = ("src/indojp_data/model/validated.json", "src/indojp_data/model/validated.json.sha256")


def project_copy(where: Path) -> Path:
    where.mkdir(parents=True)
    for name in BUNDLE_INPUTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, where / name)
        else:
            shutil.copy2(source, where / name)
    for name in MODEL_FILES:
        (where / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, where / name)
    return where


def test_release_contents(tmp_path: Path) -> None:
    path = make_release(REPO, tmp_path)
    assert path.name == f"indojp-data-{indojp_data.__version__}.zip"
    names = zipfile.ZipFile(path).namelist()
    for expected in (
        "datapackage.json",
        "croissant.json",
        "croissant/codelist_countries.json",
        "CITATION.cff",
        "data/quotes.csv",
        "data/dataset.json",
        "SHA256SUMS",
        "README.md",
        "CHANGELOG.md",
        "LICENSE",
        "LICENSE-DATA",
        f"schema/{indojp_data.__version__}/dataset.schema.json",
    ):
        assert expected in names, expected  # at the archive root: the zip is the data package
    assert names == sorted(names)


def test_release_is_byte_identical_across_runs_and_checkouts(tmp_path: Path) -> None:
    first = make_release(REPO, tmp_path / "one").read_bytes()
    second = make_release(REPO, tmp_path / "two").read_bytes()
    elsewhere = project_copy(tmp_path / "other" / "checkout")
    for path in elsewhere.rglob("*"):  # different mtimes and modes, as on another machine
        path.chmod(0o700 if path.is_dir() else 0o600)
    third = make_release(elsewhere, tmp_path / "three").read_bytes()
    assert first == second == third
    # Every file beside the zip too, on this machine (same DuckDB and SQLite); the index says which files
    # are byte-identical everywhere and which only in content (see tests/test_export.py).
    for name in side_files():
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "three" / name).read_bytes(), name


def test_checksums_verify_with_sha256sum(tmp_path: Path) -> None:
    path = make_release(REPO, tmp_path)
    with zipfile.ZipFile(path) as archive:
        archive.extractall(tmp_path / "x")
    top = tmp_path / "x"
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
    with pytest.raises(ReleaseError, match=r"validator refuses it .*\[checksum\] data/sectors\.csv"):
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


@pytest.mark.integration  # frictionless (dev extras)
def test_frictionless_opens_the_zip_and_checks_every_resource(tmp_path: Path) -> None:
    import frictionless

    path = make_release(REPO, tmp_path)
    descriptor = json.loads((REPO / "datapackage" / "datapackage.json").read_text(encoding="utf-8"))
    package = frictionless.Package(str(path))
    assert [r.name for r in package.resources] == [r["name"] for r in descriptor["resources"]]
    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert sorted(task.name for task in report.tasks) == sorted(r["name"] for r in descriptor["resources"])
    cli = subprocess.run([sys.executable, "-m", "frictionless", "validate", str(path)], capture_output=True, text=True)
    assert cli.returncode == 0 and cli.stdout.count("VALID") == len(descriptor["resources"]), cli.stdout


def test_our_validator_accepts_the_zip(tmp_path: Path) -> None:
    path = make_release(REPO, tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "indojp_data", "validate", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_checksum_file_beside_the_zip_verifies_every_release_file(tmp_path: Path) -> None:
    make_release(REPO, tmp_path)
    sums = f"indojp-data-{indojp_data.__version__}.SHA256SUMS"
    result = subprocess.run(["sha256sum", "--check", "--strict", sums], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    listed = sorted(line.split(": ")[0] for line in result.stdout.splitlines())
    assert listed == sorted({p.name for p in tmp_path.iterdir()} - {sums, "releases.json"})
    assert len(listed) == 4


def test_release_index_lists_every_file_and_keeps_earlier_releases(tmp_path: Path) -> None:
    root = project_copy(tmp_path / "p")
    (root / "releases").mkdir()
    earlier = {"version": "0.0.1", "date": "2000-01-01", "files": [], "writers": {}}
    (root / "releases" / "index.json").write_text(json.dumps({"name": "indojp-data", "releases": [earlier]}))
    make_release(root, tmp_path / "out", record_index=True)
    index = json.loads((tmp_path / "out" / "releases.json").read_text(encoding="utf-8"))
    assert (root / "releases" / "index.json").read_text(encoding="utf-8") == json.dumps(index, indent=2) + "\n"
    assert [r["version"] for r in index["releases"]] == ["0.0.1", indojp_data.__version__]
    entry = index["releases"][-1]
    assert entry["date"] == indojp_data._version.RELEASE_DATE
    files = {f["name"]: f for f in entry["files"]}
    assert sorted(files) == sorted(
        {p.name for p in (tmp_path / "out").iterdir()}
        - {"releases.json"}
        - {f"indojp-data-{indojp_data.__version__}.SHA256SUMS"}
    )
    for name, item in files.items():
        data = (tmp_path / "out" / name).read_bytes()
        assert (item["bytes"], item["sha256"]) == (len(data), hashlib.sha256(data).hexdigest())
    assert files[f"indojp-data-{indojp_data.__version__}.zip"]["reproducible"] == "bytes"
    assert files[f"indojp-data-{indojp_data.__version__.replace('.', '_')}.sqlite"]["reproducible"] == "content"
    assert set(entry["writers"]) == {"duckdb", "sqlite"}
    # Releasing again replaces this version's entry rather than adding a second one.
    make_release(root, tmp_path / "again", record_index=True)
    again = json.loads((tmp_path / "again" / "releases.json").read_text(encoding="utf-8"))
    assert [r["version"] for r in again["releases"]] == ["0.0.1", indojp_data.__version__]


def test_get_the_data_page_goes_out_of_date_when_a_bundled_file_changes(tmp_path: Path) -> None:
    """The page prints the zip's SHA-256: after an edit to CHANGELOG.md, the docs check fails until rewritten."""
    from docsgen.__main__ import main as docsgen
    from docsgen.pages import render_pages
    from indojp_data.publish import build
    from indojp_data.publish.names import bundle_name
    from indojp_data.release.make import bundle_files, zip_bytes

    root = project_copy(tmp_path / "checkout")
    shutil.copytree(REPO / "docs-templates", root / "docs-templates")
    shutil.copytree(REPO / "docs", root / "docs")
    generated = build.render()
    assert docsgen(["--check", "--root", str(root)]) == 0
    with (root / "CHANGELOG.md").open("a", encoding="utf-8") as changelog:
        changelog.write("\n- An entry written after the last build.\n")
    assert docsgen(["--check", "--root", str(root)]) == 1
    pages = render_pages(root, generated)
    digest = hashlib.sha256(zip_bytes(bundle_files(root, generated))).hexdigest()
    assert f"\n{digest}  {bundle_name()}\n" in pages["docs/get-the-data.md"].decode("utf-8")
    assert docsgen(["--root", str(root)]) == 0
    assert docsgen(["--check", "--root", str(root)]) == 0
    assert hashlib.sha256(make_release(root, tmp_path / "dist").read_bytes()).hexdigest() == digest
