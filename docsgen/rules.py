"""The rules page: every rule id of :mod:`indojp_data.core.rules`, and where we differ from frictionless."""

from __future__ import annotations

from docsgen.markdown import escape, table
from indojp_data.core.rules import DIFFERENCES, RULES

AREAS = {
    "input": "The input as a whole",
    "descriptor": "The descriptor (`datapackage.json`)",
    "csv": "CSV syntax and headers",
    "cell": "Values (CSV cells and JSON values)",
    "key": "Keys across rows",
    "json": "JSON documents",
    "model": "The models and the rules across records",
}
"""The page's sections, in order, by :attr:`~indojp_data.core.rules.Rule.area`."""


def rule_index() -> str:
    """Write one table of every rule id, each linking to its section."""
    rows = [(f"[`{entry.id}`](#{entry.id.lower()})", entry.severity, escape(entry.checks)) for entry in RULES]
    return table(("Rule", "Severity", "What it checks"), rows)


def rule_sections() -> str:
    """Write a section per rule, grouped by area: what it checks, an example, the fix (as pydantic's error pages)."""
    out = []
    for area, title in AREAS.items():
        out.append(f"## {title}\n")
        for entry in (e for e in RULES if e.area == area):
            out.append(f"### {entry.id}\n")
            out.append(f"{entry.checks}\n")
            out.append(f"- **Example:** {entry.example}")
            out.append(f"- **Fix:** {entry.hint}")
            out.append(f"- **Severity:** {entry.severity}\n")
    return "\n".join(out)


def rule_differences() -> str:
    """List the deliberate differences from frictionless: the input, both verdicts, and why."""
    rows = [
        (f"[`{d.rule}`](#{d.rule.lower()})", d.example, escape(d.ours), escape(d.frictionless), escape(d.why))
        for d in DIFFERENCES
    ]
    return table(("Rule", "Input", "indojp-data", "frictionless", "Why"), rows)
