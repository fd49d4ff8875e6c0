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


def test_table_cells_escape_markdown_outside_code_spans_only() -> None:
    from docsgen.markdown import escape

    assert escape("see `mous_signed`, a_b *c* | d") == "see `mous_signed`, a&#95;b &#42;c&#42; &#124; d"
    assert escape("``a_`b`` and _x_") == "``a_`b`` and &#95;x&#95;"
    # No generated page shows an entity inside a code span, where Markdown would print it as it is.
    for page in DOCS.glob("*.md"):
        spans = re.findall(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", page.read_text(encoding="utf-8"))
        assert not [text for _, text in spans if re.search(r"&#\d+;", text)], page.name


def test_the_cli_page_has_no_empty_argument_table() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.M)[1:]
    show = next(s for s in sections if s.startswith("indojp-data show"))
    assert "It takes no arguments." in show and "| Argument |" not in show
    for section in sections:  # every table has rows
        assert not re.search(r"\|---\|---\|---\|\n(?!\|)", section), section.splitlines()[0]


def test_every_diagram_keeps_its_size_and_scrolls_rather_than_shrinks() -> None:
    """Shrunk to a phone's width, the diagrams' text was 4-6 px tall: each is drawn at its own size instead."""
    blocks = [
        b for page in DOCS.glob("*.md") for b in re.findall(r"```mermaid\n(.*?)```", page.read_text("utf-8"), re.S)
    ]
    assert len(blocks) >= 6
    for block in blocks:
        assert re.match(r"---\nconfig:\n  (er|flowchart):\n    useMaxWidth: false\n---\n", block), block[:80]
    assert ".md-typeset .mermaid {\n  overflow-x: auto;" in (DOCS / "assets" / "extra.css").read_text("utf-8")
