"""What a diff is made of: a :class:`Change`, the :class:`Diff` of all changes, the bump each requires.

Also the helpers every comparison shares: locations, canonical JSON, short renderings of values.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

from indojp_data.core.problems import IndojpError

Bump: TypeAlias = Literal["major", "minor", "patch"]
"""The version increment a single change requires."""


RequiredBump: TypeAlias = Literal["major", "minor", "patch", "none"]
"""The version increment a whole diff requires; ``"none"`` when nothing changed."""


ChangeKind: TypeAlias = Literal[
    "identifier-changed",
    "metadata-changed",
    "license-changed",
    "structure-changed",
    "resource-added",
    "resource-removed",
    "resources-reordered",
    "field-added",
    "field-removed",
    "fields-reordered",
    "field-type-changed",
    "field-format-changed",
    "constraint-tightened",
    "constraint-relaxed",
    "constraint-changed",
    "primary-key-changed",
    "foreign-key-added",
    "foreign-key-removed",
    "foreign-key-reference-updated",
    "header-changed",
    "row-added",
    "row-removed",
    "row-changed",
    "data-changed",
    "value-added",
    "value-removed",
    "value-changed",
    "value-type-changed",
    "schema-added",
    "schema-removed",
    "definition-added",
    "definition-removed",
    "property-added",
    "property-removed",
    "required-added",
    "required-removed",
    "type-changed",
    "format-changed",
]
"""Every kind of change; the module docstring gives the bump of each."""


_BUMP_RANK: dict[str, int] = {"none": 0, "patch": 1, "minor": 2, "major": 3}


_BUMPS: tuple[Bump, ...] = ("major", "minor", "patch")


JSON: TypeAlias = Any
"""A value decoded from JSON (dict, list, str, int, float, bool or None)."""


class DiffInputError(IndojpError, ValueError):
    """An input cannot be compared: missing path, malformed JSON/CSV, not a data package or schema.

    The message names the offending file (and line and column for JSON syntax errors), and is meant
    to be shown to the user as is.
    """


@dataclass(frozen=True, kw_only=True)
class Change:
    """One difference between the old and the new version.

    Attributes:
        kind: What changed, e.g. ``"field-removed"`` or ``"row-changed"`` (see :data:`ChangeKind`).
        location: Where, as a ``/``-separated path such as ``resources/persons/fields/country``.
        old: The old value (JSON-compatible), or ``None`` when the thing was added.
        new: The new value (JSON-compatible), or ``None`` when the thing was removed.
        bump: The version increment this change requires on its own.
        description: One human-readable sentence describing the change.
    """

    kind: ChangeKind
    location: str
    old: JSON = None
    new: JSON = None
    bump: Bump
    description: str


@dataclass(frozen=True)
class Diff:
    """All changes between two versions, in a deterministic order.

    Attributes:
        changes: The changes, in the order the inputs were traversed.
    """

    changes: tuple[Change, ...] = ()

    @property
    def required_bump(self) -> RequiredBump:
        """The highest bump any change requires, or ``"none"`` when there is no change."""
        best: RequiredBump = "none"
        for change in self.changes:
            if _BUMP_RANK[change.bump] > _BUMP_RANK[best]:
                best = change.bump
        return best

    @property
    def counts(self) -> dict[Bump, int]:
        """The number of changes requiring each bump, keyed ``major``, ``minor``, ``patch``."""
        counts: dict[Bump, int] = {bump: 0 for bump in _BUMPS}
        for change in self.changes:
            counts[change.bump] += 1
        return counts


class _Changes:
    """Accumulates changes during a traversal."""

    def __init__(self) -> None:
        self.items: list[Change] = []

    def add(
        self,
        kind: ChangeKind,
        location: str,
        bump: Bump,
        description: str,
        old: JSON = None,
        new: JSON = None,
    ) -> None:
        self.items.append(Change(kind=kind, location=location, old=old, new=new, bump=bump, description=description))


def _join(base: str, *segments: str) -> str:
    parts = [base] if base else []
    parts.extend(segment.replace("~", "~0").replace("/", "~1") for segment in segments)
    return "/".join(parts)


def _canon(value: JSON) -> str:
    """Return a canonical text of a JSON value: equal values give equal texts (1.0 equals 1)."""
    return json.dumps(_normalize_numbers(value), sort_keys=True, ensure_ascii=False)


def _normalize_numbers(value: JSON) -> JSON:
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _normalize_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalize_numbers(item) for item in value]
    return value


def _show(value: JSON, limit: int = 80) -> str:
    text = value if isinstance(value, str) and value == value.strip() and value else None
    rendered = json.dumps(value, ensure_ascii=False, default=str) if text is None else repr(text)
    return rendered if len(rendered) <= limit else rendered[: limit - 3] + "..."


def _show_change(old: JSON, new: JSON) -> str:
    """Say how ``old`` became ``new``: `` from X to Y``, or for two objects ``: k from X to Y; j added: Z``.

    Only the keys of an object that differ are named, each value in full up to :func:`_show`'s limit, so
    a change deep in a long object is not cut off before it is reached.
    """
    if isinstance(old, dict) and isinstance(new, dict):
        parts = []
        for key in dict.fromkeys([*old, *new]):
            if key not in new:
                parts.append(f"{key} removed (was {_show(old[key])})")
            elif key not in old:
                parts.append(f"{key} added: {_show(new[key])}")
            elif _canon(old[key]) != _canon(new[key]):
                parts.append(f"{key}{_show_change(old[key], new[key])}")
        if parts:
            return ": " + "; ".join(parts)
    return f" from {_show(old)} to {_show(new)}"


_ABSENT = object()
