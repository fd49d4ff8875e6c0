"""The data ships inside the wheel: load() works from an installed wheel in an unrelated directory."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from indojp_data import __version__
from tests.conftest import REPO

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
        "from indojp_data.publish.versions import schema_path, versions; "
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
    assert schema_file.startswith(str(site)) and versions == str(["0.1.0", __version__])
