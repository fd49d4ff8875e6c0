"""Rules that span several records: unique identifiers, resolvable references, reconciled counts.

Single-record rules (types, patterns, ranges) live on the models themselves. The rules here need the
whole :class:`~indojp_data.model.dataset.Dataset`, which runs them when it is validated;
:func:`check_dataset` returns every violation at once, each with the path of the offending field, so a
curator sees all problems in one run. The references are not listed here: they are read from the
:class:`~indojp_data.model.fieldtypes.ForeignKey` markers of the record classes' fields.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Protocol, TypeVar, get_args, get_origin

from pydantic import BaseModel

from indojp_data.core.problems import dotted
from indojp_data.model.base import Source
from indojp_data.model.entities import TABLE_MODELS, TABLES, Commitment, Mou, Roadmap, Sector, Summit, record_key
from indojp_data.model.fieldtypes import ForeignKey

Path = tuple[str | int, ...]

_R = TypeVar("_R", bound=BaseModel)


@dataclass(frozen=True)
class RuleViolation:
    """One broken cross-record rule: where (path of the field in the Dataset) and what."""

    path: Path
    message: str

    def __str__(self) -> str:
        """Render as ``path: message``, e.g. ``summits.0.place: unknown place 'x'``."""
        return f"{dotted(self.path)}: {self.message}"


class RulesBroken(ValueError):
    """Raised by the Dataset's validator when records break cross-record rules; keeps every violation.

    Pydantic reports it as one ``value_error`` whose message lists the violations (``path: message; ...``);
    the curated-record reader takes the violations back out of the error's context to locate each one.
    """

    def __init__(self, violations: list[RuleViolation]) -> None:
        """Keep the violations and join them into the message."""
        self.violations = tuple(violations)
        super().__init__("; ".join(map(str, self.violations)))


def broken_rules(error: Mapping[str, Any]) -> tuple[RuleViolation, ...] | None:
    """Return the violations an entry of ``ValidationError.errors()`` carries, or None for a field error.

    Lets a reader that locates problems itself (the curated-record reader, the validator) tell the
    cross-record rules apart from errors in single fields.
    """
    broken = error.get("ctx", {}).get("error")
    return broken.violations if isinstance(broken, RulesBroken) else None


class RecordSet(Protocol):
    """What the rules read: the source, and one tuple of records per name in ``TABLES`` (a Dataset)."""

    @property
    def source(self) -> Source:
        """The source article, with its numbered references."""
        ...


@cache
def foreign_keys(model: type[BaseModel]) -> tuple[tuple[str, ForeignKey], ...]:
    """Return ``(field, marker)`` for each field of ``model`` marked with a :class:`ForeignKey`.

    A field marked directly (``country: CountryRef``) and a tuple of marked values
    (``participants: tuple[PersonRef, ...]``) both count; the fields come in declaration order.
    """
    found = []
    for name, info in model.model_fields.items():
        markers = [m for m in info.metadata if isinstance(m, ForeignKey)]
        annotation = info.annotation
        if get_origin(annotation) is tuple:
            for arg in get_args(annotation):
                if get_origin(arg) is Annotated:
                    markers += [m for m in get_args(arg)[1:] if isinstance(m, ForeignKey)]
        found += [(name, marker) for marker in markers[:1]]
    return tuple(found)


def _records(ds: RecordSet, table: str, kind: type[_R]) -> tuple[_R, ...]:
    records = getattr(ds, table)
    assert all(isinstance(r, kind) for r in records)
    return tuple(records)


def _duplicates(ds: RecordSet) -> Iterator[RuleViolation]:
    for table in TABLES:
        records = _records(ds, table, BaseModel)
        counts = Counter(record_key(r) for r in records)
        for index, record in enumerate(records):
            key = record_key(record)
            if counts[key] > 1:
                field = "code" if table == "countries" else "id"
                yield RuleViolation((table, index, field), f"duplicate identifier {key!r}")


def _unresolved_references(ds: RecordSet) -> Iterator[RuleViolation]:
    """Every value of a ``ForeignKey`` field that names no record of the table it points into."""
    known = {table: {record_key(r) for r in _records(ds, table, BaseModel)} for table in TABLES}
    for table, model in TABLE_MODELS.items():
        records = _records(ds, table, model)
        for field, marker in foreign_keys(model):
            for index, record in enumerate(records):
                value = getattr(record, field)
                values = (
                    [((table, index, field, i), v) for i, v in enumerate(value)]
                    if isinstance(value, tuple)
                    else [((table, index, field), value)]
                )
                for path, v in values:
                    if v not in known[marker.table]:
                        yield RuleViolation(path, f"unknown {marker.noun} {v!r}")


def check_dataset(ds: RecordSet) -> list[RuleViolation]:
    """Return every cross-record rule ``ds`` breaks; an empty list means it is consistent.

    Identifiers must be unique within each table, and every field marked with a
    :class:`~indojp_data.model.fieldtypes.ForeignKey` must name an existing record; the remaining rules
    reconcile the counts and dates the source states with the records identified.
    """
    problems: list[RuleViolation] = [*_duplicates(ds), *_unresolved_references(ds)]
    problems += _reconciled(ds)
    references = {r.number for r in ds.source.references}
    for table in TABLES:
        for index, record in enumerate(_records(ds, table, TABLE_MODELS[table])):
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


def _reconciled(ds: RecordSet) -> list[RuleViolation]:
    """Check the rules that reconcile counts, dates and parties the source states with the records."""
    problems: list[RuleViolation] = []
    summits = _records(ds, "summits", Summit)
    mous = _records(ds, "mous", Mou)
    sectors = _records(ds, "sectors", Sector)
    roadmaps = _records(ds, "roadmaps", Roadmap)
    commitments = _records(ds, "commitments", Commitment)
    for index, summit in enumerate(summits):
        if len(set(summit.participants)) != len(summit.participants):
            problems.append(RuleViolation(("summits", index, "participants"), "a participant is listed twice"))
        identified = [m for m in mous if m.summit == summit.id and m.counted_in_summit_total]
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

    for index, mou in enumerate(mous):
        summit_record = next((s for s in summits if s.id == mou.summit), None)
        if summit_record is not None and mou.signed_on != summit_record.date:
            problems.append(RuleViolation(("mous", index, "signed_on"), "differs from the summit's date"))

    for roadmap in roadmaps:
        positions = sorted(s.position for s in sectors if s.roadmap == roadmap.id)
        if positions and positions != list(range(1, len(positions) + 1)):
            where = next(i for i, s in enumerate(sectors) if s.roadmap == roadmap.id)
            problems.append(RuleViolation(("sectors", where, "position"), f"positions of {roadmap.id!r} are not 1..n"))
        if len(positions) > roadmap.sectors_stated:
            where = roadmaps.index(roadmap)
            problems.append(RuleViolation(("roadmaps", where, "sectors_stated"), "fewer than the sectors recorded"))

    for index, commitment in enumerate(commitments):
        if commitment.from_country == commitment.to_country:
            problems.append(RuleViolation(("commitments", index, "to_country"), "same as from_country"))
    return problems
