"""Stream RFC 4180 CSV files (UTF-8) with exact physical line numbers and bounded memory.

Usage::

    reader = iter_csv(fileobj, source="data/commitments.csv", problems=collector)
    reader.header                          # tuple of column names (the first record)
    lines, rows = reader.read_chunk(4096)  # data rows, and the line on which each starts

:func:`iter_csv` reads the header immediately and returns a :class:`CsvReader`. A row's line is
the physical 1-based line on which the record *starts*; newlines inside quoted cells are
counted, so it is the line an editor shows. The validator reads a file's header with it, and
reads the rows only to name each malformed record the engine could not place.

Reading is done in 1 MiB blocks: each block is checked for NUL bytes and decoded in one C
call, split into lines with one regular expression call, and handed to the C ``csv``
module, so the per-row Python work is a few attribute accesses. Memory is bounded by the
block size and the limits below, whatever the file size.

Lines are LF-terminated (CRLF is accepted as one line break); a bare CR outside quotes is
a ``"csv-syntax"`` problem, not a line break.

Problems that affect one row are sent to a :class:`~indojp_data.core.problems.ProblemCollector`
(``reader.problems``) and reading continues with the next row; such rows are not yielded
unless noted:

* ``"bom"`` (error, line 1): the file starts with a UTF-8 BOM. Published files are
  BOM-less and a BOM corrupts the first column name in many readers. It is stripped and
  reading continues.
* ``"encoding"`` (error): invalid UTF-8; ``line``/``column`` are those of the first bad
  byte of that physical line. The bytes are replaced by U+FFFD and the row *is* yielded.
* ``"row-length"`` (error): a row with more or fewer cells than the header.
* ``"blank-row"`` (error): an empty line.
* ``"csv-syntax"`` (error): e.g. text or spaces after a closing quote, spaces before an opening
  quote, a quote inside an unquoted cell (RFC 4180 has no such cells; lenient readers drop the
  spaces or keep the quote), a bare CR; reading resumes at the next physical line.
* ``"blank-header"``, ``"duplicate-header"`` (error): in the header row (which is still
  used).

Problems that stop reading raise :class:`~indojp_data.core.problems.InputError`:
``"empty"`` (no bytes, or only a BOM), ``"no-header"`` (the first line is blank),
``"encoding"`` (UTF-16/UTF-32 file), ``"binary"`` (a NUL byte; rows before its line are
still yielded), ``"too-large"`` (a cell over ``max_field_bytes`` UTF-8 bytes, or a line over
``max_line_bytes``), ``"unterminated-quote"`` (a quoted cell still open at the end of the
file) and ``"csv-syntax"`` in the header. After an ``InputError`` the reader is exhausted.

The reader is not thread-safe: the ``csv`` module's field size limit is process-global, so
it is set while each row is read and restored before returning.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from itertools import chain
from typing import TYPE_CHECKING, BinaryIO, Protocol, TypedDict

from indojp_data.core.problems import InputError, Problem, ProblemCollector, truncate_value
from indojp_data.validate.csvfile import MAX_RECORD_CELLS, quotes_in_place, stray_cr, too_many_cells

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = [
    "DEFAULT_MAX_FIELD_BYTES",
    "CsvReader",
    "iter_csv",
]

DEFAULT_MAX_FIELD_BYTES = 1024 * 1024
"""Default maximum size of one cell, in UTF-8 bytes (1 MiB)."""

_BLOCK_SIZE = 1024 * 1024
_LINES = re.compile(r"[^\n]*\n|[^\n]+")
_RAW_LINES = re.compile(rb"[^\n]*\n|[^\n]+")
_UTF8_BOM = b"\xef\xbb\xbf"
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


class _CsvRecords(Protocol):
    """What :func:`csv.reader` returns: records, and the physical line read last."""

    @property
    def line_num(self) -> int: ...

    def __next__(self) -> list[str]: ...


def _split_lines(text: str) -> list[str]:
    """Split ``text`` after each LF, keeping the line breaks."""
    lines = text.splitlines(keepends=True)  # fast, but also splits at CR, VT, FF, U+2028, ...
    if len(lines) != text.count("\n") + (not text.endswith("\n")):
        lines = _LINES.findall(text)  # some other line break was present: split at LF only
    return lines


def _cells(n: int) -> str:
    return "1 cell" if n == 1 else f"{n} cells"


def _column(raw: bytes, offset: int) -> int:
    """1-based column (in code points) of ``raw[offset]`` within one line."""
    return len(raw[:offset].decode("utf-8", "replace")) + 1


class _Details(TypedDict, total=False):
    """The optional parts of a problem the reader reports."""

    column: int | None
    field: str | None
    value: str | None
    hint: str | None


class _Report:
    """Words the problems of one CSV file and sends them to its collector."""

    __slots__ = ("problems", "source")

    def __init__(self, source: str, problems: ProblemCollector) -> None:
        self.source = source
        self.problems = problems

    def problem(self, rule: str, message: str, line: int | None, **details: Unpack[_Details]) -> Problem:
        """Build a problem about this file."""
        return Problem(file=self.source, rule=rule, message=message, line=line, **details)

    def fatal(self, rule: str, message: str, line: int | None, **details: Unpack[_Details]) -> InputError:
        """Build the error that stops reading this file."""
        return InputError(self.problem(rule, message, line, **details))


def _decode_by_line(buf: bytes, lines_before: int, report: _Report) -> Iterator[list[str]]:
    """Slow path for a block with invalid UTF-8: report each bad line, replace bad bytes."""
    lines: list[str] = []
    line = lines_before
    for raw in _RAW_LINES.findall(buf):
        line += 1
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            if lines:
                yield lines  # rows before this line come first
                lines = []
            report.problems.add(
                report.problem(
                    "encoding",
                    "This line is not valid UTF-8; the bad bytes were replaced with U+FFFD.",
                    line,
                    column=_column(raw, exc.start),
                    value=truncate_value(raw[exc.start : exc.end]),
                    hint="re-save the file as UTF-8",
                )
            )
            lines.append(raw.decode("utf-8", "replace"))
    if lines:
        yield lines


class _Lines:
    """The byte layer: reads blocks, rejects binary and wide encodings, decodes physical lines.

    Attributes:
        long_lines: Whether the block decoded last has a line longer than ``quarter`` characters.
    """

    __slots__ = ("_file", "_max_line_bytes", "_quarter", "_report", "long_lines")

    def __init__(self, fileobj: BinaryIO, report: _Report, *, max_line_bytes: int, quarter: int) -> None:
        self._file = fileobj
        self._report = report
        self._max_line_bytes = max_line_bytes
        self._quarter = quarter
        self.long_lines = True

    def sniff(self) -> bytes:
        """Read the first bytes; reject empty and UTF-16/32 files; strip a UTF-8 BOM."""
        start = b""
        while len(start) < 4:
            block = self._file.read(4 - len(start))
            if not block:
                break
            start += block
        if start.startswith(_WIDE_BOMS):
            raise self._report.fatal(
                "encoding",
                "The file is encoded as UTF-16 or UTF-32; CSV files must be UTF-8.",
                1,
                column=1,
                hint="re-save the file as UTF-8",
            )
        if start.startswith(_UTF8_BOM):
            start = start[len(_UTF8_BOM) :]
            if not start:  # fewer than 4 bytes were read, so this is the end of the file
                raise self._report.fatal("empty", "The file contains only a byte order mark and no data.", None)
            self._report.problems.add(
                self._report.problem(
                    "bom",
                    "The file starts with a UTF-8 byte order mark (BOM).",
                    1,
                    column=1,
                    hint="re-save the file as UTF-8 without BOM",
                )
            )
        elif not start:
            raise self._report.fatal("empty", "The file is empty; a header line was expected.", None)
        return start

    def segments(self, start: bytes) -> Iterator[list[str]]:
        """Yield lists of decoded physical lines (with their line breaks)."""
        read = self._file.read
        max_line = self._max_line_bytes
        pending = start  # the bytes _sniff already read are the first block
        parts: list[bytes] = []  # an incomplete last line, split across blocks
        parts_len = 0
        lines_before = 0  # physical lines fully handed out
        while True:
            if pending:
                block, pending = pending, b""
            else:
                block = read(_BLOCK_SIZE)
            if block:
                cut = block.rfind(b"\n") + 1
                if not cut:
                    parts.append(block)
                    parts_len += len(block)
                    if parts_len > max_line:
                        raise self._line_too_long(lines_before + 1)
                    continue
                parts.append(block[:cut])
                buf = b"".join(parts)
                rest = block[cut:]
                parts = [rest] if rest else []
                parts_len = len(rest)
            elif parts:
                buf = b"".join(parts)  # the last line, without a line break
                parts = []
            else:
                return
            if len(buf) > max_line:  # only then can one of its lines be too long
                self._check_line_lengths(buf, lines_before)
            yield from self._decode(buf, lines_before)
            lines_before += buf.count(b"\n")
            if not block:
                return

    def _check_line_lengths(self, buf: bytes, lines_before: int) -> None:
        """Raise if a line in ``buf`` is longer than the limit."""
        position = 0
        line = lines_before
        while position < len(buf):
            line += 1
            newline = buf.find(b"\n", position)
            end = len(buf) if newline < 0 else newline + 1
            if end - position > self._max_line_bytes:
                raise self._line_too_long(line)
            position = end

    def _line_too_long(self, line: int) -> InputError:
        """Return the error for a line over the limit."""
        return self._report.fatal(
            "too-large",
            f"Line {line} is longer than the limit of {self._max_line_bytes} bytes.",
            line,
            hint="check the line breaks; a file with CR-only line endings is one long line",
        )

    def _decode(self, buf: bytes, lines_before: int) -> Iterator[list[str]]:
        """Decode whole lines in ``buf``; stop with InputError at a line with a NUL byte."""
        nul = buf.find(b"\x00")
        good = buf if nul < 0 else buf[: buf.rfind(b"\n", 0, nul) + 1]
        try:
            text = good.decode("utf-8")
        except UnicodeDecodeError:
            self.long_lines = True
            yield from _decode_by_line(good, lines_before, self._report)
        else:
            lines = _split_lines(text)
            if lines:
                self.long_lines = max(map(len, lines)) > self._quarter
                yield lines
        if nul >= 0:
            line_start = buf.rfind(b"\n", 0, nul) + 1
            line = lines_before + buf.count(b"\n", 0, nul) + 1
            raise self._report.fatal(
                "binary",
                "The file contains a NUL byte; it looks like a binary file, not CSV text.",
                line,
                column=_column(buf[line_start:], nul - line_start),
                hint="check that this is the right file and that it is saved as UTF-8 (not UTF-16)",
            )


def _csv_problem(report: _Report, exc: csv.Error, start: int, at: int, field_limit: int) -> Problem:
    """Describe a csv.Error in the record starting on ``start`` (seen on line ``at``); raise if it is fatal."""
    message = str(exc)
    where = "" if at == start else f" (on line {at})"
    if message.startswith("field larger than field limit"):
        raise report.fatal(
            "too-large",
            f"A cell is larger than the limit of {field_limit} bytes{where}.",
            start,
            hint="if the cell should not be this big, look for an unbalanced double quote",
        )
    if message.startswith("unexpected end of data"):
        raise report.fatal(
            "unterminated-quote",
            "A quoted cell in the row starting here is never closed before the end of the file.",
            start,
            hint='add the closing double quote; write a quote inside a quoted cell as ""',
        )
    if message.startswith("new-line character seen in unquoted field"):
        return _bare_cr_problem(report, start, where)
    if "expected after" in message:
        text = f"A closing double quote must be followed by a comma or a line break{where}."
        hint = 'write a double quote inside a quoted cell as ""'
    else:
        text = f"CSV syntax error{where}: {message}."
        hint = None
    return report.problem("csv-syntax", text, start, hint=hint)


def _bare_cr_problem(report: _Report, start: int, where: str = "") -> Problem:
    text = f"A bare carriage return (CR) appears outside quotes{where}."
    return report.problem("csv-syntax", text, start, hint="use LF or CRLF line endings, or quote the cell")


def _quote_problem(report: _Report, start: int) -> Problem:
    text = "A double quote stands in an unquoted cell (or opens a cell after spaces); RFC 4180 has no such cell."
    hint = 'quote the whole cell and write each quote inside it as "", or remove the spaces before the quote'
    return report.problem("csv-syntax", text, start, hint=hint)


def _check_header(report: _Report, header: tuple[str, ...]) -> None:
    """Report blank and repeated column names."""
    seen: dict[str, int] = {}
    for number, name in enumerate(header, start=1):
        shown = truncate_value(name)
        if not name.strip():
            report.problems.add(
                report.problem(
                    "blank-header",
                    f"Column {number} has a blank name.",
                    1,
                    value=shown,
                    hint="give every column a name",
                )
            )
        elif name in seen:
            report.problems.add(
                report.problem(
                    "duplicate-header",
                    f"Columns {seen[name]} and {number} are both named '{shown}'.",
                    1,
                    field=shown,
                    hint="column names must be unique",
                )
            )
        else:
            seen[name] = number


def _check_bytes(report: _Report, header: tuple[str, ...], values: list[str], start: int, limit: int) -> None:
    """Exact UTF-8 size check, for cells that might exceed the limit."""
    quarter = limit // 4  # a cell this short cannot exceed the byte limit
    for index, value in enumerate(values):
        if len(value) > quarter:
            size = len(value.encode("utf-8", "surrogatepass"))
            if size > limit:
                name = header[index] if index < len(header) else None
                raise report.fatal(
                    "too-large",
                    f"Cell {index + 1} is {size} bytes, more than the limit of {limit} bytes.",
                    start,
                    field=None if name is None else truncate_value(name),
                    hint="if the cell should not be this big, look for an unbalanced double quote",
                )


def _bad_length(report: _Report, values: list[str], start: int, width: int) -> None:
    """Report a blank row or a row with the wrong number of cells."""
    if not values:
        report.problems.add(
            report.problem(
                "blank-row",
                f"The line is blank; every row must have {_cells(width)}.",
                start,
                hint="remove the blank line",
            )
        )
        return
    if len(values) > width:
        hint = "a cell that contains a comma must be enclosed in double quotes"
    else:
        hint = "add the missing cells (an empty cell is written as nothing between two commas)"
    report.problems.add(
        report.problem(
            "row-length",
            f"The row has {_cells(len(values))} but the header has {width}.",
            start,
            value=truncate_value(",".join(values)),
            hint=hint,
        )
    )


def _line_limit(max_field_bytes: int, max_line_bytes: int | None) -> int:
    """Check the limits; return the line limit, ``16 * max_field_bytes`` by default."""
    if max_field_bytes < 1:
        raise ValueError(f"max_field_bytes must be at least 1, got {max_field_bytes}")
    if max_line_bytes is None:
        max_line_bytes = 16 * max_field_bytes
    if max_line_bytes < 1:
        raise ValueError(f"max_line_bytes must be at least 1, got {max_line_bytes}")
    return max_line_bytes


def _read_header(reader: _CsvRecords, raw: list[str], report: _Report, field_limit: int) -> list[str]:
    """Read the first record, which names the columns; raise if there is none or it cannot be read.

    The reader puts the record's raw lines in ``raw``: a quote out of place there stops the file.
    """
    old_limit = csv.field_size_limit(field_limit)
    try:
        header = next(reader)
    except StopIteration:
        raise report.fatal("empty", "The file has no data.", None) from None
    except csv.Error as exc:
        raise InputError(_csv_problem(report, exc, 1, reader.line_num, field_limit)) from None
    finally:
        csv.field_size_limit(old_limit)
    if not header:
        raise report.fatal(
            "no-header",
            "The first line is blank; it must hold the column names.",
            1,
            hint="remove the blank line or add the header",
        )
    if '"' in (record := "".join(raw)) and not quotes_in_place(record):
        raise InputError(_quote_problem(report, 1))
    if stray_cr(record):
        raise InputError(_bare_cr_problem(report, 1))
    return header


class CsvReader:
    """Reader of the data rows of one CSV file, in chunks; the header is read on construction.

    Create it with :func:`iter_csv`. See the module docstring for the problems it reports.

    Attributes:
        source: The path as the user gave it (used as ``Problem.file``).
        header: The column names from the first record.
        problems: The collector non-fatal problems are sent to.
    """

    __slots__ = (
        "_done",
        "_field_limit",
        "_lines",
        "_next_line",
        "_raw",
        "_reader",
        "_report",
        "_width",
        "header",
        "problems",
        "source",
    )

    def __init__(
        self,
        fileobj: BinaryIO,
        *,
        source: str,
        max_field_bytes: int = DEFAULT_MAX_FIELD_BYTES,
        max_line_bytes: int | None = None,
        problems: ProblemCollector | None = None,
    ) -> None:
        """Start reading ``fileobj`` and read its header.

        Args:
            fileobj: A binary stream positioned at the start of the CSV data. It is not
                closed by the reader.
            source: The path as the user gave it; used as ``Problem.file``.
            max_field_bytes: Maximum size of one cell in UTF-8 bytes.
            max_line_bytes: Maximum size of one physical line in bytes (including its line
                break); defaults to ``16 * max_field_bytes``.
            problems: Where non-fatal problems go; a new collector if omitted.

        Raises:
            InputError: If the file is empty, has no header, is not UTF-8 text, or its
                header cannot be read (see the module docstring).
            ValueError: If a limit is smaller than 1.
        """
        max_line_bytes = _line_limit(max_field_bytes, max_line_bytes)
        self.source = source
        self.problems = ProblemCollector() if problems is None else problems
        self.problems.add_file(source)
        self._report = report = _Report(source, self.problems)
        self._field_limit = max_field_bytes
        # a cell of max_field_bytes // 4 characters cannot exceed the byte limit
        self._lines = _Lines(fileobj, report, max_line_bytes=max_line_bytes, quarter=max_field_bytes // 4)
        self._next_line = 1  # physical line on which the next record starts
        self._done = False
        start = self._lines.sniff()
        self._raw: list[str] = []  # the physical lines of the record read last
        self._reader = csv.reader(self._recorded(chain.from_iterable(self._lines.segments(start))), strict=True)
        self.header: tuple[str, ...] = ()
        header = _read_header(self._reader, self._raw, report, max_field_bytes)
        end = self._reader.line_num
        self._next_line = end + 1
        if end != 1 or self._lines.long_lines:
            _check_bytes(report, (), header, 1, max_field_bytes)  # no column names yet: the cells are them
        self.header = tuple(header)
        self._width = len(header)
        _check_header(report, self.header)

    def _recorded(self, lines: Iterator[str]) -> Iterator[str]:
        """Pass ``lines`` on, keeping those of the current record (:meth:`read_chunk` clears them).

        A record's first line with more than :data:`MAX_RECORD_CELLS` cells stops the reading here,
        before the C reader holds its cells.
        """
        raw = self._raw
        for line in lines:
            if not raw and len(line) > MAX_RECORD_CELLS and too_many_cells(line):
                at = self._next_line
                message = f"Line {at} has more than {MAX_RECORD_CELLS} cells."
                raise self._report.fatal("too-large", message, at, hint="a cell holding commas must be quoted")
            raw.append(line)
            yield line

    @property
    def lines_read(self) -> int:
        """Physical lines consumed so far (including the header)."""
        return self._reader.line_num

    def read_chunk(self, size: int) -> tuple[list[int], list[list[str]]]:
        """Return up to ``size`` well-formed rows as parallel lists of start lines and cell lists.

        The batch form of iteration: the same rows and the same problems, with the per-row overhead
        (the global field size limit, the row objects) paid once per chunk. An empty result means the
        end of the file.

        Raises:
            InputError: For a problem that stops reading (see the module docstring).
        """
        lines: list[int] = []
        rows: list[list[str]] = []
        if self._done:
            return lines, rows
        reader = self._reader
        raw = self._raw
        width = self._width
        long_lines = self._lines.long_lines
        report = self._report
        header = self.header
        limit = self._field_limit
        add_line = lines.append
        add_row = rows.append
        old_limit = csv.field_size_limit(self._field_limit)
        try:
            while len(rows) < size:
                start = self._next_line
                raw.clear()
                try:
                    values = next(reader)
                except csv.Error as exc:
                    at = reader.line_num
                    self._next_line = at + 1
                    self.problems.add(_csv_problem(report, exc, start, at, limit))
                    continue
                end = reader.line_num
                self._next_line = end + 1
                record = raw[0] if len(raw) == 1 else "".join(raw)
                if '"' in record and not quotes_in_place(record):
                    self.problems.add(_quote_problem(report, start))
                elif stray_cr(record):
                    self.problems.add(_bare_cr_problem(report, start))
                elif len(values) == width:
                    if end != start or long_lines:
                        _check_bytes(report, header, values, start, limit)
                    add_line(start)
                    add_row(values)
                else:
                    _bad_length(report, values, start, width)
        except StopIteration:
            self._done = True
        except InputError:
            self._done = True
            raise
        finally:
            csv.field_size_limit(old_limit)
        return lines, rows


iter_csv = CsvReader
"""Open a streaming CSV reader, reading the header at once: ``iter_csv(fileobj, source=..., problems=...)``."""
