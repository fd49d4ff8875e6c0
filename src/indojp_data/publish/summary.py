"""A readable plain-text summary of the dataset (what ``indojp-data show`` prints)."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from indojp_data.model.dataset import Dataset


def _money(amount: object, currency: str) -> str:
    return f"{amount:,} {currency}"


def render_summary(ds: Dataset, width: int = 88) -> str:
    """Return a multi-line summary: summit, roadmap sectors, MoUs, commitments, quotes, media, completeness."""
    out: list[str] = []

    def section(title: str) -> None:
        out.extend(["", title, "-" * len(title)])

    def wrapped(text: str, indent: str = "    ") -> None:
        out.extend(textwrap.wrap(text, width=width, initial_indent=indent, subsequent_indent=indent))

    for summit in ds.summits:
        place = ds.place(summit.place)
        names = ", ".join(f"{p.name} ({p.office}, {p.country})" for p in map(ds.person, summit.participants))
        out.append(summit.name)
        out.append("=" * len(summit.name))
        out.append(f"Date:         {summit.date.isoformat()}")
        out.append(f"Place:        {place.name}, {place.country} (host: {summit.host_country})")
        out.append(f"Kind:         {summit.kind}")
        out.append(f"Participants: {names}")

    for roadmap in ds.roadmaps:
        section(f"Roadmap: {roadmap.name}")
        wrapped(roadmap.purpose, indent="")
        for sector in ds.sectors_of(roadmap.id):
            out.append(f"  {sector.position}. {sector.name}")

    section("Memorandums of understanding")
    for summit in ds.summits:
        areas = ", ".join(ds.mou_area(a).name for a in summit.mou_areas)
        out.append(f"  {summit.mous_signed} signed at {summit.id}, covering: {areas}")
    for mou in ds.mous:
        first = " (first of its kind)" if mou.first_of_its_kind else ""
        out.append(f"  - {mou.id}: {ds.mou_area(mou.area).name}, signed {mou.signed_on.isoformat()}{first}")

    section("Commitments")
    for c in ds.commitments:
        period = c.period
        span = f"{period.start_year}-{period.end_year}" if period.start_year and period.end_year else ""
        out.append(
            f"  - {c.id}: {_money(c.amount, c.currency)} ({c.stated_amount}), {c.status}, "
            f"{c.from_country} -> {c.to_country}, {period.years} years {span}".rstrip()
        )

    section("Quotes")
    for q in ds.quotes:
        speaker = ds.person(q.speaker).name
        printed = len(q.occurrences)
        times = f" [printed {printed} times]" if printed > 1 else ""
        wrapped(f"\u201c{q.text}\u201d \u2014 {speaker} {' '.join(_refs(q))}{times}", indent="  ")

    section("Media")
    for m in ds.media_assets:
        wrapped(f"{m.title}", indent="  ")
        created = f"{m.created.value.isoformat()} ({m.created.precision}, inferred)" if m.created else "unknown"
        out.append(f"    relation to summit: {m.relation_to_summit}; created: {created}")
        out.append(f"    rights: {m.rights.status} (verified: {'yes' if m.rights.verified else 'no'})")
        wrapped(f"credit: {m.credit.line}")

    section("Completeness")
    for item in ds.completeness():
        mark = "complete" if item.complete else "incomplete"
        out.append(f"  {item.subject}: {item.identified} of {item.asserted} identified ({mark})")
    out.append(f"  explicit unknowns: {len(ds.unknown_facts())}; inferred values: {len(ds.inferred_values())}")
    return "\n".join(out) + "\n"


def _refs(record: object) -> list[str]:
    citations = getattr(record, "citations", ())
    numbers = sorted({c.reference for c in citations if c.reference is not None})
    return [f"[{n}]" for n in numbers] or ["article text"]
