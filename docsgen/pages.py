"""Write the documentation pages that are generated from the data and the code, as plain Markdown files.

The pages with generated parts are written from templates in ``docs-templates/`` of the checkout to
``docs/`` by ``indojp-data build``, and ``indojp-data build --check`` fails when one is out of date, just
like ``schema/`` and ``datapackage/``. So the site is plain Markdown that any MkDocs-compatible generator
builds: nothing is produced by a plugin or a hook at site build time.

A template asks for a generated block with an HTML comment on a line of its own, ``<!-- generated:NAME -->``
(:data:`GENERATORS` lists the names), and for a single value, such as a limit of the validator, with
``<!-- value:NAME -->`` anywhere in the text. No marker survives into a written page; an unknown name
fails the build. Everything comes from :func:`indojp_data.publish.layout.layout`,
:func:`indojp_data.publish.datapackage.table_schema`, :func:`indojp_data.publish.rows.to_rows`, :func:`indojp_data.load`
and the argument parser of the command line, so the pages cannot drift from the data.

The Get the data page also prints the SHA-256 of the release files every build writes byte for byte,
computed by the release code from the other generated files and the files of the checkout the zip bundles
(README.md, CHANGELOG.md, CITATION.cff, the licences; see :data:`BUILD_GENERATORS`). So an edit to one
of those needs ``indojp-data build`` too, or ``build --check`` reports that page out of date.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path

import yaml

from docsgen.dictionary import (
    data_dictionary,
    er_areas,
    er_children,
    er_records,
    legend,
    tables_overview,
)
from docsgen.markdown import code as _code
from docsgen.markdown import escape as _escape
from docsgen.markdown import table as _table
from docsgen.rules import rule_differences, rule_index, rule_sections
from indojp_data._version import __version__
from indojp_data.core.atomic import write_atomically
from indojp_data.model.curated import load
from indojp_data.publish.layout import layout
from indojp_data.publish.rows import to_rows

MARKER = re.compile(r"^<!-- generated:([a-z-]+) -->$", re.MULTILINE)
VALUE = re.compile(r"<!-- value:([a-z-]+) -->")

_ROOT = Path(__file__).resolve().parents[1]
"""The project root (this generator lives in ``docsgen/`` at its top)."""

TEMPLATES_DIR = "docs-templates"
"""Directory of the page templates, relative to the project root."""
DOCS_DIR = "docs"
"""Directory the generated pages are written to, relative to the project root."""


class DocsPageError(ValueError):
    """A template asks for a generated block or value that does not exist, or a project file lacks a part."""


# --- provenance -----------------------------------------------------------------------------------


def _ref(cell: str) -> str:
    return f"[{cell}]" if cell else "article text"


def _passage(text: str) -> str:
    """Render a passage of the source for a table cell: an address as a link (it may wrap on a phone)."""
    return f"<{text}>" if text.startswith("https://") and " " not in text else _escape(text)


def citations() -> str:
    """Every citation: record, reference number and passage."""
    body = [
        (f"`{table}`", f"`{record}`", _ref(reference), _passage(passage))
        for table, record, _, reference, passage in to_rows(load())["citations"]
    ]
    return _table(("Table", "Record", "Reference", "Passage of the source"), body)


def references() -> str:
    """List the source's numbered references and what is known of each."""
    ds = load()
    body = []
    for ref in ds.source.references:
        missing = ", ".join(f"`{u.field}`" for u in ref.unknowns) or "nothing"
        cited = sum(1 for row in to_rows(ds)["citations"] if row[3] == str(ref.number))
        body.append((f"[{ref.number}]", str(cited), missing))
    return _table(("Reference", "Citations resting on it", "Unknown"), body)


def inferences() -> str:
    """Every inferred value with its method."""
    body = [
        (f"`{table}`", f"`{record}`", f"`{field}`", _escape(method))
        for table, record, field, method in to_rows(load())["inferences"]
    ]
    return _table(("Table", "Record", "Field", "How it was derived"), body)


def unknowns() -> str:
    """Every explicit unknown with its reason."""
    body = [
        (f"`{table}`", f"`{record}`", f"`{field}`", _escape(reason))
        for table, record, field, reason in to_rows(load())["unknowns"]
    ]
    return _table(("Table", "Record", "Field", "Why it is unknown"), body)


def completeness() -> str:
    """Show the completeness report of :meth:`indojp_data.models.Dataset.completeness`."""
    body = [
        (
            _escape(item.subject),
            str(item.asserted),
            str(item.identified),
            "complete" if item.complete else "**incomplete**",
            _escape(item.note),
        )
        for item in load().completeness()
    ]
    return _table(("What is counted", "Source says", "Identified", "Status", "Note"), body)


def provenance_counts() -> str:
    """One sentence with the number of citations, unknowns and inferences."""
    rows = to_rows(load())
    return (
        f"This release has **{len(rows['citations'])} citations**, **{len(rows['unknowns'])} explicit unknowns** "
        f"and **{len(rows['inferences'])} inferred values**."
    )


def media_assets() -> str:
    """Each image printed with the source: credit line, rights status and what it depicts."""
    ds = load()
    inferred = {(key, i.field) for _, key, i in ds.inferred_values()}
    out = []
    for asset in ds.media_assets:
        out.append(f"### {_escape(asset.title)}\n")
        out.append(f'!!! quote "Credit line"\n    {_escape(asset.credit.line)}\n')
        facts = [
            ("Relation to the summit", f"`{asset.relation_to_summit}`"),
            ("Rights status", f"`{asset.rights.status}` (verified: {'yes' if asset.rights.verified else 'no'})"),
            ("Legal basis", _escape(asset.rights.legal_basis or "unknown")),
            ("Rights note", _escape(asset.rights.note)),
            ("Photographer", _escape(asset.creator or "unknown")),
        ]
        if asset.created is not None:
            mark = " (inferred)" if (asset.id, "created") in inferred else ""
            shown = asset.created.value.isoformat()[: {"year": 4, "month": 7, "day": 10}[asset.created.precision]]
            hedge = ", uncertain" if asset.created.uncertain else ""
            facts.append(("Made", f"{shown} (known to the {asset.created.precision}{hedge}){mark}"))
        shows = ((f"{d.name}: " if d.name else "") + d.description.rstrip(".") for d in asset.depicts)
        facts.append(("Depicts", "; ".join(_escape(text) for text in shows)))
        grounds = {
            "file-date": "ruled out by the file's date",
            "title-only": "not named in the title; image not examined",
        }
        facts.append(
            (
                "Does not depict",
                "; ".join(f"{_escape(d.description)} ({grounds[d.basis]})" for d in asset.does_not_depict),
            )
        )
        chain = " → ".join(f"{p.role}: {_escape(p.name or 'unknown')}" for p in asset.providers)
        facts.append(("Providers", chain))
        facts.append(("Text alternative", _escape(asset.alt_text)))
        facts.append(("File address (from the source)", f"<{asset.content_url}>"))
        out.append(_table(("About the image", "As recorded"), facts) + "\n")
    return "\n".join(out)


def schema_rules() -> str:
    """Return the rules between fields the JSON Schemas express, and those only the validator checks, with why."""
    from indojp_data.publish.jsonrules import EXPRESSED_RULES, UNEXPRESSED_RULES

    expressed = "\n".join(f"- {rule}" for rule in EXPRESSED_RULES)
    unexpressed = _table(("Rule", "Why JSON Schema cannot express it"), UNEXPRESSED_RULES)
    return (
        "The published JSON Schemas express these rules between fields, so any JSON Schema validator refuses "
        f"what `indojp-data validate` refuses:\n\n{expressed}\n\n"
        "`indojp-data validate` also checks the rules below, which JSON Schema cannot express; the schema's "
        f"`$comment` lists them too.\n\n{unexpressed}\n"
    )


# --- text taken from the project's own files -----------------------------------------------------


def quickstart() -> str:
    """Return the README's quick start block, verbatim (the same lines CI runs)."""
    text = (_ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- quickstart:start -->\n(.*?)<!-- quickstart:end -->", text, re.DOTALL)
    if match is None:
        raise DocsPageError("README.md has no <!-- quickstart:start --> ... <!-- quickstart:end --> block")
    return match.group(1).strip()


def versioning_policy() -> str:
    """Return the 'Versioning policy' section of CHANGELOG.md, without its heading."""
    text = (_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    match = re.search(r"^## Versioning policy\n(.*?)(?=^## )", text, re.DOTALL | re.MULTILINE)
    if match is None:
        raise DocsPageError("CHANGELOG.md has no '## Versioning policy' section")
    return match.group(1).strip()


def pre_commit_hooks() -> str:
    """Describe the hooks of ``.pre-commit-hooks.yaml``: what each runs, and on which changes.

    A paragraph a hook, the file pattern in a code block: in a table, the long pattern of the
    ``-files`` hook squeezed every column to a few characters on a phone.
    """
    hooks = yaml.safe_load((_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    blocks = []
    for hook in hooks:
        command = " ".join([hook["entry"], *hook.get("args", [])])
        if hook.get("pass_filenames", True):
            command += " <changed files>"
        if "files" in hook:
            trigger = f"files matching:\n\n```text\n{hook['files']}\n```"
        else:
            trigger = "files of type " + ", ".join(_code(t) for t in hook.get("types_or", hook.get("types", []))) + "."
        text = " ".join(hook["description"].split())
        blocks.append(f"**`{hook['id']}`**: {text} It runs {_code(command)} when a commit changes {trigger}\n")
    return "\n".join(blocks)


def dataset_jsonld() -> str:
    """Return the schema.org ``Dataset`` of this version as a JSON-LD script block, for dataset search engines."""
    from indojp_data.export.croissant import schema_org_dataset
    from indojp_data.export.typed_package import current_package

    body = json.dumps(schema_org_dataset(current_package()), indent=2, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{body}\n</script>'


# --- at a glance ---------------------------------------------------------------------------------


def _mermaid_label(text: str) -> str:
    """Make ``text`` safe inside a quoted mermaid node label."""
    return " ".join(text.split()).replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def _yen(amount: Decimal, currency: str) -> str:
    """Write an amount with thousands separators and its ISO 4217 code."""
    return f"{amount:,} {currency}"


def glance_facts() -> str:
    """List the summit, the roadmap and the commitments as a short list of plain facts."""
    ds = load()
    out = []
    for summit in ds.summits:
        people = " and ".join(f"{ds.person(p).office} {ds.person(p).name}" for p in summit.participants)
        out.append(f"- **Summit:** {summit.date.day} {summit.date:%B %Y}, {_escape(ds.place(summit.place).name)}.")
        out.append(f"- **Leaders:** {_escape(people)}.")
    for roadmap in ds.roadmaps:
        sectors = ds.sectors_of(roadmap.id)
        out.append(
            f"- **Roadmap:** {_escape(roadmap.name)}, with {len(sectors)} sectors "
            f"(the source states {roadmap.sectors_stated})."
        )
    for c in ds.commitments:
        out.append(
            f"- **{_escape(c.kind.replace('-', ' ').capitalize())}:** {_escape(c.stated_amount)} "
            f"({_yen(c.amount, c.currency)}, {c.status}) over {c.period.years} years, from "
            f"{ds.country(c.from_country).name} to {ds.country(c.to_country).name}."
        )
    for summit in ds.summits:
        areas = ", ".join(_escape(ds.mou_area(a).name) for a in summit.mou_areas)
        out.append(f"- **Memorandums of understanding:** {summit.mous_signed} signed, covering {areas}.")
    return "\n".join(out)


def glance_sectors() -> str:
    """List the roadmap's sectors, numbered in the source's order."""
    ds = load()
    out = []
    for roadmap in ds.roadmaps:
        for sector in ds.sectors_of(roadmap.id):
            out.append(f"{sector.position}. **{_escape(sector.name)}**: {_escape(sector.description)}")
    return "\n".join(out)


def glance_structure() -> str:
    """Draw a mermaid flowchart: summit, roadmap, its sectors, the commitment and the memorandums."""
    ds = load()
    # At its own size, scrolling sideways on a phone, rather than shrunk to unreadable text.
    lines = ["```mermaid", "---", "config:", "  flowchart:", "    useMaxWidth: false", "---", "flowchart LR"]
    for i, summit in enumerate(ds.summits):
        s = f"summit{i}"
        lines.append(f'    {s}["{_mermaid_label(summit.name)}"]')
        for j, roadmap in enumerate(r for r in ds.roadmaps if r.summit == summit.id):
            r = f"roadmap{i}_{j}"
            lines.append(f'    {s} --> {r}["{_mermaid_label(roadmap.name)}"]')
            for sector in ds.sectors_of(roadmap.id):
                lines.append(f'    {r} --> {r}_s{sector.position}["{sector.position}. {_mermaid_label(sector.name)}"]')
            for k, c in enumerate(c for c in ds.commitments if c.roadmap == roadmap.id):
                lines.append(f'    {r} --> {r}_c{k}["{_mermaid_label(c.stated_amount)} ({c.status})"]')
        m = f"mous{i}"
        lines.append(f'    {s} --> {m}["{summit.mous_signed} memorandums of understanding"]')
        for k, area in enumerate(summit.mou_areas):
            lines.append(f'    {m} --> {m}_a{k}["{_mermaid_label(ds.mou_area(area).name)}"]')
    lines.append("```")
    return "\n".join(lines)


def glance_completeness() -> str:
    """One bar per completeness item: how much of what the source asserts the dataset identifies."""
    out = []
    for item in load().completeness():
        share = 100 * item.identified // item.asserted if item.asserted else 100
        out.append(
            f'<div class="glance-bar" role="img" aria-label="{item.identified} of {item.asserted} identified">'
            f'<span style="width: {share}%"></span></div>\n'
            f"**{_escape(item.subject)}:** {item.identified} of {item.asserted} identified"
            f" ({'complete' if item.complete else 'incomplete'}). {_escape(item.note)}\n"
        )
    return "\n".join(out)


def glance_quotes() -> str:
    """Every quote, verbatim, with its speaker."""
    ds = load()
    out = []
    for quote in ds.quotes:
        out.append(f'!!! quote "{_escape(ds.person(quote.speaker).name)}"\n    {_escape(quote.text)}\n')
    return "\n".join(out)


# --- get the data ---------------------------------------------------------------------------------


def release_files() -> str:
    """Every file a release publishes, named for this version, with what it is."""
    from indojp_data.export import sqlite
    from indojp_data.export.croissant import FILE_NAME as CROISSANT
    from indojp_data.publish.names import INDEX, bundle_name, checksums_name, parquet_bundle_name

    rows = [
        (
            f"`{bundle_name()}`",
            "The data package: one CSV file per table, the whole dataset as JSON, the schemas, "
            f"`{CROISSANT}` and the JSON records it reads, README, changelog, licences and `SHA256SUMS` for "
            "every file inside.",
        ),
        (f"`{parquet_bundle_name()}`", "One Parquet file per table, typed from the Table Schemas."),
        (f"`{sqlite.database_name(__version__)}`", "One SQLite database with every table, its keys and indexes."),
        (
            f"`{sqlite.metadata_name(__version__)}`",
            "Datasette metadata for the SQLite database (titles, descriptions, licence).",
        ),
        (f"`{checksums_name()}`", "SHA-256 checksums of the four files above."),
        (f"`{INDEX}`", "The release index: every release, its date, and its files with sizes and SHA-256."),
        (
            f"`{CROISSANT}` (inside the zip)",
            "Croissant metadata for machine-learning tools and dataset search; its record sets read the JSON "
            "records under `croissant/`.",
        ),
    ]
    return _table(("File", "What it is"), rows)


def data_files() -> str:
    """Link every file of the data package this site serves (``docs/datapackage`` links to ``datapackage/``)."""
    from indojp_data.publish.datapackage import DATA_DIR, DATASET_JSON
    from indojp_data.publish.layout import layout
    from indojp_data.publish.names import PACKAGE_DIR

    rows = [
        (f"[`datapackage.json`]({PACKAGE_DIR}/datapackage.json)", "The descriptor: every table, its schema and hash.")
    ]
    for spec in layout():
        path = f"{DATA_DIR}/{spec.name}.csv"
        rows.append((f"[`{spec.name}.csv`]({PACKAGE_DIR}/{path})", f"[{spec.title}](data-dictionary.md#{spec.name})"))
    rows.append((f"[`dataset.json`]({PACKAGE_DIR}/{DATASET_JSON})", "The whole dataset as one JSON document."))
    return _table(("File (tables under `data/`)", "What it holds"), rows)


def _sha256sum_lines(lines: list[tuple[str, str]]) -> str:
    """Render ``(sha256, name)`` pairs as a code block in the format ``sha256sum --check`` reads.

    A code block, not a table: a 64-digit hash in a table cell overflows a phone's screen, a code block
    scrolls, and its lines can be pasted into a file for ``sha256sum --check`` as they are.
    """
    body = "".join(f"{digest}  {name}\n" for digest, name in sorted(lines, key=lambda line: line[1]))
    return f"```text\n{body}```"


def release_checksums(root: Path, generated: Mapping[str, bytes]) -> str:
    """List the SHA-256 of the release files every build writes byte for byte: the zip, the Datasette metadata.

    Their bytes come from :func:`indojp_data.release.bundle.byte_identical_files`, the code
    ``indojp-data release`` writes them with, given the data package and schemas of this build and the
    bundled files of ``root`` (README, CHANGELOG, CITATION.cff, the licences): after an edit to one of
    those, ``indojp-data build --check`` reports this page out of date until ``indojp-data build`` runs.
    No page of ``docs/`` goes into the zip, and only the files outside ``docs/`` are passed on, so the page
    does not depend on itself. The Parquet zip and the SQLite database are left out on purpose: their
    bytes depend on the DuckDB and SQLite versions, so a value printed here would be false for other builds.
    """
    import hashlib

    from indojp_data.release.bundle import byte_identical_files

    outside_docs = {path: data for path, data in generated.items() if not path.startswith(DOCS_DIR + "/")}
    files = byte_identical_files(root, outside_docs)
    return _sha256sum_lines([(hashlib.sha256(data).hexdigest(), name) for name, data in files.items()])


def data_checksums(root: Path, generated: Mapping[str, bytes]) -> str:
    """List the SHA-256 of every data file in the zip: the ``hash`` of each resource in ``datapackage.json``."""
    from indojp_data.core.codec import decode_json
    from indojp_data.publish.names import PACKAGE_DIR

    lines = []
    for resource in decode_json(generated[f"{PACKAGE_DIR}/datapackage.json"])["resources"]:
        algorithm, _, digest = str(resource.get("hash", "")).partition(":")
        if algorithm != "sha256" or len(digest) != 64:
            raise DocsPageError(f"datapackage.json: resource {resource.get('name')!r} has no sha256 hash")
        lines.append((digest, str(resource["path"])))
    return _sha256sum_lines(lines)


# --- command line ---------------------------------------------------------------------------------


def cli_reference() -> str:
    """Every command of ``indojp-data``: description, usage, options and examples, from the parser itself."""
    import argparse

    from indojp_data.cli_parser import build_parser

    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    out = []
    for name, command in subparsers.choices.items():
        command.formatter_class = lambda prog: argparse.HelpFormatter(prog, width=88)
        out.append(f"## indojp-data {name}\n")
        out.append(_escape(command.description or "") + "\n")
        out.append("```text\n" + command.format_usage().strip() + "\n```\n")
        rows = []
        for action in command._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            flags = ", ".join(f"`{o}`" for o in action.option_strings) or f"`{action.metavar or action.dest}`"
            values = ", ".join(f"`{c}`" for c in action.choices) if action.choices else ""
            if action.nargs == 0 or action.const is not None:
                values = "(flag)"
            elif not values and action.option_strings:
                values = f"`{action.metavar or action.dest.upper()}`"
            rows.append((flags, values, _escape(action.help or "")))
        if rows:  # a command without arguments (show) gets no empty table
            out.append(_table(("Argument", "Value", "What it does"), rows) + "\n")
        else:
            out.append("It takes no arguments.\n")
        examples = (command.epilog or "").split("\n")[1:]
        out.append("Example" + ("s" if len(examples) > 1 else "") + ":\n")
        out.append("```sh\n" + "\n".join(e.strip() for e in examples) + "\n```\n")
    return "\n".join(out)


GENERATORS: dict[str, Callable[[], str]] = {
    "dataset-jsonld": dataset_jsonld,
    "data-dictionary": data_dictionary,
    "er-records": er_records,
    "er-children": er_children,
    "er-areas": er_areas,
    "legend": legend,
    "tables-overview": tables_overview,
    "citations": citations,
    "references": references,
    "inferences": inferences,
    "unknowns": unknowns,
    "completeness": completeness,
    "provenance-counts": provenance_counts,
    "media-assets": media_assets,
    "schema-rules": schema_rules,
    "quickstart": quickstart,
    "pre-commit-hooks": pre_commit_hooks,
    "versioning-policy": versioning_policy,
    "glance-facts": glance_facts,
    "glance-sectors": glance_sectors,
    "glance-structure": glance_structure,
    "glance-completeness": glance_completeness,
    "glance-quotes": glance_quotes,
    "release-files": release_files,
    "data-files": data_files,
    "cli-reference": cli_reference,
    "rule-index": rule_index,
    "rule-sections": rule_sections,
    "rule-differences": rule_differences,
}
"""Names a page can ask for, and the function that writes each block."""

BUILD_GENERATORS: dict[str, Callable[[Path, Mapping[str, bytes]], str]] = {
    "release-checksums": release_checksums,
    "data-checksums": data_checksums,
}
"""Blocks written from the other files of the build (the data package, the schemas) and the project root."""


def _values() -> dict[str, str]:
    from indojp_data.core.problems import DEFAULT_CAP
    from indojp_data.validate.documents import MODEL_STAGE_JSON_LIMIT
    from indojp_data.validate.package import MODEL_STAGE_ROW_LIMIT
    from indojp_data.validate.run import MAX_JSON_VALUES

    return {
        "model-stage-row-limit": f"{MODEL_STAGE_ROW_LIMIT:,}",
        "model-stage-json-limit": f"{MODEL_STAGE_JSON_LIMIT // 2**20} MiB",
        "max-json-values": f"{MAX_JSON_VALUES:,}",
        "max-problems-default": str(DEFAULT_CAP),
        "table-count": str(len(layout())),
        "version": __version__,
    }


def fill(template: str, name: str = "page", *, root: Path = _ROOT, generated: Mapping[str, bytes] | None = None) -> str:
    """Return ``template`` with its generated blocks and values replaced; ``name`` is used in errors.

    A block of :data:`BUILD_GENERATORS` is written from ``generated``, the other files of the build, and
    the files of ``root``; without ``generated``, a template asking for one fails.
    """

    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        if key in BUILD_GENERATORS:
            if generated is None:
                raise DocsPageError(f"{name}: block {key!r} needs the other generated files; use build.render()")
            return BUILD_GENERATORS[key](root, generated)
        if key not in GENERATORS:
            known = sorted([*GENERATORS, *BUILD_GENERATORS])
            raise DocsPageError(f"{name}: unknown generated block {key!r}; known: {known}")
        return GENERATORS[key]()

    values = _values()

    def value(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in values:
            raise DocsPageError(f"{name}: unknown value {key!r}; known: {sorted(values)}")
        return values[key]

    return VALUE.sub(value, MARKER.sub(replace, template))


def render_pages(root: Path = _ROOT, generated: Mapping[str, bytes] | None = None) -> dict[str, bytes]:
    """Return every generated page keyed by its path relative to the project root (``docs/NAME.md``).

    The templates are read from ``root/docs-templates/``; where there are none (an installed wheel, not a
    checkout) there are no pages. ``generated`` is the rest of the build (the data package and the
    schemas), which the release checksums on the Get the data page are computed from
    (:data:`BUILD_GENERATORS`).
    """
    templates = root / TEMPLATES_DIR
    if not templates.is_dir():
        return {}
    pages = {}
    for template in sorted(templates.rglob("*.md")):
        relative = template.relative_to(templates).as_posix()
        text = fill(template.read_text(encoding="utf-8"), f"{TEMPLATES_DIR}/{relative}", root=root, generated=generated)
        pages[f"{DOCS_DIR}/{relative}"] = text.encode("utf-8")
    return pages


def write_pages(root: Path, files: Mapping[str, bytes]) -> list[str]:
    """Write the pages of ``files`` (those under ``docs/``) below ``root``, each atomically; return their paths."""
    written = []
    for path, data in sorted(files.items()):
        if not path.startswith(DOCS_DIR + "/"):
            continue
        write_atomically(root / path, data)
        written.append(path)
    return written
