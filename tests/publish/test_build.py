"""`indojp-data build`: generated files are in sync, drift is named, and a crash leaves old files intact."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from indojp_data import __version__
from indojp_data.cli import main
from indojp_data.publish import build
from tests.conftest import REPO


def test_committed_generated_files_are_in_sync() -> None:
    assert build.check(REPO) == []


def test_render_does_not_depend_on_hash_seed() -> None:
    # render() in this process and in two fresh interpreters with other string-hash seeds (set and dict
    # iteration order differ) must give the same bytes; comparing render() with itself would not notice.
    code = (
        "import hashlib, sys; from indojp_data.publish import build; "
        "sys.stdout.write(hashlib.sha256(repr(sorted(build.render().items())).encode()).hexdigest())"
    )
    here = hashlib.sha256(repr(sorted(build.render().items())).encode()).hexdigest()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        there = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
        assert there.stdout == here, seed


def test_build_into_empty_directory_then_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--root", str(tmp_path)]) == 0
    assert (tmp_path / "datapackage" / "datapackage.json").is_file()
    assert main(["build", "--check", "--root", str(tmp_path)]) == 0
    assert "up to date" in capsys.readouterr().out


def test_check_names_stale_missing_and_unexpected_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build.write(tmp_path)
    (tmp_path / "datapackage" / "data" / "persons.csv").write_text("stale\r\n", encoding="utf-8")
    (tmp_path / "schema" / __version__ / "quotes.schema.json").unlink()
    (tmp_path / "datapackage" / "data" / "extra.csv").write_text("x\r\n", encoding="utf-8")
    assert main(["build", "--check", "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "differs: datapackage/data/persons.csv" in err
    assert f"missing: schema/{__version__}/quotes.schema.json" in err
    assert "unexpected: datapackage/data/extra.csv" in err


def test_build_leaves_other_schema_versions_alone(tmp_path: Path) -> None:
    older = tmp_path / "schema" / "0.0.9"
    older.mkdir(parents=True)
    (older / "dataset.schema.json").write_text("{}", encoding="utf-8")
    build.write(tmp_path)
    assert (older / "dataset.schema.json").read_text(encoding="utf-8") == "{}"


def test_crash_mid_build_leaves_previous_files_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(REPO / "datapackage", tmp_path / "datapackage")
    shutil.copytree(REPO / "schema", tmp_path / "schema")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    files = dict(build.render())
    files["datapackage/data/persons.csv"] = b"new content"
    calls = 0
    real_write = Path.write_bytes

    def failing_write(self: Path, data: bytes) -> int:  # type: ignore[override]
        nonlocal calls
        calls += 1
        if calls == 20:
            raise OSError("disk full")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write)
    with pytest.raises(OSError, match="disk full"):
        build.write(tmp_path, files)
    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["datapackage", "schema"]
    assert sorted(p.name for p in (tmp_path / "schema").iterdir()) == sorted(
        p.name for p in (REPO / "schema").iterdir()
    )


@pytest.mark.parametrize("name", ["codelists.json", "validated.json", "validated.json.sha256"])
def test_check_names_stale_files_of_the_model_package(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The code lists (from pycountry) and the records validated for load() are generated files too.
    assert main(["build", "--root", str(tmp_path)]) == 0
    path = tmp_path / "src" / "indojp_data" / "model" / name
    assert path.read_bytes() == (REPO / "src" / "indojp_data" / "model" / name).read_bytes()
    path.write_bytes(path.read_bytes()[1:])  # one byte less
    capsys.readouterr()
    assert main(["build", "--check", "--root", str(tmp_path)]) == 1
    assert capsys.readouterr().err.startswith(f"differs: src/indojp_data/model/{name}\n")
