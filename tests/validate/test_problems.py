import pickle

import pytest

from indojp_data.core.problems import (
    InputError,
    Problem,
    ProblemCollector,
    Report,
    escape_controls,
    truncate_value,
)


def _p(rule: str = "type", severity: str = "error", file: str = "a.csv") -> Problem:
    return Problem(file=file, rule=rule, message="bad", severity=severity)  # type: ignore[arg-type]


# -- truncate_value ----------------------------------------------------------------------


def test_truncate_short_string_unchanged() -> None:
    assert truncate_value("abc") == "abc"


def test_truncate_exactly_limit_unchanged() -> None:
    assert truncate_value("x" * 80) == "x" * 80


def test_truncate_long_string_has_ellipsis_and_limit_length() -> None:
    out = truncate_value("x" * 81)
    assert out == "x" * 79 + "\u2026"
    assert len(out) == 80


def test_truncate_custom_limit() -> None:
    assert truncate_value("abcdef", 4) == "abc\u2026"
    assert truncate_value("abcd", 4) == "abcd"
    assert truncate_value("ab", 1) == "\u2026"


def test_truncate_escapes_control_characters() -> None:
    assert truncate_value("a\nb\tc\r\x1b[31m\x00\x7f\x85\u2028") == "a\\nb\\tc\\r\\x1b[31m\\x00\\x7f\\x85\\u2028"


def test_truncate_counts_escapes_towards_limit() -> None:
    out = truncate_value("\n" * 10, 5)
    assert out == "\\n\\n\u2026"
    assert len(out) == 5


def test_truncate_huge_string_is_bounded() -> None:
    assert len(truncate_value("y" * 10_000_000)) == 80


def test_truncate_bytes_shows_invalid_bytes() -> None:
    assert truncate_value(b"ab\xffc") == "ab\\xffc"


def test_truncate_json_literals() -> None:
    assert truncate_value(None) == "null"
    assert truncate_value(True) == "true"
    assert truncate_value(False) == "false"


def test_truncate_other_values_use_repr() -> None:
    assert truncate_value(12) == "12"
    assert truncate_value(1.5) == "1.5"
    assert truncate_value(["a"]) == "['a']"


def test_truncate_rejects_zero_limit() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        truncate_value("x", 0)


def test_escape_controls_leaves_printable_unicode() -> None:
    assert escape_controls("日本 é ok") == "日本 é ok"


# -- Problem / InputError ----------------------------------------------------------------


def test_input_error_carries_problem_and_formats_location() -> None:
    p = Problem(file="x.json", rule="json-syntax", message="Broken.", line=3, column=7)
    err = InputError(p)
    assert err.problem is p
    assert str(err) == "x.json:3:7: Broken."
    assert str(InputError(Problem(file="x", rule="r", message="M.", line=2))) == "x:2: M."
    assert str(InputError(Problem(file="x", rule="r", message="M."))) == "x: M."


def test_input_error_pickles() -> None:
    err = InputError(Problem(file="x", rule="r", message="m", line=1))
    again = pickle.loads(pickle.dumps(err))
    assert again.problem == err.problem


# -- Report ------------------------------------------------------------------------------


def test_report_empty_is_valid() -> None:
    r = Report(problems=(), total=0, files=("a",))
    assert r.valid
    assert not r.truncated


def test_report_with_only_warnings_is_valid() -> None:
    r = Report(problems=(_p(severity="warning"),), total=1, files=("a",), errors=0)
    assert r.valid
    assert r.warning_count == 1


def test_report_with_error_is_invalid() -> None:
    r = Report(problems=(_p(),), total=1, files=("a",))
    assert not r.valid
    assert r.error_count == 1


def test_report_truncated_when_total_exceeds_kept() -> None:
    r = Report(problems=(_p(),), total=5, files=("a",), errors=5)
    assert r.truncated


def test_report_unknown_errors_assume_dropped_problems_are_errors() -> None:
    r = Report(problems=(_p(severity="warning"),), total=3)
    assert r.error_count == 2
    assert not r.valid


def test_report_rejects_total_below_kept() -> None:
    with pytest.raises(ValueError, match="smaller"):
        Report(problems=(_p(), _p()), total=1)


def test_report_rejects_errors_above_total() -> None:
    with pytest.raises(ValueError, match="between"):
        Report(problems=(), total=1, errors=2)


# -- ProblemCollector --------------------------------------------------------------------


def test_collector_keeps_first_cap_and_counts_all() -> None:
    c = ProblemCollector(cap=3)
    problems = [Problem(file="a", rule="r", message=str(i)) for i in range(10)]
    c.extend(problems)
    r = c.report()
    assert r.problems == tuple(problems[:3])
    assert r.total == 10
    assert r.truncated
    assert c.full


def test_collector_counts_errors_and_warnings_beyond_cap() -> None:
    c = ProblemCollector(cap=1)
    c.add(_p(severity="warning"))
    c.add(_p(severity="warning"))
    c.add(_p(severity="error"))
    r = c.report()
    assert (r.total, r.error_count, r.warning_count) == (3, 1, 2)
    assert not r.valid


def test_collector_cap_zero_only_counts() -> None:
    c = ProblemCollector(cap=0)
    c.add(_p())
    assert c.report().problems == ()
    assert c.total == 1


def test_collector_rejects_negative_cap() -> None:
    with pytest.raises(ValueError, match="negative"):
        ProblemCollector(cap=-1)


def test_collector_records_files_in_order_without_duplicates() -> None:
    c = ProblemCollector()
    c.add_file("b")
    c.add(_p(file="a"))
    c.add_file("b")
    c.add(_p(file="c"))
    assert c.report().files == ("b", "a", "c")


def test_collector_default_cap_is_1000() -> None:
    c = ProblemCollector()
    for _ in range(1500):
        c.add(_p())
    r = c.report()
    assert len(r.problems) == 1000
    assert r.total == 1500
