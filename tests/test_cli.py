"""The command line: show, --version, python -m, exit codes, and start-up cost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import indojp_data
from indojp_data.cli import main


def test_show_prints_the_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show"]) == 0
    out = capsys.readouterr().out
    for expected in (
        "2026-07-02",
        "New Delhi",
        "Narendra Modi",
        "Sanae Takaichi",
        "6. industrial collaboration",
        "5 signed",
        "10,000,000,000,000 JPY (10 trillion yen)",
        "Technology is the strongest pillar of India\u2011Japan ties",
        "printed 2 times",
        "archival-illustration",
        "1 of 5 identified (incomplete)",
    ):
        assert expected in out, expected


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"indojp-data {indojp_data.__version__}"


def test_no_command_prints_the_help_and_succeeds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "usage:" in out and "validate" in out


def test_unknown_command_exits_2() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"])
    assert exit_info.value.code == 2


def test_python_dash_m_matches_console_script(tmp_path: Path) -> None:
    via_module = subprocess.run(
        [sys.executable, "-m", "indojp_data", "show"], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    script = Path(sys.executable).with_name("indojp-data")
    via_script = subprocess.run([str(script), "show"], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert via_module.stdout == via_script.stdout != ""


def test_help_does_not_import_heavy_modules() -> None:
    code = "import sys; from indojp_data.cli import build_parser; build_parser(); print(sorted(sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "'indojp_data.cli'" in loaded  # the listing is real, so an absence below means something
    for heavy in ("pydantic", "yaml", "pycountry", "jsonschema", "duckdb", "indojp_data.model", "indojp_data.validate"):
        assert f"'{heavy}'" not in loaded, heavy
