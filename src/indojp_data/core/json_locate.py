r"""Parse JSON while keeping track of where every value starts in the source text.

:func:`parse_json` gives the same value as :func:`json.loads` for every valid RFC 8259
document (but the numbers and strings that no JSON writer can give back: see the decisions
below), and a :class:`LocatedJSON` whose :meth:`~LocatedJSON.locate` maps an RFC 6901
JSON pointer (e.g. one built from a JSON Schema error's path with :func:`make_pointer`)
to a 1-based ``(line, column)``.

Cost, for any input (see :mod:`~indojp_data.core.json_index`): a valid document is
parsed by the C decoder of the standard ``json`` module plus one C-speed pass over its bytes
(duplicate keys, depth), about twice what ``json.loads`` costs; only a document with an
error, a duplicate key or excessive nesting is parsed a second time, by an exact iterative
parser (deep nesting cannot overflow the Python stack) that is linear too. Nothing is
located until asked: :meth:`LocatedJSON.locate` indexes only the containers on the path of
the pointer asked about, each once, with bounded total work, and a line is found through a
block table, so locating many problems never rescans the text. Problems past the
collector's cap are counted, not located.

Positions: lines are separated by LF (``\r\n`` counts as one line break; a lone CR does
not break a line); columns count Unicode code points, starting at 1 (a tab is one column).

Decisions:

* **UTF-8 BOM**: accepted and stripped (RFC 8259 allows parsers to ignore it), and reported
  as a ``"bom"`` *warning* because RFC 8259 forbids writing one and naive readers choke
  on it. Positions are counted after the BOM. UTF-16/UTF-32 BOMs are an ``"encoding"``
  error.
* **Duplicate object keys**: reported as a ``"duplicate-key"`` *error* (one per duplicate,
  at the position of the repeated key), because readers disagree about which value wins
  and data is silently lost. Parsing continues; as with ``json.loads`` the last value wins.
* **Not JSON although ``json.loads`` accepts it**: ``NaN``, ``Infinity`` and
  ``-Infinity`` are ``"json-syntax"`` errors.
* **Integers with more digits than Python converts** (``sys.get_int_max_str_digits``,
  4300 by default) are a ``"too-large"`` error, as ``json.loads`` fails on them too.
* **Numbers past a double's range** (``1e400``), which ``json.loads`` reads as infinity, are
  a ``"too-large"`` error too: no JSON writer can give them back.
* **Half a surrogate pair** (``"\ud800"`` alone), which ``json.loads`` reads as a lone
  surrogate, is an ``"encoding"`` error: the string is not Unicode text, and no UTF-8
  writer (nor a JSON Schema validator in Rust) takes it.

Fatal problems raise :class:`~indojp_data.core.problems.InputError` with these
rules: ``"too-large"``, ``"empty"`` (no bytes, or only whitespace), ``"encoding"``
(invalid UTF-8, UTF-16/32, half a surrogate pair), ``"binary"`` (NUL bytes), ``"too-deep"`` and
``"json-syntax"``. Non-fatal problems (``"bom"``, ``"duplicate-key"``) go to a
:class:`~indojp_data.core.problems.ProblemCollector`.
"""

from __future__ import annotations

import re
from typing import TypeAlias

from indojp_data.core.json_exact import ExactParser, duplicate_key
from indojp_data.core.json_index import (
    DUPLICATES,
    LineIndex,
    Locator,
    fast_parse,
    make_pointer,
    parse_duplicates,
    parse_pointer,
)
from indojp_data.core.problems import (
    InputError,
    Problem,
    ProblemCollector,
    Severity,
    truncate_value,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_DEPTH",
    "JSONValue",
    "LocatedJSON",
    "make_pointer",
    "parse_json",
    "parse_pointer",
]

JSONValue: TypeAlias = "bool | int | float | str | list[JSONValue] | dict[str, JSONValue] | None"
"""A value as :func:`json.loads` returns it."""

DEFAULT_MAX_DEPTH = 64
"""Default maximum nesting depth of arrays and objects."""

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
"""Default maximum input size in bytes (64 MiB)."""

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_INDEX = re.compile(r"0|[1-9][0-9]*")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_UTF8_BOM = b"\xef\xbb\xbf"
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
_MISSING = object()


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based (line, column in code points) of the byte at ``data[offset]``."""
    line = data.count(b"\n", 0, offset) + 1
    line_start = data.rfind(b"\n", 0, offset) + 1
    return line, len(data[line_start:offset].decode("utf-8", "replace")) + 1


class LocatedJSON:
    """A parsed JSON document that can tell where each of its values starts.

    Attributes:
        source: The path as the user gave it (used as ``Problem.file``).
        text: The decoded document (without a BOM).
        value: The parsed value, equal to what :func:`json.loads` returns.
        problems: The collector that non-fatal problems were sent to.
    """

    __slots__ = ("_lines", "_locator", "problems", "source", "text", "value")

    def __init__(
        self,
        *,
        source: str,
        text: str,
        value: JSONValue,
        problems: ProblemCollector,
    ) -> None:
        """Wrap an already parsed document; use :func:`parse_json` instead.

        Args:
            source: The path as the user gave it.
            text: The decoded, syntactically valid document.
            value: The parsed value.
            problems: The collector non-fatal problems were sent to.
        """
        self.source = source
        self.text = text
        self.value = value
        self.problems = problems
        self._lines: LineIndex | None = None
        self._locator: Locator | None = None

    def locator(self) -> Locator:
        """Return the index that finds values by pointer tokens (built on first use)."""
        if self._locator is None:
            self._locator = Locator(self.text)
        return self._locator

    def position(self, index: int) -> tuple[int, int]:
        """Return the 1-based ``(line, column)`` of the character at ``index`` in :attr:`text`."""
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines.position(index)

    def _find(self, pointer: str) -> tuple[int, list[str]]:
        """Start index of the deepest existing value along ``pointer`` and the tokens that reach it."""
        tokens = parse_pointer(pointer)
        index, depth = self.locator().find(tokens)
        return index, tokens[:depth]

    def resolve(self, pointer: str) -> str:
        """Return the longest prefix of ``pointer`` that exists in the document.

        Args:
            pointer: An RFC 6901 JSON pointer.

        Returns:
            ``pointer`` itself (normalised) if it exists, else its nearest existing ancestor.

        Raises:
            ValueError: If ``pointer`` is not a valid JSON pointer.
        """
        _, found = self._find(pointer)
        return make_pointer(found)

    def locate(self, pointer: str) -> tuple[int, int]:
        """Return where the value at ``pointer`` begins.

        For an object member this is the first character of its value, not of its key. A
        pointer that does not exist (e.g. a missing required property) falls back to the
        nearest existing ancestor (e.g. the object that lacks the property).

        Args:
            pointer: An RFC 6901 JSON pointer; ``""`` is the whole document.

        Returns:
            1-based ``(line, column)``; columns count code points.

        Raises:
            ValueError: If ``pointer`` is not a valid JSON pointer.
        """
        return self.position(self._find(pointer)[0])

    def raw(self, pointer: str) -> str:
        """Return the exact source text of the value at ``pointer`` (or its nearest ancestor).

        Useful to see a number as written, e.g. ``"1.50"`` where :attr:`value` has ``1.5``.

        Args:
            pointer: An RFC 6901 JSON pointer.

        Returns:
            The slice of :attr:`text` holding the value.

        Raises:
            ValueError: If ``pointer`` is not a valid JSON pointer.
        """
        start, _ = self._find(pointer)
        return self.text[start : self.locator().end(start)]

    def problem(
        self,
        pointer: str,
        *,
        rule: str,
        message: str,
        field: str | None = None,
        value: object = _MISSING,
        hint: str | None = None,
        severity: Severity = "error",
    ) -> Problem:
        """Build a :class:`Problem` about the value at ``pointer``, with its position filled in.

        Args:
            pointer: Where the problem is; a missing pointer is located at its nearest
                existing ancestor, but ``Problem.pointer`` keeps the pointer as given.
                Once :attr:`problems` is full (the problem would only be counted), it is
                not located at all: ``line`` and ``column`` are ``None``.
            rule: The rule id.
            message: One actionable sentence.
            field: The offending field name, if any.
            value: The offending value; passed through :func:`truncate_value`. Omit it for
                no value (``None`` means the JSON value ``null``).
            hint: Optional advice.
            severity: ``"error"`` or ``"warning"``.

        Returns:
            The problem.

        Raises:
            ValueError: If ``pointer`` is not a valid JSON pointer.
        """
        # Past the collector's cap the problem will only be counted: do not spend time locating it.
        line, column = (None, None) if self.problems.full else self.locate(pointer)
        return Problem(
            file=self.source,
            rule=rule,
            message=message,
            line=line,
            column=column,
            pointer=pointer,
            field=field,
            value=None if value is _MISSING else truncate_value(value),
            hint=hint,
            severity=severity,
        )


def _report_duplicates(located: LocatedJSON, repeats: list[tuple[list[str | int], list[str]]]) -> None:
    """Report each repeated key, in text order; past the collector's cap, only count them."""
    collector = located.problems
    found: list[tuple[int, list[str | int], str]] = []
    for number, (path, keys) in enumerate(repeats):
        if len(found) >= collector.cap or collector.full:  # enough to fill the report: count the rest
            collector.count(located.source, n=sum(len(k) for _, k in repeats[number:]))
            break
        tokens = [str(p) for p in path]
        locator = located.locator()
        start, depth = locator.find(tokens)
        where = locator.repeated_keys(start) if depth == len(tokens) else {}
        for key in dict.fromkeys(keys):
            positions = where.get(key) or [start] * keys.count(key)
            found.extend((index, path, key) for index in positions)
    found.sort(key=lambda item: item[0])
    for index, path, key in found:
        if collector.full:
            collector.count(located.source)
            continue
        line, column = located.position(index)
        collector.add(duplicate_key(located.source, key, line, column, make_pointer([*path, key])))


def parse_json(
    data: bytes,
    *,
    source: str,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_bytes: int = DEFAULT_MAX_BYTES,
    problems: ProblemCollector | None = None,
) -> LocatedJSON:
    """Parse a UTF-8 JSON document and remember where its values are.

    See the module docstring for the decisions on BOMs, duplicate keys and non-standard
    numbers.

    Args:
        data: The raw file content.
        source: The path as the user gave it; used as ``Problem.file``.
        max_depth: Maximum nesting depth of arrays/objects (``[[1]]`` has depth 2).
        max_bytes: Maximum size of ``data`` in bytes.
        problems: Where non-fatal problems (``"bom"``, ``"duplicate-key"``) go; a new
            collector (default cap) if omitted. Available as ``LocatedJSON.problems``.

    Returns:
        The parsed document.

    Raises:
        InputError: For input that cannot be parsed (rules ``"too-large"``, ``"empty"``,
            ``"encoding"``, ``"binary"``, ``"too-deep"``, ``"json-syntax"``).
        ValueError: If ``max_depth`` is below 1 or ``max_bytes`` is negative.
    """
    if max_depth < 1:
        raise ValueError(f"max_depth must be at least 1, got {max_depth}")
    if max_bytes < 0:
        raise ValueError(f"max_bytes must not be negative, got {max_bytes}")
    collector = ProblemCollector() if problems is None else problems
    collector.add_file(source)

    def fail(
        rule: str,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        value: str | None = None,
        hint: str | None = None,
    ) -> InputError:
        return InputError(
            Problem(file=source, rule=rule, message=message, line=line, column=column, value=value, hint=hint)
        )

    if len(data) > max_bytes:
        raise fail(
            "too-large",
            f"The file is {len(data)} bytes, more than the limit of {max_bytes} bytes.",
        )
    if not data:
        raise fail("empty", "The file is empty; a JSON document was expected.")
    if data.startswith(_WIDE_BOMS):
        raise fail(
            "encoding",
            "The file is encoded as UTF-16 or UTF-32; JSON files must be UTF-8.",
            line=1,
            column=1,
            hint="re-save the file as UTF-8",
        )
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
        collector.add(
            Problem(
                file=source,
                rule="bom",
                message="The file starts with a UTF-8 byte order mark, which JSON files must not have.",
                line=1,
                column=1,
                hint="re-save the file as UTF-8 without BOM",
                severity="warning",
            )
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _byte_position(data, nul)
        raise fail(
            "binary",
            "The file contains NUL bytes; it looks like a binary file, not JSON text.",
            line=line,
            column=column,
            hint="check that this is the right file and that it is saved as UTF-8 (not UTF-16)",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(data, exc.start)
        raise fail(
            "encoding",
            "The file is not valid UTF-8.",
            line=line,
            column=column,
            value=truncate_value(data[exc.start : exc.end]),
            hint="re-save the file as UTF-8",
        ) from None
    if not text.strip(" \t\n\r"):
        raise fail("empty", "The file contains only whitespace; a JSON document was expected.")
    fast = fast_parse(text, data, max_depth)
    if fast == DUPLICATES:
        value, repeats = parse_duplicates(text)
        located = LocatedJSON(source=source, text=text, value=value, problems=collector)
        _report_duplicates(located, repeats)
        return located
    # On an error or too deep a nesting, the exact parser says what and where.
    value = fast[0] if isinstance(fast, tuple) else ExactParser(text, source, max_depth, collector).parse()
    return LocatedJSON(source=source, text=text, value=value, problems=collector)
