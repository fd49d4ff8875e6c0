"""Numbers the hand-written pages state agree with the code they describe."""

from __future__ import annotations

import itertools
import re

from indojp_data import __version__
from tests.docs.conftest import DOCS, SNIPPETS


def test_pages_and_snippets_name_the_current_version() -> None:
    """A new version needs the pages and snippets that name the release files updated."""
    pattern = re.compile(r"(?:indojp-data-|schema/|rev: v)(\d+\.\d+\.\d+)")
    versions = set()
    for path in [*DOCS.glob("*.md"), *SNIPPETS.iterdir()]:
        versions.update(pattern.findall(path.read_text(encoding="utf-8")))
    assert versions == {__version__}


def test_the_versioning_page_shows_the_diff_of_each_release_against_the_one_before() -> None:
    """docs/diffs/ holds `indojp-data diff` output; it must be what the command prints today."""
    import subprocess
    import sys

    from indojp_data.diff import parse_version
    from tests.conftest import REPO

    releases = sorted((p.name for p in (REPO / "releases").iterdir() if p.is_dir()), key=parse_version)
    assert releases[-1] == __version__
    page = (DOCS / "versioning.md").read_text(encoding="utf-8")
    for old, new in itertools.pairwise(releases):
        pairs = {"datapackage": (f"releases/{old}", f"releases/{new}"), "schema": (f"schema/{old}", f"schema/{new}")}
        for kind, (before, after) in pairs.items():
            result = subprocess.run(
                [sys.executable, "-m", "indojp_data", "diff", before, after],
                capture_output=True,
                text=True,
                cwd=REPO,
                check=True,
            )
            name = f"{old}-{new}.{kind}.txt"
            assert (DOCS / "diffs" / name).read_text(encoding="utf-8") == result.stdout, f"regenerate docs/diffs/{name}"
            assert f'"docs/diffs/{name}"' in page
