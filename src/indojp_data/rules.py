"""Rules that span several records: unique identifiers, resolvable references, reconciled counts.

Single-record rules (types, patterns, ranges) live on the models themselves. The rules here need the
whole :class:`~indojp_data.models.Dataset`; :func:`check_dataset` returns every violation at once, each
with the path of the offending field, so a curator sees all problems in one run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from indojp_data.models import Dataset

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class RuleViolation:
    """One broken cross-record rule: where (path of the field in the Dataset) and what."""

    path: Path
    message: str


def check_dataset(ds: Dataset) -> list[RuleViolation]:
    """Return every cross-record rule ``ds`` breaks; an empty list means it is consistent."""
    from indojp_data.models import TABLES, record_key

    problems: list[RuleViolation] = []

    for table in TABLES:
        counts = Counter(record_key(r) for r in getattr(ds, table))
        for index, record in enumerate(getattr(ds, table)):
            key = record_key(record)
            if counts[key] > 1:
                field = "code" if table == "countries" else "id"
                problems.append(RuleViolation((table, index, field), f"duplicate identifier {key!r}"))

    countries = {c.code for c in ds.countries}
    places = {p.id for p in ds.places}
    persons = {p.id for p in ds.persons}
    summits = {s.id for s in ds.summits}
    roadmaps = {r.id for r in ds.roadmaps}
    mou_areas = {a.id for a in ds.mou_areas}
    references = {r.number for r in ds.source.references}

    def refs(table: str, field: str, known: set[str], what: str) -> None:
        for index, record in enumerate(getattr(ds, table)):
            value = getattr(record, field)
            values: Iterable[tuple[Path, str]] = (
                (((table, index, field, i), v) for i, v in enumerate(value))
                if isinstance(value, tuple)
                else [((table, index, field), value)]
            )
            for path, v in values:
                if v not in known:
                    problems.append(RuleViolation(path, f"unknown {what} {v!r}"))

    refs("places", "country", countries, "country")
    refs("persons", "country", countries, "country")
    refs("summits", "place", places, "place")
    refs("summits", "host_country", countries, "country")
    refs("summits", "participants", persons, "person")
    refs("summits", "mou_areas", mou_areas, "MoU area")
    refs("roadmaps", "summit", summits, "summit")
    refs("roadmaps", "parties", countries, "country")
    refs("sectors", "roadmap", roadmaps, "roadmap")
    refs("mous", "summit", summits, "summit")
    refs("mous", "signatories", countries, "country")
    refs("mous", "area", mou_areas, "MoU area")
    refs("commitments", "summit", summits, "summit")
    refs("commitments", "roadmap", roadmaps, "roadmap")
    refs("commitments", "from_country", countries, "country")
    refs("commitments", "to_country", countries, "country")
    refs("quotes", "speaker", persons, "person")
    refs("quotes", "summit", summits, "summit")

    for index, summit in enumerate(ds.summits):
        if len(set(summit.participants)) != len(summit.participants):
            problems.append(RuleViolation(("summits", index, "participants"), "a participant is listed twice"))
        identified = [m for m in ds.mous if m.summit == summit.id and m.counted_in_summit_total]
        if len(identified) > summit.mous_signed:
            problems.append(
                RuleViolation(
                    ("summits", index, "mous_signed"),
                    f"{len(identified)} memorandums are identified but the source asserts {summit.mous_signed}",
                )
            )
        for m in identified:
            if m.area not in summit.mou_areas:
                problems.append(
                    RuleViolation(("summits", index, "mou_areas"), f"area {m.area!r} of {m.id!r} is missing")
                )

    for index, mou in enumerate(ds.mous):
        summit_record = next((s for s in ds.summits if s.id == mou.summit), None)
        if summit_record is not None and mou.signed_on != summit_record.date:
            problems.append(RuleViolation(("mous", index, "signed_on"), "differs from the summit's date"))

    for roadmap in ds.roadmaps:
        positions = sorted(s.position for s in ds.sectors if s.roadmap == roadmap.id)
        if positions and positions != list(range(1, len(positions) + 1)):
            where = next(i for i, s in enumerate(ds.sectors) if s.roadmap == roadmap.id)
            problems.append(RuleViolation(("sectors", where, "position"), f"positions of {roadmap.id!r} are not 1..n"))
        if len(positions) > roadmap.sectors_stated:
            where = ds.roadmaps.index(roadmap)
            problems.append(RuleViolation(("roadmaps", where, "sectors_stated"), "fewer than the sectors recorded"))

    for index, commitment in enumerate(ds.commitments):
        if commitment.from_country == commitment.to_country:
            problems.append(RuleViolation(("commitments", index, "to_country"), "same as from_country"))

    for table in TABLES:
        for index, record in enumerate(getattr(ds, table)):
            for c_index, citation in enumerate(record.citations):
                if citation.reference is not None and citation.reference not in references:
                    problems.append(
                        RuleViolation(
                            (table, index, "citations", c_index, "reference"),
                            f"reference [{citation.reference}] is not among the source's references",
                        )
                    )

    numbers = [r.number for r in ds.source.references]
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(RuleViolation(("source", "references"), "references must be numbered 1..n in order"))
    return problems
