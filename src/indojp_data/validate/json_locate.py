r"""Parse JSON while keeping track of where every value starts in the source text.

:func:`parse_json` gives the same value as :func:`json.loads` for every valid RFC 8259
document, and a :class:`LocatedJSON` whose :meth:`~LocatedJSON.locate` maps an RFC 6901
JSON pointer (e.g. one built from a ``jsonschema`` error path with :func:`make_pointer`)
to a 1-based ``(line, column)``.

The parser is iterative (deep nesting cannot overflow the Python stack) and linear in the
size of the input; strings are decoded by the C string scanner of the standard ``json``
module. Positions are only computed on the first call to ``locate`` (a second pass), so
documents that are never asked about cost a single pass.

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

Fatal problems raise :class:`~indojp_data.validate.problems.InputError` with these
rules: ``"too-large"``, ``"empty"`` (no bytes, or only whitespace), ``"encoding"``
(invalid UTF-8, UTF-16/32), ``"binary"`` (NUL bytes), ``"too-deep"`` and
``"json-syntax"``. Non-fatal problems (``"bom"``, ``"duplicate-key"``) go to a
:class:`~indojp_data.validate.problems.ProblemCollector`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from json import JSONDecodeError
from typing import TypeAlias, cast

from indojp_data.validate.problems import (
    InputError,
    Problem,
    ProblemCollector,
    Severity,
    truncate_value,
)

try:
    from _json import scanstring
except ImportError:  # pragma: no cover - interpreters without the C accelerator
    import json.decoder

    scanstring = json.decoder.scanstring  # type: ignore[attr-defined]

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


def parse_pointer(pointer: str) -> list[str]:
    """Split an RFC 6901 JSON pointer into its unescaped reference tokens.

    Args:
        pointer: ``""`` (the whole document) or a string starting with ``/``.

    Returns:
        The tokens, with ``~1`` turned into ``/`` and ``~0`` into ``~``.

    Raises:
        ValueError: If ``pointer`` is not a valid JSON pointer (a programming error).
    """
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"JSON pointer must be empty or start with '/': {pointer!r}")
    tokens = pointer[1:].split("/")
    for token in tokens:
        if "~" in token and re.search(r"~(?![01])", token):
            raise ValueError(f"invalid '~' escape in JSON pointer: {pointer!r}")
    return [t.replace("~1", "/").replace("~0", "~") for t in tokens]


def make_pointer(parts: Iterable[str | int]) -> str:
    """Build an RFC 6901 JSON pointer from path parts.

    Handy with ``jsonschema``: ``make_pointer(error.absolute_path)``.

    Args:
        parts: Object keys (``str``) and array indexes (``int``), outermost first.

    Returns:
        The pointer, e.g. ``"/resources/0/name"``; ``""`` for no parts.
    """
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


class _Span:
    """Where an array or object sits in the text, and where its children start.

    A child is either another ``_Span`` or, for a string/number/literal, just the index
    where it starts (plain ints keep the tree small and out of the garbage collector).
    """

    __slots__ = ("children", "end", "start")

    def __init__(self, start: int, end: int, children: list[_Node] | dict[str, _Node]) -> None:
        self.start = start
        self.end = end
        self.children = children


_Node: TypeAlias = "bool | int | float | str | list[_Node] | dict[str, _Node] | _Span | None"
"""What the parser builds: JSON values, or (when tracking) spans and scalar start indexes."""


class _Frame:
    """An array or object that is still open while parsing."""

    __slots__ = ("container", "key", "start")

    def __init__(self, container: list[_Node] | dict[str, _Node], start: int) -> None:
        self.container = container
        self.start = start
        self.key = ""


def _skip_ws(text: str, index: int) -> int:
    """Index of the first non-whitespace character at or after ``index``."""
    match = _WS.match(text, index)
    return index if match is None else match.end()


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of ``text[index]``; columns count code points."""
    line = text.count("\n", 0, index) + 1
    return line, index - text.rfind("\n", 0, index)


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based (line, column in code points) of the byte at ``data[offset]``."""
    line = data.count(b"\n", 0, offset) + 1
    line_start = data.rfind(b"\n", 0, offset) + 1
    return line, len(data[line_start:offset].decode("utf-8", "replace")) + 1


class _Parser:
    """One pass over ``text``; builds the value and, if ``track``, the span tree."""

    __slots__ = ("max_depth", "on_duplicate", "source", "text", "track")

    def __init__(
        self,
        text: str,
        source: str,
        max_depth: int,
        track: bool,
        on_duplicate: ProblemCollector | None,
    ) -> None:
        self.text = text
        self.source = source
        self.max_depth = max_depth
        self.track = track
        self.on_duplicate = on_duplicate

    # -- errors ---------------------------------------------------------------------

    def _error(
        self,
        index: int,
        message: str,
        *,
        rule: str = "json-syntax",
        hint: str | None = None,
        value: str | None = None,
    ) -> InputError:
        line, column = _position(self.text, index)
        return InputError(
            Problem(
                file=self.source,
                rule=rule,
                message=message,
                line=line,
                column=column,
                value=value,
                hint=hint,
            )
        )

    def _eof_error(self, stack: list[_Frame]) -> InputError:
        hint = None
        if stack:
            frame = stack[-1]
            line, column = _position(self.text, frame.start)
            hint = f"the '{self.text[frame.start]}' opened at line {line}, column {column} is never closed"
        return self._error(len(self.text), "Invalid JSON: the file ends in the middle of a value.", hint=hint)

    def _string_error(self, exc: JSONDecodeError) -> InputError:
        msg = exc.msg
        if msg.startswith("Unterminated string"):
            return self._error(
                exc.pos, "Invalid JSON: this string is never closed.", hint='add the closing double quote (")'
            )
        if msg.startswith("Invalid control character"):
            return self._error(
                exc.pos,
                "Invalid JSON: a control character inside a string must be escaped.",
                hint="write a line break as \\n and a tab as \\t",
            )
        if msg.startswith("Invalid \\uXXXX"):
            return self._error(
                exc.pos,
                "Invalid JSON: a \\u escape must be followed by four hexadecimal digits.",
            )
        if msg.startswith("Invalid \\escape"):
            return self._error(
                exc.pos,
                "Invalid JSON: invalid escape sequence in a string.",
                hint="a literal backslash is written \\\\",
            )
        return self._error(exc.pos, f"Invalid JSON: {msg}.")

    def _value_error(self, index: int, stack: list[_Frame]) -> InputError:
        """No value can start at ``index``: explain the most likely cause."""
        text = self.text
        if index >= len(text):
            return self._eof_error(stack)
        c = text[index]
        word = _WORD.match(text, index)
        if c == "'":
            return self._error(index, "Invalid JSON: strings must be in double quotes.", hint="replace ' with \"")
        if c == "/":
            return self._error(index, "Invalid JSON: comments are not allowed in JSON.", hint="remove the comment")
        if text.startswith(("NaN", "Infinity", "-Infinity"), index):
            return self._error(
                index,
                "Invalid JSON: NaN and Infinity are not valid JSON numbers.",
                hint="use null or a string",
            )
        if c in ",]}":
            return self._error(index, "Invalid JSON: a value is missing here.")
        if word is not None:
            shown = truncate_value(word.group(), 40)
            if word.group().lower() in ("true", "false", "null", "none"):
                return self._error(
                    index,
                    f"Invalid JSON: '{shown}' is not a JSON literal.",
                    hint="JSON literals are lowercase: true, false, null",
                    value=shown,
                )
            return self._error(
                index,
                f"Invalid JSON: unexpected word '{shown}'.",
                hint="strings must be in double quotes",
                value=shown,
            )
        return self._error(
            index,
            f"Invalid JSON: expected a value but found '{truncate_value(c)}'.",
            value=truncate_value(c),
        )

    def _pointer(self, stack: list[_Frame]) -> str:
        """Pointer of the member whose key was just read in the innermost object."""
        parts: list[str | int] = []
        for frame in stack:
            if isinstance(frame.container, dict):
                parts.append(frame.key)
            else:
                parts.append(len(frame.container))
        return make_pointer(parts)

    # -- parsing --------------------------------------------------------------------

    def _read_key(self, frame: _Frame, index: int, stack: list[_Frame]) -> int:
        """Read ``"key" :`` at ``index``; return the index where the member's value starts."""
        text = self.text
        if index >= len(text):
            raise self._eof_error(stack)
        if text[index] != '"':
            c = text[index]
            hint = None
            if c == "'":
                hint = "property names must be in double quotes, not single quotes"
            elif c == "/":
                hint = "comments are not allowed in JSON"
            elif c not in ",:{}[]":
                hint = "property names must be strings in double quotes"
            raise self._error(index, "Invalid JSON: expected a property name in double quotes.", hint=hint)
        try:
            key, end = scanstring(text, index + 1, True)
        except JSONDecodeError as exc:
            raise self._string_error(exc) from None
        container = frame.container
        if isinstance(container, dict) and key in container and self.on_duplicate is not None:
            frame.key = key
            line, column = _position(text, index)
            shown = truncate_value(key)
            self.on_duplicate.add(
                Problem(
                    file=self.source,
                    rule="duplicate-key",
                    message=f"Property '{shown}' appears more than once in this object; "
                    "readers disagree about which value wins.",
                    line=line,
                    column=column,
                    pointer=self._pointer(stack),
                    field=shown,
                    hint="remove or rename the duplicate property",
                )
            )
        frame.key = key
        index = _skip_ws(text, end)
        if index >= len(text):
            raise self._eof_error(stack)
        if text[index] != ":":
            raise self._error(index, "Invalid JSON: expected ':' after the property name.")
        return _skip_ws(text, index + 1)

    def parse(self) -> _Node:
        """Parse the whole text.

        Returns:
            The value, or when tracking the root span (or the root's start index if the
            document is a single scalar).

        Raises:
            InputError: On any syntax error or excessive nesting.
        """
        text = self.text
        n = len(text)
        track = self.track
        max_depth = self.max_depth
        ws = _skip_ws
        number = _NUMBER.match
        stack: list[_Frame] = []
        index = ws(text, 0)
        while True:
            # ---- one value starting at `index`
            if index >= n:
                raise self._eof_error(stack)
            c = text[index]
            start = index
            value: _Node
            if c == '"':
                try:
                    value, index = scanstring(text, index + 1, True)
                except JSONDecodeError as exc:
                    raise self._string_error(exc) from None
            elif c == "{" or c == "[":
                if len(stack) >= max_depth:
                    raise self._error(
                        index,
                        f"JSON is nested more than {max_depth} levels deep.",
                        rule="too-deep",
                        hint="flatten the structure",
                    )
                after = ws(text, index + 1)
                empty: list[_Node] | dict[str, _Node]
                if c == "{":
                    if after >= n or text[after] != "}":
                        frame = _Frame({}, start)
                        stack.append(frame)
                        index = self._read_key(frame, after, stack)
                        continue
                    empty = {}
                elif after >= n or text[after] != "]":
                    stack.append(_Frame([], start))
                    index = after
                    continue
                else:
                    empty = []
                index = after + 1
                value = _Span(start, index, empty) if track else empty
            elif c in "-0123456789":
                match = number(text, index)
                if match is None:
                    raise self._value_error(index, stack)
                end = match.end()
                if end < n and text[end] in ".eE0123456789":
                    raise self._error(
                        index,
                        "Invalid JSON: malformed number.",
                        hint="JSON numbers have no leading zeros and need digits after '.' and 'e'",
                        value=truncate_value(text[index : index + 40]),
                    )
                if track:
                    value = None
                elif match.group(1) is None and match.group(2) is None:
                    try:
                        value = int(match.group())
                    except ValueError:
                        raise self._error(
                            index,
                            f"Integer with {end - index} characters is too long to convert.",
                            rule="too-large",
                            hint="store very long numbers as strings",
                        ) from None
                else:
                    value = float(match.group())
                index = end
            elif c == "t" and text.startswith("true", index):
                value = True
                index += 4
            elif c == "f" and text.startswith("false", index):
                value = False
                index += 5
            elif c == "n" and text.startswith("null", index):
                value = None
                index += 4
            else:
                raise self._value_error(index, stack)
            if track and not isinstance(value, _Span):
                value = start

            # ---- a complete value text[start:index]; attach it, then close containers
            while True:
                if not stack:
                    index = ws(text, index)
                    if index < n:
                        raise self._error(
                            index,
                            "Invalid JSON: unexpected content after the end of the document.",
                            hint="a JSON file holds exactly one value; wrap several values in an array",
                        )
                    return value
                frame = stack[-1]
                container = frame.container
                if isinstance(container, dict):
                    container[frame.key] = value
                    closer = "}"
                else:
                    container.append(value)
                    closer = "]"
                index = ws(text, index)
                if index >= n:
                    raise self._eof_error(stack)
                c = text[index]
                if c == ",":
                    after = ws(text, index + 1)
                    if after < n and text[after] == closer:
                        raise self._error(
                            index,
                            f"Invalid JSON: trailing comma before '{closer}'.",
                            hint="remove the last comma",
                        )
                    index = self._read_key(frame, after, stack) if closer == "}" else after
                    break
                if c == closer:
                    stack.pop()
                    index += 1
                    value = _Span(frame.start, index, container) if track else container
                    continue
                what = "a property" if closer == "}" else "an element"
                raise self._error(
                    index,
                    f"Invalid JSON: expected ',' or '{closer}' after {what}.",
                    hint="comments are not allowed in JSON" if c == "/" else "a comma is probably missing",
                )


def _scalar_end(text: str, start: int) -> int:
    """End index of the (valid) string, number or literal starting at ``start``."""
    c = text[start]
    if c == '"':
        return scanstring(text, start + 1, True)[1]
    if c == "t" or c == "n":
        return start + 4
    if c == "f":
        return start + 5
    match = _NUMBER.match(text, start)
    assert match is not None, "called on validated text"
    return match.end()


class LocatedJSON:
    """A parsed JSON document that can tell where each of its values starts.

    Attributes:
        source: The path as the user gave it (used as ``Problem.file``).
        text: The decoded document (without a BOM).
        value: The parsed value, equal to what :func:`json.loads` returns.
        problems: The collector that non-fatal problems were sent to.
    """

    __slots__ = ("_max_depth", "_root", "problems", "source", "text", "value")

    def __init__(
        self,
        *,
        source: str,
        text: str,
        value: JSONValue,
        problems: ProblemCollector,
        max_depth: int,
    ) -> None:
        """Wrap an already parsed document; use :func:`parse_json` instead.

        Args:
            source: The path as the user gave it.
            text: The decoded, syntactically valid document.
            value: The parsed value.
            problems: The collector non-fatal problems were sent to.
            max_depth: The depth limit the text was parsed with.
        """
        self.source = source
        self.text = text
        self.value = value
        self.problems = problems
        self._max_depth = max_depth
        self._root: _Node = None

    def _tree(self) -> _Node:
        # Tracking never yields None: scalars become their start index.
        root = self._root
        if root is None:
            root = self._root = _Parser(self.text, self.source, self._max_depth, True, None).parse()
        return root

    def _find(self, pointer: str) -> tuple[_Node, list[str]]:
        """Deepest existing node along ``pointer`` and the tokens that reached it."""
        node = self._tree()
        found: list[str] = []
        for token in parse_pointer(pointer):
            if not isinstance(node, _Span):
                break
            children = node.children
            if isinstance(children, dict):
                if token not in children:
                    break
                node = children[token]
            else:
                if _INDEX.fullmatch(token) is None or int(token) >= len(children):
                    break
                node = children[int(token)]
            found.append(token)
        return node, found

    def _bounds(self, pointer: str) -> tuple[int, int]:
        node, _ = self._find(pointer)
        if isinstance(node, _Span):
            return node.start, node.end
        assert isinstance(node, int), "tracking builds spans and start indexes only"
        return node, _scalar_end(self.text, node)

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
        return _position(self.text, self._bounds(pointer)[0])

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
        start, end = self._bounds(pointer)
        return self.text[start:end]

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
        line, column = self.locate(pointer)
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
    value = cast(JSONValue, _Parser(text, source, max_depth, False, collector).parse())
    return LocatedJSON(source=source, text=text, value=value, problems=collector, max_depth=max_depth)
