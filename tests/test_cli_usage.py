"""Every bad argument is a usage error: exit 2 and one line on stderr, never ``internal error``."""

from __future__ import annotations

from pathlib import Path

import pytest

from indojp_data.cli import main

PACKAGE = str(Path(__file__).resolve().parents[1] / "datapackage")


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "--max-problems", "-1", PACKAGE],
        ["validate", "--max-problems", "x", PACKAGE],
        ["validate", "--max-problems", "1.5", PACKAGE],
        ["validate", "--max-problems", "1e3", PACKAGE],
        ["validate", "--max-problems", "99999999999999999999999", PACKAGE],
        ["validate", "--max-problems", "\u0661", PACKAGE],  # an Arabic-Indic digit: isdigit() but not ASCII
        ["validate", "--max-problems", "", PACKAGE],
        ["validate", "--format", "xml", PACKAGE],
        ["validate", "--schema-version", "9.9.9", PACKAGE],
        ["validate", "--schema-version", "", PACKAGE],
        ["validate", "--resource", "nope", PACKAGE],
        ["validate"],
        ["validate", "--no-such-option", PACKAGE],
        ["schema", "--schema-version", "0.0.0-nope"],
        ["schema", "no-such-schema"],
        ["diff", "/nonexistent/a", "/nonexistent/b"],
        ["diff", "--format", "yaml", PACKAGE, PACKAGE],
        ["build", "--root", "/nonexistent/\u202eroot", "--check"],
        ["frobnicate"],
    ],
)
def test_bad_argument_is_a_one_line_usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run(argv, capsys)
    assert code == 2, err
    assert "internal error" not in err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "\u202e" not in err


def test_zero_max_problems_is_allowed(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run(["validate", "--max-problems", "0", "--format", "json", PACKAGE], capsys)
    assert code == 0, err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ["validate", PACKAGE, "--fromat", "json"],
            "indojp-data validate: error: unrecognized arguments: --fromat json; did you mean --format? "
            "(see indojp-data validate --help)",
        ),
        (
            ["schema", "--tabel", "persons"],
            "indojp-data schema: error: unrecognized arguments: --tabel; did you mean --table? "
            "(see indojp-data schema --help)",
        ),
        (["show", "extra"], "indojp-data show: error: unrecognized arguments: extra (see indojp-data show --help)"),
        (["--bogus"], "indojp-data: error: unrecognized arguments: --bogus (see indojp-data --help)"),
    ],
)
def test_an_unknown_argument_is_reported_by_its_command(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _run(argv, capsys)
    assert (code, err) == (2, expected + "\n")
