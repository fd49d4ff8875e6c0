"""Fail when the declared version is lower than the changes since the last release require.

The last release's data package is kept in ``releases/<version>/`` (a snapshot of ``datapackage/``
taken when the version was released, with ``--record``). This script diffs that snapshot, and the
last released JSON Schemas, against the current build:

* the current version is the released one: nothing may have changed (a release is immutable), and
  the release must carry the bump its changes from the release before it require;
* the current version is newer: it must be at least what the diff requires, by
  :func:`indojp_data.diff.required_version`. Before 1.0.0 (initial development) a major change
  bumps the minor version and a minor or patch change bumps the patch (0.1.0 -> 0.2.0 or 0.1.1);
  from 1.0.0 on, semver's usual rules apply.

Usage: python scripts/check_release_version.py [--record]
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from indojp_data import __version__
from indojp_data.diff import Diff, check_declared_version, diff_paths, parse_version, required_version

ROOT = Path(__file__).resolve().parents[1]
RELEASES = ROOT / "releases"


def released_versions() -> list[str]:
    found = [p.name for p in RELEASES.iterdir() if p.is_dir()] if RELEASES.is_dir() else []
    return sorted(found, key=parse_version)


def record() -> int:
    target = RELEASES / __version__
    if target.exists():
        print(f"releases/{__version__} exists already; a release is never re-recorded")
        return 1
    shutil.copytree(ROOT / "datapackage", target)
    print(f"recorded releases/{__version__}")
    return 0


def compare(old: str, data: Path, schema: Path) -> Diff:
    """Every change from release ``old`` to a data package and a schema directory."""
    data_diff = diff_paths(RELEASES / old, data)
    schema_diff = diff_paths(ROOT / "schema" / old, schema)
    return Diff(data_diff.changes + schema_diff.changes)


def explain(old: str, changes: Diff) -> None:
    """Print the version the changes require on top of ``old``, the rule that gives it, and the changes."""
    required = changes.required_bump
    if required != "none":
        rule = (
            "major version 0: a major change bumps the minor version, a minor or patch change the patch"
            if parse_version(old).major == 0
            else "semver: a major change bumps the major version, a minor change the minor, a patch change the patch"
        )
        print(f"required version: {required_version(old, required)} or higher ({rule})")
    for change in changes.changes[:20]:
        print(f"  {change.bump}: {change.location}: {change.description}")


def check_recorded_release(previous: str, last: str) -> int:
    """The recorded release ``last`` must carry the bump its changes from ``previous`` require."""
    changes = compare(previous, RELEASES / last, ROOT / "schema" / last)
    print(f"release {last} against the release before it, {previous}: changes require: {changes.required_bump}")
    explain(previous, changes)
    problem = check_declared_version(previous, last, changes.required_bump)
    if problem:
        print(f"release {last} was recorded with too low a version: {problem}")
        return 1
    return 0


def main() -> int:
    if sys.argv[1:] == ["--record"]:
        return record()
    versions = released_versions()
    if not versions:
        print("no release recorded yet: nothing to compare")
        return 0
    last = versions[-1]
    changes = compare(last, ROOT / "datapackage", ROOT / "schema" / __version__)
    required = changes.required_bump
    print(f"last release {last}, declared {__version__}, changes since require: {required}")
    explain(last, changes)
    if parse_version(__version__) < parse_version(last):
        print(f"declared version {__version__} is lower than the last release {last}")
        return 1
    if __version__ == last:
        if required != "none":
            print(f"release {last} changed after it was recorded; declare a new version")
            return 1
        return check_recorded_release(versions[-2], last) if len(versions) > 1 else 0
    problem = check_declared_version(last, __version__, required)
    if problem:
        print(problem)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
