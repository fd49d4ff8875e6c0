"""Small Markdown helpers for the generated pages: safe table cells, code spans, tables and links."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

EXAMPLE_LIMIT = 60
"""Longest example value shown, in characters."""


_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")
"""An inline code span: a run of backticks, text, and a run of as many."""


def escape(text: str) -> str:
    """Make ``text`` safe inside a Markdown table cell (no pipes, line breaks, HTML or emphasis).

    Code spans are kept as they are: Markdown shows their text literally, so an entity written there would
    show as ``&#95;``, not as ``_``.
    """
    text = " ".join(text.split())
    parts, end = [], 0
    for span in _CODE_SPAN.finditer(text):
        parts += [_escape_plain(text[end : span.start()]), span.group(0)]
        end = span.end()
    return "".join([*parts, _escape_plain(text[end:])])


def _escape_plain(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace("|", "&#124;")
    return text.replace("_", "&#95;").replace("*", "&#42;")


def code(text: str) -> str:
    """Render ``text`` as an inline code span inside a table cell (Python-Markdown keeps its pipes)."""
    text = " ".join(text.split())
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def shorten(text: str, limit: int = EXAMPLE_LIMIT) -> str:
    """Cut ``text`` to ``limit`` characters, with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Render a Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)


def link(table_name: str) -> str:
    """Link to a table's section of the data dictionary."""
    return f"[`{table_name}`](#{table_name})"
