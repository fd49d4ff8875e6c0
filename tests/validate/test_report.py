import json

import pytest

from indojp_data.core.problems import Problem, ProblemCollector, Report
from indojp_data.validate.report import (
    format_github,
    format_json,
    format_text,
    github_escape_data,
    github_escape_property,
    should_use_color,
)

FULL = Problem(
    file="data/x.csv",
    rule="type",
    message="Not a date.",
    line=3,
    column=5,
    field="date",
    value="2026-13-01",
    hint="use YYYY-MM-DD",
)


def _report(*problems: Problem, files: tuple[str, ...] = ("data/x.csv",), cap: int = 1000) -> Report:
    c = ProblemCollector(cap=cap)
    for f in files:
        c.add_file(f)
    c.extend(problems)
    return c.report()


# -- text --------------------------------------------------------------------------------


def test_text_full_problem_line() -> None:
    out = format_text(_report(FULL), color=False)
    assert out.splitlines()[0] == (
        "data/x.csv:3:5: error [type] date: Not a date. (value: '2026-13-01') hint: use YYYY-MM-DD"
    )


def test_text_without_position_or_extras() -> None:
    p = Problem(file="dp.json", rule="not-found", message="Missing.")
    assert format_text(_report(p), color=False).splitlines()[0] == "dp.json: error [not-found] Missing."


def test_text_line_without_column() -> None:
    p = Problem(file="a.csv", rule="row-length", message="Short.", line=9)
    assert format_text(_report(p), color=False).startswith("a.csv:9: error [row-length] Short.")


def test_text_uses_pointer_when_no_field() -> None:
    p = Problem(file="dp.json", rule="required", message="Missing name.", line=1, column=1, pointer="/resources/0")
    assert "[required] /resources/0: Missing name." in format_text(_report(p), color=False)


def test_text_warning_severity() -> None:
    p = Problem(file="a", rule="bom", message="BOM.", severity="warning")
    assert "a: warning [bom] BOM." in format_text(_report(p, files=("a",)), color=False)


def test_text_summary_valid() -> None:
    assert format_text(_report(files=("a", "b")), color=False) == "valid: 2 files checked"
    assert format_text(_report(files=("a",)), color=False) == "valid: 1 file checked"


def test_text_summary_only_warnings() -> None:
    p = Problem(file="a", rule="bom", message="BOM.", severity="warning")
    assert format_text(_report(p, files=("a",)), color=False).splitlines()[-1] == ("valid: 1 file checked, 1 warning")


def test_text_summary_counts_and_truncation() -> None:
    problems = [FULL] * 4 + [Problem(file="data/x.csv", rule="bom", message="B.", severity="warning")]
    out = format_text(_report(*problems, files=("data/x.csv", "b.csv"), cap=2), color=False)
    lines = out.splitlines()
    assert len(lines) == 3
    assert lines[-1] == "5 problems (4 errors, 1 warning) in 2 files (showing first 2)"


def test_text_newline_in_value_cannot_break_the_line() -> None:
    p = Problem(file="a\nb", rule="type", message="m\r\n::error::x", value="v\nw\x1b[2J")
    out = format_text(_report(p, files=()), color=False)
    assert len(out.splitlines()) == 2
    assert "\x1b" not in out
    assert "a\\nb: error [type] m\\r\\n::error::x (value: 'v\\nw\\x1b[2J')" in out


def test_text_color_codes_only_when_asked() -> None:
    plain = format_text(_report(FULL), color=False)
    colored = format_text(_report(FULL), color=True)
    assert "\x1b[" not in plain
    assert "\x1b[1;31merror\x1b[0m" in colored
    assert colored.splitlines()[-1].startswith("\x1b[1;31m")


def test_text_color_valid_summary_is_green() -> None:
    assert format_text(_report(), color=True) == "\x1b[1;32mvalid: 1 file checked\x1b[0m"


# -- JSON --------------------------------------------------------------------------------


def test_json_shape_and_key_order() -> None:
    doc = json.loads(format_json(_report(FULL)))
    assert list(doc) == [
        "version",
        "valid",
        "total",
        "errors",
        "warnings",
        "shown",
        "truncated",
        "files",
        "problems",
    ]
    assert doc["version"] == 1
    assert doc["valid"] is False
    assert (doc["total"], doc["errors"], doc["warnings"], doc["shown"], doc["truncated"]) == (1, 1, 0, 1, False)
    assert doc["files"] == ["data/x.csv"]
    assert list(doc["problems"][0]) == [
        "file",
        "rule",
        "message",
        "line",
        "column",
        "pointer",
        "field",
        "value",
        "hint",
        "severity",
    ]


def test_json_absent_values_are_null() -> None:
    doc = json.loads(format_json(_report(Problem(file="a", rule="r", message="m"), files=("a",))))
    p = doc["problems"][0]
    assert p == {
        "file": "a",
        "rule": "r",
        "message": "m",
        "line": None,
        "column": None,
        "pointer": None,
        "field": None,
        "value": None,
        "hint": None,
        "severity": "error",
    }


def test_json_valid_report() -> None:
    doc = json.loads(format_json(_report(files=("a",))))
    assert doc["valid"] is True
    assert doc["problems"] == []


def test_json_truncated_report() -> None:
    doc = json.loads(format_json(_report(FULL, FULL, FULL, cap=1)))
    assert (doc["total"], doc["shown"], doc["truncated"]) == (3, 1, True)


def test_json_is_ascii_and_round_trips_unicode() -> None:
    p = Problem(file="日本.csv", rule="r", message="m\u2028", value="é")
    out = format_json(_report(p, files=()))
    assert out.isascii()
    assert json.loads(out)["problems"][0]["file"] == "日本.csv"


# -- GitHub ------------------------------------------------------------------------------


def test_github_escape_data_exact() -> None:
    assert github_escape_data("100% a\r\nb:c,d") == "100%25 a%0D%0Ab:c,d"


def test_github_escape_property_exact() -> None:
    assert github_escape_property("100% a\r\nb:c,d") == "100%25 a%0D%0Ab%3Ac%2Cd"


def test_github_escape_percent_first() -> None:
    # A literal "%0A" in data must not turn into a real newline for the runner.
    assert github_escape_data("%0A") == "%250A"
    assert github_escape_property("%3A") == "%253A"


def test_github_full_problem() -> None:
    assert format_github(_report(FULL)) == (
        "::error file=data/x.csv,line=3,col=5,title=indojp-data [type]::"
        "date: Not a date. (value: '2026-13-01')%0Ahint: use YYYY-MM-DD"
    )


def test_github_omits_unknown_line_and_column() -> None:
    p = Problem(file="a.csv", rule="empty", message="Empty.")
    assert format_github(_report(p, files=())) == "::error file=a.csv,title=indojp-data [empty]::Empty."


def test_github_omits_column_without_line() -> None:
    p = Problem(file="a.csv", rule="r", message="M.", column=4)
    assert format_github(_report(p, files=())) == "::error file=a.csv,title=indojp-data [r]::M."


def test_github_line_without_column() -> None:
    p = Problem(file="a.csv", rule="r", message="M.", line=2)
    assert format_github(_report(p, files=())) == "::error file=a.csv,line=2,title=indojp-data [r]::M."


def test_github_warning_command() -> None:
    p = Problem(file="a", rule="bom", message="BOM.", severity="warning")
    assert format_github(_report(p, files=())).startswith("::warning file=a,")


def test_github_escapes_file_property_and_message() -> None:
    p = Problem(file="x:1,y%.zip!a,b.csv", rule="r", message="50% of rows: bad, really")
    out = format_github(_report(p, files=()))
    assert out == "::error file=x%3A1%2Cy%25.zip!a%2Cb.csv,title=indojp-data [r]::50%25 of rows: bad, really"


def test_github_data_cannot_inject_a_command() -> None:
    p = Problem(file="a", rule="r", message="m", value="x\n::set-output name=a::b\r")
    out = format_github(_report(p, files=()))
    assert len(out.splitlines()) == 1
    assert out.endswith("(value: 'x\\n::set-output name=a::b\\r')")


def test_github_valid_report_is_empty() -> None:
    assert format_github(_report()) == ""


def test_github_truncated_report_ends_with_notice() -> None:
    out = format_github(_report(FULL, FULL, cap=1)).splitlines()
    assert len(out) == 2
    assert out[-1] == (
        "::notice title=indojp-data::2 problems (2 errors, 0 warnings) in 1 file (showing first 1); "
        "only the first 1 are annotated"
    )


# -- colour decision ---------------------------------------------------------------------


class _Stream:
    def __init__(self, tty: bool) -> None:
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


class _ClosedStream:
    def isatty(self) -> bool:
        raise ValueError("I/O operation on closed file")


def test_color_on_tty_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert should_use_color(_Stream(True)) is True


def test_no_color_on_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert should_use_color(_Stream(False)) is False


def test_no_color_env_disables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert should_use_color(_Stream(True)) is False


def test_empty_no_color_env_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "")
    assert should_use_color(_Stream(True)) is True


def test_closed_stream_gets_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert should_use_color(_ClosedStream()) is False
