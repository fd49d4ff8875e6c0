"""The command line: show, --version, python -m, exit codes, and start-up cost."""

from __future__ import annotations

import os
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
    heavy_modules = ("pydantic", "yaml", "pycountry", "jsonschema", "jsonschema_rs", "duckdb", "_duckdb")
    for heavy in (*heavy_modules, "indojp_data.model", "indojp_data.validate"):
        assert f"'{heavy}'" not in loaded, heavy


def test_console_script_flushes_everything_runs_exit_handlers_and_keeps_the_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The console script ends with os._exit (no interpreter teardown): what it must still do is flush
    # a report far larger than a pipe's buffer and what the exit handlers write, and exit with main()'s code.
    bad = tmp_path / "sectors.csv"
    header = "id,roadmap,position,name,description\r\n"
    bad.write_text(header + "".join(f"Bad Id {i},r,x,n,d\r\n" for i in range(3000)), encoding="utf-8")
    argv = ["validate", str(bad), "--max-problems", "5000"]
    assert main(argv) == 1
    expected = capsys.readouterr().out
    assert len(expected) > 100_000
    code = (
        "import atexit, sys; from indojp_data.cli import run; "
        "atexit.register(lambda: sys.stdout.write('exit handler ran')); "
        f"sys.argv = ['indojp-data', *{argv!r}]; run()"
    )
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=buffered)
    assert (done.returncode, done.stdout, done.stderr) == (1, expected + "exit handler ran", "")


def test_release_outside_a_checkout_exits_2_naming_the_command_that_works(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "someone-else"\n', encoding="utf-8")
    for root in (tmp_path, tmp_path / "missing"):
        assert main(["release", "--root", str(root)]) == 2
        err = capsys.readouterr().err
        assert "not a checkout of indojp-data" in err and "indojp-data export --format" in err
        assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "dist").exists()
