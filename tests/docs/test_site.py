"""The documentation site builds with ``mkdocs build --strict``, and its generated pages match the data."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from indojp_data import __version__, load
from indojp_data.publish.layout import layout
from indojp_data.publish.rows import to_rows
from tests.docs.conftest import DOCS, REPO

if TYPE_CHECKING:
    import griffe

pytestmark = pytest.mark.integration  # the documentation site, built by mkdocs (dev extras)

API_PAGES = {
    "indojp_data.model": "api/model",
    "indojp_data.validate": "api/validate",
    "indojp_data.core.problems": "api/problems",
    "indojp_data.validate.report": "api/formats",
    "indojp_data.diff": "api/diff",
}
"""The modules the API reference documents: what a user of the package calls, not how it is built."""

INTERNAL = ("indojp_data.publish.layout", "indojp_data.publish.rows", "indojp_data.publish.build")
"""Modules of the build that the API reference leaves out."""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built strictly from another directory than the checkout (so no path depends on it)."""
    target = tmp_path_factory.mktemp("site")
    elsewhere = tmp_path_factory.mktemp("cwd")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"), "-d", str(target)],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return target


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def text_of(markup: str) -> str:
    """The visible text of an HTML fragment, white space collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def sections(markup: str) -> dict[str, str]:
    """The HTML after each ``<h3 id=...>`` up to the next heading of level 2 or 3, keyed by id."""
    parts = re.split(r'(<h[23] id="[^"]+")', markup)
    found = {}
    for opener, body in zip(parts[1::2], parts[2::2], strict=True):
        found[re.search(r'id="([^"]+)"', opener).group(1)] = body  # type: ignore[union-attr]
    return found


def test_data_dictionary_lists_every_table_and_column(site: Path) -> None:
    markup = page(site, "data-dictionary")
    by_id = sections(markup)
    for table in layout():
        assert table.name in by_id, f"no section for table {table.name}"
        cells = set(re.findall(r"<td><code>([^<]+)</code></td>", by_id[table.name]))
        missing = [c.name for c in table.columns if c.name not in cells]
        assert not missing, f"{table.name}: columns missing from the page: {missing}"
        assert f"data/{table.name}.csv" in by_id[table.name]
    assert len(layout()) == 28


def test_data_dictionary_examples_are_real_values(site: Path) -> None:
    body = sections(page(site, "data-dictionary"))
    rows = to_rows(load())
    for name in ("sectors", "commitments", "quotes", "summits"):
        first_row = rows[name][0]
        shown = text_of(body[name])
        assert all(cell in shown for cell in first_row if cell and len(cell) <= 40), name
    assert "10000000000000" in text_of(body["commitments"])


def test_er_diagrams_draw_every_foreign_key(site: Path) -> None:
    markup = page(site, "data-dictionary")
    diagrams = [html.unescape(d) for d in re.findall(r'<pre class="mermaid"><code>(.*?)</code></pre>', markup, re.S)]
    # One small diagram per area (legible on a phone), together drawing every table but the provenance ones.
    assert len(diagrams) >= 4 and all(d.split("---\n")[-1].startswith("erDiagram") for d in diagrams)
    assert all(d.count(" {\n") <= 12 for d in diagrams), "a diagram too big to read at 390 px"
    drawn = "\n".join(diagrams)
    for table in layout():
        if table.kind in ("provenance", "derived"):  # derived tables have no foreign keys
            assert not any(c.foreign_key for c in table.columns) or table.kind == "provenance"
            continue
        assert f"    {table.name} {{" in drawn
        for column in table.columns:
            if column.foreign_key:
                assert f'{column.foreign_key} ||--o{{ {table.name} : "{column.name}"' in drawn
    # mermaid is served by the site itself, so the diagrams render without network access.
    assert (site / "assets" / "vendor" / "mermaid.min.js").stat().st_size > 1_000_000
    assert 'src="../assets/vendor/mermaid.min.js"' in markup


def test_search_index_covers_the_data_dictionary(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    dictionary = " ".join(
        d["text"] + " " + d["title"] for d in index["docs"] if d["location"].startswith("data-dictionary/")
    )
    for term in ("sectors_stated", "relation_to_summit", "period_years", "media_assets_depicts", "Primary key"):
        assert term in dictionary, term
    assert any(d["location"] == "data-dictionary/#persons" for d in index["docs"])


def test_provenance_page_lists_every_inference_unknown_and_the_completeness_report(site: Path) -> None:
    shown = text_of(page(site, "provenance"))
    ds = load()
    rows = to_rows(ds)
    for _, _, field, method in rows["inferences"]:
        assert " ".join(method.split()) in shown, field
    for _, _, field, reason in rows["unknowns"]:
        assert " ".join(reason.split()) in shown, field
    for _, _, _, _, passage in rows["citations"]:
        assert " ".join(passage.split()) in shown
    for item in ds.completeness():
        assert item.subject in shown and " ".join(item.note.split()) in shown
    assert "incomplete" in shown  # 1 of 5 memorandums identified
    asset = ds.media_assets[0]
    for fact in (
        asset.credit.line,
        asset.rights.note,
        asset.alt_text,
        asset.content_url,
        *(d.description for d in asset.does_not_depict),
    ):
        assert " ".join(fact.split()) in shown
    assert f"{len(rows['unknowns'])} explicit unknowns" in shown


def test_values_the_pages_state_come_from_the_code(site: Path) -> None:
    from indojp_data.core.problems import DEFAULT_CAP
    from indojp_data.validate.package import MODEL_STAGE_ROW_LIMIT

    ci = text_of(page(site, "ci"))
    assert f"for packages of up to {MODEL_STAGE_ROW_LIMIT:,} CSV rows" in ci
    assert f"(up to --max-problems , default {DEFAULT_CAP})" in ci
    assert f"({len(layout())} CSV tables)" in text_of(page(site, "data-dictionary"))
    for built in site.rglob("*.html"):
        markup = built.read_text(encoding="utf-8")
        assert "<!-- generated:" not in markup and "<!-- value:" not in markup, built


def test_home_page_shows_the_readme_quick_start(site: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- quickstart:start -->")[1].split("<!-- quickstart:end -->")[0]
    commands = [line for line in block.splitlines() if line and not line.startswith("```")]
    shown = text_of(page(site, "."))
    assert len(commands) == 2
    for command in commands:
        assert " ".join(command.split()) in shown


def test_changelog_page_is_the_changelog(site: Path) -> None:
    shown = text_of(page(site, "changelog"))
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    for heading in re.findall(r"^##+ (.+)$", changelog, re.M):
        assert text_of(heading) in shown


def test_every_page_is_in_the_navigation(site: Path) -> None:
    nav = set(re.findall(r'href="([^"#]*)" class="md-nav__link', page(site, ".")))
    for md in DOCS.rglob("*.md"):
        url = md.relative_to(DOCS).with_suffix("").as_posix().removesuffix("index")
        href = f"{url}/".replace("//", "/") if url else "."
        assert href in nav, f"{md.name} is not in the navigation"
        assert (site / url / "index.html").is_file()


# --- API reference ------------------------------------------------------------------------------------


def public_members(obj: griffe.Object) -> list[griffe.Object]:
    """Public, non-dunder members of ``obj`` and of its public classes, as griffe (and mkdocstrings) sees them."""
    found: list[griffe.Object] = []
    for name, member in obj.members.items():
        if member.is_alias or not member.is_public or (name.startswith("__") and name.endswith("__")):
            continue
        if member.is_module:  # a submodule has a page of its own, or is internal
            continue
        found.append(member)  # type: ignore[arg-type]
        if member.is_class:
            found.extend(public_members(member))  # type: ignore[arg-type]
    return found


def documented(member: griffe.Object) -> bool:
    """A docstring of its own, or an entry in its class's ``Attributes:`` section."""
    if member.docstring is not None and member.docstring.value.strip():
        return True
    parent = member.parent
    if parent is None or parent.docstring is None:
        return False
    return any(
        section.kind.value == "attributes" and any(a.name == member.name for a in section.value)
        for section in parent.docstring.parse("google")
    )


@pytest.fixture(scope="module")
def package() -> griffe.Module:
    import griffe

    return griffe.load(
        "indojp_data", search_paths=[str(REPO / "src")], extensions=griffe.load_extensions("griffe_pydantic")
    )


@pytest.mark.parametrize("module", sorted(API_PAGES))
def test_every_public_name_is_documented(package: griffe.Module, module: str) -> None:
    undocumented = [m.path for m in public_members(package[module.removeprefix("indojp_data.")]) if not documented(m)]
    assert not undocumented, f"public names without a docstring: {undocumented}"


@pytest.mark.parametrize("module", sorted(API_PAGES))
def test_api_page_renders_every_public_name(site: Path, package: griffe.Module, module: str) -> None:
    markup = page(site, API_PAGES[module])
    assert f'id="{module}"' in markup
    for member in public_members(package[module.removeprefix("indojp_data.")]):
        in_parent_section = member.docstring is None
        assert f'id="{member.path}"' in markup or in_parent_section, member.path
    # The docstrings' Sphinx roles became links or code, never literal text.
    assert not re.search(r":(func|class|meth|attr|mod|data|exc):`", text_of(markup))


def test_api_index_documents_the_top_level(site: Path) -> None:
    markup = page(site, "api")
    for name in ("indojp_data.load", "indojp_data.Dataset"):
        assert f'id="{name}"' in markup, name
    assert 'href="validate/#indojp_data.validate.validate"' in markup


def test_home_page_carries_a_schema_org_dataset_for_search_engines(site: Path) -> None:
    page = (site / "index.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">\n(.*?)\n</script>', page, re.DOTALL)
    assert len(blocks) == 1
    dataset = json.loads(blocks[0])
    descriptor = json.loads((REPO / "datapackage" / "datapackage.json").read_text(encoding="utf-8"))
    assert (dataset["@context"], dataset["@type"]) == ("https://schema.org/", "Dataset")
    assert dataset["name"] == descriptor["name"] and dataset["version"] == descriptor["version"]
    assert dataset["license"] == descriptor["licenses"][0]["path"]
    assert dataset["description"] == descriptor["description"]
    assert "url" not in dataset  # the dataset records no address of its own; none is made up


# --- issue 12: generated pages, CLI reference, API hygiene, legend --------------------------------------


def test_no_generation_marker_survives_into_the_site_or_the_pages(site: Path) -> None:
    for built in site.rglob("*.html"):
        markup = built.read_text(encoding="utf-8")
        assert "<!-- generated:" not in markup and "<!-- value:" not in markup, built
    for md in DOCS.rglob("*.md"):
        text = md.read_text(encoding="utf-8")
        assert "<!-- generated:" not in text and "<!-- value:" not in text, md


def test_mkdocs_runs_no_hook_that_generates_content() -> None:
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert not re.search(r"^hooks:", config, re.M)


def test_cli_reference_has_every_command_option_description_and_example(site: Path) -> None:
    import argparse

    from indojp_data.cli_parser import build_parser

    shown = text_of(page(site, "cli"))
    parser = build_parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    for name, command in commands.choices.items():
        assert f"indojp-data {name}" in shown
        assert command.description and " ".join(command.description.split()) in shown, name
        examples = (command.epilog or "").splitlines()[1:]
        assert examples, f"{name} has no example"
        for example in examples:
            assert example.strip() in shown
        for action in command._actions:
            for option in action.option_strings:
                assert option in shown, f"{name} {option}"


def test_api_reference_documents_commitment_and_hides_private_names(site: Path) -> None:
    markup = page(site, "api/model")
    assert 'id="indojp_data.model.Commitment"' in markup
    for built in (site / "api").rglob("index.html"):
        shown = text_of(built.read_text(encoding="utf-8"))
        assert "_records_agree" not in shown and "__str__" not in shown and "Validators:" not in shown, built


def test_docstring_examples_render_as_code(site: Path) -> None:
    for path, _call in (("api/model", "normalize_text"), ("api", "indojp_data.load")):
        markup = page(site, path)
        assert "<blockquote>" not in markup or "&gt;&gt;&gt;" not in markup
        assert re.search(r'<span class="gp">&gt;&gt;&gt; </span>', markup), path


def test_data_dictionary_explains_the_repeated_pattern_once(site: Path) -> None:
    shown = text_of(page(site, "data-dictionary"))
    assert shown.count(r"\s*\S[\s\S]*") == 1
    assert "non-blank" in shown


def test_get_the_data_page_lists_every_release_file(site: Path) -> None:
    from indojp_data.export import sqlite
    from indojp_data.release.make import bundle_name, side_files

    shown = text_of(page(site, "get-the-data"))
    for name in [bundle_name(), *side_files(), sqlite.database_name(__version__), "croissant.json"]:
        assert name in shown, name
    for tool in ("Excel", "LibreOffice", "pandas", "R", "DuckDB", "Datasette", "sha256sum"):
        assert tool in shown
    assert 'href="get-the-data/"' in page(site, ".")


def test_get_the_data_page_shows_checksums_in_code_blocks_not_table_cells(site: Path) -> None:
    """A 64-digit hash in a table cell overflows a phone's screen; a code block scrolls on its own."""
    from indojp_data.release.make import bundle_name

    markup = page(site, "get-the-data")
    source = (DOCS / "get-the-data.md").read_text(encoding="utf-8")
    zip_line = next(line for line in source.splitlines() if line.endswith(f"  {bundle_name()}"))
    blocks = [text_of(block) for block in re.findall(r"<pre\b.*?</pre>", markup, flags=re.DOTALL)]
    assert any(" ".join(zip_line.split()) in block for block in blocks)
    for cell in re.findall(r"<td\b.*?</td>", markup, flags=re.DOTALL):
        assert not re.search(r"[0-9a-f]{64}", cell), cell


def test_at_a_glance_states_the_facts_from_the_data(site: Path) -> None:
    shown = text_of(page(site, "at-a-glance"))
    ds = load()
    names = [s.name for s in ds.sectors_of(ds.roadmaps[0].id)]
    assert [shown.index(n) for n in names] == sorted(shown.index(n) for n in names)
    for quote in ds.quotes:
        assert " ".join(quote.text.split()) in shown
    assert "10,000,000,000,000 JPY" in shown and "1 of 5 identified" in shown


def test_get_the_data_page_links_every_data_file_as_released(site: Path, bundle: Path) -> None:
    markup = page(site, "get-the-data")
    links = re.findall(r'href="\.\./datapackage/([^"]+)"', markup)
    descriptor = json.loads((bundle / "datapackage.json").read_text(encoding="utf-8"))
    assert sorted(links) == sorted(["datapackage.json", *(r["path"] for r in descriptor["resources"])])
    for link in links:
        served = site / "datapackage" / link
        assert served.read_bytes() == (bundle / link).read_bytes(), link  # byte for byte the release's file


def test_the_api_reference_leaves_out_the_internal_modules(site: Path) -> None:
    nav = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    for module in INTERNAL:
        assert module not in nav
        pages = list((site / "api").rglob("*.html"))
        assert pages and all(f'id="{module}"' not in path.read_text(encoding="utf-8") for path in pages), module


def test_no_table_cell_holds_a_run_too_long_for_a_phone(site: Path) -> None:
    """A table cell with a long unbreakable run (a regex) squeezes the other columns to a few characters at
    390 px; links are exempt, as extra.css lets them wrap anywhere."""
    assert "td a {\n  overflow-wrap: anywhere;" in (DOCS / "assets" / "extra.css").read_text(encoding="utf-8")
    long = []
    for path in site.rglob("*.html"):
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", path.read_text(encoding="utf-8"), re.S):
            runs = text_of(re.sub(r"<a [^>]*>.*?</a>", " ", cell, flags=re.S)).split()
            if runs and max(len(run) for run in runs) > 60:
                long.append((str(path.relative_to(site)), max(runs, key=len)[:80]))
    assert not long, long[:10]
