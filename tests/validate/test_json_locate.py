import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indojp_data.core.json_locate import (
    _CHUNK,
    LocatedJSON,
    make_pointer,
    parse_json,
    parse_pointer,
)
from indojp_data.core.problems import InputError, Problem, ProblemCollector

DOC = b"""{
  "name": "indojp",
  "resources": [
    {"path": "data/a.csv", "bytes": 1.50},
    {"path": "data/\xc3\xa9.csv", "n": [10, 20]}
  ],
  "a/b": {"m~n": true},
  "empty": {}
}"""


def _parse(data: bytes, **kwargs: Any) -> LocatedJSON:
    return parse_json(data, source="dp.json", **kwargs)


def _error(data: bytes, **kwargs: Any) -> Problem:
    with pytest.raises(InputError) as info:
        _parse(data, **kwargs)
    problem = info.value.problem
    assert problem.file == "dp.json"
    assert problem.severity == "error"
    return problem


# -- values and positions ----------------------------------------------------------------


def test_value_matches_json_loads() -> None:
    assert _parse(DOC).value == json.loads(DOC)


@pytest.mark.parametrize(
    ("pointer", "position"),
    [
        ("", (1, 1)),
        ("/name", (2, 11)),
        ("/resources", (3, 16)),
        ("/resources/0", (4, 5)),
        ("/resources/0/bytes", (4, 37)),
        ("/resources/1/path", (5, 14)),
        ("/resources/1/n/1", (5, 38)),  # after the two-byte "é": columns count code points
        ("/a~1b/m~0n", (7, 18)),
        ("/empty", (8, 12)),
    ],
)
def test_locate_existing_values(pointer: str, position: tuple[int, int]) -> None:
    assert _parse(DOC).locate(pointer) == position


def test_locate_missing_property_falls_back_to_parent_object() -> None:
    doc = _parse(DOC)
    assert doc.locate("/resources/0/missing") == (4, 5)


def test_locate_missing_index_falls_back_to_array() -> None:
    doc = _parse(DOC)
    assert doc.locate("/resources/7/path") == (3, 16)
    assert doc.locate("/resources/-") == (3, 16)
    assert doc.locate("/resources/01") == (3, 16)  # leading zeros are not array indexes


def test_locate_below_a_scalar_falls_back_to_the_scalar() -> None:
    assert _parse(DOC).locate("/name/x") == (2, 11)


def test_locate_rejects_malformed_pointer() -> None:
    with pytest.raises(ValueError, match="start with"):
        _parse(DOC).locate("name")
    with pytest.raises(ValueError, match="escape"):
        _parse(DOC).locate("/a~2")


def test_locate_with_crlf_line_endings() -> None:
    doc = _parse(b'{\r\n  "a": [\r\n    1,\r\n    2\r\n  ]\r\n}')
    assert doc.locate("/a/1") == (4, 5)


def test_locate_scalar_document() -> None:
    doc = _parse(b'  \n  "x"  ')
    assert doc.value == "x"
    assert doc.locate("") == (2, 3)


def test_problem_helper_fills_position() -> None:
    doc = _parse(DOC)
    p = doc.problem("/resources/1/n/0", rule="type", message="Wrong.", field="n", value=10)
    assert (p.file, p.line, p.column, p.pointer, p.field, p.value) == ("dp.json", 5, 34, "/resources/1/n/0", "n", "10")
    assert doc.problem("/x", rule="r", message="m").value is None
    assert doc.problem("/x", rule="r", message="m", value=None).value == "null"


def test_make_and_parse_pointer_round_trip() -> None:
    parts: list[str | int] = ["a/b", "m~n", 0, ""]
    pointer = make_pointer(parts)
    assert pointer == "/a~1b/m~0n/0/"
    assert parse_pointer(pointer) == ["a/b", "m~n", "0", ""]
    assert make_pointer([]) == ""
    assert parse_pointer("") == []


def test_pointer_unescapes_tilde_one_before_tilde_zero() -> None:
    assert parse_pointer("/~01") == ["~1"]


# -- non-fatal problems ------------------------------------------------------------------


def test_utf8_bom_is_accepted_with_warning() -> None:
    doc = _parse(b'\xef\xbb\xbf{"a": 1}')
    assert doc.value == {"a": 1}
    assert doc.locate("/a") == (1, 7)  # columns are counted after the BOM
    report = doc.problems.report()
    assert [(p.rule, p.severity, p.line, p.column) for p in report.problems] == [("bom", "warning", 1, 1)]
    assert report.valid


def test_duplicate_key_is_an_error_and_last_value_wins() -> None:
    doc = _parse(b'{"a": 1,\n "a": 2}')
    assert doc.value == {"a": 2}
    (p,) = doc.problems.report().problems
    assert (p.rule, p.severity, p.line, p.column, p.pointer, p.field) == ("duplicate-key", "error", 2, 2, "/a", "a")


def test_duplicate_key_in_nested_object_has_full_pointer() -> None:
    doc = _parse(b'{"r": [{"x": 1}, {"p/q": 1, "p/q": 2}]}')
    (p,) = doc.problems.report().problems
    assert p.pointer == "/r/1/p~1q"


def test_problems_go_to_the_given_collector() -> None:
    collector = ProblemCollector()
    _parse(b'{"a": 1, "a": 1}', problems=collector)
    assert collector.total == 1
    assert collector.report().files == ("dp.json",)


def test_valid_document_has_no_problems() -> None:
    assert _parse(DOC).problems.total == 0


# -- fatal problems: one test per bad input ----------------------------------------------


def test_empty_file() -> None:
    assert _error(b"").rule == "empty"


def test_whitespace_only_file() -> None:
    assert _error(b" \n\t\r\n").rule == "empty"


def test_too_large() -> None:
    p = _error(b"[1, 2, 3]", max_bytes=8)
    assert p.rule == "too-large"
    assert "8 bytes" in p.message


def test_exactly_max_bytes_is_accepted() -> None:
    assert _parse(b"[1, 2, 3]", max_bytes=9).value == [1, 2, 3]


def test_utf16_file() -> None:
    p = _error('{"a": 1}'.encode("utf-16"))
    assert (p.rule, p.line, p.column) == ("encoding", 1, 1)


def test_invalid_utf8_reports_line_and_column_of_bad_byte() -> None:
    p = _error(b'{\n "a": 1,\n "b\xc3\xa9\xff": 2\n}')
    assert (p.rule, p.line, p.column, p.value) == ("encoding", 3, 5, "\\xff")


def test_nul_byte_is_binary() -> None:
    p = _error(b'{"a":\n  \x00}')
    assert (p.rule, p.line, p.column) == ("binary", 2, 3)


def test_deep_nesting_is_refused_without_recursion_error() -> None:
    p = _error(b"[" * 100_000)
    assert (p.rule, p.line, p.column) == ("too-deep", 1, 65)


def test_nesting_at_exactly_max_depth_is_accepted() -> None:
    assert _parse(b"[" * 64 + b"]" * 64).value == json.loads("[" * 64 + "]" * 64)


def test_custom_max_depth() -> None:
    assert _error(b'{"a": {"b": 1}}', max_depth=1).rule == "too-deep"


def test_invalid_limits_are_programming_errors() -> None:
    with pytest.raises(ValueError):
        _parse(b"1", max_depth=0)
    with pytest.raises(ValueError):
        _parse(b"1", max_bytes=-1)


def test_trailing_comma_in_array() -> None:
    p = _error(b"[1,\n 2,\n]")
    assert (p.rule, p.line, p.column) == ("json-syntax", 2, 3)
    assert "trailing comma" in p.message


def test_trailing_comma_in_object() -> None:
    p = _error(b'{"a": 1,}')
    assert (p.line, p.column) == (1, 8)
    assert "trailing comma" in p.message


def test_missing_comma() -> None:
    p = _error(b'{"a": 1\n "b": 2}')
    assert (p.rule, p.line, p.column) == ("json-syntax", 2, 2)
    assert "','" in p.message


def test_missing_colon() -> None:
    p = _error(b'{"a" 1}')
    assert (p.line, p.column) == (1, 6)
    assert "':'" in p.message


def test_unquoted_property_name() -> None:
    p = _error(b"{a: 1}")
    assert (p.line, p.column) == (1, 2)
    assert "property name" in p.message


def test_single_quoted_string() -> None:
    p = _error(b"['x']")
    assert (p.line, p.column) == (1, 2)
    assert "double quotes" in p.message


def test_unterminated_string_points_at_its_start() -> None:
    p = _error(b'{"a": "abc')
    assert (p.line, p.column) == (1, 7)
    assert "never closed" in p.message


def test_raw_control_character_in_string() -> None:
    p = _error(b'["a\tb"]')
    assert (p.line, p.column) == (1, 4)
    assert "control character" in p.message


def test_raw_newline_in_string() -> None:
    p = _error(b'{"a": "abc\n}')
    assert (p.line, p.column) == (1, 11)
    assert "control character" in p.message


def test_invalid_escape() -> None:
    p = _error(b'["a\\qb"]')
    assert (p.line, p.column) == (1, 4)
    assert "escape" in p.message


def test_invalid_unicode_escape() -> None:
    p = _error(b'["\\u12G4"]')
    assert p.rule == "json-syntax"
    assert "\\u" in p.message


def test_comment() -> None:
    p = _error(b'{\n  // note\n  "a": 1}')
    assert (p.line, p.column) == (2, 3)
    assert "comment" in (p.hint or "")


def test_comment_after_value() -> None:
    p = _error(b"[1 /* c */]")
    assert (p.line, p.column) == (1, 4)
    assert "comment" in (p.hint or "")


def test_nan_is_not_json() -> None:
    p = _error(b"[NaN]")
    assert (p.line, p.column) == (1, 2)
    assert "NaN" in p.message


def test_negative_infinity_is_not_json() -> None:
    assert "Infinity" in _error(b"[-Infinity]").message


def test_python_literal_hint() -> None:
    p = _error(b'{"a": True}')
    assert (p.line, p.column, p.value) == (1, 7, "True")
    assert "lowercase" in (p.hint or "")


def test_leading_zero_number() -> None:
    p = _error(b"[007]")
    assert (p.line, p.column) == (1, 2)
    assert "number" in p.message


def test_incomplete_fraction() -> None:
    assert _error(b"[1.]").rule == "json-syntax"


def test_lone_minus() -> None:
    assert (_error(b"[-]").column) == 2


def test_extra_data_after_document() -> None:
    p = _error(b'{"a": 1}\n{"b": 2}')
    assert (p.line, p.column) == (2, 1)
    assert "after the end" in p.message


def test_unexpected_end_names_the_unclosed_bracket() -> None:
    p = _error(b'{\n  "a": [1, 2\n')
    assert (p.line, p.column) == (3, 1)
    assert p.hint == "the '[' opened at line 2, column 8 is never closed"


def test_missing_value_after_colon() -> None:
    p = _error(b'{"a": }')
    assert (p.line, p.column) == (1, 7)
    assert "missing" in p.message


def test_integer_too_long_to_convert() -> None:
    p = _error(b"[" + b"9" * 5000 + b"]")
    assert (p.rule, p.column) == ("too-large", 2)


@pytest.mark.parametrize(
    ("data", "column"),
    [
        (b'["x\\ud800y"]', 4),  # a high half alone
        (b'{"\\udc00": 1}', 3),  # a low half alone, in a key
        (b'["\\ud83d\\ude00", "\\\\", "a\\ud83d\\ud83d\\ude00"]', 26),  # the high half before a full pair
    ],
)
def test_half_a_surrogate_pair_is_not_text(data: bytes, column: int) -> None:
    # json.loads reads it as a lone surrogate, which no UTF-8 writer (nor jsonschema-rs) takes.
    p = _error(data)
    assert (p.rule, p.line, p.column) == ("encoding", 1, column)


def test_a_surrogate_pair_and_an_escaped_backslash_are_text() -> None:
    assert _parse(b'["\\ud83d\\ude00", "\\\\ud800"]').value == ["\U0001f600", "\\ud800"]


@pytest.mark.parametrize("number", [b"1e400", b"-1.5E+309", b"1" * 310 + b".0"])
def test_a_number_past_the_range_of_a_double_is_too_large(number: bytes) -> None:
    # json.loads reads it as infinity, which JSON cannot write back.
    p = _error(b'{"a": [1, ' + number + b"]}")
    assert (p.rule, p.line, p.column) == ("too-large", 1, 11)


@pytest.mark.parametrize("number", [b"1e400", b"-9" + b"9" * 400 + b".5"])
def test_a_huge_number_split_between_two_chunks_of_the_fast_pass_is_found(number: bytes) -> None:
    for shift in range(-3, len(number)):  # the chunk boundary falls before, inside and after the number
        assert _error(b"[" + b" " * (_CHUNK - 1 - shift) + number + b"]").rule == "too-large"


def test_numbers_within_the_range_of_a_double_are_read() -> None:
    assert _parse(b"[1e-400, 1.5e308, 1e99, 2E+100]").value == [0.0, 1.5e308, 1e99, 2e100]


# -- property test -----------------------------------------------------------------------

_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
)
_values = st.recursive(
    _scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=25,
)


def _pointers(value: object, prefix: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], object]]:
    found: list[tuple[tuple[str | int, ...], object]] = [(prefix, value)]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _pointers(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _pointers(child, (*prefix, index))
    return found


def _offset(text: str, line: int, column: int) -> int:
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    return start + column - 1


@settings(max_examples=300, deadline=None)
@given(
    value=_values,
    indent=st.sampled_from([None, 0, 1, 2, "\t"]),
    compact=st.booleans(),
    ensure_ascii=st.booleans(),
    crlf=st.booleans(),
    bom=st.booleans(),
)
def test_property_value_and_locations(
    value: object, indent: int | str | None, compact: bool, ensure_ascii: bool, crlf: bool, bom: bool
) -> None:
    separators = (",", ":") if compact else (", ", ": ")
    text = json.dumps(value, indent=indent, separators=separators, ensure_ascii=ensure_ascii)
    if crlf:
        text = text.replace("\n", "\r\n")  # json.dumps escapes newlines inside strings
    data = text.encode("utf-8")
    doc = parse_json(b"\xef\xbb\xbf" + data if bom else data, source="p.json")
    assert doc.value == json.loads(data)
    decoder = json.JSONDecoder()
    for parts, expected in _pointers(value):
        pointer = make_pointer(parts)
        line, column = doc.locate(pointer)
        offset = _offset(text, line, column)
        found, end = decoder.raw_decode(text, offset)
        assert found == expected
        assert doc._end(offset) == end
