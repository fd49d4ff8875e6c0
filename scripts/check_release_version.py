"""Fail when the declared version is lower than the changes since the last release require.

The last release's data package is kept in ``releases/<version>/`` (a snapshot of ``datapackage/``
taken when the version was released, with ``--record``). This script diffs that snapshot, and the
last released JSON Schemas, against the current build:

* the current version is the released one: nothing may have changed (a release is immutable);
* the current version is newer: it must be at least what the diff requires.

Usage: python scripts/check_release_version.py [--record]
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from indojp_data import __version__
from indojp_data.diffing import Diff, Version, check_declared_version, diff_paths

ROOT = Path(__file__).resolve().parents[1]
RELEASES = ROOT / "releases"


def released_versions() -> list[str]:
    found = [p.name for p in RELEASES.iterdir() if p.is_dir()] if RELEASES.is_dir() else []
    return sorted(found, key=Version.parse)


def record() -> int:
    target = RELEASES / __version__
    if target.exists():
        print(f"releases/{__version__} exists already; a release is never re-recorded")
        return 1
    shutil.copytree(ROOT / "datapackage", target)
    print(f"recorded releases/{__version__}")
    return 0


def main() -> int:
    if sys.argv[1:] == ["--record"]:
        return record()
    versions = released_versions()
    if not versions:
        print("no release recorded yet: nothing to compare")
        return 0
    last = versions[-1]
    data_diff = diff_paths(RELEASES / last, ROOT / "datapackage")
    schema_diff = diff_paths(ROOT / "schema" / last, ROOT / "schema" / __version__)
    changes = Diff(data_diff.changes + schema_diff.changes)
    required = changes.required_bump
    print(f"last release {last}, declared {__version__}, changes since require: {required}")
    for change in changes.changes[:20]:
        print(f"  {change.bump}: {change.location}: {change.description}")
    if Version.parse(__version__) < Version.parse(last):
        print(f"declared version {__version__} is lower than the last release {last}")
        return 1
    if __version__ == last:
        if required != "none":
            print(f"release {last} changed after it was recorded; declare a new version")
            return 1
        return 0
    problem = check_declared_version(last, __version__, required)
    if problem:
        print(problem)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
