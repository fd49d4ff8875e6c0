"""Render a :class:`~indojp_data.diff.changes.Diff` as text or as the JSON report."""

from __future__ import annotations

import json

from indojp_data.diff.changes import _BUMPS, Diff

_JSON_FORMAT_VERSION = 1


def format_text(diff: Diff) -> str:
    """Render a diff for people: a summary line, then the changes grouped by bump.

    Args:
        diff: The diff to render.

    Returns:
        Text ending in a newline. Each change is one line ``  - LOCATION [KIND] DESCRIPTION``.
    """
    if not diff.changes:
        return "No changes: no version bump required.\n"
    counts = diff.counts
    summary = ", ".join(f"{counts[bump]} {bump}" for bump in _BUMPS if counts[bump])
    total = len(diff.changes)
    lines = [f"Required bump: {diff.required_bump} ({total} change{'s' if total != 1 else ''}: {summary})"]
    for bump in _BUMPS:
        group = [change for change in diff.changes if change.bump == bump]
        if not group:
            continue
        lines.append("")
        lines.append(f"{bump.upper()}:")
        for change in group:
            lines.append(f"  - {change.location or '(root)'} [{change.kind}] {change.description}")
    return "\n".join(lines) + "\n"


def format_json(diff: Diff) -> str:
    """Render a diff as JSON for programs.

    The shape is stable (``format_version`` is raised on incompatible changes)::

        {
          "format_version": 1,
          "required_bump": "major" | "minor" | "patch" | "none",
          "counts": {"major": int, "minor": int, "patch": int},
          "changes": [
            {"kind": str, "bump": "major" | "minor" | "patch", "location": str,
             "description": str, "old": <JSON or null>, "new": <JSON or null>}
          ]
        }

    Args:
        diff: The diff to render.

    Returns:
        Indented JSON text ending in a newline, non-ASCII characters kept as is.
    """
    document = {
        "format_version": _JSON_FORMAT_VERSION,
        "required_bump": diff.required_bump,
        "counts": diff.counts,
        "changes": [
            {
                "kind": change.kind,
                "bump": change.bump,
                "location": change.location,
                "description": change.description,
                "old": change.old,
                "new": change.new,
            }
            for change in diff.changes
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n"
