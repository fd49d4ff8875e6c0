import csv
import io
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from indojp_data.core.problems import InputError, Problem, ProblemCollector
from indojp_data.validate.csv_reader import CsvReader, iter_csv

Row = tuple[int, list[str]]


def _all(reader: CsvReader) -> list[Row]:
    """Every remaining row of ``reader``, read in chunks as the validator reads them."""
    rows: list[Row] = []
    while True:
        lines, values = reader.read_chunk(3)
        if not values:
            return rows
        rows.extend(zip(lines, values, strict=True))


def _one(reader: CsvReader) -> Row:
    lines, values = reader.read_chunk(1)
    if not values:
        raise StopIteration
    return lines[0], values[0]


def _read(data: bytes, **kwargs: Any) -> tuple[CsvReader, list[Row], list[Problem]]:
    reader = iter_csv(io.BytesIO(data), source="t.csv", **kwargs)
    rows = _all(reader)
    return reader, rows, list(reader.problems.report().problems)


def _rows(rows: list[Row]) -> list[Row]:
    return rows


def _fatal(data: bytes, **kwargs: Any) -> Problem:
    with pytest.raises(InputError) as info:
        _read(data, **kwargs)
    assert info.value.problem.file == "t.csv"
    return info.value.problem


class _Trickle(io.RawIOBase):
    """A stream that returns at most one byte per read call."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._pos = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        chunk = self._data[self._pos : self._pos + 1]
        self._pos += len(chunk)
        return chunk


# -- well-formed input -------------------------------------------------------------------


def test_header_and_rows_with_lines() -> None:
    reader, rows, problems = _read(b"id,name\n1,a\n2,b\n")
    assert reader.header == ("id", "name")
    assert _rows(rows) == [(2, ["1", "a"]), (3, ["2", "b"])]
    assert problems == []


def test_rows_are_csvrow_tuples() -> None:
    _, rows, _ = _read(b"a\n1\n")
    assert rows[0] == (2, ["1"])
    assert rows[0][0] == 2


def test_last_line_without_newline() -> None:
    _, rows, _ = _read(b"a,b\n1,2")
    assert _rows(rows) == [(2, ["1", "2"])]


def test_crlf_line_endings() -> None:
    _, rows, _ = _read(b"a,b\r\n1,2\r\n3,4\r\n")
    assert _rows(rows) == [(2, ["1", "2"]), (3, ["3", "4"])]


def test_header_only_file_has_no_rows() -> None:
    reader, rows, problems = _read(b"a,b\n")
    assert reader.header == ("a", "b")
    assert rows == []
    assert problems == []


def test_quoted_cells_keep_commas_quotes_and_newlines() -> None:
    _, rows, _ = _read(b'a,b\n"x, y","say ""hi"""\n"multi\r\nline",2\n')
    assert _rows(rows) == [(2, ["x, y", 'say "hi"']), (3, ["multi\r\nline", "2"])]


def test_line_numbers_count_quoted_newlines() -> None:
    data = b'id,note\n1,"one\ntwo\nthree"\n2,ok\n3,"a\n\nb"\n4,x\n'
    _, rows, _ = _read(data)
    assert [r[0] for r in rows] == [2, 5, 6, 9]


def test_bad_row_after_quoted_newline_reports_physical_line() -> None:
    data = b'id,note\n1,"line one\nline two"\n2,ok\n3\n4,ok\n'
    _, rows, problems = _read(data)
    assert [r[0] for r in rows] == [2, 4, 6]
    assert [(p.rule, p.line) for p in problems] == [("row-length", 5)]


def test_multiline_header() -> None:
    reader, rows, _ = _read(b'"a\nb",c\n1,2\n')
    assert reader.header == ("a\nb", "c")
    assert _rows(rows) == [(3, ["1", "2"])]


def test_non_ascii_values() -> None:
    _, rows, _ = _read("name\n日本\né\n".encode())
    assert _rows(rows) == [(2, ["日本"]), (3, ["é"])]


def test_one_byte_reads() -> None:
    data = b'\xef\xbb\xbfa,b\n1,"x\ny"\n3,4\n'
    reader = iter_csv(_Trickle(data), source="t.csv")  # type: ignore[arg-type]
    assert reader.header == ("a", "b")
    assert _rows(_all(reader)) == [(2, ["1", "x\ny"]), (4, ["3", "4"])]


def test_problems_go_to_the_given_collector() -> None:
    collector = ProblemCollector()
    reader = iter_csv(io.BytesIO(b"a,b\n1\n"), source="t.csv", problems=collector)
    _all(reader)
    assert reader.problems is collector
    assert collector.total == 1


def test_lines_read() -> None:
    reader, _, _ = _read(b'a\n"1\n"\n2\n')
    assert reader.lines_read == 4


def test_block_boundaries_keep_lines_and_characters(tmp_path: Path) -> None:
    # ~3 MB so that multi-byte characters and quoted newlines straddle 1 MiB blocks.
    path = tmp_path / "big.csv"
    expected: list[tuple[int, list[str]]] = []
    line = 2
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["id", "text"])
        for i in range(60_000):
            text = "日本語テキスト" * (i % 5) + ("\nsecond line" if i % 7 == 0 else "")
            writer.writerow([str(i), text])
            expected.append((line, [str(i), text]))
            line += 1 + text.count("\n")
    assert path.stat().st_size > 2 * 1024 * 1024
    with path.open("rb") as f:
        reader = iter_csv(f, source="big.csv")
        assert _rows(_all(reader)) == expected
    assert reader.problems.total == 0


def test_memory_stays_flat(tmp_path: Path) -> None:
    path = tmp_path / "flat.csv"
    row = b"12345,some name,2026-07-02,12.50,true,plain text\n"
    with path.open("wb") as f:
        f.write(b"a,b,c,d,e,f\n")
        f.write(row * 200_000)  # ~10 MiB
    tracemalloc.start()
    try:
        count = 0
        with path.open("rb") as f:
            reader = iter_csv(f, source="flat.csv")
            while rows := reader.read_chunk(256)[1]:
                count += len(rows)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 200_000
    assert peak < 8 * 1024 * 1024, peak


def test_field_size_limit_is_restored() -> None:
    before = csv.field_size_limit()
    reader = iter_csv(io.BytesIO(b"a\n1\n2\n"), source="t.csv", max_field_bytes=7)
    _one(reader)
    assert csv.field_size_limit() == before
    _all(reader)
    assert csv.field_size_limit() == before


def test_field_size_limit_is_restored_after_fatal_error() -> None:
    before = csv.field_size_limit()
    with pytest.raises(InputError):
        _all(iter_csv(io.BytesIO(b"a\n" + b"x" * 20 + b"\n"), source="t.csv", max_field_bytes=10))
    assert csv.field_size_limit() == before


# -- fatal problems: one test per bad input ----------------------------------------------


def test_empty_file() -> None:
    p = _fatal(b"")
    assert (p.rule, p.line) == ("empty", None)


def test_bom_only_file() -> None:
    assert _fatal(b"\xef\xbb\xbf").rule == "empty"


def test_no_header_first_line_blank() -> None:
    p = _fatal(b"\na,b\n1,2\n")
    assert (p.rule, p.line) == ("no-header", 1)


def test_utf16_file() -> None:
    p = _fatal("a,b\n1,2\n".encode("utf-16"))
    assert (p.rule, p.line, p.column) == ("encoding", 1, 1)


def test_nul_byte_stops_reading_after_earlier_rows() -> None:
    reader = iter_csv(io.BytesIO(b"a,b\n1,2\n3,4\n5,\x006\n7,8\n"), source="t.csv")
    assert _one(reader) == (2, ["1", "2"])
    assert _one(reader) == (3, ["3", "4"])
    with pytest.raises(InputError) as info:
        _one(reader)
    assert (info.value.problem.rule, info.value.problem.line, info.value.problem.column) == ("binary", 4, 3)
    assert _all(reader) == []  # exhausted after a fatal error


def test_nul_byte_in_header() -> None:
    p = _fatal(b"a\x00,b\n1,2\n")
    assert (p.rule, p.line, p.column) == ("binary", 1, 2)


def test_field_larger_than_limit() -> None:
    p = _fatal(b"a,b\n1,2\n3," + b"x" * 11 + b"\n", max_field_bytes=10)
    assert (p.rule, p.line) == ("too-large", 3)


def test_field_at_limit_is_accepted() -> None:
    _, rows, _ = _read(b"a,b\n3," + b"x" * 10 + b"\n", max_field_bytes=10)
    assert rows[0][1][1] == "x" * 10


def test_multibyte_field_over_byte_limit() -> None:
    # 4 characters but 8 bytes.
    p = _fatal("a,b\n1,2\n3,éééé\n".encode(), max_field_bytes=7)
    assert (p.rule, p.line, p.field) == ("too-large", 3, "b")
    assert "8 bytes" in p.message


def test_multibyte_field_within_byte_limit() -> None:
    _, rows, _ = _read("a,b\n3,éééé\n".encode(), max_field_bytes=8)
    assert rows[0][1][1] == "éééé"


def test_huge_quoted_field_spanning_lines() -> None:
    data = b'a,b\n1,"' + b"line\n" * 1000 + b'"\n'
    p = _fatal(data, max_field_bytes=100)
    assert (p.rule, p.line) == ("too-large", 2)


def test_line_longer_than_limit() -> None:
    p = _fatal(b"a,b\n1,2\n" + b"x," * 100 + b"\n", max_line_bytes=50)
    assert (p.rule, p.line) == ("too-large", 3)


def test_line_longer_than_limit_without_newline() -> None:
    p = _fatal(b"a,b\n" + b"x" * 100, max_line_bytes=50)
    assert (p.rule, p.line) == ("too-large", 2)


def test_unterminated_quote_at_end_of_file() -> None:
    p = _fatal(b'a,b\n1,2\n3,"never closed\nmore\n')
    assert (p.rule, p.line) == ("unterminated-quote", 3)


def test_syntax_error_in_header_is_fatal() -> None:
    p = _fatal(b'"a"x,b\n1,2\n')
    assert (p.rule, p.line) == ("csv-syntax", 1)


def test_invalid_limits_are_programming_errors() -> None:
    with pytest.raises(ValueError):
        iter_csv(io.BytesIO(b"a\n"), source="t.csv", max_field_bytes=0)
    with pytest.raises(ValueError):
        iter_csv(io.BytesIO(b"a\n"), source="t.csv", max_line_bytes=0)


# -- row-level problems: reading goes on -------------------------------------------------


def test_bom_is_reported_and_stripped() -> None:
    reader, rows, problems = _read(b"\xef\xbb\xbfid,name\n1,a\n")
    assert reader.header == ("id", "name")
    assert _rows(rows) == [(2, ["1", "a"])]
    assert [(p.rule, p.severity, p.line, p.column) for p in problems] == [("bom", "error", 1, 1)]


def test_invalid_utf8_reports_line_and_column_and_keeps_row() -> None:
    data = b"id,name\n1,a\n2,ab\xffc\n3,d\n"
    _, rows, problems = _read(data)
    assert _rows(rows) == [(2, ["1", "a"]), (3, ["2", "ab\ufffdc"]), (4, ["3", "d"])]
    assert [(p.rule, p.line, p.column, p.value) for p in problems] == [("encoding", 3, 5, "\\xff")]


def test_invalid_utf8_on_several_lines() -> None:
    _, rows, problems = _read(b"a\n\xff\nok\n\xfe\n")
    assert len(rows) == 3
    assert [(p.rule, p.line, p.column) for p in problems] == [("encoding", 2, 1), ("encoding", 4, 1)]


def test_row_with_too_many_cells() -> None:
    _, rows, problems = _read(b"a,b\n1,2,3\n4,5\n")
    assert _rows(rows) == [(3, ["4", "5"])]
    (p,) = problems
    assert (p.rule, p.line, p.value) == ("row-length", 2, "1,2,3")
    assert "3 cells" in p.message


def test_row_with_too_few_cells() -> None:
    _, rows, problems = _read(b"a,b\n1\n4,5\n")
    assert _rows(rows) == [(3, ["4", "5"])]
    (p,) = problems
    assert (p.rule, p.line) == ("row-length", 2)
    assert "1 cell " in p.message


def test_blank_row() -> None:
    _, rows, problems = _read(b"a,b\n1,2\n\n3,4\n")
    assert _rows(rows) == [(2, ["1", "2"]), (4, ["3", "4"])]
    assert [(p.rule, p.line) for p in problems] == [("blank-row", 3)]


def test_text_after_closing_quote() -> None:
    _, rows, problems = _read(b'a,b\n1,"2"x\n3,4\n')
    assert _rows(rows) == [(3, ["3", "4"])]
    assert [(p.rule, p.line) for p in problems] == [("csv-syntax", 2)]


def test_bare_carriage_return() -> None:
    _, rows, problems = _read(b"a,b\n1,2\r3,4\n5,6\n")
    assert _rows(rows) == [(3, ["5", "6"])]
    (p,) = problems
    assert (p.rule, p.line) == ("csv-syntax", 2)
    assert "carriage return" in p.message


def test_duplicate_header() -> None:
    reader, _, problems = _read(b"a,b,a\n1,2,3\n")
    assert reader.header == ("a", "b", "a")
    assert [(p.rule, p.line, p.field) for p in problems] == [("duplicate-header", 1, "a")]


def test_blank_header() -> None:
    _, _, problems = _read(b"a, ,c\n1,2,3\n")
    assert [(p.rule, p.line) for p in problems] == [("blank-header", 1)]


def test_many_bad_rows_are_capped_but_counted() -> None:
    collector = ProblemCollector(cap=5)
    reader = iter_csv(io.BytesIO(b"a,b\n" + b"1\n" * 10_000 + b"1,2\n"), source="t.csv", problems=collector)
    rows = _all(reader)
    assert _rows(rows) == [(10_002, ["1", "2"])]
    report = collector.report()
    assert (len(report.problems), report.total) == (5, 10_000)


@pytest.mark.parametrize("size", [1, 2, 3, 1000])
def test_read_chunk_gives_the_same_rows_and_problems_whatever_the_chunk_size(size: int) -> None:
    data = (
        b'a,b,c\r\n1,2,3\r\n"x\r\ny",5,6\r\n\r\n7,8\r\n9,"bad"x,1\r\n'
        + b"caf\xe9,1,2\r\n"
        + b"".join(b"%d,%d,%d\r\n" % (i, i, i) for i in range(10))
    )
    _, iterated_rows, iterated_problems = _read(data)
    chunked = iter_csv(io.BytesIO(data), source="t.csv")
    lines: list[int] = []
    values: list[list[str]] = []
    while True:
        chunk_lines, chunk_values = chunked.read_chunk(size)
        if not chunk_values:
            break
        assert len(chunk_values) <= size
        lines += chunk_lines
        values += chunk_values
    assert list(zip(lines, values, strict=True)) == iterated_rows
    assert chunked.problems.report().problems == tuple(iterated_problems)
    assert chunked.read_chunk(size) == ([], [])
