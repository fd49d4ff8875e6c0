"""One problem model and one exception root, shared by every part of indojp-data.

The validator reports what is wrong with data as :class:`Problem` values. Every exception raised for
bad data, bad input or a failed build derives from :class:`IndojpError`, so a caller can catch them all.

A :class:`ProblemCollector` counts every problem but keeps at most ``cap`` of them, so a file with a million
bad rows cannot exhaust memory; it builds an immutable :class:`Report`. Defects that make further reading of
an input impossible are raised as :class:`InputError`, which carries exactly one :class:`Problem`.
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, Literal

__all__ = [
    "DEFAULT_CAP",
    "FIELD_LIMITS",
    "IndojpError",
    "InputError",
    "Problem",
    "ProblemCollector",
    "Report",
    "Severity",
    "bound_problem",
    "cut",
    "dotted",
    "escape_controls",
    "truncate_value",
]

Severity = Literal["error", "warning"]
"""The severity of a :class:`Problem`: only ``"error"`` makes a report invalid."""


class IndojpError(Exception):
    """The root of every exception indojp-data raises for bad data, bad input or a failed build.

    Programming errors (a wrong argument type, an unknown option) stay ``TypeError``/``ValueError``;
    some subclasses also derive from ``ValueError``, as they always have, so existing handlers keep working.
    """


@dataclass(frozen=True, slots=True)
class Problem:
    """One defect found in one input.

    Attributes:
        file: The input path as the user gave it; ``"archive.zip!member.csv"`` for a member
            of a zip archive.
        rule: Stable machine-readable identifier of the check, e.g. ``"json-syntax"``,
            ``"csv-syntax"``, ``"encoding"``, ``"row-length"``, ``"too-large"``.
        message: One sentence a person can act on.
        line: 1-based line. For CSV rows, the *physical* line on which the record starts
            (newlines inside quoted cells are counted).
        column: 1-based column: in JSON, counted in Unicode code points; for a CSV cell, the
            1-based number of the cell (field) in its row.
        pointer: RFC 6901 JSON pointer of the offending JSON value.
        field: The name of the offending field (CSV column or JSON property).
        value: The offending value, already shortened with :func:`truncate_value`.
        hint: Optional advice on how to fix the problem.
        severity: ``"error"`` (makes the input invalid) or ``"warning"``.
    """

    file: str
    rule: str
    message: str
    line: int | None = None
    column: int | None = None
    pointer: str | None = None
    field: str | None = None
    value: str | None = None
    hint: str | None = None
    severity: Severity = "error"


def dotted(path: tuple[str | int, ...]) -> str:
    """Render a field path as the dotted text used in messages, e.g. ``summits.0.place``."""
    return ".".join(map(str, path))


DEFAULT_CAP = 1000
"""Default number of problems a :class:`ProblemCollector` keeps."""


class InputError(IndojpError):
    """An input that cannot be read any further; carries exactly one :class:`Problem`.

    This is the single exception type the validation layer raises for bad input.

    Attributes:
        problem: The structured description of what is wrong.
    """

    problem: Problem

    def __init__(self, problem: Problem) -> None:
        """Wrap ``problem`` in an exception.

        Args:
            problem: The structured description of what is wrong.
        """
        super().__init__(problem)
        self.problem = problem

    def __str__(self) -> str:
        """Return ``file[:line[:column]]: message``."""
        p = self.problem
        where = p.file
        if p.line is not None:
            where += f":{p.line}"
            if p.column is not None:
                where += f":{p.column}"
        return f"{where}: {p.message}"


# Code points that must never reach a terminal or a one-line-per-problem output raw: C0 controls, DEL, C1
# controls, the Unicode line/paragraph separators, the bidirectional formatting characters (which can make a
# line read differently from what it holds, "Trojan Source"), the zero-width no-break space (BOM) and lone
# surrogates (which no UTF-8 stream can encode: writing one raises).
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
_NAMED_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}

_ELLIPSIS = "\u2026"
_SHORT_REPR = reprlib.Repr()
_SHORT_REPR.maxlevel = 3
_SHORT_REPR.maxstring = _SHORT_REPR.maxother = 80
_SHORT_REPR.maxlist = _SHORT_REPR.maxtuple = _SHORT_REPR.maxdict = _SHORT_REPR.maxset = 8

# Longest text kept for each field of a Problem (code points); see bound_problem().
FIELD_LIMITS: dict[str, int] = {
    "file": 500,
    "rule": 100,
    "message": 1000,
    "pointer": 500,
    "field": 200,
    "value": 200,
    "hint": 500,
}
"""Maximum length, in code points, of each text field of a :class:`Problem` as kept and as rendered."""


def _escape_one(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED_ESCAPES.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    r"""Replace control, bidi and surrogate characters with visible backslash escapes.

    Tab, LF and CR become ``\t``, ``\n``, ``\r``; other C0/C1 controls and DEL become
    ``\xNN``; U+2028/U+2029, the bidirectional formatting characters (U+061C, U+200E,
    U+200F, U+202A-U+202E, U+2066-U+2069), U+FEFF and lone surrogates (U+D800-U+DFFF)
    become ``\uNNNN``. This keeps one problem on one output line, stops data from
    injecting terminal escape sequences or CI workflow commands, from reordering what a
    reader sees, and from making the output unencodable as UTF-8.

    Args:
        text: Any string, including one with lone surrogates.

    Returns:
        The string with every such character escaped; it encodes as UTF-8 (and the
        escapes are ASCII).
    """
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_escape_one, text)


def cut(text: str, limit: int) -> str:
    """Shorten ``text`` to at most ``limit`` code points, ending with ``…`` when cut (no escaping).

    Args:
        text: Any string.
        limit: The maximum length; must be at least 1.

    Returns:
        ``text`` itself when short enough, else its first ``limit - 1`` code points and ``…``.
    """
    if len(text) <= limit:
        return text
    return text[: limit - 1] + _ELLIPSIS


def truncate_value(v: object, limit: int = 80) -> str:
    r"""Render an offending value for display, safe and bounded.

    ``str`` is used as is, ``bytes`` are decoded as UTF-8 with invalid bytes shown as
    ``\xNN``, ``None``/``True``/``False`` become ``null``/``true``/``false`` (the JSON
    spelling), containers get a shortened ``repr`` (:mod:`reprlib`: a few items, a few
    levels) and anything else is ``repr()``-ed. Control, bidi and surrogate characters are escaped
    (see :func:`escape_controls`). If the result is longer than ``limit`` code points it is
    cut to ``limit - 1`` code points followed by ``"…"``, so the result never exceeds
    ``limit``. Work is bounded by ``limit``, not by the size of ``v``.

    Args:
        v: The value to render.
        limit: Maximum length of the result in code points; must be at least 1.

    Returns:
        The rendered value, at most ``limit`` code points long.

    Raises:
        ValueError: If ``limit`` is smaller than 1.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    if isinstance(v, str):
        text = v
    elif isinstance(v, (bytes, bytearray, memoryview)):
        text = bytes(v[: 4 * (limit + 1)]).decode("utf-8", "backslashreplace")
    elif v is None:
        text = "null"
    elif v is True:
        text = "true"
    elif v is False:
        text = "false"
    elif isinstance(v, (list, tuple, dict, set, frozenset)):
        text = _SHORT_REPR.repr(v)  # bounded work, however large or deep the container
    else:
        try:
            text = repr(v)
        except Exception:  # a hostile or broken __repr__ must not crash the report
            text = f"<{type(v).__name__}>"
    # Escaping only lengthens text, so limit + 1 code points are enough to decide.
    shown = escape_controls(text[: limit + 1])
    if len(shown) <= limit and len(text) <= limit:
        return shown
    return shown[: limit - 1] + _ELLIPSIS


def bound_problem(problem: Problem) -> Problem:
    """Return ``problem`` with every text field cut to its :data:`FIELD_LIMITS` length.

    The text is not escaped (renderers escape); this only bounds memory and output size,
    whoever built the problem. Cheap when nothing is too long (the same object is returned).

    Args:
        problem: Any problem.

    Returns:
        ``problem`` itself, or a copy with the long fields cut (ending in ``…``).
    """
    changes: dict[str, Any] = {}
    for name, limit in FIELD_LIMITS.items():
        text = getattr(problem, name)
        if isinstance(text, str) and len(text) > limit:
            changes[name] = cut(text, limit)
        elif text is not None and not isinstance(text, str):  # a caller passed a non-string: render it
            changes[name] = truncate_value(text, limit)
    return replace(problem, **changes) if changes else problem


@dataclass(frozen=True, slots=True)
class Report:
    """The immutable outcome of a validation run.

    Attributes:
        problems: The problems kept, in the order they were found (at most the collector's
            cap).
        total: The number of problems found, which exceeds ``len(problems)`` when capped.
        files: The files checked, in the order they were first seen.
        errors: How many of ``total`` have severity ``"error"``. ``None`` means unknown: it
            is then derived from ``problems``, counting every problem that was not kept as an
            error (the safe assumption).
    """

    problems: tuple[Problem, ...] = ()
    total: int = 0
    files: tuple[str, ...] = ()
    errors: int | None = None

    def __post_init__(self) -> None:
        """Reject inconsistent counts.

        Raises:
            ValueError: If ``total`` is smaller than ``len(problems)``, or ``errors`` is
                negative or larger than ``total``.
        """
        if self.total < len(self.problems):
            raise ValueError(f"total ({self.total}) is smaller than the {len(self.problems)} problems kept")
        if self.errors is not None and not 0 <= self.errors <= self.total:
            raise ValueError(f"errors ({self.errors}) must be between 0 and total ({self.total})")

    @property
    def error_count(self) -> int:
        """The number of error-severity problems found (see ``errors``)."""
        if self.errors is not None:
            return self.errors
        kept = sum(1 for p in self.problems if p.severity == "error")
        return kept + (self.total - len(self.problems))

    @property
    def warning_count(self) -> int:
        """The number of warning-severity problems found."""
        return self.total - self.error_count

    @property
    def valid(self) -> bool:
        """True when no error-severity problem was found (warnings do not count)."""
        return self.error_count == 0

    @property
    def truncated(self) -> bool:
        """True when more problems were found than are kept in ``problems``."""
        return self.total > len(self.problems)


class ProblemCollector:
    """Counts every problem it is given but keeps only the first ``cap`` of them.

    Memory stays bounded by ``cap`` however many problems are added: each kept problem is
    cut to :data:`FIELD_LIMITS` (see :func:`bound_problem`). Problems are kept in the order
    they were added. Once :attr:`full`, callers should :meth:`count` problems instead of
    building (and locating) them.
    """

    __slots__ = ("_cap", "_errors", "_files", "_kept", "_total")

    def __init__(self, cap: int = DEFAULT_CAP) -> None:
        """Create an empty collector.

        Args:
            cap: The maximum number of problems to keep; 0 keeps none (count only).

        Raises:
            ValueError: If ``cap`` is negative.
        """
        if cap < 0:
            raise ValueError(f"cap must not be negative, got {cap}")
        self._cap = cap
        self._kept: list[Problem] = []
        self._total = 0
        self._errors = 0
        self._files: dict[str, None] = {}

    @property
    def cap(self) -> int:
        """The maximum number of problems kept."""
        return self._cap

    @property
    def total(self) -> int:
        """The number of problems added so far."""
        return self._total

    @property
    def errors(self) -> int:
        """The number of error-severity problems added so far."""
        return self._errors

    @property
    def full(self) -> bool:
        """True once ``cap`` problems are kept: further problems are only counted."""
        return len(self._kept) >= self._cap

    def add(self, problem: Problem) -> None:
        """Count ``problem`` and keep it if the cap is not reached yet.

        The problem's file is also recorded as checked.

        Args:
            problem: The problem to record.
        """
        self._total += 1
        if problem.severity == "error":
            self._errors += 1
        if len(self._kept) < self._cap:
            self._kept.append(bound_problem(problem))
        if problem.file not in self._files:
            self._files[cut(problem.file, FIELD_LIMITS["file"])] = None

    def count(self, file: str, severity: Severity = "error", n: int = 1) -> None:
        """Count ``n`` problems without building them: what to do once :attr:`full` is true.

        Past the cap a problem is only counted, so a caller that checks ``full`` first can
        skip the work of describing and locating it (``add`` would drop it anyway).

        Args:
            file: The input the problems are in (recorded as checked).
            severity: Their severity.
            n: How many; must not be negative.

        Raises:
            ValueError: If ``n`` is negative.
        """
        if n < 0:
            raise ValueError(f"n must not be negative, got {n}")
        self._total += n
        if severity == "error":
            self._errors += n
        self.add_file(file)

    def extend(self, problems: Iterable[Problem]) -> None:
        """Add every problem of ``problems`` in order.

        Args:
            problems: The problems to record.
        """
        for problem in problems:
            self.add(problem)

    def add_file(self, file: str) -> None:
        """Record that ``file`` was checked (duplicates are ignored, order is kept).

        Args:
            file: The path as the user gave it.
        """
        self._files[cut(file, FIELD_LIMITS["file"])] = None

    def report(self) -> Report:
        """Build an immutable :class:`Report` of everything recorded so far.

        Returns:
            The report; the collector can keep collecting afterwards.
        """
        return Report(
            problems=tuple(self._kept),
            total=self._total,
            files=tuple(self._files),
            errors=self._errors,
        )
