"""The whole dataset: every record, the lookups, the completeness report, checked by the cross-record rules."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    TypeAdapter,
    ValidatorFunctionWrapHandler,
    computed_field,
    model_validator,
)

from indojp_data.model.base import Documented, Inference, Model, Source, Unknown
from indojp_data.model.entities import (
    TABLES,
    Commitment,
    CompletenessItem,
    Country,
    MediaAsset,
    Mou,
    MouArea,
    Person,
    Place,
    Quote,
    Roadmap,
    Sector,
    Summit,
    record_key,
)
from indojp_data.model.rules import RulesBroken, check_dataset

_R = TypeVar("_R", bound=BaseModel)


class Dataset(Model):
    """The whole dataset: the source, and every record curated from it.

    Build it with :func:`indojp_data.load`. Records are tuples in a stable order; look one up by its
    identifier with the accessor methods, e.g. ``ds.person("narendra-modi")``.
    """

    source: Source = Field(description="The article the dataset is curated from, with its references.")
    countries: tuple[Country, ...] = Field(description="Countries named in the source.")
    places: tuple[Place, ...] = Field(description="Places named in the source.")
    persons: tuple[Person, ...] = Field(description="People named in the source.")
    summits: tuple[Summit, ...] = Field(description="Summits described in the source.")
    roadmaps: tuple[Roadmap, ...] = Field(description="Roadmaps unveiled at the summits.")
    sectors: tuple[Sector, ...] = Field(description="The roadmaps' strategic sectors, in order.")
    mou_areas: tuple[MouArea, ...] = Field(
        description="Policy areas of the memorandums of understanding, as the source names them."
    )
    mous: tuple[Mou, ...] = Field(description="Memorandums of understanding identified individually.")
    commitments: tuple[Commitment, ...] = Field(description="Financial commitments and targets.")
    quotes: tuple[Quote, ...] = Field(description="Quotes, each once however often the source prints it.")
    media_assets: tuple[MediaAsset, ...] = Field(description="Images printed with the source.")

    # The JSON document carries the completeness report under the key `completeness` (the method of that
    # name stays the Python API); it is computed from the records, and checked against them on input.
    model_config = ConfigDict(serialize_by_alias=True)
    """The base configuration, plus: the computed report is written under its alias, ``completeness``."""

    _index: dict[tuple[str, str], BaseModel] = PrivateAttr(default_factory=dict)

    @computed_field(  # type: ignore[prop-decorator]
        alias="completeness",
        description=(
            "The completeness report: for each count the source asserts, how many items the dataset "
            "identifies. Computed from the records; a document whose report disagrees with them is invalid."
        ),
    )
    @property
    def completeness_report(self) -> tuple[CompletenessItem, ...]:
        """The completeness report, as published in the JSON document (see :meth:`completeness`)."""
        return self.completeness()

    @model_validator(mode="wrap")
    @classmethod
    def _check_published_report(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Dataset:
        given = None
        if isinstance(data, dict) and "completeness" in data:
            data = dict(data)
            given = _completeness_adapter().validate_python(data.pop("completeness"))
        dataset = handler(data)
        assert isinstance(dataset, Dataset)
        if given is not None and given != dataset.completeness():
            raise ValueError("`completeness` does not match the counts computed from the records")
        return dataset

    @model_validator(mode="after")
    def _records_agree(self) -> Dataset:
        problems = check_dataset(self)
        if problems:
            raise RulesBroken(problems)
        return self

    def model_post_init(self, context: Any, /) -> None:
        """Index every record by table and identifier for the lookup methods."""
        for table in TABLES:
            for record in getattr(self, table):
                self._index[(table, record_key(record))] = record

    def _get(self, table: str, key: str, kind: type[_R]) -> _R:
        try:
            record = self._index[(table, key)]
        except KeyError:
            raise KeyError(f"no record {key!r} in {table}") from None
        assert isinstance(record, kind)
        return record

    def country(self, code: str) -> Country:
        """Return the country with ISO code ``code``; KeyError if there is none."""
        return self._get("countries", code, Country)

    def place(self, id: str) -> Place:
        """Return the place with identifier ``id``; KeyError if there is none."""
        return self._get("places", id, Place)

    def person(self, id: str) -> Person:
        """Return the person with identifier ``id``; KeyError if there is none."""
        return self._get("persons", id, Person)

    def summit(self, id: str) -> Summit:
        """Return the summit with identifier ``id``; KeyError if there is none."""
        return self._get("summits", id, Summit)

    def roadmap(self, id: str) -> Roadmap:
        """Return the roadmap with identifier ``id``; KeyError if there is none."""
        return self._get("roadmaps", id, Roadmap)

    def sector(self, id: str) -> Sector:
        """Return the sector with identifier ``id``; KeyError if there is none."""
        return self._get("sectors", id, Sector)

    def mou_area(self, id: str) -> MouArea:
        """Return the MoU area with identifier ``id``; KeyError if there is none."""
        return self._get("mou_areas", id, MouArea)

    def mou(self, id: str) -> Mou:
        """Return the memorandum with identifier ``id``; KeyError if there is none."""
        return self._get("mous", id, Mou)

    def commitment(self, id: str) -> Commitment:
        """Return the commitment with identifier ``id``; KeyError if there is none."""
        return self._get("commitments", id, Commitment)

    def quote(self, id: str) -> Quote:
        """Return the quote with identifier ``id``; KeyError if there is none."""
        return self._get("quotes", id, Quote)

    def media_asset(self, id: str) -> MediaAsset:
        """Return the media asset with identifier ``id``; KeyError if there is none."""
        return self._get("media_assets", id, MediaAsset)

    def sectors_of(self, roadmap: str) -> tuple[Sector, ...]:
        """Return the sectors of roadmap ``roadmap`` in the source's order."""
        return tuple(sorted((s for s in self.sectors if s.roadmap == roadmap), key=lambda s: s.position))

    def completeness(self) -> tuple[CompletenessItem, ...]:
        """Compare the counts the source asserts with the records identified individually."""
        return _completeness(self)

    def unknown_facts(self) -> tuple[tuple[str, str, Unknown], ...]:
        """Every explicit unknown as ``(table, record key, unknown)``, the source's own included."""
        found: list[tuple[str, str, Unknown]] = []
        for table, key, record in _documented_records(self):
            found.extend((table, key, u) for u in record.unknowns)
        return tuple(found)

    def inferred_values(self) -> tuple[tuple[str, str, Inference], ...]:
        """Every inferred value as ``(table, record key, inference)``."""
        found: list[tuple[str, str, Inference]] = []
        for table, key, record in _documented_records(self):
            found.extend((table, key, i) for i in record.inferences)
        return tuple(found)


@cache
def _completeness_adapter() -> TypeAdapter[tuple[CompletenessItem, ...]]:
    """Return the validator of a published completeness report (built on first use, not on import)."""
    return TypeAdapter(tuple[CompletenessItem, ...])


def _completeness(ds: Dataset) -> tuple[CompletenessItem, ...]:
    """Build the completeness report of ``ds``: one item per summit's MoUs and per roadmap's sectors."""
    items = []
    area_names = {area.id: area.name for area in ds.mou_areas}
    for summit in ds.summits:
        identified = sum(1 for m in ds.mous if m.summit == summit.id and m.counted_in_summit_total)
        items.append(
            CompletenessItem(
                subject=f"memorandums of understanding signed at {summit.id}",
                asserted=summit.mous_signed,
                identified=identified,
                note=(
                    "The source gives the number signed and the areas they cover together "
                    f"({', '.join(area_names.get(a, a) for a in summit.mou_areas)}), but singles out only "
                    f"{identified}; "
                    "the others cannot be told apart from the source."
                    if identified < summit.mous_signed
                    else "Every memorandum the source counts is identified."
                ),
            )
        )
    for roadmap in ds.roadmaps:
        identified = len(ds.sectors_of(roadmap.id))
        items.append(
            CompletenessItem(
                subject=f"sectors of {roadmap.id}",
                asserted=roadmap.sectors_stated,
                identified=identified,
                note="Every sector the source counts is named."
                if identified >= roadmap.sectors_stated
                else "The source counts more sectors than it names.",
            )
        )
    return tuple(items)


def _documented_records(ds: Dataset) -> Iterator[tuple[str, str, Documented]]:
    """Every record that can carry unknowns and inferences, nested ones included, with its table and key."""
    yield "source", ds.source.id, ds.source
    for ref in ds.source.references:
        yield "references", str(ref.number), ref
    for table in TABLES:
        for record in getattr(ds, table):
            yield table, record_key(record), record
            for name in type(record).model_fields:
                value = getattr(record, name)
                nested = value if isinstance(value, tuple) else (value,)
                for i, item in enumerate(nested):
                    if isinstance(item, Documented):
                        suffix = f".{i}" if isinstance(value, tuple) else ""
                        yield table, f"{record_key(record)}/{name}{suffix}", item
