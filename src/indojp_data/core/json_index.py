"""Linear-time helpers for :mod:`~indojp_data.core.json_locate`: fast parse, line index, lazy locator.

Everything here costs time linear in the size of the text (with small constants, most of it
in C), whatever the document holds, and memory bounded by a small multiple of it:

* :func:`fast_parse` parses with the C decoder of the standard ``json`` module and checks in
  one more C-speed pass over the bytes (no per-value Python work) that the document has no
  duplicate keys and is no deeper than allowed. It gives up (returns ``None``) on anything
  unusual, so the caller can fall back to the exact, slower parser for the error report.
* :class:`LineIndex` turns a character index into a 1-based ``(line, column)`` by counting
  newlines inside one fixed-size block only (a block table is built once, in C).
* :class:`Locator` maps a JSON pointer to where its value starts. Only the containers on the
  path of a pointer actually asked about are indexed, each once (children of large arrays
  are remembered sparsely), and the total work is capped at a multiple of the text size:
  past the cap, a pointer is located at its deepest already-indexed ancestor instead.
"""

from __future__ import annotations

import json
import math
import re
from array import array
from collections.abc import Iterable
from typing import Any

try:
    from _json import scanstring
except ImportError:  # pragma: no cover - interpreters without the C accelerator
    import json.decoder

    scanstring = json.decoder.scanstring  # type: ignore[attr-defined]

__all__ = [
    "DUPLICATES",
    "LineIndex",
    "Locator",
    "fast_parse",
    "make_pointer",
    "parse_duplicates",
    "parse_pointer",
    "scalar_end",
    "scanstring",
]

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_INDEX = re.compile(r"0|[1-9][0-9]*")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
"""A ``\\u`` escape of a surrogate: the text may hold half a pair (or a full pair, or a quoted backslash)."""
SURROGATE = re.compile("[\ud800-\udfff]")
"""A surrogate code point in decoded text: half of a pair, which is not Unicode text."""
_NUMBER_SHAPE = bytes(
    ord("0") if b in b"0123456789" else ord("e") if b in b"eE" else b if b == ord("+") else ord(" ") for b in range(256)
)
"""Maps the text outside strings to its numbers' shapes: each digit becomes ``0``, ``E`` becomes ``e``, ``+``
stays, and every other byte becomes a space."""
_HUGE_SHAPES = (b"e000", b"e+000", b"0" * 200)
"""The shapes of a number that may be past a double's range: an exponent of three digits or more, or 200 digits
in a row (200 digits before an exponent of at most 99 stay below 1e308)."""
_CHUNK = 1 << 20
_BRACKETS = bytes.maketrans(b"{}", b"[]")
_NOT_BRACKETS = bytes(c for c in range(256) if c not in b"{}[]")

_BLOCK = 1 << 16
"""Characters per block of :class:`LineIndex`: the most a position lookup scans."""
_STRIDE = 16
"""An array's index remembers the start of every ``_STRIDE``-th child (bounded memory)."""
_WORK_FACTOR = 8
""":class:`Locator` scans at most this many times the text (plus a megabyte) in total."""


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


class _Reject(Exception):
    """The fast path met something it leaves to the exact parser."""


def _reject_constant(name: str) -> Any:
    raise _Reject(name)


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _Reject(text)
    return value


def _all_finite(text: str, start: int) -> bool:
    """Tell whether every number of the valid document ``text`` is within a double's range (parsing it again)."""
    try:
        json.JSONDecoder(parse_float=_finite_float).raw_decode(text, start)
    except _Reject:  # json.loads would read it as infinity: the exact parser reports it
        return False
    return True


def _holds_surrogate(value: Any) -> bool:
    """Tell whether a string (key or value) anywhere in ``value`` holds half a surrogate pair."""
    todo = [value]
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            if SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            todo.extend(item)
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return False


def _structure(data: bytes) -> tuple[int, bytes, bool]:
    """Count the ``:`` outside strings; return them, the brackets outside strings, and whether a number may be huge.

    ``data`` must be valid JSON. Escaped backslashes and quotes are removed first, so every
    remaining ``"`` opens or closes a string; then, chunk by chunk (bounded memory), the text
    between quotes is dropped. A number may be huge (past a double's range) when its shape is one of
    :data:`_HUGE_SHAPES`.
    """
    colons = 0
    inside = 0
    brackets: list[bytes] = []
    huge = False
    tail = b""  # the end of the previous chunk's shapes: a number may span two chunks
    start, size = 0, len(data)
    while start < size:
        end = start + _CHUNK
        while end < size and data[end - 1] == 0x5C:  # never split an escape sequence between chunks
            end += 1
        chunk = data[start:end]
        if b"\\" in chunk:
            chunk = chunk.replace(b"\\\\", b"").replace(b"\\" + b'"', b"")
        pieces = chunk.split(b'"')
        outside = b"".join(pieces[inside::2])
        colons += outside.count(b":")
        brackets.append(outside.translate(_BRACKETS, _NOT_BRACKETS))
        if not huge:
            shapes = tail + outside.translate(_NUMBER_SHAPE)
            huge = any(shape in shapes for shape in _HUGE_SHAPES)
            tail = shapes[-200:]
        inside ^= (len(pieces) - 1) & 1
        start = end
    return colons, b"".join(brackets), huge


def _depth_at_most(brackets: bytes, max_depth: int) -> bool:
    """Tell whether the balanced bracket sequence ``brackets`` nests at most ``max_depth`` deep."""
    depth = 0
    while brackets:
        depth += 1
        if depth > max_depth:
            return False
        shorter = brackets.replace(b"[]", b"")  # drops every innermost pair at once
        if len(shorter) == len(brackets):  # pragma: no cover - unbalanced, impossible for valid JSON
            return False
        brackets = shorter
    return True


DUPLICATES = "duplicates"
"""What :func:`fast_parse` returns for a valid document that only has duplicate keys."""


def fast_parse(text: str, data: bytes, max_depth: int) -> tuple[Any] | str | None:
    r"""Parse ``text`` (the decoding of ``data``) with the C decoder, if that is exact.

    Args:
        text: The document, decoded, without a BOM.
        data: Its UTF-8 bytes (used for the structure pass).
        max_depth: The largest nesting depth allowed.

    Returns:
        ``(value,)`` when ``text`` is a valid JSON document without ``NaN``/``Infinity``,
        integers too long to convert, numbers past a double's range, half surrogate pairs
        (``"\ud800"``), duplicate keys, or nesting deeper than ``max_depth``;
        :data:`DUPLICATES` when it is valid but for duplicate keys (see
        :func:`parse_duplicates`); otherwise ``None`` (the caller's exact parser then
        reports what is wrong).
    """
    members = 0

    def count(obj: dict[str, Any]) -> dict[str, Any]:
        nonlocal members
        members += len(obj)
        return obj

    decoder = json.JSONDecoder(object_hook=count, parse_constant=_reject_constant)
    try:
        start = _WS.match(text).end()  # type: ignore[union-attr]
        value, end = decoder.raw_decode(text, start)
    except (_Reject, ValueError, RecursionError):
        return None
    if _WS.match(text, end).end() != len(text):  # type: ignore[union-attr]
        return None
    if _SURROGATE_ESCAPE.search(text) and _holds_surrogate(value):
        return None
    colons, brackets, huge = _structure(data)
    if not _depth_at_most(brackets, max_depth):
        return None
    if huge and not _all_finite(text, start):
        return None
    if colons != members:  # fewer members kept than written: a key is repeated
        return DUPLICATES
    return (value,)


def parse_duplicates(text: str) -> tuple[Any, list[tuple[list[str | int], list[str]]]]:
    """Parse a valid document that has duplicate keys, and say where they are.

    Args:
        text: A document :func:`fast_parse` answered :data:`DUPLICATES` for.

    Returns:
        The value (the last of repeated keys wins, as with ``json.loads``) and, for each
        object with a repeated key, the path to it and its repeated keys (once per repeat).
    """
    repeats: dict[int, list[str]] = {}

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(items)
        if len(obj) != len(items):
            seen: set[str] = set()
            repeated = repeats[id(obj)] = []
            for key, _ in items:
                if key in seen:
                    repeated.append(key)
                seen.add(key)
        return obj

    decoder = json.JSONDecoder(object_pairs_hook=pairs)
    value = decoder.raw_decode(text, _WS.match(text).end())[0]  # type: ignore[union-attr]
    found: list[tuple[list[str | int], list[str]]] = []
    stack: list[tuple[Any, list[str | int]]] = [(value, [])]
    while stack and len(found) < len(repeats):  # every object lives in the value, so ids are unique
        node, path = stack.pop()
        items: Any = node.items() if isinstance(node, dict) else enumerate(node)
        if isinstance(node, dict) and id(node) in repeats:
            found.append((path, repeats[id(node)]))
        stack.extend((child, [*path, key]) for key, child in items if isinstance(child, (dict, list)))
    return value, found


class LineIndex:
    """1-based ``(line, column)`` of any index of a text, in time bounded by one block.

    Lines are separated by LF; columns count code points from 1.
    """

    __slots__ = ("_before", "_last", "_text")

    def __init__(self, text: str) -> None:
        """Build the block table (two C-speed scans of ``text``).

        Args:
            text: The whole document.
        """
        self._text = text
        self._before = array("q")  # newlines before each block
        self._last = array("q")  # index of the last newline before each block (-1: none)
        lines, last = 0, -1
        for start in range(0, len(text) + 1, _BLOCK):
            self._before.append(lines)
            self._last.append(last)
            end = min(start + _BLOCK, len(text))
            found = text.count("\n", start, end)
            if found:
                lines += found
                last = text.rfind("\n", start, end)

    def position(self, index: int) -> tuple[int, int]:
        """Return the 1-based ``(line, column)`` of ``text[index]``.

        Args:
            index: A character index from 0 to ``len(text)``.

        Returns:
            The position; columns count code points.
        """
        block = index // _BLOCK
        start = block * _BLOCK
        text = self._text
        line = self._before[block] + text.count("\n", start, index) + 1
        newline = text.rfind("\n", start, index)
        if newline < 0:
            newline = self._last[block]
        return line, index - newline


def scalar_end(text: str, start: int) -> int:
    """End index of the (valid) string, number or literal starting at ``start``."""
    c = text[start]
    if c == '"':
        end: int = scanstring(text, start + 1, True)[1]
        return end
    if c == "t" or c == "n":
        return start + 4
    if c == "f":
        return start + 5
    match = _NUMBER.match(text, start)
    assert match is not None, "called on validated text"
    return match.end()


def _discard(_: object) -> None:
    return None


class _Node:
    """The index of one array or object: where its children start."""

    __slots__ = ("count", "end", "keys", "repeats", "starts")

    def __init__(
        self, end: int, keys: dict[str, int] | None, starts: array[int], count: int, repeats: dict[str, list[int]]
    ) -> None:
        self.end = end
        self.keys = keys  # objects: key -> start of its (last) value
        self.starts = starts  # arrays: start of every _STRIDE-th element
        self.count = count
        self.repeats = repeats  # objects: repeated key -> where each repeat's key starts


class Locator:
    """Find where the value at a JSON pointer starts, indexing containers only when asked.

    ``text`` must be a valid JSON document.
    """

    __slots__ = ("_budget", "_nodes", "_root", "_skipper", "_text")

    def __init__(self, text: str) -> None:
        """Prepare to locate values in ``text`` (no work is done yet).

        Args:
            text: A valid JSON document.
        """
        self._text = text
        self._nodes: dict[int, _Node] = {}
        self._budget = _WORK_FACTOR * len(text) + (1 << 20)
        self._root = _WS.match(text).end()  # type: ignore[union-attr]
        # Skips a nested array/object at C speed, keeping no object (objects become None).
        decoder = json.JSONDecoder(object_hook=_discard, parse_constant=_discard)
        self._skipper = decoder.scan_once  # type: ignore[attr-defined]

    def _skip(self, index: int) -> int:
        """End index of the value starting at ``index``."""
        if self._text[index] in "[{":
            node = self._nodes.get(index)
            if node is not None:
                return node.end
            end: int = self._skipper(self._text, index)[1]
            self._budget -= end - index
            return end
        return scalar_end(self._text, index)

    def _next(self, index: int) -> int:
        """Start of the sibling after the value starting at ``index`` (its ``,`` is skipped)."""
        text = self._text
        after = _WS.match(text, self._skip(index)).end()  # type: ignore[union-attr]
        return _WS.match(text, after + 1).end()  # type: ignore[union-attr]

    def _index(self, start: int) -> _Node | None:
        """Index the container at ``start`` (once); ``None`` once the work budget is spent."""
        node = self._nodes.get(start)
        if node is not None:
            return node
        if self._budget <= 0:
            return None
        text = self._text
        ws = _WS.match
        is_object = text[start] == "{"
        keys: dict[str, int] | None = {} if is_object else None
        starts: array[int] = array("q")
        repeats: dict[str, list[int]] = {}
        count = 0
        index = ws(text, start + 1).end()  # type: ignore[union-attr]
        if text[index] in "]}":
            end = index + 1
        else:
            while True:
                if keys is not None:
                    key_start = index
                    key, index = scanstring(text, index + 1, True)
                    if key in keys:
                        repeats.setdefault(key, []).append(key_start)
                    index = ws(text, ws(text, index).end() + 1).end()  # type: ignore[union-attr]
                    keys[key] = index
                elif count % _STRIDE == 0:
                    starts.append(index)
                count += 1
                index = ws(text, self._skip(index)).end()  # type: ignore[union-attr]
                if text[index] != ",":
                    end = index + 1
                    break
                index = ws(text, index + 1).end()  # type: ignore[union-attr]
        self._budget -= end - start
        node = self._nodes[start] = _Node(end, keys, starts, count, repeats)
        return node

    def _child(self, node: _Node, token: str) -> int | None:
        """Start of the child ``token`` of ``node``, or ``None`` if it has none."""
        if node.keys is not None:
            return node.keys.get(token)
        if _INDEX.fullmatch(token) is None or int(token) >= node.count:
            return None
        position = int(token)
        index = node.starts[position // _STRIDE]
        for _ in range(position % _STRIDE):
            index = self._next(index)
        return index

    def find(self, tokens: list[str]) -> tuple[int, int]:
        """Follow ``tokens`` from the root as far as they exist (and the work budget allows).

        Args:
            tokens: Unescaped reference tokens of a JSON pointer.

        Returns:
            The start index of the deepest value reached, and how many tokens reached it.
        """
        index = self._root
        depth = 0
        for token in tokens:
            if self._text[index] not in "[{":
                break
            node = self._index(index)
            if node is None:
                break
            child = self._child(node, token)
            if child is None:
                break
            index = child
            depth += 1
        return index, depth

    def repeated_keys(self, start: int) -> dict[str, list[int]]:
        """Where the repeated keys of the object at ``start`` are (empty past the work budget).

        Args:
            start: The start index of an object.

        Returns:
            Each repeated key and the start index of every repeat of it (not the first).
        """
        node = self._index(start)
        return {} if node is None else node.repeats

    def end(self, start: int) -> int:
        """End index of the value starting at ``start``."""
        return self._skip(start)
