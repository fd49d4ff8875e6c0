"""One problem model and one exception root, shared by every part of indojp-data.

Everything that reports what is wrong with data speaks :class:`Problem` (or converts to it with
``as_problem()``, the :class:`Finding` protocol): a curated record that breaks a rule, a cross-record
rule violation, a validation problem, a change between two releases, a generated file that drifted, a
CSV cell a spreadsheet would run. Every exception raised for bad data, bad input or a failed build
derives from :class:`IndojpError`, so a caller can catch them all at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

__all__ = ["Finding", "IndojpError", "Problem", "Severity", "dotted"]

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


class Finding(Protocol):
    """Anything that reports one thing wrong (or changed) and can say it as a :class:`Problem`."""

    def as_problem(self) -> Problem:
        """Return the same finding in the shared problem model."""
        ...


def dotted(path: tuple[str | int, ...]) -> str:
    """Render a field path as the dotted text used in messages, e.g. ``summits.0.place``."""
    return ".".join(map(str, path))
