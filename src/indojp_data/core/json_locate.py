"""Parse JSON with the standard library's C parser, and tell where each value starts in the text.

:func:`parse_json` gives what :func:`json.loads` gives for a valid document, and a :class:`LocatedJSON` that
maps an RFC 6901 JSON pointer to its line and column. What is refused, and the cost on any input, are set out
in the documentation (*Validating in CI*, "How JSON documents are read").
"""

from __future__ import annotations

import json
import math
import re
import sys
from array import array
from collections.abc import Iterable, Iterator
from itertools import accumulate, compress, count, islice
from operator import sub
from typing import Any, NamedTuple, TypeAlias

from indojp_data.core.problems import InputError, Problem, ProblemCollector, Severity, truncate_value

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

_DEPTH_CEILING = 500  # the C parser recurses once per level
_CHUNK = 1 << 20  # bytes per chunk of the pass before parsing
_BLOCK = 1 << 16  # characters per block of the line table: the most a position lookup scans
_STRIDE = 16  # an array's index keeps the start of every _STRIDE-th element
_WORK_FACTOR = 8  # locating scans at most this many times the text (and a megabyte)
_WORD_BYTES = b"+-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
_BRACKETS = bytes.maketrans(b"{}", b"[]")
_NOT_BRACKETS = bytes(c for c in range(256) if c not in b"[]{}")
_TWICE_OPENS = bytes.maketrans(b"[]", b"\x02\x00")
_SHAPE = bytes(ord("0") if c in b"0123456789" else ord("e") if c in b"eE" else c if c == 43 else 32 for c in range(256))
"""Maps each digit to ``0``, ``E`` to ``e``, keeps ``+`` and blanks the rest: a number's shape."""
_BIG_FLOAT = re.compile(
    rb"(?<![\w.+-])-?(?=\d+[.eE])(?=\d{155}|[\d.]+[eE]\+?0*(?:1[5-9]\d|[2-9]\d\d|[1-9]\d{3}))\d+(?:\.\d+)?(?:[eE][-+]?\d+)?"
)
"""A number with a fraction or an exponent that may be past a double's range: below 155 integer digits and an
exponent below 155, it is below 1e308."""
_BRACKET = re.compile(rb"[\[\]{}]")
_CONSTANT = re.compile(rb"-?Infinity|NaN")
_BACKSLASHES = re.compile(rb"\\*")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_WS = re.compile(r"[ \t\n\r]*")
_COLON = re.compile(r"[ \t\n\r]*:[ \t\n\r]*")  # from after a key to its value
_NEXT = re.compile(r"[ \t\n\r]*(?:,[ \t\n\r]*)?")  # from after a value to the next one, or to the closing bracket
_INDEX = re.compile(r"0|[1-9][0-9]*")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_UTF8_BOM = b"\xef\xbb\xbf"
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
_MISSING = object()


def parse_pointer(pointer: str) -> list[str]:
    """Split an RFC 6901 JSON pointer into its unescaped reference tokens.

    Raises:
        ValueError: If ``pointer`` is neither ``""`` nor starts with ``/``, or has a bad ``~`` escape.
    """
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"JSON pointer must be empty or start with '/': {pointer!r}")
    if re.search(r"~(?![01])", pointer):
        raise ValueError(f"invalid '~' escape in JSON pointer: {pointer!r}")
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def make_pointer(parts: Iterable[str | int]) -> str:
    """Build an RFC 6901 JSON pointer from object keys and array indexes, e.g. ``error.absolute_path``."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _skip(text: str, index: int) -> int:
    """Index of the first character at or after ``index`` that is not JSON white space."""
    return _WS.match(text, index).end()  # type: ignore[union-attr]


def _skeleton(data: bytes, exact: bool) -> Iterator[tuple[int, bytes]]:
    """Yield ``data`` in chunks, each with its offset, with what strings hold made NULs (``exact``) or dropped.

    A chunk never ends in an escape sequence, nor in a number or a word: that part waits for the next one.
    """
    inside, start, base, waiting = False, 0, 0, [b""]
    while start < len(data):
        end = min(start + _CHUNK, len(data))
        if data[end - 1] == 0x5C:
            end = _BACKSLASHES.match(data, end).end() + 1  # type: ignore[union-attr]
        chunk, start = data[start:end], end
        if b"\\" in chunk:  # then every quote left opens or closes a string
            chunk = chunk.replace(b"\\\\", b"\0\0").replace(b'\\"', b"\0\0")
        pieces = chunk.split(b'"')
        if exact:
            pieces[1 - inside :: 2] = map(bytes, map(len, pieces[1 - inside :: 2]))
        waiting.append(b'"'.join(pieces) if exact else b'""'.join(pieces[inside::2]))
        inside ^= (len(pieces) - 1) & 1 == 1
        kept = len(waiting[-1]) if end >= len(data) else len(waiting[-1].rstrip(_WORD_BYTES))
        if kept:
            skeleton = b"".join(waiting[:-1]) + waiting[-1][:kept]
            yield base, skeleton
            waiting, base = [waiting[-1][kept:]], base + len(skeleton)


def _refusal(data: bytes, max_depth: int, exact: bool) -> tuple[tuple[int, str, bytes] | None, int]:
    """Find the first value the C parser must not read (too deep, NaN, too large), and count members.

    Returns its offset (if ``exact``), kind and text (or ``None``), and the count of ``:`` outside strings.
    """
    depth, digits, colons = 0, sys.get_int_max_str_digits(), 0
    for base, chunk in _skeleton(data, exact):
        colons += chunk.count(b":")
        found: list[tuple[int, str, bytes]] = []
        brackets = chunk.translate(_BRACKETS, _NOT_BRACKETS)
        opens = brackets.count(b"[")
        rest, rounds = brackets, 0  # a round drops the innermost pairs: the highest level goes down by one
        while depth + opens > max_depth and b"[]" in rest and depth + rounds <= max_depth:
            rest, rounds = rest.replace(b"[]", b""), rounds + 1
        if depth + opens > max_depth and (b"[]" in rest or depth + rounds + rest.count(b"[") > max_depth):
            levels = map(sub, accumulate(brackets.translate(_TWICE_OPENS)), count())  # a bracket's level, plus 1
            index = next(compress(count(), map((max_depth - depth + 1).__lt__, levels)), None)
            if index is not None:
                found.append((next(islice(_BRACKET.finditer(chunk), index, None)).start(), "too-deep", b""))
        depth += 2 * opens - len(brackets)
        if (b"N" in chunk or b"I" in chunk) and (match := _CONSTANT.search(chunk)):
            found.append((match.start(), "constant", match.group()))
        shapes = chunk.translate(_SHAPE)
        long_integer = rb"(?<![\w.+-])-?\d{%d,}(?![\w.])" % (digits + 1)
        if b"0" * 200 in shapes and digits and (match := re.search(long_integer, chunk)):
            found.append((match.start(), "int", match.group()))
        exponent = (b"e" in chunk or b"E" in chunk) and (b"e000" in shapes or b"e+000" in shapes)
        if b"0" * 200 in shapes or exponent:  # else below 200 digits and e100: below 1e308
            infinite = list(map(math.isinf, map(float, _BIG_FLOAT.findall(chunk))))
            if True in infinite:
                match = next(islice(_BIG_FLOAT.finditer(chunk), infinite.index(True), None))
                found.append((match.start(), "number", match.group()))
        if found:
            offset, kind, token = min(found)
            return (base + offset, kind, token), colons
    return None, colons


def _unclosed(data: bytes) -> int | None:
    """Offset of the innermost bracket left open at the end of ``data``, a valid but unfinished document."""
    above = 0  # closing brackets after the chunk, less opening ones
    for base, chunk in reversed(list(_skeleton(data, exact=True))):
        brackets = chunk.translate(_BRACKETS, _NOT_BRACKETS)
        backwards = map(sub, accumulate(brackets[::-1].translate(_TWICE_OPENS)), count(1))
        index = next(compress(count(), map((1 + above).__eq__, backwards)), None)
        if index is not None:
            return base + next(islice(_BRACKET.finditer(chunk), len(brackets) - 1 - index, None)).start()
        above -= 2 * brackets.count(b"[") - len(brackets)
    return None


def _run_start(text: str, end: int, chars: str) -> int:
    """Start of the run of ``chars`` that ends at ``end`` (in time linear in its length)."""
    size = 64
    while True:
        start = max(0, end - size)
        kept = len(text[start:end].rstrip(chars))
        if kept or start == 0:
            return start + kept
        size *= 4


def _lone_surrogate(text: str, end: int) -> int | None:
    r"""Index of the first ``\u`` escape in ``text[:end]`` that is half a surrogate pair, without the other."""
    high = -1  # a high half waiting for its low half
    for match in _SURROGATE_ESCAPE.finditer(text, 0, end):
        index = match.start()
        if high >= 0 and index != high + 6:
            return high
        if (index - _run_start(text, index, "\\")) % 2:  # an escaped backslash, then the text "ud800"
            continue
        if text[index + 3] in "89abAB":
            if high >= 0:
                return high
            high = index
        elif high >= 0:
            high = -1
        else:
            return index
    return high if high >= 0 else None


_SYNTAX = {
    "Unterminated string": ("this string is never closed.", 'add the closing double quote (")'),
    "Invalid control": (
        "a control character inside a string must be escaped.",
        "write a line break as \\n and a tab as \\t",
    ),
    "Invalid \\u": ("a \\u escape must be followed by four hexadecimal digits.", None),
    "Invalid \\escape": ("invalid escape sequence in a string.", "a literal backslash is written \\\\"),
    "Extra data": (
        "unexpected content after the end of the document.",
        "a JSON file holds exactly one value; wrap several values in an array",
    ),
    "Expecting ':'": ("expected ':' after the property name.", None),
}
"""What an error of the C parser means (by its message's start), and a hint."""
REFUSED = {
    "too-deep": ("too-deep", "JSON is nested more than {depth} levels deep.", "flatten the structure"),
    "constant": ("json-syntax", "Invalid JSON: NaN and Infinity are not valid JSON numbers.", "use null or a string"),
    "int": (
        "too-large",
        "Integer with {size} characters is too long to convert.",
        "store very long numbers as strings",
    ),
    "number": (
        "too-large",
        "Number is beyond the range of a double: it would be read as infinity.",
        "store very large numbers as strings",
    ),
    "surrogate": (
        "encoding",
        "Invalid JSON text: this \\u escape is half of a surrogate pair, without the other half.",
        "write the character itself (in UTF-8), or escape both halves of its pair (\\ud83d\\ude00)",
    ),
}
"""Rule, message and hint for each kind of value the C parser is not given."""


def _explain(text: str, error: json.JSONDecodeError) -> tuple[int, str, str | None, str | None]:
    """Say where ``text`` stops being JSON, and why: index, message, hint and offending text."""
    index, reason = error.pos, error.msg
    if reason.startswith("Illegal trailing comma"):  # Python 3.13 names it, at the comma: as 3.11 at the bracket
        index = _skip(text, index + 1)
    found = text[index] if index < len(text) else ""
    before = _run_start(text, index, " \t\n\r") - 1
    comment = "comments are not allowed in JSON" if found == "/" else None
    for prefix, (message, hint) in _SYNTAX.items():
        if reason.startswith(prefix):
            return index, f"Invalid JSON: {message}", hint, None
    if not found:
        return index, "Invalid JSON: the file ends in the middle of a value.", None, None
    if found in "]}" and before >= 0 and text[before] == ",":
        return before, f"Invalid JSON: trailing comma before '{found}'.", "remove the last comma", None
    if reason.startswith("Expecting ','") and found in ".eE0123456789" and text[index - 1].isdigit():
        start = _run_start(text, index, "-+.eE0123456789")
        hint = "JSON numbers have no leading zeros and need digits after '.' and 'e'"
        return start, "Invalid JSON: malformed number.", hint, truncate_value(text[start : start + 40])
    if reason.startswith("Expecting ','"):
        message = "Invalid JSON: expected ',' or a closing bracket after a value."
        return index, message, comment or "a comma is probably missing", None
    if reason.startswith("Expecting property name"):
        hint = "property names must be in double quotes, not single quotes" if found == "'" else comment
        hint = hint or (None if found in ",:{}[]" else "property names must be strings in double quotes")
        return index, "Invalid JSON: expected a property name in double quotes.", hint, None
    if found == "'":
        return index, "Invalid JSON: strings must be in double quotes.", "replace ' with \"", None
    if found == "/":
        return index, "Invalid JSON: comments are not allowed in JSON.", "remove the comment", None
    if found in ",]}":
        return index, "Invalid JSON: a value is missing here.", None, None
    word = _WORD.match(text, index)
    shown = truncate_value(word.group() if word else found, 40)
    if word is None:
        return index, f"Invalid JSON: expected a value but found '{shown}'.", None, shown
    if shown.lower() in ("true", "false", "null", "none"):
        hint = "JSON literals are lowercase: true, false, null"
        return index, f"Invalid JSON: '{shown}' is not a JSON literal.", hint, shown
    return index, f"Invalid JSON: unexpected word '{shown}'.", "strings must be in double quotes", shown


class _Container(NamedTuple):
    """Where the children of one array or object start."""

    end: int
    keys: dict[str, int] | None  # an object's keys -> where each one's (last) value starts
    starts: array[int]  # an array's every _STRIDE-th element's start
    length: int
    repeats: dict[str, list[int]]  # an object's repeated keys -> where each repeat's key starts


class LocatedJSON:
    """A parsed JSON document that can tell where each of its values starts.

    Attributes:
        source: The path as the user gave it (used as ``Problem.file``).
        text: The decoded document (without a BOM).
        value: The parsed value, equal to what :func:`json.loads` returns.
        problems: The collector that non-fatal problems were sent to.
    """

    __slots__ = ("_blocks", "_budget", "_containers", "_root", "_scan", "problems", "source", "text", "value")

    def __init__(self, *, source: str, text: str, value: JSONValue, problems: ProblemCollector) -> None:
        """Wrap a parsed, valid document; use :func:`parse_json` instead."""
        self.source, self.text, self.value, self.problems = source, text, value, problems
        self._blocks: list[tuple[int, int]] = []  # per block: the newlines before it, and the last one's index
        self._containers: dict[int, _Container] = {}  # indexed when asked
        self._budget = _WORK_FACTOR * len(text) + (1 << 20)
        self._root = _skip(text, 0)
        # Reads one value at C speed, keeping little of it (objects become booleans).
        self._scan = json.JSONDecoder(object_hook=bool).scan_once  # type: ignore[attr-defined]

    def position(self, index: int) -> tuple[int, int]:
        """Return the 1-based ``(line, column)`` of the character at ``index`` in :attr:`text`."""
        text = self.text
        if not self._blocks:  # built on the first call (-1: no newline yet)
            lines, last = 0, -1
            for start in range(0, len(text) + 1, _BLOCK):
                self._blocks.append((lines, last))
                if found := text.count("\n", start, start + _BLOCK):
                    lines, last = lines + found, text.rfind("\n", start, start + _BLOCK)
        lines, last = self._blocks[index // _BLOCK]
        start = index - index % _BLOCK  # a lookup scans one block at the most
        newline = text.rfind("\n", start, index)
        return lines + text.count("\n", start, index) + 1, index - (last if newline < 0 else newline)

    def locate(self, pointer: str) -> tuple[int, int]:
        """Return the 1-based ``(line, column)`` where the value at ``pointer`` (``""``: the document) begins.

        A member's value, not its key; a pointer that does not exist, at its nearest existing ancestor.
        """
        return self.position(self._find(parse_pointer(pointer))[0])

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
        """Build a :class:`Problem` about the value at ``pointer`` (kept as given), located as :meth:`locate` does.

        Once :attr:`problems` is full (the problem will only be counted), it is not located (``line`` and
        ``column`` are ``None``). ``value`` goes through :func:`truncate_value`; omit it for none.
        """
        line, column = (None, None) if self.problems.full else self.locate(pointer)
        shown = None if value is _MISSING else truncate_value(value)
        return Problem(self.source, rule, message, line, column, pointer, field, shown, hint, severity)

    def _end(self, start: int) -> int:
        """Return the end index of the value starting at ``start``."""
        container = self._containers.get(start)
        if container is not None:
            return container.end
        end: int = self._scan(self.text, start)[1]
        self._budget -= end - start
        return end

    def _after(self, start: int) -> int:
        """Start of the sibling after the value at ``start``, or the index of the bracket closing them."""
        return _NEXT.match(self.text, self._end(start)).end()  # type: ignore[union-attr]

    def _container(self, start: int) -> _Container | None:
        """Index the array or object at ``start`` (once); ``None`` once the budget is spent."""
        container = self._containers.get(start)
        if container is not None or self._budget <= 0:
            return container
        text = self.text
        keys: dict[str, int] | None = {} if text[start] == "{" else None
        starts: array[int] = array("q")
        repeats: dict[str, list[int]] = {}
        length, index = 0, _skip(text, start + 1)
        while text[index] not in "]}":
            if keys is not None:
                key, after = json.decoder.scanstring(text, index + 1)  # type: ignore[attr-defined]
                if key in keys:
                    repeats.setdefault(key, []).append(index)
                index = keys[key] = _COLON.match(text, after).end()  # type: ignore[union-attr]
            elif length % _STRIDE == 0:
                starts.append(index)
            length += 1
            index = self._after(index)
        self._budget -= index + 1 - start
        container = self._containers[start] = _Container(index + 1, keys, starts, length, repeats)
        return container

    def _find(self, tokens: list[str]) -> tuple[int, int]:
        """Start of the deepest value along ``tokens`` that exists (within the budget), and how many reach it."""
        index = self._root
        for depth, token in enumerate(tokens):
            container = self._container(index) if self.text[index] in "[{" else None
            if container is not None and container.keys is not None:
                child = container.keys.get(token)
            elif container is not None and _INDEX.fullmatch(token) and int(token) < container.length:
                child = container.starts[int(token) // _STRIDE]
                for _ in range(int(token) % _STRIDE):
                    child = self._after(child)
            else:
                child = None
            if child is None:
                return index, depth
            index = child
        return index, len(tokens)


def _report_duplicates(located: LocatedJSON) -> None:
    """Parse again, to report each repeated key at its place in text order; past the cap, only count them."""
    repeats: dict[int, tuple[object, list[str]]] = {}  # each object with a repeated key (kept: ids stay unique)

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(items)
        if len(obj) < len(items):
            seen: set[str] = set()
            repeats[id(obj)] = (obj, [key for key, _ in items if key in seen or seen.add(key)])  # type: ignore[func-returns-value]
        return obj

    located.value = None  # free the first parse's value before the second one is built
    located.value = json.JSONDecoder(object_pairs_hook=pairs).decode(located.text)
    objects: list[tuple[list[str | int], list[str]]] = []  # the path to each one the value holds
    stack: list[tuple[Any, list[str | int]]] = [(located.value, [])]
    while stack and len(objects) < len(repeats):
        node, path = stack.pop()
        if isinstance(node, dict) and id(node) in repeats:
            objects.append((path, repeats[id(node)][1]))
        items: Any = node.items() if isinstance(node, dict) else enumerate(node)
        stack.extend((child, [*path, key]) for key, child in items if isinstance(child, (dict, list)))
    found: list[tuple[int, list[str | int], str]] = []
    for path, keys in objects:
        start, depth = located._find([str(p) for p in path])
        container = located._container(start) if depth == len(path) else None
        for key in dict.fromkeys(keys):  # at each repeat (at the object if past the locating budget)
            where = (container and container.repeats.get(key)) or [start] * keys.count(key)
            found.extend((index, path, key) for index in where)
    message = "Property '{}' appears more than once in this object; readers disagree about which value wins."
    for number, (index, path, key) in enumerate(sorted(found, key=lambda item: item[0])):
        if located.problems.full:  # past the cap, only counted
            located.problems.count(located.source, n=len(found) - number)
            break
        shown, hint = truncate_value(key), "remove or rename the duplicate property"
        where_ = (*located.position(index), make_pointer([*path, key]), shown)
        located.problems.add(Problem(located.source, "duplicate-key", message.format(shown), *where_, hint=hint))


def _decode(data: bytes, source: str, collector: ProblemCollector) -> tuple[bytes, str]:
    """Return ``data`` and its text, without a BOM, once its bytes pass the checks: encoding, NUL, emptiness."""

    def fail(rule: str, message: str, hint: str | None = None, at: int = 0, value: str | None = None) -> InputError:
        line, start = data.count(b"\n", 0, at) + 1, data.rfind(b"\n", 0, at) + 1
        column = len(data[start:at].decode(errors="replace")) + 1
        return InputError(Problem(source, rule, message, line, column, value=value, hint=hint))

    utf8 = "re-save the file as UTF-8"
    if data.startswith(_WIDE_BOMS):
        raise fail("encoding", "The file is encoded as UTF-16 or UTF-32; JSON files must be UTF-8.", utf8)
    if data.startswith(_UTF8_BOM):
        data = data.removeprefix(_UTF8_BOM)
        message = "The file starts with a UTF-8 byte order mark, which JSON files must not have."
        collector.add(Problem(source, "bom", message, 1, 1, hint=f"{utf8} without BOM", severity="warning"))
    if (nul := data.find(b"\x00")) >= 0:
        message = "The file contains NUL bytes; it looks like a binary file, not JSON text."
        raise fail("binary", message, "check that this is the right file and that it is UTF-8 (not UTF-16)", nul)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        value = truncate_value(data[exc.start : exc.end])
        raise fail("encoding", "The file is not valid UTF-8.", utf8, exc.start, value) from None
    if _skip(text, 0) == len(text):
        raise InputError(Problem(source, "empty", "The file is empty or white space; a JSON document was expected."))
    return data, text


def parse_json(
    data: bytes,
    *,
    source: str,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_bytes: int = DEFAULT_MAX_BYTES,
    problems: ProblemCollector | None = None,
) -> LocatedJSON:
    """Parse a UTF-8 JSON document (``data``) and remember where its values are.

    ``source`` (the path as the user gave it) is each problem's ``file``; ``max_depth`` (at most 500) bounds
    the nesting of arrays and objects (``[[1]]`` has depth 2) and ``max_bytes`` the size of ``data``.
    Non-fatal problems (``"bom"``, ``"duplicate-key"``) go to ``problems`` (``LocatedJSON.problems``; by
    default a new collector).

    Raises:
        InputError: For input that cannot be parsed (rules ``"too-large"``, ``"empty"``, ``"encoding"``,
            ``"binary"``, ``"too-deep"``, ``"json-syntax"``).
        ValueError: If ``max_depth`` is not from 1 to 500 or ``max_bytes`` is negative.
    """
    if not 1 <= max_depth <= _DEPTH_CEILING or max_bytes < 0:
        raise ValueError(f"max_depth ({max_depth}) must be from 1 to 500 and max_bytes ({max_bytes}) not negative")
    collector = ProblemCollector() if problems is None else problems
    collector.add_file(source)
    if len(data) > max_bytes:
        message = f"The file is {len(data)} bytes, more than the limit of {max_bytes} bytes."
        raise InputError(Problem(source, "too-large", message))
    data, text = _decode(data, source, collector)
    located = LocatedJSON(source=source, text=text, value=None, problems=collector)
    refusal, colons = _refusal(data, max_depth, exact=False)
    limit, kind, token = None, "", ""
    if refusal is not None and (refusal := _refusal(data, max_depth, exact=True)[0]) is not None:
        limit, kind, token = len(data[: refusal[0]].decode()), refusal[1], refusal[2].decode()
    surrogate = _lone_surrogate(text, len(text) if limit is None else limit)
    if surrogate is not None:
        limit, kind = surrogate, "surrogate"
    members = 0

    def count_members(obj: dict[str, Any]) -> dict[str, Any]:
        nonlocal members
        members += len(obj)
        return obj

    try:  # up to a refused value only; a half surrogate pair's string is closed there
        part = text if limit is None else text[:limit] + ('"' if kind == "surrogate" else "")
        located.value = json.JSONDecoder(object_hook=count_members).decode(part)
    except json.JSONDecodeError as error:
        if limit is None or error.pos < limit:  # a syntax error before the refused value
            index, message, hint, value = _explain(text, error)
            if index == len(text) and (opened := _unclosed(data)) is not None:
                at = len(data[:opened].decode())
                hint = "the '{}' opened at line {}, column {} is never closed".format(text[at], *located.position(at))
            raise InputError(
                Problem(source, "json-syntax", message, *located.position(index), value=value, hint=hint)
            ) from None
    if limit is not None:
        rule, message, hint = REFUSED[kind]
        value = truncate_value(token) if kind == "number" else None
        message = message.format(depth=max_depth, size=len(token))
        raise InputError(Problem(source, rule, message, *located.position(limit), value=value, hint=hint))
    if members != colons:  # a key is repeated
        _report_duplicates(located)
    return located
