"""Semantic versions, parsed in exactly one place, and the version a set of changes requires.

Parsing and precedence are the ``semver`` library's (Semantic Versioning 2.0.0: no leading zeros, build
metadata ignored in ordering, pre-releases before their release, numeric identifiers before alphanumeric
ones). What is ours: the 0.x bump rule in :func:`required_version` and the acceptance rule in
:func:`check_declared_version`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import semver

from indojp_data.diff.changes import JSON, DiffInputError, RequiredBump


def is_version(text: object) -> bool:
    """Tell whether ``text`` is exactly a semantic version (no surrounding space, no leading ``v``)."""
    return isinstance(text, str) and semver.Version.is_valid(text)


@dataclass(frozen=True)
class Version:
    """A Semantic Versioning 2.0.0 version ``MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]``.

    Ordering (``<``, ``<=``, ``>``, ``>=``) is semver precedence, computed by the ``semver`` library:
    build metadata is ignored, a pre-release sorts before its release, and pre-release identifiers
    compare numerically when numeric, lexically otherwise, numeric before alphanumeric, shorter before
    longer.

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
        parsed = semver.Version.parse(text.strip()) if isinstance(text, str) and is_version(text.strip()) else None
        if parsed is None:
            raise DiffInputError(f"not a semantic version (MAJOR.MINOR.PATCH[-PRERELEASE]): {text!r}")
        prerelease = tuple(parsed.prerelease.split(".")) if parsed.prerelease else ()
        return cls(parsed.major, parsed.minor, parsed.patch, prerelease, parsed.build or "")

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

    def _compare(self, other: Version) -> int:
        return semver.Version.parse(str(self)).compare(str(other))

    def __lt__(self, other: Version) -> bool:
        return self._compare(other) < 0

    def __le__(self, other: Version) -> bool:
        return self._compare(other) <= 0

    def __gt__(self, other: Version) -> bool:
        return self._compare(other) > 0

    def __ge__(self, other: Version) -> bool:
        return self._compare(other) >= 0


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


_VERSION_IN_TEXT = re.compile(r"v?\d+\.\d+\.\d+(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z.-]+)?")


def _mask_versions(value: JSON) -> JSON:
    return _VERSION_IN_TEXT.sub("{version}", value) if isinstance(value, str) else value
