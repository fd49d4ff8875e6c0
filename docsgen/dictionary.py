"""The data dictionary's generated blocks.

Every table and field, the legend of repeated constraints, and the entity-relationship diagrams by area;
all from :func:`~indojp_data.publish.layout.layout` and :func:`~indojp_data.publish.datapackage.table_schema`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docsgen.markdown import code as _code
from docsgen.markdown import escape as _escape
from docsgen.markdown import link as _link
from docsgen.markdown import shorten as _shorten
from docsgen.markdown import table as _table
from indojp_data.model.curated import load
from indojp_data.publish.datapackage import table_schema
from indojp_data.publish.layout import Table, layout
from indojp_data.publish.rows import to_rows

NON_BLANK = r"\s*\S[\s\S]*"
LEGEND_MIN_USES = 3
"""A constraint used by at least this many fields is explained once, in the legend, and named in the tables."""
_RULE_NAMES = {
    ("pattern", NON_BLANK): ("non-blank", "at least one character that is not white space"),
    ("pattern", "[a-z0-9]+(-[a-z0-9]+)*"): ("slug", "lower-case letters and digits in words joined by hyphens"),
    ("pattern", "[A-Z]{2}"): ("two capitals", "two upper-case letters (an ISO 3166-1 alpha-2 code)"),
    ("pattern", "https:[/]{2}\\S+"): ("https address", "an address that starts with https:// and has no spaces"),
    ("pattern", "[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?"): (
        "language tag",
        "a BCP 47 language tag: language, then optionally script and region (en, ja-Latn, hi-IN)",
    ),
}
"""Readable names for the repeated patterns; a repeated constraint not named here is called ``rule N``."""


def _all_fields() -> list[dict[str, Any]]:
    return [field for spec in layout() for field in table_schema(spec)["fields"]]


def _parts(field: dict[str, Any]) -> list[tuple[str, str]]:
    """Return the constraints of ``field`` as (name, value) pairs, minLength 1 dropped where non-blank implies it."""
    constraints = field.get("constraints", {})
    found = []
    for name, value in constraints.items():
        if name in ("required", "enum") or (name == "unique" and not value):
            continue
        if name == "minLength" and value == 1 and constraints.get("pattern") == NON_BLANK:
            continue
        found.append((name, str(value)))
    return found


def _legend_rules() -> dict[tuple[str, str], tuple[str, str, int]]:
    """Every repeated constraint: its name, its meaning and how many fields use it, most used first."""
    counts: dict[tuple[str, str], int] = {}
    for field in _all_fields():
        for part in _parts(field):
            counts[part] = counts.get(part, 0) + 1
    rules = {}
    extra = 0
    for part, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        if count < LEGEND_MIN_USES or part[0] == "unique":
            continue
        if part in _RULE_NAMES:
            label, meaning = _RULE_NAMES[part]
        elif part[0] in ("maxLength", "minLength", "minimum", "maximum"):
            continue  # short already: written in place
        else:
            extra += 1
            label, meaning = f"rule {extra}", f"{part[0]} {part[1]}"
        rules[part] = (label, meaning, count)
    return rules


def legend() -> str:
    """List the constraints that many fields share, each written out once with its name."""
    body = [
        (f"**{label}**", f"{_code(name + ' ' + value)}", _escape(meaning), str(count))
        for (name, value), (label, meaning, count) in _legend_rules().items()
    ]
    table = _table(("Name in the tables", "Constraint in the Table Schema", "Meaning", "Fields"), body)
    return f'<div class="dictionary" markdown>\n\n{table}\n\n</div>'


_SHORT = {
    "maxLength": "at most {} characters",
    "minLength": "at least {} characters",
    "minimum": "≥ {}",
    "maximum": "≤ {}",
}


def _constraints(field: dict[str, Any], codelist: str | None = None) -> str:
    rules = _legend_rules()
    parts = []
    value = field.get("constraints", {}).get("enum")
    if value is not None and codelist is not None:
        parts.append(f"one of the {len(value)} codes of {_link('codelist_' + codelist)}")
    elif value is not None:
        parts.append("one of " + ", ".join(_code(str(v)) for v in value))
        if field.get("categoriesOrdered"):
            parts.append("in that order")
    for part in _parts(field):
        name, text = part
        if part in rules:
            parts.append(f"[{rules[part][0]}](#legend)")
        elif name == "unique":
            parts.append("unique")
        elif name in _SHORT:
            shown = _SHORT[name].format(f"{int(text):,}" if text.isdigit() else text)
            parts.append(shown.replace("least 1 characters", "least 1 character"))
        else:
            parts.append(f"{name} {_code(text)}")
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
            required = "required" if field["constraints"]["required"] else "optional"
            rules = _constraints(field, column.codelist)
            about = f"*{kind}, {required}.* {_escape(column.description)}" + (f" **Rules:** {rules}." if rules else "")
            body.append((f"`{column.name}`", about, example))
        table = _table(("Field", "Type, rules and meaning", "Example"), body)
        out.append(f'<div class="dictionary" markdown>\n\n{table}\n\n</div>\n')
    return "\n".join(out)


def _er_diagram(kinds: set[str], direction: str = "TB") -> str:
    """Draw a mermaid entity-relationship diagram of the tables of ``kinds``: key columns, foreign keys.

    A table outside ``kinds`` that one of them references is drawn too, with its primary key only.
    """
    return _diagram([t for t in layout() if t.kind in kinds], direction)


def _diagram(shown: list[Table], direction: str) -> str:
    """Draw ``shown`` with every column that is a key, and the tables they reference (with their keys only)."""
    tables = {t.name: t for t in layout()}
    referenced = {c.foreign_key for t in shown for c in t.columns if c.foreign_key is not None}
    drawn = [t for t in layout() if t in shown or t.name in referenced]
    # Drawn at its own size, not shrunk to the page's width: on a phone the diagram scrolls sideways and its
    # text stays legible (extra.css lets .mermaid scroll).
    lines = ["```mermaid", "---", "config:", "  er:", "    useMaxWidth: false", "---", "erDiagram"]
    lines.append(f"    direction {direction}")
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


AREAS = (
    ("Countries, places and people", ("countries", "places", "persons")),
    ("The summit and its memorandums", ("summits", "mou_areas", "mous")),
    ("The roadmap, its sectors and the commitment", ("roadmaps", "sectors", "commitments")),
    ("The source and its quotes", ("source", "quotes")),
    ("The photograph", ("media_assets",)),
)
"""Record tables drawn together, each area with its child tables; a record table not listed gets its own area."""


def _area_diagram(names: set[str]) -> str:
    """Draw the tables of ``names`` with every column that is a key, and what they reference (keys only)."""
    return _diagram([t for t in layout() if t.name in names], "TB")


def er_areas() -> str:
    """One small diagram per area of the data, so that each stays legible on a phone."""
    records = [t.name for t in layout() if t.kind == "record"]
    areas = [(title, [n for n in names if n in records]) for title, names in AREAS]
    listed = {n for _, names in areas for n in names}
    areas += [(f"`{n}`", [n]) for n in records if n not in listed]
    out = []
    for title, names in areas:
        children = [t.name for t in layout() if t.kind == "child" and t.parent in names]
        out.append(f"### {title}\n")
        out.append("Tables: " + ", ".join(_link(n) for n in [*names, *children]) + ".\n")
        out.append(_area_diagram({*names, *children}) + "\n")
    return "\n".join(out)


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
