"""The data ships inside the wheel: load() works from an installed wheel in an unrelated directory."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from indojp_data import __version__
from indojp_data.core.extras import EXTRAS
from tests.conftest import REPO

OPTIONAL = tuple(module for modules in EXTRAS.values() for module in modules)
pytestmark = pytest.mark.integration  # builds and installs a wheel with pip


def test_load_from_installed_wheel(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(REPO)],
        check=True,
    )
    (wheel,) = wheels.glob("indojp_data-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "indojp_data/py.typed" in names
    assert "indojp_data/model/records/quotes.yaml" in names
    # What load() reads: the records as the build validated them, their digest, and the code lists.
    for name in ("validated.json", "validated.json.sha256", "codelists.json"):
        assert f"indojp_data/model/{name}" in names
    # Every published version ships, the current one and the older ones a user may pin.
    for version in ("0.1.0", __version__):
        assert f"indojp_data/schema/{version}/dataset.schema.json" in names
        assert f"indojp_data/schema/{version}/tables/quotes.json" in names

    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)], check=True
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import indojp_data; ds = indojp_data.load(); "
        "print(indojp_data.__file__); print(ds.person('sanae-takaichi').name); print(len(ds.sectors)); "
        "from indojp_data.core.schemas import schema_path, versions; "
        "print(schema_path('quotes')); print(versions())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        check=True,
    )
    module_file, name, sectors, schema_file, versions = result.stdout.split("\n")[:5]
    assert module_file.startswith(str(site)), module_file
    assert (name, sectors) == ("Sanae Takaichi", "6")
    published = sorted(
        (p.name for p in (REPO / "schema").iterdir() if p.is_dir()), key=lambda v: tuple(map(int, v.split(".")))
    )
    assert schema_file.startswith(str(site)) and versions == str(published)

    # Without the extras (duckdb, jsonschema-rs, pycountry), from the wheel: load() reads the shipped validated
    # records (they are current for the shipped records and models), and validate names what to install.
    blocked = "import sys\n" + "".join(f"sys.modules[{m!r}] = None\n" for m in OPTIONAL)
    check = (
        blocked + "import indojp_data; from indojp_data.model import prebuilt, curated\n"
        "print(prebuilt.read_prebuilt(prebuilt.model_dir(), curated.record_files()) is not None)\n"
        "print(indojp_data.load().person('narendra-modi').office)\n"
        "from indojp_data.cli import main; main(['validate', 'datapackage'])\n"
    )

    def run_check() -> subprocess.CompletedProcess[str]:
        env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}
        return subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, cwd=elsewhere, env=env)

    intact = run_check()
    assert intact.stdout.split("\n")[:2] == ["True", "Prime Minister"], intact.stderr
    assert intact.stderr == (
        "indojp-data validate: duckdb and jsonschema_rs not installed; run: pip install 'indojp-data[tools]'\n"
    )
    # A tampered shipped file is refused: load() validates the shipped records in full instead.
    shipped = site / "indojp_data" / "model" / "validated.json"
    text = shipped.read_bytes()
    tampered = text.replace(b'"office": "Prime Minister"', b'"office": "King"', 1)
    assert tampered != text
    shipped.write_bytes(tampered)
    refused = run_check()
    assert refused.stdout.split("\n")[:2] == ["False", "Prime Minister"], refused.stderr
