"""MkDocs hook: write the generated parts of the pages from the package itself, at build time.

A page asks for a generated block with an HTML comment on a line of its own, ``<!-- generated:NAME -->``
(:data:`GENERATORS` lists the names), and for a single value, such as a limit of the validator, with
``<!-- value:NAME -->`` anywhere in the text. Everything comes from :func:`indojp_data.publish.layout.layout`,
:func:`indojp_data.publish.descriptor.table_schema`, :func:`indojp_data.publish.rows.to_rows` and
:func:`indojp_data.load`, so the data dictionary, the diagram and the provenance lists cannot drift
from the data. An unknown name fails the build.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml
from mkdocs.exceptions import PluginError

from indojp_data import load
from indojp_data.publish.descriptor import table_schema
from indojp_data.publish.layout import Table, layout
from indojp_data.publish.rows import to_rows

MARKER = re.compile(r"^<!-- generated:([a-z-]+) -->$", re.MULTILINE)
VALUE = re.compile(r"<!-- value:([a-z-]+) -->")
EXAMPLE_LIMIT = 60
"""Example values longer than this many characters are shortened with an ellipsis."""

_ROOT = Path(__file__).resolve().parents[2]


def _escape(text: str) -> str:
    """Make ``text`` safe inside a Markdown table cell (no pipes, line breaks, HTML or emphasis)."""
    text = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace("|", "&#124;")
    return text.replace("_", "&#95;").replace("*", "&#42;")


def _code(text: str) -> str:
    """Render ``text`` as an inline code span inside a table cell (Python-Markdown keeps its pipes)."""
    text = " ".join(text.split())
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _shorten(text: str, limit: int = EXAMPLE_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)


def _link(table_name: str) -> str:
    return f"[`{table_name}`](#{table_name})"


# --- data dictionary ------------------------------------------------------------------------------


def _constraints(field: dict[str, Any], codelist: str | None = None) -> str:
    parts = []
    for name, value in field.get("constraints", {}).items():
        if name == "required":
            continue
        if name == "enum" and codelist is not None:
            parts.append(f"one of the {len(value)} codes of {_link('codelist_' + codelist)}")
        elif name == "enum":
            parts.append("one of " + ", ".join(_code(str(v)) for v in value))
            if field.get("categoriesOrdered"):
                parts.append("in that order")
        elif name == "unique" and value:
            parts.append("unique")
        elif name == "pattern":
            parts.append("pattern " + _code(str(value)))
        else:
            parts.append(f"{name} {_code(str(value))}")
    if "trueValues" in field:
        parts.append(f"{_code('true')} or {_code('false')}")
    return "; ".join(parts)


def _examples(spec: Table, rows: Sequence[Sequence[str]]) -> list[str]:
    """Return the first non-empty cell of each column in the real rows, or a note when every cell is empty."""
    found = []
    for index in range(len(spec.columns)):
        cell = next((row[index] for row in rows if row[index] != ""), "")
        found.append(_code(_shorten(cell)) if cell else "*(always empty in this release)*")
    return found


def data_dictionary() -> str:
    """Every table of the published package and every column, in publishing order."""
    rows = to_rows(load())
    kinds = {
        "record": "record table",
        "child": "child table (one row per list item)",
        "provenance": "provenance",
        "derived": "derived (computed from the records; never edited by hand)",
    }
    out = []
    for spec in layout():
        schema = table_schema(spec)
        fields = {f["name"]: f for f in schema["fields"]}
        keys = ", ".join(f"`{k}`" for k in schema["primaryKey"])
        out.append(f"### {spec.name}\n")
        out.append(f"{_escape(spec.description)}\n")
        facts = [
            f"**Kind:** {kinds[spec.kind]}",
            f"**File:** `data/{spec.name}.csv`",
            f"**Primary key:** {keys}",
            f"**Rows in this release:** {len(rows[spec.name])}",
        ]
        if spec.parent is not None:
            facts.append(f"**Parent:** {_link(spec.parent)} (its `{spec.parent_field}` list)")
        out.append(" · ".join(facts) + "\n")
        examples = _examples(spec, rows[spec.name])
        body = []
        for column, example in zip(spec.columns, examples, strict=True):
            field = fields[column.name]
            kind = field["type"]
            if column.foreign_key is not None:
                kind += f" → {_link(column.foreign_key)}"
            body.append(
                (
                    f"`{column.name}`",
                    kind,
                    "yes" if field["constraints"]["required"] else "no",
                    _constraints(field, column.codelist),
                    _escape(column.description),
                    example,
                )
            )
        out.append(_table(("Field", "Type", "Required", "Constraints", "Description", "Example"), body) + "\n")
    return "\n".join(out)


def _er_diagram(kinds: set[str], direction: str = "TB") -> str:
    """Draw a mermaid entity-relationship diagram of the tables of ``kinds``: key columns, foreign keys.

    A table outside ``kinds`` that one of them references is drawn too, with its primary key only.
    """
    tables = {t.name: t for t in layout()}
    shown = [t for t in layout() if t.kind in kinds]
    referenced = {c.foreign_key for t in shown for c in t.columns if c.foreign_key is not None}
    drawn = [t for t in layout() if t in shown or t.name in referenced]
    lines = ["```mermaid", "erDiagram", f"    direction {direction}"]
    edges = []
    for spec in drawn:
        lines.append(f"    {spec.name} {{")
        for column in spec.columns:
            foreign = column.foreign_key if spec in shown else None
            marks = [m for m, on in (("PK", column.name in spec.primary_key), ("FK", foreign)) if on]
            if marks:
                lines.append(f"        {column.type} {column.name} {', '.join(marks)}")
            if foreign is not None:
                edges.append(f'    {tables[foreign].name} ||--o{{ {spec.name} : "{column.name}"')
        lines.append("    }")
    lines.extend(edges)
    lines.append("```")
    return "\n".join(lines)


def er_records() -> str:
    """Draw the record tables."""
    return _er_diagram({"record"}, "LR")


def er_children() -> str:
    """Draw the child tables and the tables they reference."""
    return _er_diagram({"child"}, "LR")


def tables_overview() -> str:
    """One line per record table: name, description and row count."""
    rows = to_rows(load())
    body = [
        (f"[`{t.name}`](data-dictionary.md#{t.name})", _escape(t.description), str(len(rows[t.name])))
        for t in layout()
        if t.kind == "record"
    ]
    return _table(("Table", "What it holds", "Rows"), body)


# --- provenance -----------------------------------------------------------------------------------


def _ref(cell: str) -> str:
    return f"[{cell}]" if cell else "article text"


def citations() -> str:
    """Every citation: record, reference number and passage."""
    body = [
        (f"`{table}`", f"`{record}`", _ref(reference), _escape(passage))
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


# --- text taken from the project's own files -----------------------------------------------------


def quickstart() -> str:
    """Return the README's quick start block, verbatim (the same lines CI runs)."""
    text = (_ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- quickstart:start -->\n(.*?)<!-- quickstart:end -->", text, re.DOTALL)
    if match is None:
        raise PluginError("README.md has no <!-- quickstart:start --> ... <!-- quickstart:end --> block")
    return match.group(1).strip()


def versioning_policy() -> str:
    """Return the 'Versioning policy' section of CHANGELOG.md, without its heading."""
    text = (_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    match = re.search(r"^## Versioning policy\n(.*?)(?=^## )", text, re.DOTALL | re.MULTILINE)
    if match is None:
        raise PluginError("CHANGELOG.md has no '## Versioning policy' section")
    return match.group(1).strip()


def pre_commit_hooks() -> str:
    """List the hooks of ``.pre-commit-hooks.yaml``: what each runs, and on which changes."""
    hooks = yaml.safe_load((_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    body = []
    for hook in hooks:
        command = " ".join([hook["entry"], *hook.get("args", [])])
        if "files" in hook:
            trigger = "files matching " + _code(hook["files"])
        else:
            trigger = "files of type " + ", ".join(_code(t) for t in hook.get("types_or", hook.get("types", [])))
        if hook.get("pass_filenames", True):
            command += " <changed files>"
        body.append((f"`{hook['id']}`", _escape(hook["description"]), _code(command), trigger))
    return _table(("Hook", "What it does", "Runs", "When a commit changes"), body)


def dataset_jsonld() -> str:
    """Return the schema.org ``Dataset`` of this version as a JSON-LD script block, for dataset search engines."""
    from indojp_data.export.croissant import schema_org_dataset
    from indojp_data.export.package import current_package

    body = json.dumps(schema_org_dataset(current_package()), indent=2, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{body}\n</script>'


GENERATORS: dict[str, Callable[[], str]] = {
    "dataset-jsonld": dataset_jsonld,
    "data-dictionary": data_dictionary,
    "er-records": er_records,
    "er-children": er_children,
    "tables-overview": tables_overview,
    "citations": citations,
    "references": references,
    "inferences": inferences,
    "unknowns": unknowns,
    "completeness": completeness,
    "provenance-counts": provenance_counts,
    "media-assets": media_assets,
    "quickstart": quickstart,
    "pre-commit-hooks": pre_commit_hooks,
    "versioning-policy": versioning_policy,
}
"""Names a page can ask for, and the function that writes each block."""


def _values() -> dict[str, str]:
    from indojp_data.validate.package import MODEL_STAGE_ROW_LIMIT
    from indojp_data.validate.problems import DEFAULT_CAP

    return {
        "model-stage-row-limit": f"{MODEL_STAGE_ROW_LIMIT:,}",
        "max-problems-default": str(DEFAULT_CAP),
        "table-count": str(len(layout())),
    }


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    """Replace the generated blocks (``<!-- generated:NAME -->``) and values (``<!-- value:NAME -->``)."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in GENERATORS:
            raise PluginError(f"{page.file.src_path}: unknown generated block {name!r}; known: {sorted(GENERATORS)}")
        return GENERATORS[name]()

    values = _values()

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise PluginError(f"{page.file.src_path}: unknown value {name!r}; known: {sorted(values)}")
        return values[name]

    return VALUE.sub(value, MARKER.sub(replace, markdown))
