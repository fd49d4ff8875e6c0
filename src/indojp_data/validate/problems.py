"""Structured validation problems, the single input exception, and bounded collection.

Every defect the validation layer finds is a :class:`Problem` value. Defects that make
further reading of an input impossible (a file that is not JSON, a corrupt archive, a
missing file, ...) are raised as :class:`InputError`, which carries exactly one
:class:`Problem`; it is the only exception this package raises for bad *input* (bad
*arguments*, i.e. programming errors, raise :class:`ValueError`).

A :class:`ProblemCollector` counts every problem but keeps at most ``cap`` of them, so a
file with a million bad rows cannot exhaust memory; it builds an immutable :class:`Report`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "DEFAULT_CAP",
    "InputError",
    "Problem",
    "ProblemCollector",
    "Report",
    "Severity",
    "truncate_value",
]

Severity = Literal["error", "warning"]
"""The severity of a :class:`Problem`: only ``"error"`` makes a report invalid."""

DEFAULT_CAP = 1000
"""Default number of problems a :class:`ProblemCollector` keeps."""


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


class InputError(Exception):
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


# Code points that must never reach a terminal or a one-line-per-problem output raw:
# C0 controls, DEL, C1 controls, and the Unicode line/paragraph separators.
_CONTROL_ESCAPES = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))}
_CONTROL_ESCAPES.update({0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r", 0x2028: "\\u2028", 0x2029: "\\u2029"})
_ESCAPE_TABLE = str.maketrans({chr(c): e for c, e in _CONTROL_ESCAPES.items()})

_ELLIPSIS = "\u2026"


def escape_controls(text: str) -> str:
    r"""Replace control characters with visible backslash escapes.

    Tab, LF and CR become ``\t``, ``\n``, ``\r``; other C0/C1 controls and DEL become
    ``\xNN``; U+2028/U+2029 become ``\u2028``/``\u2029``. This keeps one problem on one
    output line and stops data from injecting terminal escape sequences or CI workflow
    commands.

    Args:
        text: Any string.

    Returns:
        The string with every control character escaped.
    """
    return text.translate(_ESCAPE_TABLE)


def truncate_value(v: object, limit: int = 80) -> str:
    r"""Render an offending value for display, safe and bounded.

    ``str`` is used as is, ``bytes`` are decoded as UTF-8 with invalid bytes shown as
    ``\xNN``, ``None``/``True``/``False`` become ``null``/``true``/``false`` (the JSON
    spelling) and anything else is ``repr()``-ed. Control characters are escaped (see
    :func:`escape_controls`). If the result is longer than ``limit`` code points it is cut
    to ``limit - 1`` code points followed by ``"…"``, so the result never exceeds ``limit``.
    Work is bounded by ``limit``, not by the size of ``v`` (except for ``repr``).

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
    else:
        text = repr(v)
    # Escaping only lengthens text, so limit + 1 code points are enough to decide.
    shown = escape_controls(text[: limit + 1])
    if len(shown) <= limit and len(text) <= limit:
        return shown
    return shown[: limit - 1] + _ELLIPSIS


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

    Memory stays bounded by ``cap`` however many problems are added. Problems are kept in
    the order they were added.
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
            self._kept.append(problem)
        self._files[problem.file] = None

    def extend(self, problems: Iterable[Problem]) -> None:
        """Add every problem of ``problems`` in order.

        Args:
            problems: The problems to record.
        """
        for problem in problems:
            self.add(problem)

    def count(self, n: int, *, file: str, severity: Severity = "error") -> None:
        """Count ``n`` problems of ``file`` that were found but not located (the cap was reached).

        Args:
            n: How many; 0 or less does nothing.
            file: The file they are in.
            severity: Their severity.
        """
        if n <= 0:
            return
        self._total += n
        if severity == "error":
            self._errors += n
        self._files[file] = None

    def add_file(self, file: str) -> None:
        """Record that ``file`` was checked (duplicates are ignored, order is kept).

        Args:
            file: The path as the user gave it.
        """
        self._files[file] = None

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
