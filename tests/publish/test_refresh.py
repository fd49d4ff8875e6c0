"""`indojp-data package`: a downstream maintainer edits a cell, follows the validator's hint, and is valid again."""

from __future__ import annotations

import hashlib
import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

CLI = [sys.executable, "-m", "indojp_data"]


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture
def downstream(tmp_path: Path) -> Path:
    """A downstream repository holding a copy of the published package, under ``pkg/``."""
    shutil.copytree(REPO / "datapackage", tmp_path / "pkg")
    return tmp_path


def snapshot(directory: Path) -> dict[str, str]:
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def hinted_commands(output: str) -> list[str]:
    return re.findall(r"run `(indojp-data package [^`]+)`", output)


def test_a_current_package_is_left_as_it_is(downstream: Path) -> None:
    before = snapshot(downstream / "pkg")
    result = cli("package", "pkg", cwd=downstream)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "pkg: datapackage.json and the derived files are up to date\n"
    assert snapshot(downstream / "pkg") == before


def test_edit_a_cell_follow_the_hint_and_validate_passes(downstream: Path) -> None:
    sectors = downstream / "pkg" / "data" / "sectors.csv"
    sectors.write_bytes(sectors.read_bytes().replace(b",clean energy,", b",clean power,"))
    invalid = cli("validate", "pkg", cwd=downstream)
    assert invalid.returncode == 1
    assert "error [bytes]" in invalid.stdout and "error [hash]" in invalid.stdout
    commands = set(hinted_commands(invalid.stdout))
    assert commands == {"indojp-data package pkg"}, invalid.stdout  # every hint names the same, working command

    (command,) = commands
    done = cli(*shlex.split(command)[1:], cwd=downstream)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "pkg: wrote data/dataset.json, datapackage.json\n"
    valid = cli("validate", "pkg", cwd=downstream)
    assert valid.returncode == 0, valid.stdout
    dataset = json.loads((downstream / "pkg" / "data" / "dataset.json").read_text(encoding="utf-8"))
    assert "clean power" in [sector["name"] for sector in dataset["sectors"]]
    descriptor = json.loads((downstream / "pkg" / "datapackage.json").read_text(encoding="utf-8"))
    (entry,) = [r for r in descriptor["resources"] if r["name"] == "sectors"]
    assert entry["bytes"] == len(sectors.read_bytes())
    assert entry["hash"] == "sha256:" + hashlib.sha256(sectors.read_bytes()).hexdigest()


def test_a_derived_table_edited_by_hand_is_rewritten_from_the_records(downstream: Path) -> None:
    completeness = downstream / "pkg" / "data" / "completeness.csv"
    original = completeness.read_bytes()
    edited = original.replace(b",6,6,Every sector", b",6,5,Every sector")
    assert edited != original
    completeness.write_bytes(edited)
    invalid = cli("validate", "pkg", cwd=downstream)
    assert invalid.returncode == 1
    assert set(hinted_commands(invalid.stdout)) == {"indojp-data package pkg"}, invalid.stdout
    done = cli("package", "pkg", cwd=downstream)
    assert done.returncode == 0, done.stderr
    assert "data/completeness.csv" in done.stdout
    assert completeness.read_bytes() == original
    assert cli("validate", "pkg", cwd=downstream).returncode == 0


def test_the_package_keeps_its_own_name_version_and_title(downstream: Path) -> None:
    path = downstream / "pkg" / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor.update({"name": "our-data", "version": "3.1.4", "title": "Our data"})
    descriptor["resources"] = [{**r, "bytes": 1, "hash": "sha256:" + "0" * 64} for r in descriptor["resources"]]
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    assert cli("package", "pkg", cwd=downstream).returncode == 0
    refreshed = json.loads(path.read_text(encoding="utf-8"))
    assert (refreshed["name"], refreshed["version"], refreshed["title"]) == ("our-data", "3.1.4", "Our data")
    assert cli("validate", "pkg", cwd=downstream).returncode == 0


def test_without_a_descriptor_it_writes_the_published_one(downstream: Path) -> None:
    (downstream / "pkg" / "datapackage.json").unlink()
    (downstream / "pkg" / "data" / "dataset.json").unlink()
    assert cli("package", "pkg", cwd=downstream).returncode == 0
    assert snapshot(downstream / "pkg") == snapshot(REPO / "datapackage")


def test_invalid_tables_write_nothing_and_point_to_validate(downstream: Path) -> None:
    quotes = downstream / "pkg" / "data" / "quotes.csv"
    quotes.write_bytes(quotes.read_bytes().replace(b"younger-sister,narendra-modi", b"younger-sister,nobody"))
    before = snapshot(downstream / "pkg")
    result = cli("package", "pkg", cwd=downstream)
    assert result.returncode == 1
    assert result.stderr.startswith("indojp-data package: pkg: the CSV tables do not give a valid dataset")
    assert (
        "`indojp-data validate pkg` names each problem" in result.stderr and "unknown person 'nobody'" in result.stderr
    )
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert snapshot(downstream / "pkg") == before


def test_a_missing_table_or_directory_is_a_usage_error(downstream: Path) -> None:
    (downstream / "pkg" / "data" / "mous.csv").unlink()
    result = cli("package", "pkg", cwd=downstream)
    assert result.returncode == 2
    assert result.stderr.startswith(f"indojp-data package: {Path('pkg') / 'data' / 'mous.csv'}: cannot be read")
    assert cli("package", "nowhere", cwd=downstream).returncode == 2


def test_build_in_a_downstream_repository_names_the_package_command(downstream: Path) -> None:
    checked = cli("build", "--check", cwd=downstream)
    assert checked.returncode == 1
    assert checked.stderr.splitlines()[-1].endswith(
        "`indojp-data package DIR` writes its datapackage.json (bytes, hashes) and derived files"
    )
    refused = cli("build", cwd=downstream)
    assert refused.returncode == 2 and "`indojp-data package DIR`" in refused.stderr


def test_a_record_with_too_few_cells_is_named(downstream: Path) -> None:
    sectors = downstream / "pkg" / "data" / "sectors.csv"
    sectors.write_bytes(sectors.read_bytes() + b"x,y\r\n")
    result = cli("package", "pkg", cwd=downstream)
    assert result.returncode == 1
    assert (
        result.stderr
        == f"indojp-data package: {Path('pkg/data/sectors.csv')}: record 7 after the header has 2 cells, the header 5\n"
    )


def test_a_descriptor_whose_resources_are_not_a_list_is_replaced(downstream: Path) -> None:
    (downstream / "pkg" / "datapackage.json").write_text('{"name": "ours", "resources": 5}', encoding="utf-8")
    result = cli("package", "pkg", cwd=downstream)
    assert result.returncode == 0, result.stderr
    assert cli("validate", "pkg", cwd=downstream).returncode == 0
