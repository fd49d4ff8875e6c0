"""Semantic versions, parsed in exactly one place, and the version a set of changes requires.

Parsing and precedence are the ``semver`` library's (Semantic Versioning 2.0.0: no leading zeros, build
metadata ignored in ordering, pre-releases before their release, numeric identifiers before alphanumeric
ones). What is ours: the 0.x bump rule in :func:`required_version` and the acceptance rule in
:func:`check_declared_version`.
"""

from __future__ import annotations

import re

import semver

from indojp_data.core.schemas import is_version
from indojp_data.diff.changes import JSON, DiffInputError, RequiredBump


def parse_version(text: str) -> semver.Version:
    """Parse a semantic version such as ``"1.2.3"`` or ``"2.0.0-rc.1"`` (no leading ``v``).

    Raises:
        DiffInputError: When the text is not a semantic version.
    """
    if not isinstance(text, str) or not is_version(text.strip()):
        raise DiffInputError(f"not a semantic version (MAJOR.MINOR.PATCH[-PRERELEASE]): {text!r}")
    return semver.Version.parse(text.strip())


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
    old = parse_version(old_version)
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
    old = parse_version(old_version)
    new = parse_version(new_version)
    if bump == "none":
        if new < old:
            return f"declared version {new} is lower than the previous version {old}"
        return None
    required = parse_version(required_version(old_version, bump))
    if new <= old or new.to_tuple()[:3] < required.to_tuple()[:3]:
        return (
            f"declared version {new} is too low: the changes since {old} require a {bump} bump, "
            f"so the new version must be at least {required}"
        )
    return None


_VERSION_IN_TEXT = re.compile(r"v?\d+\.\d+\.\d+(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z.-]+)?")


def _mask_versions(value: JSON) -> JSON:
    return _VERSION_IN_TEXT.sub("{version}", value) if isinstance(value, str) else value
