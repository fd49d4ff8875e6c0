"""Every output format is safe and bounded for any problem text, whatever the input held."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indojp_data.cli import main
from indojp_data.core.problems import (
    FIELD_LIMITS,
    Problem,
    ProblemCollector,
    Report,
    escape_controls,
    truncate_value,
)
from indojp_data.validate.report import format_github, format_json, format_text

# Any code point at all, lone surrogates included (hypothesis leaves them out by default).
ANY_TEXT = st.text(st.characters(blacklist_categories=()), max_size=60)
HOSTILE = [
    "\ud800",
    "\udfff tail",
    "a\u202eb",
    "\u2066isolate\u2069",
    "\u200e\u200f\u061c",
    "\x1b[31mred\x1b[0m",
    "line\nbreak\r\n",
    "::error::forged",
    "%0A%25",
    "\u2028\u2029\x85\x00\x7f\ufeff",
]
# Characters that must never appear raw in any output (besides the newlines between problems).
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")


def _report(*problems: Problem) -> Report:
    collector = ProblemCollector()
    collector.extend(problems)
    return collector.report()


def _all_formats(report: Report) -> list[str]:
    return [format_text(report, color=False), format_json(report), format_github(report)]


def _problem(text: str, **extra: object) -> Problem:
    return Problem(
        file=text,
        rule=text,
        message=text,
        line=1,
        column=1,
        pointer="/" + text,
        field=text,
        value=text,
        hint=text,
        **extra,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_are_escaped_in_every_format(text: str) -> None:
    report = Report(problems=(_problem(text),), total=1, files=(text,))
    for output in _all_formats(report):
        output.encode("utf-8")  # a lone surrogate would raise here
        assert UNSAFE.search(output) is None, output
    github = format_github(report)
    assert len(github.splitlines()) == 1 and github.startswith("::error ")


@settings(max_examples=150, deadline=None)
@given(file=ANY_TEXT, rule=ANY_TEXT, message=ANY_TEXT, field=ANY_TEXT, value=ANY_TEXT, hint=ANY_TEXT)
def test_any_string_never_crashes_or_emits_unsafe_characters(
    file: str, rule: str, message: str, field: str, value: str, hint: str
) -> None:
    problem = Problem(file, rule, message, 2, 3, "/" + field, field, value, hint)
    report = Report(problems=(problem, problem), total=3, files=(file,))
    text, as_json, github = _all_formats(report)
    for output in (text, as_json, github):
        output.encode("utf-8")
        assert UNSAFE.search(output) is None
    assert len(text.splitlines()) == 3  # two problems and the summary, whatever the text holds
    assert len(github.splitlines()) == 3  # two annotations and the truncation notice
    assert json.loads(as_json)["total"] == 3


@settings(max_examples=100, deadline=None)
@given(ANY_TEXT, st.integers(1, 100))
def test_truncate_value_is_safe_and_bounded(text: str, limit: int) -> None:
    shown = truncate_value(text, limit)
    assert len(shown) <= limit
    assert UNSAFE.search(shown.replace("\n", "")) is None and "\n" not in shown
    shown.encode("utf-8")


@given(ANY_TEXT)
def test_escape_controls_output_encodes(text: str) -> None:
    escaped = escape_controls(text)
    escaped.encode("utf-8")
    assert UNSAFE.search(escaped) is None and "\n" not in escaped


def test_a_one_megabyte_value_or_message_does_not_make_a_megabyte_report() -> None:
    big = "x" * 1_000_000
    report = _report(_problem(big), _problem("\u202e" * 1_000_000))
    for output in _all_formats(report):
        # Two problems, each field bounded (escaping can at most multiply by six).
        assert len(output) < 2 * 6 * sum(FIELD_LIMITS.values()) + 2000, len(output)


def test_collector_keeps_bounded_problems() -> None:
    collector = ProblemCollector(cap=2)
    collector.add(_problem("y" * 1_000_000))
    kept = collector.report().problems[0]
    for name, limit in FIELD_LIMITS.items():
        assert len(getattr(kept, name)) <= limit, name
    assert kept.message.endswith("\u2026")


def test_collector_count_counts_without_keeping() -> None:
    collector = ProblemCollector(cap=1)
    collector.add(Problem("a", "r", "m"))
    assert collector.full
    collector.count("b", n=5)
    collector.count("b", severity="warning")
    report = collector.report()
    assert (report.total, report.error_count, report.warning_count, len(report.problems)) == (7, 6, 1, 1)
    assert report.files == ("a", "b")
    with pytest.raises(ValueError):
        collector.count("b", n=-1)


def test_truncate_value_of_a_huge_container_or_bad_repr_is_bounded() -> None:
    class Bad:
        def __repr__(self) -> str:
            raise RuntimeError("boom")

    assert truncate_value(list(range(1_000_000))) == "[0, 1, 2, 3, 4, 5, 6, 7, ...]"
    assert len(truncate_value([{"k": "v" * 10**6}] * 10**5, 1000)) < 800  # reprlib: bounded work
    assert truncate_value(Bad()) == "<Bad>"


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_lone_surrogate_and_bidi_in_a_document_through_the_cli(
    tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # A file name that is not UTF-8 reaches Python as lone surrogates; JSON escapes put bidi controls in
    # keys and values (and a lone surrogate, which the parser refuses as not Unicode text).
    folder = tmp_path / os.fsdecode(b"from-\xff-\xed\xa0\x80")
    folder.mkdir()
    path = folder / "dataset.json"
    path.write_text('{"\\u202e": "\\u2066' + "v" * 100_000 + '", "name": "\\u202e"}', encoding="ascii")
    half_pair = tmp_path / "half-pair" / "dataset.json"
    half_pair.parent.mkdir()
    half_pair.write_text('{"\\u202e\\ud800": "x"}', encoding="ascii")
    for target, expected_code, rule in ((path, 1, "additionalProperties"), (half_pair, 2, "encoding")):
        code = main(["validate", "--format", fmt, str(target)])
        out = capsys.readouterr().out
        assert code == expected_code
        assert rule in out
        out.encode("utf-8")
        assert UNSAFE.search(out.replace("\n", "")) is None
        assert "internal error" not in out
        assert len(out) < 50_000


def test_the_engine_never_draws_a_progress_bar_on_standard_output(tmp_path: Path) -> None:
    # DuckDB draws one on standard output when a statement runs past two seconds: in the middle of a report.
    probe = (
        "import sys; from indojp_data.validate.engine import Engine; e = Engine(sys.argv[1]);"
        " print(e.rows(\"SELECT current_setting('enable_progress_bar')\", 'x'))"
    )
    out = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[(False,)]"
