"""Compare two versions of the published dataset and state the version bump the change requires.

This module backs ``indojp-data diff OLD NEW``. It compares either two Frictionless Data Packages
(``datapackage.json`` plus its CSV/JSON resources) or two JSON Schemas (one file, or a directory of
``*.json`` files), lists every :class:`Change`, and classifies each as ``major``, ``minor`` or
``patch``. It uses the standard library only, so the command line starts fast.

The rules follow the Frictionless *Data Package Version* recipe (Rufus Pollock), read at
https://datapackage.org/recipes/data-package-version/ (the Data Package v2 recipes; the copy read
was https://v2-release.datapackage-6gp.pages.dev/recipes/data-package-version). The recipe applies
Semantic Versioning (https://semver.org/spec/v2.0.0.html) to data:

* **MAJOR**, incompatible changes: change the data package, resource or field ``name`` or
  identifier; add, remove or re-order fields; change a field ``type`` or ``format``; change a field
  ``constraint`` to be more restrictive; combine, split, delete or change the meaning of data
  referenced by another data resource.
* **MINOR**, backwards-compatible additions: add a data resource; add data to a resource; change a
  constraint to be less restrictive; update a reference to another data resource; change data to
  reflect changes in referenced data.
* **PATCH**, backwards-compatible fixes: correct errors in existing data; change descriptive
  metadata properties.
* **No change** in the version number: relocate the data to a new URL or ``path``.

How the recipe is encoded, rule by rule (``kind`` values of :class:`Change` in brackets):

* Package ``name`` or ``id`` changed [identifier-changed]: major. A resource or field rename is seen
  as a removal plus an addition, both major. Identifiers are compared with embedded semantic
  version numbers masked, so an ``$id``/``id`` such as ``.../schema/1.0.0/person.json`` that only
  follows the release number is not reported.
* Resource added [resource-added]: minor. Resource removed [resource-removed]: major.
* Field added [field-added], removed [field-removed], re-ordered [fields-reordered]: major (the
  recipe's scenario: "You append a column to the data. Increment the MAJOR version number").
* Field ``type`` [field-type-changed] or ``format`` [field-format-changed] changed: major. An
  absent ``format`` equals ``"default"``; an absent ``type`` is compared as absent (the default
  differs between Table Schema v1 and v2, so an explicit type replacing an absent one is reported).
* Constraint more restrictive [constraint-tightened]: major; less restrictive
  [constraint-relaxed]: minor. ``required``/``unique`` false to true tightens; ``enum`` narrowed or
  added tightens, widened or removed relaxes; ``minimum``/``minLength``/``exclusiveMinimum`` raised
  or added tightens, lowered or removed relaxes (``maximum``/``maxLength``/``exclusiveMaximum``
  the other way round); ``pattern`` added tightens, removed relaxes. A change whose direction cannot
  be decided (a different ``pattern``, an ``enum`` neither a subset nor a superset, bounds that do
  not compare) [constraint-changed]: major.
* ``primaryKey`` added, removed or changed [primary-key-changed]: major (it is the rows'
  identifier). A foreign key added [foreign-key-added]: major (a new restriction on the data);
  removed [foreign-key-removed]: minor (a relaxation); the same key pointed at another resource
  [foreign-key-reference-updated]: minor ("Update a reference to another data resource").
  ``uniqueKeys`` added/removed: constraint tightened/relaxed.
* Rows (CSV, tabular JSON or inline data): row added [row-added]: minor ("Add new data"). Row
  removed [row-removed]: major ("delete ... data"). Cell values of an existing row corrected
  [row-changed]: patch ("Correct errors in existing data"), but major when a changed cell belongs to
  a field another resource references through a foreign key ("change the meaning of data that is
  referenced"). Rows are matched by ``primaryKey`` when both versions declare the same key and the
  key is unique on both sides; otherwise they are compared as multisets, so a corrected row shows up
  as one removal plus one addition (major, conservatively). Cells are compared as their text in the
  file; only columns present in both versions are compared (added/removed columns are already
  major).
* Descriptive metadata (``title``, ``description``, ``homepage``, ``keywords``, ``image``,
  ``sources``, ``contributors``, ``created``; field ``title``/``description``/``example``)
  [metadata-changed]: patch.
* Resource ``path`` moved, and derived ``bytes``/``hash``: not reported (the recipe: relocating data
  needs no new version; content is compared directly). Package ``version`` is not reported: it is
  what :func:`check_declared_version` checks.

Where the recipe is silent, the conservative choice (the higher bump) is made:

* Deleting rows is major even when no foreign key references them: others may cite the records.
* Re-ordering resources is major [resources-reordered]: consumers may address them by position.
* A change in the set of licences (by ``name``/``path``) is major [license-changed]: it alters the
  terms under which the data may be used. Changing only a licence's ``title`` is patch.
* Any other non-descriptive property (``dialect``, ``encoding``, ``format``, ``mediatype``,
  ``missingValues``, ``rdfType``, ``trueValues``, ``$schema``, custom properties, ...) changed
  [structure-changed]: major, because it changes how the data is read or what it means. Absent
  ``dialect`` settings, ``encoding``, ``format`` and ``mediatype`` are compared with their defaults.
* A CSV header whose columns differ from the previous version while the schema's fields did not
  [header-changed]: major.
* Content that cannot be compared semantically (non-CSV/JSON files, or a resource that switched
  between tabular and non-tabular content) and differs [data-changed]: major.
* Non-tabular JSON content is compared value by value: a member or list element added
  [value-added] minor, removed [value-removed] major, a scalar value changed [value-changed] patch, a
  value changing between object, array and scalar [value-type-changed] major. Lists whose elements
  are all objects with a unique scalar ``id`` are matched by ``id``, other lists by position.

For JSON Schemas (draft 2020-12; ``definitions`` is treated like ``$defs``) the same principles are
applied to what the schema allows:

* Schema file added/removed in a directory [schema-added]/[schema-removed]: minor/major.
  ``$defs`` entry added/removed [definition-added]/[definition-removed]: minor/major.
* Property removed [property-removed]: major. Property added [property-added]: minor when optional
  (JSON objects are read by member name, unlike CSV columns, so an optional member is an addition),
  major when it is also required.
* ``required`` gains a name [required-added]: major; loses one [required-removed]: minor.
* ``type`` changed [type-changed]: major, except that only allowing or disallowing ``null`` (as a
  ``type`` list or pydantic's ``anyOf: [X, {"type": "null"}]``) is constraint-relaxed/tightened.
  ``format`` changed [format-changed]: major.
* Assertions (``enum``, ``const``, ``pattern``, ``minimum``..., ``minItems``..., ``uniqueItems``,
  ``multipleOf``, ``additionalProperties``/``items``/``propertyNames``/``unevaluated*`` including
  their boolean forms): constraint-tightened/relaxed/changed as for Table Schemas. Subschemas in
  ``properties``, ``items``, ``additionalProperties``, ``$defs``, ``allOf``/``anyOf``/``oneOf``/
  ``prefixItems`` (same length), ``patternProperties`` and ``dependentSchemas`` are compared
  recursively (a relaxation inside ``oneOf`` is promoted to major, since it can make an instance
  match two branches; a ``patternProperties``/``dependentSchemas`` entry added or removed, or a list
  of subschemas changing length, is structure-changed, major).
* ``$id``/``$anchor`` changed [identifier-changed]: major (masking version numbers, as above).
  ``$ref`` (also version-masked), ``$schema``, ``not``, ``if``, ``then``, ``else``, ``contains``,
  ``dependentRequired`` and other structural keywords changed [structure-changed]: major.
* Annotations (``title``, ``description``, ``examples``, ``default``, ``$comment``, ``deprecated``,
  ``readOnly``, ``writeOnly``, ``content*``) and unknown keywords, which 2020-12 treats as
  annotations [metadata-changed]: patch.

Versions follow Semantic Versioning 2.0.0, with the common convention for initial development
(semver section 4: "major version zero (0.y.z) is for initial development. Anything MAY change at any
time"), the convention Cargo also follows: **while the major version is 0, the bumps shift one place to the right**.
A major change bumps the minor version and resets the patch (``0.1.0`` + major = ``0.2.0``); a minor or
a patch change bumps the patch (``0.1.0`` + minor = ``0.1.1``). From ``1.0.0`` on, the usual rules
apply (``1.2.3`` + major = ``2.0.0``, + minor = ``1.3.0``, + patch = ``1.2.4``). From 0.x, ``1.0.0``
(declaring the schema stable) is always high enough. Pre-release precedence is semver's (``1.0.0-alpha <
1.0.0-alpha.1 < 1.0.0-beta < 1.0.0-rc.1 < 1.0.0``). Two pre-release conventions (those of ``npm
version``): bumping a pre-release whose release number already carries the bump gives that release
(``2.0.0-rc.1`` + major = ``2.0.0``; ``0.2.0-rc.1`` + major = ``0.2.0``); and a declared pre-release
of the required release number is accepted (``1.2.3`` to ``2.0.0-rc.1`` for a major change).

Locations are ``/``-separated paths with ``~`` and ``/`` inside names escaped as ``~0`` and ``~1``
(as in JSON Pointer), e.g. ``resources/persons/fields/country/constraints/enum``,
``resources/persons/rows/IN`` (the primary key value; a JSON array for composite keys),
``resources/persons/rows/#3`` (the third data row, for tables compared as multisets),
``$defs/Person/properties/country``. In a directory of schemas the file name comes first.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path, PurePosixPath
from typing import Any, Literal, TypeAlias

__all__ = [
    "JSON",
    "Bump",
    "Change",
    "ChangeKind",
    "Diff",
    "DiffInputError",
    "RequiredBump",
    "Version",
    "check_declared_version",
    "diff_paths",
    "format_json",
    "format_text",
    "required_version",
]

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


class DiffInputError(ValueError):
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


# --------------------------------------------------------------------------------------------
# Semantic versions
# --------------------------------------------------------------------------------------------

_SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)


@dataclass(frozen=True)
class Version:
    """A Semantic Versioning 2.0.0 version ``MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]``.

    Ordering (``<``, ``<=``, ``>``, ``>=``) is semver precedence: build metadata is ignored, a
    pre-release sorts before its release, and pre-release identifiers compare numerically when
    numeric, lexically otherwise, numeric before alphanumeric, shorter before longer.

    Attributes:
        major: The major number.
        minor: The minor number.
        patch: The patch number.
        prerelease: The dot-separated pre-release identifiers (empty for a release).
        build: The build metadata, without the ``+`` (empty when absent).
    """

    major: int
    minor: int
    patch: int
    prerelease: tuple[str, ...] = ()
    build: str = ""

    @classmethod
    def parse(cls, text: str) -> Version:
        """Parse a version string.

        Args:
            text: A version such as ``"1.2.3"`` or ``"2.0.0-rc.1"``; no leading ``v``.

        Returns:
            The parsed version.

        Raises:
            DiffInputError: When the text is not a semantic version.
        """
        match = _SEMVER.match(text.strip()) if isinstance(text, str) else None
        if match is None:
            raise DiffInputError(f"not a semantic version (MAJOR.MINOR.PATCH[-PRERELEASE]): {text!r}")
        major, minor, patch, prerelease, build = match.groups()
        return cls(
            int(major),
            int(minor),
            int(patch),
            tuple(prerelease.split(".")) if prerelease else (),
            build or "",
        )

    def __str__(self) -> str:
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.prerelease:
            text += "-" + ".".join(self.prerelease)
        if self.build:
            text += "+" + self.build
        return text

    @property
    def release(self) -> tuple[int, int, int]:
        """The ``(major, minor, patch)`` triple, without pre-release or build."""
        return (self.major, self.minor, self.patch)

    def _precedence(self) -> tuple[int, int, int, int, tuple[tuple[int, int, str], ...]]:
        identifiers = tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in self.prerelease)
        return (self.major, self.minor, self.patch, 0 if self.prerelease else 1, identifiers)

    def __lt__(self, other: Version) -> bool:
        return self._precedence() < other._precedence()

    def __le__(self, other: Version) -> bool:
        return self._precedence() <= other._precedence()

    def __gt__(self, other: Version) -> bool:
        return self._precedence() > other._precedence()

    def __ge__(self, other: Version) -> bool:
        return self._precedence() >= other._precedence()


def required_version(old_version: str, bump: RequiredBump) -> str:
    """Return the lowest release that carries ``bump`` on top of ``old_version``.

    While the major version is 0 (initial development), each bump moves one place to the right:
    a major change bumps the minor version, a minor or patch change bumps the patch. From 1.0.0 on,
    each bump is applied where semver puts it.

    Args:
        old_version: The previous version, e.g. ``"1.2.3"``.
        bump: The required bump (e.g. :attr:`Diff.required_bump`).

    Returns:
        ``"2.0.0"``, ``"1.3.0"`` or ``"1.2.4"`` for major, minor, patch from ``1.2.3``;
        ``"0.2.0"``, ``"0.1.1"`` or ``"0.1.1"`` for major, minor, patch from ``0.1.0``; the old
        version for ``"none"``. From a pre-release whose release number already carries the bump,
        that release (``2.0.0-rc.1`` + major = ``2.0.0``; ``1.2.3-rc.1`` + patch = ``1.2.3``;
        ``0.2.0-rc.1`` + major = ``0.2.0``).

    Raises:
        DiffInputError: When ``old_version`` is not a semantic version or ``bump`` is unknown.
    """
    old = Version.parse(old_version)
    if bump not in ("major", "minor", "patch", "none"):
        raise DiffInputError(f"unknown bump {bump!r}: expected major, minor, patch or none")
    if bump == "none":
        return str(old)
    effective: RequiredBump = bump
    if old.major == 0:  # initial development: major -> minor, minor -> patch
        effective = "minor" if bump == "major" else "patch"
    if old.prerelease and (
        effective == "patch"
        or (effective == "minor" and old.patch == 0)
        or (effective == "major" and old.minor == 0 and old.patch == 0)
    ):
        return f"{old.major}.{old.minor}.{old.patch}"
    if effective == "major":
        return f"{old.major + 1}.0.0"
    if effective == "minor":
        return f"{old.major}.{old.minor + 1}.0"
    return f"{old.major}.{old.minor}.{old.patch + 1}"


def check_declared_version(old_version: str, new_version: str, bump: RequiredBump) -> str | None:
    """Check that a declared new version is high enough for the changes.

    The new version must be greater than the old one (semver precedence) and its release number
    must be at least :func:`required_version`; a pre-release of the required release is accepted.
    With ``bump == "none"`` the new version may equal the old one but not be lower.

    Args:
        old_version: The previous version.
        new_version: The version the new release declares.
        bump: The required bump (e.g. :attr:`Diff.required_bump`).

    Returns:
        ``None`` when the declared version is high enough; otherwise a message naming both
        versions, the required bump and the lowest acceptable version.

    Raises:
        DiffInputError: When either version is not a semantic version.
    """
    old = Version.parse(old_version)
    new = Version.parse(new_version)
    if bump == "none":
        if new < old:
            return f"declared version {new} is lower than the previous version {old}"
        return None
    required = Version.parse(required_version(old_version, bump))
    if new <= old or new.release < required.release:
        return (
            f"declared version {new} is too low: the changes since {old} require a {bump} bump, "
            f"so the new version must be at least {required}"
        )
    return None


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------

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


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


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


_VERSION_IN_TEXT = re.compile(r"v?\d+\.\d+\.\d+(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z.-]+)?")


def _mask_versions(value: JSON) -> JSON:
    return _VERSION_IN_TEXT.sub("{version}", value) if isinstance(value, str) else value


def _load_json(path: Path) -> JSON:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DiffInputError(f"{path}: no such file") from None
    except UnicodeDecodeError as error:
        raise DiffInputError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    except OSError as error:
        raise DiffInputError(f"{path}: cannot read ({error.strerror})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise DiffInputError(
            f"{path}:{error.lineno}:{error.colno}: malformed JSON: {error.msg} "
            f"(line {error.lineno}, column {error.colno})"
        ) from None


def _compare_bounds(old: JSON, new: JSON) -> int | None:
    """-1, 0 or 1 as new is below, equal to or above old; None when they do not compare."""
    a = _as_comparable(old)
    b = _as_comparable(new)
    if a is None or b is None or type(a) is not type(b):
        return None
    if isinstance(a, tuple) and isinstance(b, tuple) and a[0] != b[0]:
        return None  # digit strings of different shapes do not compare as text
    try:
        return (b > a) - (b < a)  # type: ignore[operator]
    except TypeError:  # naive and aware datetimes
        return None


def _as_comparable(value: JSON) -> float | datetime | date | time | tuple[str, str] | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return float(text)
    except ValueError:
        pass
    iso = text[:-1] + "+00:00" if text.endswith("Z") else text
    for parse in (date.fromisoformat, datetime.fromisoformat, time.fromisoformat):
        try:
            parsed: datetime | date | time = parse(iso)
        except ValueError:
            continue
        return parsed
    # Fixed-width digit strings with the same shape ("2024-05", "2024-W05") sort as text.
    shape = re.sub(r"\d", "9", text)
    return (shape, text) if re.fullmatch(r"[9\-:.TW]+", shape) else None


_LOWER_BOUNDS = frozenset({"minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties", "minContains"})
_UPPER_BOUNDS = frozenset({"maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties", "maxContains"})
_FLAGS = frozenset({"required", "unique", "uniqueItems"})
_ABSENT = object()


def _diff_constraint(name: str, old: JSON, new: JSON, location: str, changes: _Changes) -> None:
    """Classify the change of one constraint; ``_ABSENT`` marks a constraint not given."""
    old_value = None if old is _ABSENT else old
    new_value = None if new is _ABSENT else new
    if old is not _ABSENT and new is not _ABSENT and _canon(old) == _canon(new):
        return

    def tightened(what: str) -> None:
        changes.add("constraint-tightened", location, "major", f"{name} {what}", old_value, new_value)

    def relaxed(what: str) -> None:
        changes.add("constraint-relaxed", location, "minor", f"{name} {what}", old_value, new_value)

    def undecided(what: str) -> None:
        changes.add("constraint-changed", location, "major", f"{name} {what}", old_value, new_value)

    if name in _FLAGS:
        before, after = old_value is True, new_value is True
        if before == after:
            return
        (tightened if after else relaxed)(f"changed from {before} to {after}".lower())
        return
    if old is _ABSENT:
        tightened(f"added: {_show(new_value)}")
        return
    if new is _ABSENT:
        relaxed(f"removed (was {_show(old_value)})")
        return
    if name == "enum":
        if not isinstance(old_value, list) or not isinstance(new_value, list):
            undecided(f"changed from {_show(old_value)} to {_show(new_value)}")
            return
        before_set = {_canon(item) for item in old_value}
        after_set = {_canon(item) for item in new_value}
        dropped = [item for item in old_value if _canon(item) not in after_set]
        gained = [item for item in new_value if _canon(item) not in before_set]
        if not dropped and not gained:
            return  # only the order of the allowed values changed
        if not gained:
            tightened(f"narrowed: {_show(dropped)} no longer allowed")
        elif not dropped:
            relaxed(f"widened: {_show(gained)} now allowed")
        else:
            undecided(f"changed: {_show(dropped)} no longer allowed, {_show(gained)} now allowed")
        return
    if name in _LOWER_BOUNDS or name in _UPPER_BOUNDS:
        direction = _compare_bounds(old_value, new_value)
        change = f"changed from {_show(old_value)} to {_show(new_value)}"
        if direction is None:
            undecided(change)
        elif direction == 0:
            return
        elif (direction > 0) == (name in _LOWER_BOUNDS):
            tightened(change)
        else:
            relaxed(change)
        return
    undecided(f"changed from {_show(old_value)} to {_show(new_value)}")


# --------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Package:
    path: Path
    descriptor: dict[str, JSON]

    @property
    def base(self) -> Path:
        return self.path.parent

    def resources(self) -> dict[str, dict[str, JSON]]:
        named: dict[str, dict[str, JSON]] = {}
        for index, resource in enumerate(self.descriptor["resources"]):
            name = resource.get("name")
            if not isinstance(name, str) or not name:
                raise DiffInputError(f"{self.path}: resource {index} has no name")
            if name in named:
                raise DiffInputError(f"{self.path}: two resources are named {name!r}")
            named[name] = resource
        return named

    def local_file(self, reference: JSON, what: str) -> Path:
        if not isinstance(reference, str) or not reference:
            raise DiffInputError(f"{self.path}: {what} must be a non-empty path, got {_show(reference)}")
        if "://" in reference:
            raise DiffInputError(f"{self.path}: {what} {reference!r} is remote; only local files can be compared")
        relative = PurePosixPath(reference)
        if relative.is_absolute() or ".." in relative.parts:
            raise DiffInputError(f"{self.path}: {what} {reference!r} must be a relative path inside the package")
        resolved = self.base.joinpath(*relative.parts)
        if not resolved.is_file():
            raise DiffInputError(f"{resolved}: no such file ({what} {reference!r} in {self.path})")
        return resolved


@dataclass(frozen=True)
class _SchemaSet:
    path: Path
    schemas: dict[str, JSON]
    is_directory: bool


def _open_input(path: Path) -> _Package | _SchemaSet:
    if not path.exists():
        raise DiffInputError(f"{path}: no such file or directory")
    if path.is_dir():
        descriptor = path / "datapackage.json"
        if descriptor.is_file():
            return _package(descriptor, _load_json(descriptor))
        files = sorted(child for child in path.glob("*.json") if child.is_file())
        if not files:
            raise DiffInputError(f"{path}: contains neither datapackage.json nor any *.json JSON Schema")
        return _SchemaSet(path, {file.name: _schema(file, _load_json(file)) for file in files}, True)
    document = _load_json(path)
    if path.name == "datapackage.json" or (isinstance(document, dict) and isinstance(document.get("resources"), list)):
        return _package(path, document)
    return _SchemaSet(path, {path.name: _schema(path, document)}, False)


def _package(path: Path, document: JSON) -> _Package:
    if not isinstance(document, dict):
        raise DiffInputError(f"{path}: not a data package (the descriptor must be a JSON object)")
    resources = document.get("resources")
    if not isinstance(resources, list) or not all(isinstance(item, dict) for item in resources):
        raise DiffInputError(f"{path}: not a data package ('resources' must be a list of objects)")
    package = _Package(path, document)
    package.resources()  # validates names early
    return package


def _schema(path: Path, document: JSON) -> JSON:
    if not isinstance(document, dict | bool):
        raise DiffInputError(f"{path}: not a JSON Schema (expected an object or a boolean)")
    return document


def diff_paths(old: str | Path, new: str | Path) -> Diff:
    """Compare two versions of the dataset found on disk.

    Each side is a data package (a directory holding ``datapackage.json``, or the descriptor
    itself) or a JSON Schema (a file, or a directory whose ``*.json`` files are compared by file
    name; subdirectories are not searched). Both sides must be of the same kind.

    Args:
        old: The previous version.
        new: The new version.

    Returns:
        The changes, each with the bump it requires.

    Raises:
        DiffInputError: When a path is missing, a file is malformed, a descriptor is not a data
            package, a resource file cannot be read, or the two sides are of different kinds.
    """
    old_input = _open_input(Path(old))
    new_input = _open_input(Path(new))
    if isinstance(old_input, _Package) != isinstance(new_input, _Package):

        def kind(item: _Package | _SchemaSet) -> str:
            return "a data package" if isinstance(item, _Package) else "a JSON Schema"

        raise DiffInputError(
            f"cannot compare {old} ({kind(old_input)}) with {new} ({kind(new_input)}): "
            "both sides must be data packages or both JSON Schemas"
        )
    changes = _Changes()
    try:
        if isinstance(old_input, _Package) and isinstance(new_input, _Package):
            _diff_packages(old_input, new_input, changes)
        elif isinstance(old_input, _SchemaSet) and isinstance(new_input, _SchemaSet):
            _diff_schema_sets(old_input, new_input, changes)
    except (AttributeError, KeyError, TypeError, IndexError) as error:
        # A descriptor that is valid JSON but not shaped as the specifications require.
        raise DiffInputError(
            f"cannot compare {old} with {new}: unexpected descriptor structure ({type(error).__name__}: {error})"
        ) from None
    return Diff(tuple(changes.items))


# --------------------------------------------------------------------------------------------
# Data packages: descriptors
# --------------------------------------------------------------------------------------------

_PACKAGE_DESCRIPTIVE = frozenset(
    {"title", "description", "homepage", "keywords", "image", "contributors", "sources", "created"}
)
_RESOURCE_DESCRIPTIVE = frozenset({"title", "description", "homepage", "keywords", "image", "contributors", "sources"})
_FIELD_DESCRIPTIVE = frozenset({"title", "description", "example"})
_SCHEMA_DESCRIPTIVE = frozenset({"title", "description"})
_MEDIATYPES = {"csv": "text/csv", "tsv": "text/tab-separated-values", "json": "application/json"}
_DIALECT_DEFAULTS: dict[str, JSON] = {
    "header": True,
    "headerRows": [1],
    "headerJoin": " ",
    "delimiter": ",",
    "lineTerminator": "\r\n",
    "quoteChar": '"',
    "doubleQuote": True,
    "skipInitialSpace": False,
    "caseSensitiveHeader": False,
    "csvddfVersion": 1.2,
}


def _diff_properties(
    old: Mapping[str, JSON],
    new: Mapping[str, JSON],
    location: str,
    changes: _Changes,
    *,
    descriptive: frozenset[str],
    skip: frozenset[str],
    normalize: Callable[[str, JSON], JSON] | None = None,
) -> None:
    """Report changed properties: descriptive ones as patch, licences specially, others as major."""
    for key in _union_keys(old, new):
        if key in skip:
            continue
        before = old.get(key, _ABSENT)
        after = new.get(key, _ABSENT)
        if normalize is not None:
            before = normalize(key, before)
            after = normalize(key, after)
        if before is not _ABSENT and after is not _ABSENT and _canon(before) == _canon(after):
            continue
        if before is _ABSENT and after is _ABSENT:
            continue
        old_value = None if before is _ABSENT else before
        new_value = None if after is _ABSENT else after
        where = _join(location, key)
        if key in descriptive:
            changes.add("metadata-changed", where, "patch", f"{key} changed: {_show(new_value)}", old_value, new_value)
        elif key == "licenses":
            _diff_licenses(old_value, new_value, where, changes)
        else:
            changes.add(
                "structure-changed",
                where,
                "major",
                f"{key} changed from {_show(old_value)} to {_show(new_value)}",
                old_value,
                new_value,
            )


def _object(value: JSON) -> dict[str, JSON]:
    return value if isinstance(value, dict) else {}


def _union_keys(old: Mapping[str, JSON], new: Mapping[str, JSON]) -> list[str]:
    return list(old) + [key for key in new if key not in old]


def _diff_licenses(old: JSON, new: JSON, location: str, changes: _Changes) -> None:
    def identities(licenses: JSON) -> list[str]:
        if not isinstance(licenses, list):
            return [_canon(licenses)]
        return sorted(
            _canon(item.get("name") or item.get("path")) if isinstance(item, dict) else _canon(item)
            for item in licenses
        )

    if identities(old) != identities(new):
        changes.add("license-changed", location, "major", f"licences changed to {_show(new)}", old, new)
    else:
        changes.add("metadata-changed", location, "patch", "licence descriptions changed", old, new)


def _diff_packages(old: _Package, new: _Package, changes: _Changes) -> None:
    for key in ("name", "id"):
        before = old.descriptor.get(key)
        after = new.descriptor.get(key)
        if _canon(_mask_versions(before)) != _canon(_mask_versions(after)):
            changes.add(
                "identifier-changed",
                key,
                "major",
                f"data package {key} changed from {_show(before)} to {_show(after)}",
                before,
                after,
            )
    _diff_properties(
        old.descriptor,
        new.descriptor,
        "",
        changes,
        descriptive=_PACKAGE_DESCRIPTIVE,
        skip=frozenset({"name", "id", "version", "resources"}),
    )

    old_resources = old.resources()
    new_resources = new.resources()
    referenced = _referenced_fields(old, old_resources)
    for target, names in _referenced_fields(new, new_resources).items():
        referenced.setdefault(target, set()).update(names)

    for name, resource in old_resources.items():
        if name not in new_resources:
            changes.add(
                "resource-removed",
                _join("resources", name),
                "major",
                f"resource {name!r} was removed",
                _summary(resource),
                None,
            )
    common_old = [name for name in old_resources if name in new_resources]
    common_new = [name for name in new_resources if name in old_resources]
    if common_old != common_new:
        changes.add(
            "resources-reordered",
            "resources",
            "major",
            f"resources re-ordered from {common_old} to {common_new}",
            common_old,
            common_new,
        )
    for name, resource in new_resources.items():
        location = _join("resources", name)
        if name not in old_resources:
            changes.add("resource-added", location, "minor", f"resource {name!r} was added", None, _summary(resource))
            continue
        _diff_resource(old, old_resources[name], new, resource, location, referenced.get(name, set()), changes)


def _summary(resource: Mapping[str, JSON]) -> JSON:
    return {key: resource[key] for key in ("name", "path", "title") if key in resource}


def _table_schema(package: _Package, resource: Mapping[str, JSON]) -> JSON:
    schema = resource.get("schema")
    if isinstance(schema, str):
        return _load_json(package.local_file(schema, f"schema of resource {resource.get('name')!r}"))
    return schema


def _is_table_schema(schema: JSON) -> bool:
    return isinstance(schema, dict) and isinstance(schema.get("fields"), list)


@dataclass(frozen=True)
class _ForeignKey:
    fields: tuple[str, ...]
    resource: str  # "" for a reference to the same resource
    reference_fields: tuple[str, ...]

    def describe(self) -> str:
        target = self.resource or "(this resource)"
        return f"({', '.join(self.fields)}) -> {target}({', '.join(self.reference_fields)})"

    def as_json(self) -> JSON:
        return {
            "fields": list(self.fields),
            "reference": {"resource": self.resource, "fields": list(self.reference_fields)},
        }


def _names(value: JSON) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(item) for item in value)
    return ()


def _foreign_keys(schema: JSON, own_name: str) -> list[_ForeignKey]:
    keys: list[_ForeignKey] = []
    if not isinstance(schema, dict):
        return keys
    for item in schema.get("foreignKeys") or []:
        if not isinstance(item, dict):
            continue
        raw_reference = item.get("reference")
        reference: dict[str, JSON] = raw_reference if isinstance(raw_reference, dict) else {}
        target = reference.get("resource") or ""
        if target == own_name:
            target = ""
        keys.append(_ForeignKey(_names(item.get("fields")), str(target), _names(reference.get("fields"))))
    return keys


def _referenced_fields(package: _Package, resources: Mapping[str, Mapping[str, JSON]]) -> dict[str, set[str]]:
    referenced: dict[str, set[str]] = {}
    for name, resource in resources.items():
        for key in _foreign_keys(_table_schema(package, resource), name):
            referenced.setdefault(key.resource or name, set()).update(key.reference_fields)
    return referenced


def _resource_normalizer(resource: Mapping[str, JSON], schema: JSON) -> Callable[[str, JSON], JSON]:
    path = resource.get("path")
    first = path[0] if isinstance(path, list) and path else path
    suffix = PurePosixPath(first).suffix.lstrip(".").lower() if isinstance(first, str) else ""

    def normalize(key: str, value: JSON) -> JSON:
        if key == "format":
            if isinstance(value, str):
                return value.lower()
            return value if value is not _ABSENT else (suffix or _ABSENT)
        if key == "mediatype":
            fmt = resource.get("format", suffix)
            inferred = _MEDIATYPES.get(fmt.lower()) if isinstance(fmt, str) else None
            return value if value is not _ABSENT else (inferred or _ABSENT)
        if key == "encoding":
            text = "utf-8" if value is _ABSENT else value
            return text.lower().replace("_", "-") if isinstance(text, str) else text
        if key == "type":
            if value is _ABSENT and _is_table_schema(schema):
                return "table"
            return value
        if key == "dialect":
            dialect = {} if value is _ABSENT else value
            if isinstance(dialect, dict):
                return {**_DIALECT_DEFAULTS, **dialect}
            return dialect
        return value

    return normalize


def _diff_resource(
    old_package: _Package,
    old: dict[str, JSON],
    new_package: _Package,
    new: dict[str, JSON],
    location: str,
    referenced: set[str],
    changes: _Changes,
) -> None:
    old_schema = _table_schema(old_package, old)
    new_schema = _table_schema(new_package, new)
    old_normalize = _resource_normalizer(old, old_schema)
    new_normalize = _resource_normalizer(new, new_schema)
    _diff_properties(
        _with_defaults(old, old_normalize),
        _with_defaults(new, new_normalize),
        location,
        changes,
        descriptive=_RESOURCE_DESCRIPTIVE,
        skip=frozenset({"name", "path", "data", "bytes", "hash", "schema"}),
    )

    name = str(new.get("name"))
    schema_changes_before = len(changes.items)
    if _is_table_schema(old_schema) and _is_table_schema(new_schema):
        _diff_table_schemas(old_schema, new_schema, name, location, changes, old_package.path, new_package.path)
    elif _canon(old_schema) != _canon(new_schema):
        if (
            isinstance(old_schema, dict | bool)
            and isinstance(new_schema, dict | bool)
            and not (_is_table_schema(old_schema) or _is_table_schema(new_schema))
        ):
            _diff_json_schema(old_schema, new_schema, _join(location, "schema"), changes)
        else:
            changes.add(
                "structure-changed",
                _join(location, "schema"),
                "major",
                "schema replaced",
                old_schema,
                new_schema,
            )
    fields_unchanged = len(changes.items) == schema_changes_before or not any(
        change.kind in ("field-added", "field-removed", "fields-reordered")
        for change in changes.items[schema_changes_before:]
    )

    old_content = _content(old_package, old, old_schema)
    new_content = _content(new_package, new, new_schema)
    if old_content is None or new_content is None:
        return
    if isinstance(old_content, _Table) and isinstance(new_content, _Table):
        if fields_unchanged and old_content.columns != new_content.columns:
            changes.add(
                "header-changed",
                _join(location, "header"),
                "major",
                f"columns changed from {old_content.columns} to {new_content.columns}",
                old_content.columns,
                new_content.columns,
            )
        _diff_rows(
            old_content,
            new_content,
            _primary_key(old_schema),
            _primary_key(new_schema),
            referenced,
            _join(location, "rows"),
            changes,
        )
    elif isinstance(old_content, _Document) and isinstance(new_content, _Document):
        _diff_json_values(old_content.value, new_content.value, _join(location, "data"), changes)
    elif _content_digest(old_content) != _content_digest(new_content):
        changes.add(
            "data-changed",
            _join(location, "data"),
            "major",
            "the content changed and cannot be compared row by row",
        )


def _with_defaults(resource: Mapping[str, JSON], normalize: Callable[[str, JSON], JSON]) -> dict[str, JSON]:
    normalized = {key: normalize(key, value) for key, value in resource.items()}
    for key in ("format", "mediatype", "encoding", "type", "dialect"):
        if key not in resource:
            value = normalize(key, _ABSENT)
            if value is not _ABSENT:
                normalized[key] = value
    return normalized


def _primary_key(schema: JSON) -> tuple[str, ...]:
    return _names(schema.get("primaryKey")) if isinstance(schema, dict) else ()


def _diff_table_schemas(
    old: dict[str, JSON],
    new: dict[str, JSON],
    resource: str,
    location: str,
    changes: _Changes,
    old_source: Path,
    new_source: Path,
) -> None:
    old_fields = _fields_by_name(old, resource, old_source)
    new_fields = _fields_by_name(new, resource, new_source)
    for name, field in old_fields.items():
        if name not in new_fields:
            changes.add(
                "field-removed",
                _join(location, "fields", name),
                "major",
                f"field {name!r} was removed",
                field,
                None,
            )
    for name, field in new_fields.items():
        if name not in old_fields:
            changes.add(
                "field-added", _join(location, "fields", name), "major", f"field {name!r} was added", None, field
            )
    common_old = [name for name in old_fields if name in new_fields]
    common_new = [name for name in new_fields if name in old_fields]
    if common_old != common_new:
        changes.add(
            "fields-reordered",
            _join(location, "fields"),
            "major",
            f"fields re-ordered from {common_old} to {common_new}",
            common_old,
            common_new,
        )
    for name in common_new:
        _diff_field(old_fields[name], new_fields[name], _join(location, "fields", name), changes)

    _diff_properties(
        old,
        new,
        _join(location, "schema"),
        changes,
        descriptive=_SCHEMA_DESCRIPTIVE,
        skip=frozenset({"fields", "primaryKey", "foreignKeys", "uniqueKeys"}),
        normalize=lambda key, value: ([""] if value is _ABSENT else value) if key == "missingValues" else value,
    )

    old_key, new_key = _primary_key(old), _primary_key(new)
    if old_key != new_key:
        if not old_key:
            what = f"primary key {list(new_key)} added"
        elif not new_key:
            what = f"primary key {list(old_key)} removed"
        else:
            what = f"primary key changed from {list(old_key)} to {list(new_key)}"
        changes.add(
            "primary-key-changed",
            _join(location, "primaryKey"),
            "major",
            what,
            list(old_key) or None,
            list(new_key) or None,
        )

    old_foreign = _foreign_keys(old, resource)
    new_foreign = _foreign_keys(new, resource)
    for key in old_foreign:
        if key in new_foreign:
            continue
        updated = next(
            (
                other
                for other in new_foreign
                if other not in old_foreign
                and (other.fields, other.reference_fields) == (key.fields, key.reference_fields)
            ),
            None,
        )
        where = _join(location, "foreignKeys", ",".join(key.fields))
        if updated is not None:
            changes.add(
                "foreign-key-reference-updated",
                where,
                "minor",
                f"foreign key {key.describe()} now refers to {updated.resource or '(this resource)'}",
                key.as_json(),
                updated.as_json(),
            )
        else:
            changes.add("foreign-key-removed", where, "minor", f"foreign key {key.describe()} removed", key.as_json())
    for key in new_foreign:
        if key in old_foreign or any(
            (other.fields, other.reference_fields) == (key.fields, key.reference_fields)
            for other in old_foreign
            if other not in new_foreign
        ):
            continue
        changes.add(
            "foreign-key-added",
            _join(location, "foreignKeys", ",".join(key.fields)),
            "major",
            f"foreign key {key.describe()} added",
            None,
            key.as_json(),
        )

    old_unique = {_names(item) for item in old.get("uniqueKeys") or []}
    new_unique = {_names(item) for item in new.get("uniqueKeys") or []}
    for names in sorted(new_unique - old_unique):
        changes.add(
            "constraint-tightened",
            _join(location, "uniqueKeys", ",".join(names)),
            "major",
            f"unique key {list(names)} added",
            None,
            list(names),
        )
    for names in sorted(old_unique - new_unique):
        changes.add(
            "constraint-relaxed",
            _join(location, "uniqueKeys", ",".join(names)),
            "minor",
            f"unique key {list(names)} removed",
            list(names),
            None,
        )


def _fields_by_name(schema: Mapping[str, JSON], resource: str, source: Path) -> dict[str, dict[str, JSON]]:
    fields: dict[str, dict[str, JSON]] = {}
    for index, field in enumerate(schema["fields"]):
        name = field.get("name") if isinstance(field, dict) else None
        if not isinstance(name, str):
            raise DiffInputError(f"{source}: resource {resource!r}: field {index} has no name")
        if name in fields:
            raise DiffInputError(f"{source}: resource {resource!r}: two fields are named {name!r}")
        fields[name] = field
    return fields


def _diff_field(old: dict[str, JSON], new: dict[str, JSON], location: str, changes: _Changes) -> None:
    name = new["name"]
    old_type, new_type = old.get("type"), new.get("type")
    if old_type != new_type:
        changes.add(
            "field-type-changed",
            _join(location, "type"),
            "major",
            f"type of field {name!r} changed from {_show(old_type)} to {_show(new_type)}",
            old_type,
            new_type,
        )
    old_format, new_format = old.get("format", "default"), new.get("format", "default")
    if old_format != new_format:
        changes.add(
            "field-format-changed",
            _join(location, "format"),
            "major",
            f"format of field {name!r} changed from {_show(old_format)} to {_show(new_format)}",
            old_format,
            new_format,
        )
    old_constraints = _object(old.get("constraints"))
    new_constraints = _object(new.get("constraints"))
    for key in _union_keys(old_constraints, new_constraints):
        _diff_constraint(
            key,
            old_constraints.get(key, _ABSENT),
            new_constraints.get(key, _ABSENT),
            _join(location, "constraints", key),
            changes,
        )
    _diff_properties(
        old,
        new,
        location,
        changes,
        descriptive=_FIELD_DESCRIPTIVE,
        skip=frozenset({"name", "type", "format", "constraints"}),
    )


# --------------------------------------------------------------------------------------------
# Data packages: content
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Table:
    columns: list[str]
    rows: list[dict[str, JSON]]


@dataclass(frozen=True)
class _Document:
    value: JSON


@dataclass(frozen=True)
class _Opaque:
    data: bytes


def _content_digest(content: _Table | _Document | _Opaque) -> str:
    if isinstance(content, _Opaque):
        return content.data.hex()
    if isinstance(content, _Table):
        return _canon({"columns": content.columns, "rows": content.rows})
    return _canon(content.value)


def _content(package: _Package, resource: Mapping[str, JSON], schema: JSON) -> _Table | _Document | _Opaque | None:
    name = resource.get("name")
    field_names = (
        [str(field.get("name")) for field in schema["fields"] if isinstance(field, dict)]
        if _is_table_schema(schema)
        else []
    )
    if "data" in resource:
        data = resource["data"]
        table = _json_table(data, field_names) if _is_table_schema(schema) else None
        return table or _Document(data)
    paths = resource.get("path")
    if paths is None:
        return None
    references = paths if isinstance(paths, list) else [paths]
    files = [package.local_file(item, f"path of resource {name!r}") for item in references]
    fmt = resource.get("format")
    fmt = (fmt if isinstance(fmt, str) else files[0].suffix.lstrip(".")).lower()
    if fmt in ("csv", "tsv"):
        dialect = resource.get("dialect", {})
        if isinstance(dialect, str):
            dialect = _load_json(package.local_file(dialect, f"dialect of resource {name!r}"))
        raw_encoding = resource.get("encoding")
        encoding = raw_encoding if isinstance(raw_encoding, str) else "utf-8"
        columns: list[str] = []
        rows: list[dict[str, JSON]] = []
        for file in files:
            file_columns, file_rows = _read_csv(file, _object(dialect), encoding, fmt, field_names)
            columns = columns or file_columns
            rows.extend(file_rows)
        return _Table(columns, rows)
    if fmt == "json" and len(files) == 1:
        data = _load_json(files[0])
        table = _json_table(data, field_names) if _is_table_schema(schema) else None
        return table or _Document(data)
    return _Opaque(b"".join(file.read_bytes() for file in files))


def _json_table(data: JSON, field_names: list[str]) -> _Table | None:
    if not isinstance(data, list):
        return None
    if all(isinstance(row, dict) for row in data):
        columns = list(field_names)
        for row in data:
            columns.extend(key for key in row if key not in columns)
        return _Table(columns, [dict(row) for row in data])
    if data and all(isinstance(row, list) for row in data):
        header = [str(cell) for cell in data[0]]
        return _Table(header, [_row_dict(header, row) for row in data[1:]])
    return None


def _row_dict(columns: Sequence[str], values: Sequence[JSON]) -> dict[str, JSON]:
    row: dict[str, JSON] = {column: "" for column in columns}
    for index, value in enumerate(values):
        row[columns[index] if index < len(columns) else f"#{index + 1}"] = value
    return row


def _read_csv(
    path: Path, dialect: Mapping[str, JSON], encoding: str, fmt: str, field_names: list[str]
) -> tuple[list[str], list[dict[str, JSON]]]:
    delimiter = dialect.get("delimiter", "\t" if fmt == "tsv" else ",")
    quote_char = dialect.get("quoteChar", '"')
    escape_char = dialect.get("escapeChar")
    comment_char = dialect.get("commentChar")
    header_rows = dialect.get("headerRows", [1])
    has_header = dialect.get("header", True) is not False and header_rows != []
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        with path.open(encoding=codec, newline="") as handle:
            reader = csv.reader(
                handle,
                delimiter=str(delimiter),
                quotechar=str(quote_char) if quote_char else None,
                doublequote=dialect.get("doubleQuote", True) is not False,
                escapechar=str(escape_char) if escape_char else None,
                skipinitialspace=dialect.get("skipInitialSpace", False) is True,
                quoting=csv.QUOTE_MINIMAL if quote_char else csv.QUOTE_NONE,
            )
            records = [
                record for record in reader if record and not (comment_char and record[0].startswith(str(comment_char)))
            ]
    except (UnicodeDecodeError, LookupError) as error:
        raise DiffInputError(f"{path}: cannot decode as {encoding}: {error}") from None
    except csv.Error as error:
        raise DiffInputError(f"{path}: malformed CSV: {error}") from None
    except (TypeError, OSError) as error:
        raise DiffInputError(f"{path}: cannot read CSV: {error}") from None
    if has_header:
        columns = records[0] if records else list(field_names)
        body = records[1:]
    else:
        width = max((len(record) for record in records), default=0)
        columns = list(field_names) or [f"field{index + 1}" for index in range(width)]
        body = records
    return list(columns), [_row_dict(columns, record) for record in body]


def _key_text(values: Sequence[JSON]) -> str:
    if len(values) == 1:
        value = values[0]
        return value if isinstance(value, str) else _canon(value)
    return json.dumps(list(values), ensure_ascii=False)


def _diff_rows(
    old: _Table,
    new: _Table,
    old_key: tuple[str, ...],
    new_key: tuple[str, ...],
    referenced: set[str],
    location: str,
    changes: _Changes,
) -> None:
    old_columns = set(old.columns)
    common = [column for column in new.columns if column in old_columns]
    note = " (the resource is referenced by a foreign key)" if referenced else ""
    key = old_key if old_key == new_key and old_key and all(name in common for name in old_key) else ()
    old_index = _index_rows(old.rows, key) if key else None
    new_index = _index_rows(new.rows, key) if key else None
    if old_index is None or new_index is None:
        _diff_row_multisets(old, new, common, note, location, changes)
        return
    for identity, row in new_index.items():
        values = [row.get(name) for name in key]
        where = _join(location, _key_text(values))
        label = ", ".join(f"{name}={_show(value)}" for name, value in zip(key, values, strict=True))
        previous = old_index.get(identity)
        if previous is None:
            changes.add("row-added", where, "minor", f"row {label} added", None, row)
            continue
        changed = [
            column for column in common if column not in key and _canon(previous.get(column)) != _canon(row.get(column))
        ]
        if not changed:
            continue
        cells = "; ".join(f"{column}: {_show(previous.get(column))} -> {_show(row.get(column))}" for column in changed)
        hits = [column for column in changed if column in referenced]
        if hits:
            bump: Bump = "major"
            cells += f" (referenced by a foreign key: {', '.join(hits)})"
        else:
            bump = "patch"
        changes.add(
            "row-changed",
            where,
            bump,
            f"row {label} changed: {cells}",
            {column: previous.get(column) for column in changed},
            {column: row.get(column) for column in changed},
        )
    for identity, row in old_index.items():
        if identity not in new_index:
            values = [row.get(name) for name in key]
            label = ", ".join(f"{name}={_show(value)}" for name, value in zip(key, values, strict=True))
            changes.add(
                "row-removed",
                _join(location, _key_text(values)),
                "major",
                f"row {label} removed{note}",
                row,
                None,
            )


def _index_rows(rows: list[dict[str, JSON]], key: tuple[str, ...]) -> dict[str, dict[str, JSON]] | None:
    index: dict[str, dict[str, JSON]] = {}
    for row in rows:
        identity = _canon([row.get(name) for name in key])
        if identity in index:
            return None  # duplicate keys: fall back to comparing multisets
        index[identity] = row
    return index


def _diff_row_multisets(
    old: _Table, new: _Table, common: list[str], note: str, location: str, changes: _Changes
) -> None:
    def project(row: Mapping[str, JSON]) -> str:
        return _canon([row.get(column) for column in common])

    def unmatched(rows: list[dict[str, JSON]], others: list[dict[str, JSON]]) -> Iterator[tuple[int, dict[str, JSON]]]:
        available = Counter(project(row) for row in others)
        for number, row in enumerate(rows, start=1):
            projected = project(row)
            if available[projected] > 0:
                available[projected] -= 1
            else:
                yield number, row

    for number, row in unmatched(old.rows, new.rows):
        changes.add(
            "row-removed",
            _join(location, f"#{number}"),
            "major",
            f"row {number} of the old version removed{note}: {_show(row)}",
            row,
            None,
        )
    for number, row in unmatched(new.rows, old.rows):
        changes.add("row-added", _join(location, f"#{number}"), "minor", f"row {number} added: {_show(row)}", None, row)


def _id_index(items: list[JSON]) -> dict[str, JSON] | None:
    index: dict[str, JSON] = {}
    for item in items:
        if not isinstance(item, dict) or "id" not in item or isinstance(item["id"], dict | list):
            return None
        identity = item["id"] if isinstance(item["id"], str) else _canon(item["id"])
        if identity in index:
            return None
        index[identity] = item
    return index


def _diff_json_values(old: JSON, new: JSON, location: str, changes: _Changes) -> None:
    if _canon(old) == _canon(new):
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key, value in old.items():
            if key not in new:
                changes.add("value-removed", _join(location, key), "major", f"{key!r} removed", value, None)
        for key, value in new.items():
            if key not in old:
                changes.add("value-added", _join(location, key), "minor", f"{key!r} added", None, value)
            else:
                _diff_json_values(old[key], value, _join(location, key), changes)
        return
    if isinstance(old, list) and isinstance(new, list):
        old_index, new_index = _id_index(old), _id_index(new)
        if old_index is not None and new_index is not None and (old_index or new_index):
            for identity, item in old_index.items():
                if identity not in new_index:
                    changes.add(
                        "value-removed", _join(location, identity), "major", f"item id={identity!r} removed", item
                    )
            for identity, item in new_index.items():
                if identity not in old_index:
                    changes.add(
                        "value-added", _join(location, identity), "minor", f"item id={identity!r} added", None, item
                    )
                else:
                    _diff_json_values(old_index[identity], item, _join(location, identity), changes)
            return
        for position, (before, after) in enumerate(zip(old, new, strict=False)):
            _diff_json_values(before, after, _join(location, str(position)), changes)
        for position in range(len(new), len(old)):
            changes.add(
                "value-removed", _join(location, str(position)), "major", f"item {position} removed", old[position]
            )
        for position in range(len(old), len(new)):
            changes.add(
                "value-added", _join(location, str(position)), "minor", f"item {position} added", None, new[position]
            )
        return
    if isinstance(old, dict | list) or isinstance(new, dict | list):
        changes.add(
            "value-type-changed",
            location,
            "major",
            f"value changed from {_show(old)} to {_show(new)}",
            old,
            new,
        )
        return
    changes.add("value-changed", location, "patch", f"value changed from {_show(old)} to {_show(new)}", old, new)


# --------------------------------------------------------------------------------------------
# JSON Schemas
# --------------------------------------------------------------------------------------------

_SCHEMA_ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "examples",
        "default",
        "$comment",
        "deprecated",
        "readOnly",
        "writeOnly",
        "contentMediaType",
        "contentEncoding",
        "contentSchema",
    }
)
_SCHEMA_IDENTIFIERS = frozenset({"$id", "$anchor", "$dynamicAnchor"})
_SCHEMA_ASSERTIONS = _LOWER_BOUNDS | _UPPER_BOUNDS | {"enum", "const", "pattern", "multipleOf", "uniqueItems"}
_ABSENT_MEANS_TRUE = frozenset(
    {"items", "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "propertyNames", "additionalItems"}
)
_SUBSCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_SUBSCHEMA_MAPS = frozenset({"patternProperties", "dependentSchemas"})
_STRUCTURAL = frozenset(
    {
        "$ref",
        "$dynamicRef",
        "$recursiveRef",
        "$schema",
        "$vocabulary",
        "not",
        "if",
        "then",
        "else",
        "contains",
        "dependentRequired",
        "dependencies",
    }
)
_NULL_SCHEMA = {"type": "null"}


def _diff_schema_sets(old: _SchemaSet, new: _SchemaSet, changes: _Changes) -> None:
    if old.is_directory != new.is_directory:
        raise DiffInputError(
            f"cannot compare {old.path} with {new.path}: one is a single JSON Schema file, "
            "the other a directory of schemas"
        )
    if not old.is_directory:
        (old_schema,) = old.schemas.values()
        (new_schema,) = new.schemas.values()
        _diff_json_schema(old_schema, new_schema, "", changes)
        return
    for name, schema in old.schemas.items():
        if name not in new.schemas:
            changes.add("schema-removed", _join("", name), "major", f"schema file {name!r} removed", schema)
    for name, schema in new.schemas.items():
        if name not in old.schemas:
            changes.add("schema-added", _join("", name), "minor", f"schema file {name!r} added", None, schema)
        else:
            _diff_json_schema(old.schemas[name], schema, _join("", name), changes)


def _split_nullable(schema: dict[str, JSON]) -> tuple[dict[str, JSON], bool, dict[str, JSON]]:
    """Separate "may be null" from the rest: ``anyOf: [X, {"type": "null"}]`` or ``type: [.., "null"]``.

    Returns the schema without the null alternative (``X`` merged into the outer schema), whether
    null was allowed, and the annotations of ``X`` that the outer schema overrides (pydantic gives
    both a ``description``), so that their changes can still be reported.
    """
    for keyword in ("anyOf", "oneOf"):
        branches = schema.get(keyword)
        if (
            isinstance(branches, list)
            and len(branches) == 2
            and sum(branch == _NULL_SCHEMA for branch in branches) == 1
        ):
            other = next(branch for branch in branches if branch != _NULL_SCHEMA)
            rest = {key: value for key, value in schema.items() if key != keyword}
            if isinstance(other, dict) and set(other) & set(rest) <= _SCHEMA_ANNOTATIONS:
                hidden = {key: other[key] for key in set(other) & set(rest)}
                core, _, inner_hidden = _split_nullable({**other, **rest})
                return core, True, {**inner_hidden, **hidden}
    types = schema.get("type")
    if isinstance(types, list) and "null" in types and len(types) > 1:
        remaining = [item for item in types if item != "null"]
        core = dict(schema)
        core["type"] = remaining[0] if len(remaining) == 1 else remaining
        return core, True, {}
    return schema, False, {}


def _types(schema: Mapping[str, JSON]) -> frozenset[str] | None:
    types = schema.get("type")
    if types is None:
        return None
    return frozenset([types] if isinstance(types, str) else [str(item) for item in types])


def _diff_json_schema(old: JSON, new: JSON, location: str, changes: _Changes) -> None:
    if _canon(old) == _canon(new):
        return
    if isinstance(old, bool) or isinstance(new, bool):
        _diff_boolean_schemas(old, new, location, changes)
        return
    old, old_nullable, old_hidden = _split_nullable(old)
    new, new_nullable, new_hidden = _split_nullable(new)
    for keyword in _union_keys(old_hidden, new_hidden):
        before, after = old_hidden.get(keyword), new_hidden.get(keyword)
        if _canon(before) != _canon(after):
            changes.add(
                "metadata-changed",
                _join(location, keyword),
                "patch",
                f"{keyword} of the non-null alternative changed: {_show(after)}",
                before,
                after,
            )
    if old_nullable != new_nullable:
        if new_nullable:
            changes.add("constraint-relaxed", _join(location, "type"), "minor", "null now allowed", False, True)
        else:
            changes.add("constraint-tightened", _join(location, "type"), "major", "null no longer allowed", True, False)

    old_types, new_types = _types(old), _types(new)
    if old_types != new_types:
        changes.add(
            "type-changed",
            _join(location, "type"),
            "major",
            f"type changed from {_show(old.get('type'))} to {_show(new.get('type'))}",
            old.get("type"),
            new.get("type"),
        )

    old_required = [str(name) for name in old.get("required") or []]
    new_required = [str(name) for name in new.get("required") or []]
    old_properties = old.get("properties") if isinstance(old.get("properties"), dict) else {}
    new_properties = new.get("properties") if isinstance(new.get("properties"), dict) else {}
    for name, schema in old_properties.items():
        if name not in new_properties:
            changes.add(
                "property-removed",
                _join(location, "properties", name),
                "major",
                f"property {name!r} removed",
                schema,
            )
    for name, schema in new_properties.items():
        where = _join(location, "properties", name)
        if name in old_properties:
            _diff_json_schema(old_properties[name], schema, where, changes)
        elif name in new_required:
            changes.add("property-added", where, "major", f"required property {name!r} added", None, schema)
        else:
            changes.add("property-added", where, "minor", f"optional property {name!r} added", None, schema)
    for name in new_required:
        if name not in old_required and (name in old_properties or name not in new_properties):
            changes.add(
                "required-added",
                _join(location, "properties", name),
                "major",
                f"property {name!r} is now required",
                False,
                True,
            )
    for name in old_required:
        if name not in new_required and (name in new_properties or name not in old_properties):
            changes.add(
                "required-removed",
                _join(location, "properties", name),
                "minor",
                f"property {name!r} is no longer required",
                True,
                False,
            )

    for definitions in ("$defs", "definitions"):
        old_defs = old.get(definitions) if isinstance(old.get(definitions), dict) else {}
        new_defs = new.get(definitions) if isinstance(new.get(definitions), dict) else {}
        for name, schema in old_defs.items():
            if name not in new_defs:
                changes.add(
                    "definition-removed",
                    _join(location, definitions, name),
                    "major",
                    f"definition {name!r} removed",
                    schema,
                )
        for name, schema in new_defs.items():
            where = _join(location, definitions, name)
            if name in old_defs:
                _diff_json_schema(old_defs[name], schema, where, changes)
            else:
                changes.add("definition-added", where, "minor", f"definition {name!r} added", None, schema)

    handled = {"type", "required", "properties", "$defs", "definitions"}
    for keyword in _union_keys(old, new):
        if keyword in handled:
            continue
        before = old.get(keyword, _ABSENT)
        after = new.get(keyword, _ABSENT)
        if before is not _ABSENT and after is not _ABSENT and _canon(before) == _canon(after):
            continue
        _diff_schema_keyword(keyword, before, after, _join(location, keyword), changes)


def _diff_schema_keyword(keyword: str, before: JSON, after: JSON, where: str, changes: _Changes) -> None:
    old_value = None if before is _ABSENT else before
    new_value = None if after is _ABSENT else after
    if keyword in _SCHEMA_ANNOTATIONS or not (
        keyword in _SCHEMA_IDENTIFIERS
        or keyword in _SCHEMA_ASSERTIONS
        or keyword in _ABSENT_MEANS_TRUE
        or keyword in _SUBSCHEMA_LISTS
        or keyword in _SUBSCHEMA_MAPS
        or keyword in _STRUCTURAL
        or keyword == "format"
    ):
        changes.add("metadata-changed", where, "patch", f"{keyword} changed: {_show(new_value)}", old_value, new_value)
    elif keyword in _SCHEMA_IDENTIFIERS or keyword == "$ref":
        if _canon(_mask_versions(old_value)) != _canon(_mask_versions(new_value)):
            kind: ChangeKind = "identifier-changed" if keyword in _SCHEMA_IDENTIFIERS else "structure-changed"
            changes.add(
                kind,
                where,
                "major",
                f"{keyword} changed from {_show(old_value)} to {_show(new_value)}",
                old_value,
                new_value,
            )
    elif keyword == "format":
        changes.add(
            "format-changed",
            where,
            "major",
            f"format changed from {_show(old_value)} to {_show(new_value)}",
            old_value,
            new_value,
        )
    elif keyword in _SCHEMA_ASSERTIONS:
        _diff_constraint(keyword, before, after, where, changes)
    elif keyword in _ABSENT_MEANS_TRUE:
        _diff_json_schema(True if before is _ABSENT else before, True if after is _ABSENT else after, where, changes)
    elif (
        keyword in _SUBSCHEMA_LISTS
        and isinstance(before, list)
        and isinstance(after, list)
        and len(before) == len(after)
    ):
        nested = _Changes()
        for position, (old_item, new_item) in enumerate(zip(before, after, strict=True)):
            _diff_json_schema(old_item, new_item, _join(where, str(position)), nested)
        for change in nested.items:
            if keyword == "oneOf" and change.bump == "minor":
                change = Change(
                    kind=change.kind,
                    location=change.location,
                    old=change.old,
                    new=change.new,
                    bump="major",
                    description=change.description + " (inside oneOf, a relaxation can make instances ambiguous)",
                )
            changes.items.append(change)
    elif keyword in _SUBSCHEMA_MAPS and isinstance(before, dict) and isinstance(after, dict):
        for name in _union_keys(before, after):
            if name in before and name in after:
                _diff_json_schema(before[name], after[name], _join(where, name), changes)
            else:
                changes.add(
                    "structure-changed",
                    _join(where, name),
                    "major",
                    f"{keyword} entry {name!r} {'added' if name in after else 'removed'}",
                    before.get(name),
                    after.get(name),
                )
    else:
        changes.add(
            "structure-changed",
            where,
            "major",
            f"{keyword} changed from {_show(old_value)} to {_show(new_value)}",
            old_value,
            new_value,
        )


def _diff_boolean_schemas(old: JSON, new: JSON, location: str, changes: _Changes) -> None:
    """Compare where at least one side is a boolean schema (``true`` allows all, ``false`` nothing)."""
    if old is True or new is False:
        changes.add(
            "constraint-tightened", location, "major", f"schema narrowed from {_show(old)} to {_show(new)}", old, new
        )
    else:  # old is False or new is True
        changes.add(
            "constraint-relaxed", location, "minor", f"schema widened from {_show(old)} to {_show(new)}", old, new
        )
