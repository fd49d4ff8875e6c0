"""Numbers the hand-written pages state agree with the code they describe."""

from __future__ import annotations

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
