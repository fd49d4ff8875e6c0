"""Render a :class:`~indojp_data.core.problems.Report` as text, JSON or GitHub annotations.

The three formats, key by key and with their escaping rules, are specified on the documentation's API page
for this module (``docs/api/formats.md``).
"""

from __future__ import annotations

import json
import os
from typing import Protocol

from indojp_data.core.problems import FIELD_LIMITS, Problem, Report, cut, escape_controls

__all__ = [
    "JSON_FORMAT_VERSION",
    "SupportsIsatty",
    "format_github",
    "format_json",
    "format_text",
    "github_escape_data",
    "github_escape_property",
    "should_use_color",
]

JSON_FORMAT_VERSION = 1
"""The ``version`` written by :func:`format_json`."""

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_RED = "\x1b[1;31m"
_YELLOW = "\x1b[1;33m"
_GREEN = "\x1b[1;32m"


class SupportsIsatty(Protocol):
    """Anything with an ``isatty()`` method, such as ``sys.stdout``."""

    def isatty(self) -> bool:
        """Return True if the stream is connected to a terminal."""
        ...


def should_use_color(stream: SupportsIsatty) -> bool:
    """Decide whether to colour output written to ``stream``.

    Colour is used only when ``stream.isatty()`` is true and the ``NO_COLOR`` environment
    variable is unset or empty (https://no-color.org). A stream whose ``isatty`` raises
    (e.g. a closed file) gets no colour.

    Args:
        stream: The stream the output will be written to.

    Returns:
        True if ANSI colour codes should be used.
    """
    if os.environ.get("NO_COLOR", ""):
        return False
    try:
        return bool(stream.isatty())
    except (OSError, ValueError, AttributeError):
        return False


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _show(text: str, name: str) -> str:
    """``text`` cut to the limit of the Problem field ``name``, then with unsafe characters escaped."""
    return escape_controls(cut(text, FIELD_LIMITS[name]))


def _opt(text: str | None, name: str) -> str | None:
    return None if text is None else _show(text, name)


def _label(problem: Problem) -> str | None:
    if problem.field is not None:
        return _show(problem.field, "field")
    return _opt(problem.pointer, "pointer")


def _text_line(p: Problem, color: bool) -> str:
    where = _show(p.file, "file")
    if p.line is not None:
        where += f":{p.line}"
        if p.column is not None:
            where += f":{p.column}"
    severity: str = p.severity
    if color:
        where = f"{_BOLD}{where}{_RESET}"
        severity = f"{_RED if p.severity == 'error' else _YELLOW}{severity}{_RESET}"
    parts = [f"{where}: {severity} [{_show(p.rule, 'rule')}]"]
    label = _label(p)
    if label is not None:
        parts.append(f" {label}:")
    parts.append(f" {_show(p.message, 'message')}")
    if p.value is not None:
        parts.append(f" (value: '{_show(p.value, 'value')}')")
    if p.hint is not None:
        hint = f"hint: {_show(p.hint, 'hint')}"
        parts.append(f" {_DIM}{hint}{_RESET}" if color else f" {hint}")
    return "".join(parts)


def _summary(report: Report) -> str:
    files = _plural(len(report.files), "file")
    if report.total == 0:
        return f"valid: {files} checked"
    errors = report.error_count
    warnings = report.total - errors
    if errors == 0:
        text = f"valid: {files} checked, {_plural(warnings, 'warning')}"
    else:
        text = (
            f"{_plural(report.total, 'problem')} ({_plural(errors, 'error')}, "
            f"{_plural(warnings, 'warning')}) in {files}"
        )
    if report.truncated:
        text += f" (showing first {len(report.problems)})"
    return text


def format_text(report: Report, *, color: bool) -> str:
    """Render ``report`` for people: one line per problem and a summary line.

    See the module docstring for the exact layout.

    Args:
        report: The report to render.
        color: Whether to use ANSI colours (see :func:`should_use_color`).

    Returns:
        The rendered text, without a trailing newline.
    """
    lines = [_text_line(p, color) for p in report.problems]
    summary = _summary(report)
    if color:
        summary = f"{_GREEN if report.valid else _RED}{summary}{_RESET}"
    lines.append(summary)
    return "\n".join(lines)


def _problem_dict(p: Problem) -> dict[str, object]:
    return {
        "file": _show(p.file, "file"),
        "rule": _show(p.rule, "rule"),
        "message": _show(p.message, "message"),
        "line": p.line,
        "column": p.column,
        "pointer": _opt(p.pointer, "pointer"),
        "field": _opt(p.field, "field"),
        "value": _opt(p.value, "value"),
        "hint": _opt(p.hint, "hint"),
        "severity": p.severity,
    }


def format_json(report: Report) -> str:
    """Render ``report`` as the versioned JSON document described in the module docstring.

    Args:
        report: The report to render.

    Returns:
        ASCII-only JSON text, without a trailing newline.
    """
    errors = report.error_count
    document: dict[str, object] = {
        "version": JSON_FORMAT_VERSION,
        "valid": report.valid,
        "total": report.total,
        "errors": errors,
        "warnings": report.total - errors,
        "shown": len(report.problems),
        "truncated": report.truncated,
        "files": [_show(f, "file") for f in report.files],
        "problems": [_problem_dict(p) for p in report.problems],
    }
    return json.dumps(document, ensure_ascii=True, indent=2)


def github_escape_data(text: str) -> str:
    """Escape the message part of a GitHub workflow command.

    Args:
        text: The message.

    Returns:
        ``text`` with ``%``, CR and LF replaced by ``%25``, ``%0D`` and ``%0A``.
    """
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_escape_property(text: str) -> str:
    """Escape a property value (``file=``, ``title=``, ...) of a GitHub workflow command.

    Args:
        text: The property value.

    Returns:
        ``text`` escaped as by :func:`github_escape_data`, plus ``:`` and ``,`` replaced by
        ``%3A`` and ``%2C``.
    """
    return github_escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github_line(p: Problem) -> str:
    props = [f"file={github_escape_property(_show(p.file, 'file'))}"]
    if p.line is not None:
        props.append(f"line={p.line}")
        if p.column is not None:
            props.append(f"col={p.column}")
    rule = _show(p.rule, "rule")
    props.append(f"title={github_escape_property(f'indojp-data [{rule}]')}")
    message = _show(p.message, "message")
    label = _label(p)
    if label is not None:
        message = f"{label}: {message}"
    if p.value is not None:
        message += f" (value: '{_show(p.value, 'value')}')"
    if p.hint is not None:
        # A real line break inside the annotation, escaped as %0A below.
        message += f"\nhint: {_show(p.hint, 'hint')}"
    return f"::{p.severity} {','.join(props)}::{github_escape_data(message)}"


def format_github(report: Report) -> str:
    """Render ``report`` as GitHub Actions workflow commands (annotations).

    See the module docstring for the layout and escaping rules.

    Args:
        report: The report to render.

    Returns:
        One command per line, without a trailing newline; the empty string for a report
        with no problems.
    """
    lines = [_github_line(p) for p in report.problems]
    if report.truncated:
        summary = f"{_summary(report)}; only the first {len(report.problems)} are annotated"
        lines.append(f"::notice title=indojp-data::{github_escape_data(summary)}")
    return "\n".join(lines)
