"""The exact JSON parser: slower than the C decoder, but it explains every error precisely.

:func:`~indojp_data.core.json_locate.parse_json` uses it only when the C decoder's fast
path declines (a syntax error, ``NaN``, an integer too long, too deep a nesting). It is
iterative (deep nesting cannot overflow the Python stack) and linear in the size of the
input: positions come from a :class:`~indojp_data.core.json_index.LineIndex`, and
duplicate keys past the collector's cap are only counted.
"""

from __future__ import annotations

import math
import re
from json import JSONDecodeError
from typing import TypeAlias

from indojp_data.core.json_index import SURROGATE, LineIndex, make_pointer, scanstring
from indojp_data.core.problems import InputError, Problem, ProblemCollector, truncate_value

__all__ = ["ExactParser", "duplicate_key"]

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ESCAPE = re.compile(
    r"\\\\|\\u[dD][89abAB][0-9a-fA-F]{2}(?:\\u[dD][c-fC-F][0-9a-fA-F]{2})?|\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)
"""An escaped backslash, a surrogate pair, or half of one (a string's escapes, read left to right)."""

_Node: TypeAlias = "bool | int | float | str | list[_Node] | dict[str, _Node] | None"
"""What the parser builds: JSON values."""


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


def duplicate_key(source: str, key: str, line: int, column: int, pointer: str) -> Problem:
    """Return the ``"duplicate-key"`` problem for a repeated property name ``key``."""
    shown = truncate_value(key)
    return Problem(
        file=source,
        rule="duplicate-key",
        message=f"Property '{shown}' appears more than once in this object; readers disagree about which value wins.",
        line=line,
        column=column,
        pointer=pointer,
        field=shown,
        hint="remove or rename the duplicate property",
    )


class _Errors:
    """Explains a syntax error at an index of ``text``: a message, a hint, a line and a column."""

    __slots__ = ("_lines", "source", "text")

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self._lines: LineIndex | None = None

    def position(self, index: int) -> tuple[int, int]:
        """Return the 1-based ``(line, column)`` of ``text[index]``."""
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines.position(index)

    def error(
        self,
        index: int,
        message: str,
        *,
        rule: str = "json-syntax",
        hint: str | None = None,
        value: str | None = None,
    ) -> InputError:
        """Return the error to raise for ``message`` at ``index``."""
        line, column = self.position(index)
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

    def eof(self, stack: list[_Frame]) -> InputError:
        """Explain that the text ends inside a value, pointing at the container left open."""
        hint = None
        if stack:
            frame = stack[-1]
            line, column = self.position(frame.start)
            hint = f"the '{self.text[frame.start]}' opened at line {line}, column {column} is never closed"
        return self.error(len(self.text), "Invalid JSON: the file ends in the middle of a value.", hint=hint)

    def string(self, exc: JSONDecodeError) -> InputError:
        """Explain why the string scanner stopped."""
        msg = exc.msg
        if msg.startswith("Unterminated string"):
            return self.error(
                exc.pos, "Invalid JSON: this string is never closed.", hint='add the closing double quote (")'
            )
        if msg.startswith("Invalid control character"):
            return self.error(
                exc.pos,
                "Invalid JSON: a control character inside a string must be escaped.",
                hint="write a line break as \\n and a tab as \\t",
            )
        if msg.startswith("Invalid \\uXXXX"):
            return self.error(
                exc.pos,
                "Invalid JSON: a \\u escape must be followed by four hexadecimal digits.",
            )
        if msg.startswith("Invalid \\escape"):
            return self.error(
                exc.pos,
                "Invalid JSON: invalid escape sequence in a string.",
                hint="a literal backslash is written \\\\",
            )
        return self.error(exc.pos, f"Invalid JSON: {msg}.")

    def value(self, index: int, stack: list[_Frame]) -> InputError:
        """No value can start at ``index``: explain the most likely cause."""
        text = self.text
        if index >= len(text):
            return self.eof(stack)
        c = text[index]
        word = _WORD.match(text, index)
        if c == "'":
            return self.error(index, "Invalid JSON: strings must be in double quotes.", hint="replace ' with \"")
        if c == "/":
            return self.error(index, "Invalid JSON: comments are not allowed in JSON.", hint="remove the comment")
        if text.startswith(("NaN", "Infinity", "-Infinity"), index):
            return self.error(
                index,
                "Invalid JSON: NaN and Infinity are not valid JSON numbers.",
                hint="use null or a string",
            )
        if c in ",]}":
            return self.error(index, "Invalid JSON: a value is missing here.")
        if word is not None:
            shown = truncate_value(word.group(), 40)
            if word.group().lower() in ("true", "false", "null", "none"):
                return self.error(
                    index,
                    f"Invalid JSON: '{shown}' is not a JSON literal.",
                    hint="JSON literals are lowercase: true, false, null",
                    value=shown,
                )
            return self.error(
                index,
                f"Invalid JSON: unexpected word '{shown}'.",
                hint="strings must be in double quotes",
                value=shown,
            )
        return self.error(
            index,
            f"Invalid JSON: expected a value but found '{truncate_value(c)}'.",
            value=truncate_value(c),
        )


def _pointer(stack: list[_Frame]) -> str:
    """Pointer of the member whose key was just read in the innermost object."""
    parts: list[str | int] = []
    for frame in stack:
        if isinstance(frame.container, dict):
            parts.append(frame.key)
        else:
            parts.append(len(frame.container))
    return make_pointer(parts)


class _Tokens:
    """Reads what lies between the brackets: property names (reporting repeats) and scalar values."""

    __slots__ = ("errors", "on_duplicate", "text")

    def __init__(self, errors: _Errors, on_duplicate: ProblemCollector | None) -> None:
        self.errors = errors
        self.text = errors.text
        self.on_duplicate = on_duplicate

    def _duplicate(self, collector: ProblemCollector, key: str, index: int, stack: list[_Frame]) -> None:
        """Report the repeated ``key`` at ``index``; past the collector's cap, only count it."""
        if collector.full:
            collector.count(self.errors.source)
            return
        line, column = self.errors.position(index)
        collector.add(duplicate_key(self.errors.source, key, line, column, _pointer(stack)))

    def key(self, frame: _Frame, index: int, stack: list[_Frame]) -> int:
        """Read ``"key" :`` at ``index``; return the index where the member's value starts."""
        text = self.text
        if index >= len(text):
            raise self.errors.eof(stack)
        if text[index] != '"':
            c = text[index]
            hint = None
            if c == "'":
                hint = "property names must be in double quotes, not single quotes"
            elif c == "/":
                hint = "comments are not allowed in JSON"
            elif c not in ",:{}[]":
                hint = "property names must be strings in double quotes"
            raise self.errors.error(index, "Invalid JSON: expected a property name in double quotes.", hint=hint)
        key, end = self.string(index)
        container = frame.container
        if isinstance(container, dict) and key in container and self.on_duplicate is not None:
            frame.key = key
            self._duplicate(self.on_duplicate, key, index, stack)
        frame.key = key
        index = _skip_ws(text, end)
        if index >= len(text):
            raise self.errors.eof(stack)
        if text[index] != ":":
            raise self.errors.error(index, "Invalid JSON: expected ':' after the property name.")
        return _skip_ws(text, index + 1)

    def scalar(self, index: int, stack: list[_Frame]) -> tuple[_Node, int]:
        """Read the string, number or literal at ``index``; return it and the index after it."""
        text = self.text
        c = text[index]
        if c == '"':
            return self.string(index)
        if c in "-0123456789":
            return self.number(index, stack)
        if c == "t" and text.startswith("true", index):
            return True, index + 4
        if c == "f" and text.startswith("false", index):
            return False, index + 5
        if c == "n" and text.startswith("null", index):
            return None, index + 4
        raise self.errors.value(index, stack)

    def number(self, index: int, stack: list[_Frame]) -> tuple[_Node, int]:
        """Read the number at ``index``; return it and the index after it."""
        text = self.text
        value: _Node
        match = _NUMBER.match(text, index)
        if match is None:
            raise self.errors.value(index, stack)
        end = match.end()
        if end < len(text) and text[end] in ".eE0123456789":
            raise self.errors.error(
                index,
                "Invalid JSON: malformed number.",
                hint="JSON numbers have no leading zeros and need digits after '.' and 'e'",
                value=truncate_value(text[index : index + 40]),
            )
        if match.group(1) is None and match.group(2) is None:
            try:
                value = int(match.group())
            except ValueError:
                raise self.errors.error(
                    index,
                    f"Integer with {end - index} characters is too long to convert.",
                    rule="too-large",
                    hint="store very long numbers as strings",
                ) from None
        else:
            value = float(match.group())
            if math.isinf(value):
                raise self.errors.error(
                    index,
                    "Number is beyond the range of a double: it would be read as infinity.",
                    rule="too-large",
                    hint="store very large numbers as strings",
                    value=truncate_value(match.group()),
                )
        return value, end

    def string(self, index: int) -> tuple[str, int]:
        """Read the string whose opening quote is at ``index``; return it and the index after it."""
        text = self.text
        try:
            value, end = scanstring(text, index + 1, True)
        except JSONDecodeError as exc:
            raise self.errors.string(exc) from None
        if SURROGATE.search(value):
            raise self.errors.error(
                _half_pair(text, index, end),
                "Invalid JSON text: this \\u escape is half of a surrogate pair, without the other half.",
                rule="encoding",
                hint="write the character itself (in UTF-8), or escape both halves of its pair (\\ud83d\\ude00)",
            )
        return value, end


def _half_pair(text: str, start: int, end: int) -> int:
    """Return the index of the first escape in ``text[start:end]`` that is half a surrogate pair."""
    for match in _ESCAPE.finditer(text, start, end):
        escape = match.group()
        if escape != "\\\\" and len(escape) == 6:
            return match.start()
    return start  # pragma: no cover - the decoded string holds a half pair, so one of its escapes is


class ExactParser:
    """The exact parser: one pass over ``text`` that builds the value and explains any error.

    Used when :func:`~indojp_data.core.json_index.fast_parse` declines (an error, a
    duplicate key, excessive nesting): it is slower than the C decoder but still linear.
    It tracks the brackets; :class:`_Tokens` reads what lies between them and
    :class:`_Errors` explains what is wrong.
    """

    __slots__ = ("_errors", "_tokens", "max_depth", "on_duplicate", "source", "text")

    def __init__(
        self,
        text: str,
        source: str,
        max_depth: int,
        on_duplicate: ProblemCollector | None,
    ) -> None:
        self.text = text
        self.source = source
        self.max_depth = max_depth
        self.on_duplicate = on_duplicate
        self._errors = _Errors(text, source)
        self._tokens = _Tokens(self._errors, on_duplicate)

    def parse(self) -> _Node:
        """Parse the whole text.

        Returns:
            The value.

        Raises:
            InputError: On any syntax error or excessive nesting.
        """
        text = self.text
        n = len(text)
        max_depth = self.max_depth
        ws = _skip_ws
        errors = self._errors
        scalar = self._tokens.scalar
        read_key = self._tokens.key
        stack: list[_Frame] = []
        index = ws(text, 0)
        while True:
            # ---- one value starting at `index`
            if index >= n:
                raise errors.eof(stack)
            c = text[index]
            start = index
            value: _Node
            if c == "{" or c == "[":
                if len(stack) >= max_depth:
                    raise errors.error(
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
                        index = read_key(frame, after, stack)
                        continue
                    empty = {}
                elif after >= n or text[after] != "]":
                    stack.append(_Frame([], start))
                    index = after
                    continue
                else:
                    empty = []
                index = after + 1
                value = empty
            else:
                value, index = scalar(index, stack)

            # ---- a complete value text[start:index]; attach it, then close containers
            while True:
                if not stack:
                    index = ws(text, index)
                    if index < n:
                        raise errors.error(
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
                    raise errors.eof(stack)
                c = text[index]
                if c == ",":
                    after = ws(text, index + 1)
                    if after < n and text[after] == closer:
                        raise errors.error(
                            index,
                            f"Invalid JSON: trailing comma before '{closer}'.",
                            hint="remove the last comma",
                        )
                    index = read_key(frame, after, stack) if closer == "}" else after
                    break
                if c == closer:
                    stack.pop()
                    index += 1
                    value = container
                    continue
                what = "a property" if closer == "}" else "an element"
                raise errors.error(
                    index,
                    f"Invalid JSON: expected ',' or '{closer}' after {what}.",
                    hint="comments are not allowed in JSON" if c == "/" else "a comma is probably missing",
                )
