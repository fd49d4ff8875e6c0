"""The canonical schema: frozen pydantic models for every record the dataset publishes.

One class per kind of record. Shared constrained types live in :mod:`indojp_data.fieldtypes`;
the rules that span several records live in :mod:`indojp_data.rules`. Every artifact the project
publishes (JSON Schemas, Table Schemas, CSVs, the data dictionary) is derived from these classes.

Three conventions run through all records:

* **Citations.** Every factual record carries at least one :class:`Citation`: the number of the
  source's reference (``[1]``-``[6]``) where the article gives one, and the exact passage of the
  article the fact rests on.
* **Explicit unknowns.** A fact the source does not give is ``null`` in the data *and* listed in the
  record's ``unknowns`` with the reason. A ``null`` without a reason is rejected.
* **Marked inferences.** A value derived rather than read (a date read from a file code, a host
  country from a city) is listed in the record's ``inferences`` with how it was derived.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    TypeAdapter,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    computed_field,
    model_validator,
)

from indojp_data.fieldtypes import (
    CountryCode,
    CountryRef,
    CurrencyCode,
    DatePrecision,
    HttpsUrl,
    LanguageTag,
    MouAreaRef,
    NonEmptyText,
    PersonRef,
    PlaceRef,
    PlausibleDate,
    PositiveAmount,
    ReferenceNumber,
    RoadmapRef,
    Slug,
    SummitRef,
    Year,
)

__all__ = [
    "Citation",
    "Commitment",
    "CompletenessItem",
    "Country",
    "Credit",
    "Dataset",
    "Depiction",
    "Inference",
    "LocalizedName",
    "MediaAsset",
    "MediaProvider",
    "Mou",
    "MouArea",
    "NonDepiction",
    "Occurrence",
    "PartialDate",
    "Period",
    "Person",
    "Place",
    "Quote",
    "Reference",
    "Rights",
    "Roadmap",
    "Sector",
    "Source",
    "Summit",
    "Unknown",
    "normalize_text",
]

# Typographic characters the normalized text of a quote replaces with plain ASCII.
_ASCII_EQUIVALENTS = str.maketrans(
    {
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
    }
)


def normalize_text(text: str) -> str:
    """Return a search-friendly copy of ``text``.

    Applies Unicode NFKC, maps typographic hyphens, dashes, quotes and no-break spaces to ASCII, and
    collapses runs of white space. The verbatim text is always kept beside it.

    Examples:
        >>> normalize_text("India\u2011Japan")
        'India-Japan'
    """
    folded = unicodedata.normalize("NFKC", text).translate(_ASCII_EQUIVALENTS)
    return " ".join(folded.split())


class Model(BaseModel):
    """Base of every model: immutable, and unknown keys are errors rather than silently dropped."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_default=True,
        # The published JSON always has every key, so the schema of that JSON requires them all.
        json_schema_serialization_defaults_required=True,
    )


class Citation(Model):
    """Where in the source a fact comes from."""

    reference: ReferenceNumber | None = Field(
        description=(
            "Number of the source's reference that backs the fact (3 for [3]); null when the fact rests on "
            "the article's own text, which gives no reference number at that point."
        ),
        examples=[2],
    )
    passage: NonEmptyText = Field(
        description="The exact passage of the source article the fact rests on, character for character.",
        examples=["signed five memorandums of understanding"],
    )


class Unknown(Model):
    """A fact the source does not give, with the reason it is left unknown."""

    field: NonEmptyText = Field(
        description="Dotted path of the null field within its record, e.g. `url` or `rights.legal_basis`.",
        examples=["url"],
    )
    reason: NonEmptyText = Field(description="Why the value is unknown.")


class Inference(Model):
    """A value derived rather than read directly from the source, and how it was derived."""

    field: NonEmptyText = Field(
        description="Dotted path of the inferred field within its record, e.g. `created`.",
        examples=["host_country"],
    )
    method: NonEmptyText = Field(description="How the value was derived, in enough detail to check it.")


def _field_values(model: BaseModel, prefix: str = "") -> Iterator[tuple[str, object]]:
    """Yield ``(dotted path, value)`` for every field of ``model``, descending into nested models."""
    for name in type(model).model_fields:
        if name in _PROVENANCE_FIELDS:
            continue
        value = getattr(model, name)
        path = f"{prefix}{name}"
        yield path, value
        # A nested record with its own `unknowns` explains its own nulls.
        if isinstance(value, BaseModel) and not isinstance(value, Documented):
            yield from _field_values(value, f"{path}.")
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel) and not isinstance(item, Documented):
                    yield from _field_values(item, f"{path}.{index}.")


_PROVENANCE_FIELDS = frozenset({"citations", "unknowns", "inferences"})


class Documented(Model):
    """A record whose null values are explained and whose derived values are marked."""

    unknowns: tuple[Unknown, ...] = Field(
        default=(),
        description="Facts the source does not give: each null field of the record, with the reason.",
    )
    inferences: tuple[Inference, ...] = Field(
        default=(),
        description="Values of the record that were derived rather than read from the source, with the method.",
    )

    @model_validator(mode="after")
    def _nulls_are_explained(self) -> Documented:
        values = dict(_field_values(self))
        nulls = {path for path, value in values.items() if value is None}
        declared = [u.field for u in self.unknowns]
        inferred = [i.field for i in self.inferences]
        problems = []
        for path in sorted(nulls - set(declared)):
            problems.append(f"`{path}` is null but `unknowns` gives no reason for it")
        for path in declared:
            if path not in values:
                problems.append(f"`unknowns` names `{path}`, which is not a field of this record")
            elif values[path] is not None:
                problems.append(f"`unknowns` names `{path}`, but it has a value")
        for path in inferred:
            if path not in values:
                problems.append(f"`inferences` names `{path}`, which is not a field of this record")
            elif values[path] is None:
                problems.append(f"`inferences` names `{path}`, but it is null")
        for listing, paths in (("unknowns", declared), ("inferences", inferred)):
            if len(set(paths)) != len(paths):
                problems.append(f"`{listing}` names a field more than once")
        if problems:
            raise ValueError("; ".join(problems))
        return self


class Record(Documented):
    """A factual record: it must cite the source."""

    citations: tuple[Citation, ...] = Field(
        min_length=1,
        description="Where in the source the record's facts come from; at least one.",
    )


class Reference(Documented):
    """One numbered reference of the source article (the article shows only its number)."""

    number: ReferenceNumber = Field(description="The reference's number as printed in the article.")
    title: NonEmptyText | None = Field(description="Title of the referenced document.")
    url: HttpsUrl | None = Field(description="Address of the referenced document.")
    publisher: NonEmptyText | None = Field(description="Who published the referenced document.")


class Source(Documented):
    """The news article every fact in the dataset comes from."""

    id: Slug = Field(description="Identifier of the source.", examples=["source-article"])
    kind: Literal["news-article"] = Field(description="What kind of document the source is.")
    title: NonEmptyText | None = Field(description="Headline of the article.")
    publisher: NonEmptyText | None = Field(description="Outlet that published the article.")
    url: HttpsUrl | None = Field(description="Address of the article.")
    published: PlausibleDate | None = Field(description="Publication date of the article.")
    language: LanguageTag = Field(description="Language the article is written in.")
    file_name: NonEmptyText = Field(
        description="File name of the copy of the article this dataset was curated from.",
        examples=["000_ad708a01727b6f9c.txt"],
    )
    sha256: str = Field(
        pattern=r"^[0-9a-f]{64}$",
        description="SHA-256 digest of that copy, so anyone holding it can check it is the same text.",
    )
    references: tuple[Reference, ...] = Field(min_length=1, description="The article's numbered references, in order.")


class Country(Record):
    """A country named in the source."""

    code: CountryCode = Field(description="ISO 3166-1 alpha-2 code; the country's identifier.")
    name: NonEmptyText = Field(description="Short English name as the source writes it.", examples=["India"])


class Place(Record):
    """A place named in the source."""

    id: Slug = Field(description="Identifier of the place.", examples=["new-delhi"])
    name: NonEmptyText = Field(description="Name as the source writes it.", examples=["New Delhi"])
    kind: Literal["city"] = Field(description="What kind of place it is.")
    country: CountryRef = Field(description="Country the place is in.")


class LocalizedName(Model):
    """A person's name written in another language or script."""

    text: NonEmptyText = Field(description="The name in that language or script.", examples=["高市早苗"])
    lang: LanguageTag = Field(description="BCP 47 tag of the language and, where useful, script.")
    basis: Literal["source", "general-knowledge"] = Field(
        description=(
            "`source` when the article gives this form; `general-knowledge` for a standard form the article "
            "does not give, recorded only where it is certain."
        )
    )


class Person(Record):
    """A person named in the source."""

    id: Slug = Field(description="Identifier of the person.", examples=["narendra-modi"])
    name: NonEmptyText = Field(description="Name as the source writes it.", examples=["Narendra Modi"])
    names: tuple[LocalizedName, ...] = Field(
        default=(), description="The name in other languages or scripts, where certain."
    )
    office: NonEmptyText = Field(
        description="Office the person held at the event, as the source gives it.", examples=["Prime Minister"]
    )
    country: CountryRef = Field(description="Country whose office the person held.")


class Summit(Record):
    """A meeting of leaders described in the source."""

    id: Slug = Field(description="Identifier of the summit.", examples=["india-japan-summit-2026"])
    name: NonEmptyText = Field(description="Descriptive name (the source gives no official title).")
    kind: Literal["bilateral"] = Field(description="Bilateral: two countries took part.")
    date: PlausibleDate = Field(description="Date the summit took place.")
    place: PlaceRef = Field(description="Place where it took place (see places).")
    host_country: CountryRef = Field(description="Country that hosted the summit.")
    participants: tuple[PersonRef, ...] = Field(
        min_length=2, description="Identifiers of the leaders who took part (see persons)."
    )
    mous_signed: int = Field(
        ge=0,
        description=(
            "Number of memorandums of understanding the source says were signed at the summit. Compare with "
            "the MoUs the dataset identifies individually (see the completeness report)."
        ),
    )
    mou_areas: tuple[MouAreaRef, ...] = Field(
        default=(),
        description="Areas the source says the signed memorandums cover, taken together (see mou_areas).",
    )


class Roadmap(Record):
    """A joint roadmap unveiled by the leaders at a summit."""

    id: Slug = Field(description="Identifier of the roadmap.", examples=["economic-security-roadmap"])
    name: NonEmptyText = Field(description="Descriptive name in this dataset's words.")
    official_title: NonEmptyText | None = Field(description="The roadmap's official title.")
    summit: SummitRef = Field(description="Summit at which it was unveiled (see summits).")
    parties: tuple[CountryRef, ...] = Field(
        min_length=2, description="Countries whose leaders unveiled the joint roadmap (see countries)."
    )
    purpose: NonEmptyText = Field(description="What the roadmap sets out to do, in this dataset's words.")
    sectors_stated: int = Field(ge=0, description="Number of sectors the source says the roadmap focuses on.")


class Sector(Record):
    """One of a roadmap's strategic sectors, in the order the source lists them."""

    id: Slug = Field(description="Identifier of the sector.", examples=["critical-minerals"])
    roadmap: RoadmapRef = Field(description="Roadmap the sector belongs to (see roadmaps).")
    position: int = Field(ge=1, description="Position in the source's list, from 1.")
    name: NonEmptyText = Field(description="Name as the source writes it.", examples=["critical minerals"])
    description: NonEmptyText = Field(description="What the sector covers, in this dataset's words.")


class MouArea(Record):
    """A policy area the source names for the memorandums of understanding signed at a summit.

    MoU areas are not roadmap sectors: they have identifiers of their own, so that the area the source
    calls "AI" is never confused with the sector it calls "artificial intelligence".
    """

    id: Slug = Field(description="Identifier of the MoU area.", examples=["mou-area-ai"])
    name: NonEmptyText = Field(description="The area as the source writes it.", examples=["AI"])


class Mou(Record):
    """A memorandum of understanding (or pact) the source identifies individually."""

    id: Slug = Field(description="Identifier of the memorandum.", examples=["defense-co-development-pact"])
    summit: SummitRef = Field(description="Summit at which it was signed (see summits).")
    area: MouAreaRef = Field(description="Policy area the memorandum covers (see mou_areas).")
    title: NonEmptyText | None = Field(description="Official title of the memorandum.")
    description: NonEmptyText = Field(description="What it is, in this dataset's words.")
    signatories: tuple[CountryRef, ...] = Field(min_length=2, description="Countries that signed it.")
    signed_on: PlausibleDate = Field(description="Date it was signed.")
    first_of_its_kind: bool = Field(
        description="True when the source calls it the first agreement of its kind between the signatories."
    )
    counted_in_summit_total: bool = Field(
        description="True when it is one of the memorandums counted in the summit's `mous_signed`."
    )


class Period(Model):
    """A span of whole years counted from a starting point.

    The bounds are the calendar years in which the span starts and ends, not an inclusive range of
    calendar years: ten years from July 2026 run to July 2036, so ``start_year`` 2026 and ``end_year``
    2036 with ``years`` 10. Hence ``end_year - start_year == years`` whenever both bounds are known.
    """

    years: int = Field(ge=1, le=100, description="Length of the period in whole years, as the source states it.")
    start_year: Year | None = Field(
        description=(
            "Calendar year in which the period starts (the period need not start on 1 January). Where the source "
            "gives no start, any value here is inferred (see the record's inferences)."
        )
    )
    end_year: Year | None = Field(
        description=(
            "Calendar year in which the period ends: `years` whole years after it starts, so "
            "end_year - start_year = years. Not the last of an inclusive range of calendar years."
        )
    )

    @model_validator(mode="after")
    def _end_after_start(self) -> Period:
        if self.start_year is not None and self.end_year is not None:
            if self.end_year <= self.start_year:
                raise ValueError(f"end_year {self.end_year} must be after start_year {self.start_year}")
            if self.end_year - self.start_year != self.years:
                raise ValueError(f"start_year {self.start_year} to end_year {self.end_year} is not {self.years} years")
        return self


class Commitment(Record):
    """A financial commitment or target set out at the summit."""

    id: Slug = Field(description="Identifier of the commitment.", examples=["japan-investment-target"])
    summit: SummitRef = Field(description="Summit at which it was set (see summits).")
    roadmap: RoadmapRef = Field(description="Roadmap it belongs to (see roadmaps).")
    kind: Literal["investment-target"] = Field(description="What kind of commitment it is.")
    status: Literal["target", "binding"] = Field(
        description="`target` for a goal the parties aim at; `binding` for an obligation."
    )
    amount: PositiveAmount = Field(description="The amount in units of `currency`, exactly.")
    currency: CurrencyCode = Field(description="Currency of the amount.")
    stated_amount: NonEmptyText = Field(description="The amount as the source words it.", examples=["10 trillion yen"])
    period: Period = Field(description="Period over which the commitment runs.")
    from_country: CountryRef = Field(description="Country the money comes from.")
    to_country: CountryRef = Field(description="Country the money goes to.")
    description: NonEmptyText = Field(description="What is committed, in this dataset's words.")


class Occurrence(Model):
    """One place where a quote is printed in the source."""

    kind: Literal["body", "pull-quote"] = Field(
        description="`body` for the running text; `pull-quote` for a quote set apart for display."
    )
    printed: NonEmptyText = Field(
        description="The characters printed there, quotation marks and trailing punctuation included."
    )


class Quote(Record):
    """Words the source attributes to a speaker."""

    id: Slug = Field(description="Identifier of the quote.", examples=["technology-strongest-pillar"])
    speaker: PersonRef = Field(description="Who said it (see persons).")
    summit: SummitRef = Field(description="Summit at which it was said (see summits).")
    text: NonEmptyText = Field(
        description="The quote verbatim, in the source's characters, without enclosing quotation marks."
    )
    text_normalized: NonEmptyText = Field(
        description="The quote with typographic characters mapped to ASCII (see `normalize_text`), for search."
    )
    language: LanguageTag = Field(description="Language of the text as the source prints it.")
    original_language: LanguageTag | None = Field(
        description="Language the speaker actually used, where the source says."
    )
    context: NonEmptyText = Field(description="What the speaker was talking about, in this dataset's words.")
    occurrences: tuple[Occurrence, ...] = Field(
        min_length=1,
        description="Every place the source prints the quote; a quote repeated as a pull quote is one quote.",
    )

    @model_validator(mode="before")
    @classmethod
    def _fill_normalized(cls, data: Any) -> Any:
        if isinstance(data, dict) and "text_normalized" not in data and isinstance(data.get("text"), str):
            data = {**data, "text_normalized": normalize_text(data["text"])}
        return data

    @model_validator(mode="after")
    def _normalized_matches(self) -> Quote:
        expected = normalize_text(self.text)
        if self.text_normalized != expected:
            raise ValueError(f"text_normalized must be normalize_text(text), i.e. {expected!r}")
        for occurrence in self.occurrences:
            if self.text not in occurrence.printed:
                raise ValueError(f"occurrence {occurrence.printed!r} does not contain the quote text")
        return self


class PartialDate(Model):
    """A date known only to a given precision."""

    value: PlausibleDate = Field(
        description="The date; parts finer than `precision` carry no information (they are written as 01)."
    )
    precision: DatePrecision = Field(
        description="How much of `value` is asserted: day, month or year (from finest to coarsest)."
    )
    uncertain: bool = Field(
        description=(
            "True when even the asserted part is a probable reading rather than a stated fact (EDTF's `?` "
            "qualifier); the record's inferences say why."
        )
    )

    @model_validator(mode="after")
    def _finer_parts_blank(self) -> PartialDate:
        blank = {"day": (), "month": ("day",), "year": ("month", "day")}[self.precision]
        if any(getattr(self.value, part) != 1 for part in blank):
            raise ValueError(f"with precision {self.precision!r} the {' and '.join(blank)} of value must be 01")
        return self


class MediaProvider(Documented):
    """One link in the chain of institutions that hold and pass on a media file."""

    role: Literal["originator", "aggregator", "host"] = Field(
        description="`originator` made or first held the file; `aggregator` catalogued it; `host` serves it."
    )
    name: NonEmptyText | None = Field(description="Name of the institution.")
    item_id: NonEmptyText | None = Field(description="The institution's identifier for the item.")


class Depiction(Model):
    """Something a media file shows."""

    description: NonEmptyText = Field(description="What is shown, in this dataset's words.")
    name: NonEmptyText | None = Field(
        default=None, description="Name of the person shown, when the file's title gives it."
    )


class NonDepiction(Model):
    """Something a reader might assume a media file shows, and on what ground we say it does not."""

    description: NonEmptyText = Field(description="What the file is taken not to show, in this dataset's words.")
    basis: Literal["file-date", "title-only"] = Field(
        description=(
            "`file-date`: ruled out by when the file was made (see `created`); `title-only`: only that the "
            "file's title does not name it. The image itself was not examined, so a `title-only` entry is an "
            "assumption, not an observation."
        )
    )


class Rights(Documented):
    """Copyright status of a media file, and how sure we are of it."""

    status: Literal["public-domain", "licensed", "unknown"] = Field(description="Copyright status.")
    legal_basis: NonEmptyText | None = Field(description="The law or licence the status rests on.")
    verified: bool = Field(description="True only when the status was checked against a primary record.")
    note: NonEmptyText = Field(description="What would settle the status, and why it is not settled.")


class Credit(Model):
    """A credit line in TASL form: title, author, source, licence."""

    title: NonEmptyText = Field(description="Title of the work.")
    author: NonEmptyText = Field(description="Author of the work, or a statement that it is unknown.")
    source: NonEmptyText = Field(description="Where the work was obtained.")
    license: NonEmptyText = Field(description="Licence or rights statement.")
    line: NonEmptyText = Field(description="The four parts joined into one line for display.")

    @model_validator(mode="before")
    @classmethod
    def _fill_line(cls, data: Any) -> Any:
        if isinstance(data, dict) and "line" not in data:
            data = {**data, "line": cls.compose(data)}
        return data

    @model_validator(mode="after")
    def _line_matches(self) -> Credit:
        expected = self.compose(self.model_dump())
        if self.line != expected:
            raise ValueError(f"line must join title, author, source and license: {expected!r}")
        return self

    @staticmethod
    def compose(parts: dict[str, Any]) -> str:
        """Join title, author, source and licence into the display line."""
        title, author, source, license = (parts.get(k) for k in ("title", "author", "source", "license"))
        return f"\u201c{title}\u201d by {author}, via {source}. {license}."


class MediaAsset(Record):
    """An image printed with the source article."""

    id: Slug = Field(description="Identifier of the media asset.")
    title: NonEmptyText = Field(description="Title of the file as the source prints it.")
    file_name: NonEmptyText = Field(description="File name on the hosting site, decoded from the content URL.")
    original_file_name: NonEmptyText | None = Field(
        description="File name the file is taken to have had in the originating collection (an interpretation)."
    )
    assignment_code: NonEmptyText | None = Field(description="Photo assignment code printed in the title.")
    content_url: HttpsUrl = Field(description="Address of the file itself, as given in the source.")
    file_page_url: HttpsUrl | None = Field(description="Address of the hosting site's page about the file.")
    media_type: Literal["image/jpeg", "image/png"] = Field(description="Media type of the file.")
    providers: tuple[MediaProvider, ...] = Field(
        min_length=1, description="Institutions the file passed through, from originator to host."
    )
    creator: NonEmptyText | None = Field(description="Photographer or maker of the file.")
    created: PartialDate | None = Field(description="When the file was made.")
    depicts: tuple[Depiction, ...] = Field(min_length=1, description="What the image shows.")
    does_not_depict: tuple[NonDepiction, ...] = Field(
        default=(),
        description="Things a reader might assume it shows, each with the ground for saying it does not.",
    )
    relation_to_summit: Literal["archival-illustration", "depicts-event"] = Field(
        description=(
            "`archival-illustration`: an older photo used to illustrate the story, not a photo of the summit; "
            "`depicts-event`: a photo of the summit itself."
        )
    )
    rights: Rights = Field(description="Copyright status and how sure it is.")
    credit: Credit = Field(description="Credit line in TASL form.")
    alt_text: NonEmptyText = Field(description="Text alternative for readers who cannot see the image.")

    @model_validator(mode="after")
    def _file_name_matches_url(self) -> MediaAsset:
        from urllib.parse import unquote

        expected = unquote(self.content_url.rsplit("/", 1)[-1])
        if self.file_name != expected:
            raise ValueError(f"file_name must be the decoded last segment of content_url: {expected!r}")
        return self


class CompletenessItem(Model):
    """How many items the source asserts against how many the dataset identifies individually."""

    subject: NonEmptyText = Field(description="What is counted.")
    asserted: int = Field(ge=0, description="How many the source says there are.")
    identified: int = Field(ge=0, description="How many the dataset records individually.")
    note: NonEmptyText = Field(description="What the gap, if any, means.")

    @property
    def complete(self) -> bool:
        """True when every asserted item is identified."""
        return self.identified >= self.asserted


_R = TypeVar("_R", bound=BaseModel)

TABLES: tuple[str, ...] = (
    "countries",
    "places",
    "persons",
    "summits",
    "roadmaps",
    "sectors",
    "mou_areas",
    "mous",
    "commitments",
    "quotes",
    "media_assets",
)
"""Names of the Dataset's record collections, in publishing order."""


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
            given = _COMPLETENESS.validate_python(data.pop("completeness"))
        dataset = handler(data)
        assert isinstance(dataset, Dataset)
        if given is not None and given != dataset.completeness():
            raise ValueError("`completeness` does not match the counts computed from the records")
        return dataset

    @model_validator(mode="after")
    def _records_agree(self, info: ValidationInfo) -> Dataset:
        # The curated-record reader runs the rules itself, to report each violation with its file and line.
        if isinstance(info.context, dict) and info.context.get("skip_rules"):
            return self
        from indojp_data.rules import check_dataset

        problems = check_dataset(self)
        if problems:
            raise ValueError("; ".join(f"{'.'.join(map(str, p.path))}: {p.message}" for p in problems))
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
        items = []
        area_names = {area.id: area.name for area in self.mou_areas}
        for summit in self.summits:
            identified = sum(1 for m in self.mous if m.summit == summit.id and m.counted_in_summit_total)
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
        for roadmap in self.roadmaps:
            identified = len(self.sectors_of(roadmap.id))
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

    def unknown_facts(self) -> tuple[tuple[str, str, Unknown], ...]:
        """Every explicit unknown as ``(table, record key, unknown)``, the source's own included."""
        found: list[tuple[str, str, Unknown]] = []
        for table, key, record in self._documented_records():
            found.extend((table, key, u) for u in record.unknowns)
        return tuple(found)

    def inferred_values(self) -> tuple[tuple[str, str, Inference], ...]:
        """Every inferred value as ``(table, record key, inference)``."""
        found: list[tuple[str, str, Inference]] = []
        for table, key, record in self._documented_records():
            found.extend((table, key, i) for i in record.inferences)
        return tuple(found)

    def _documented_records(self) -> Iterator[tuple[str, str, Documented]]:
        yield "source", self.source.id, self.source
        for ref in self.source.references:
            yield "references", str(ref.number), ref
        for table in TABLES:
            for record in getattr(self, table):
                yield table, record_key(record), record
                for name in type(record).model_fields:
                    value = getattr(record, name)
                    nested = value if isinstance(value, tuple) else (value,)
                    for i, item in enumerate(nested):
                        if isinstance(item, Documented):
                            suffix = f".{i}" if isinstance(value, tuple) else ""
                            yield table, f"{record_key(record)}/{name}{suffix}", item


_COMPLETENESS = TypeAdapter(tuple[CompletenessItem, ...])


def record_key(record: BaseModel) -> str:
    """Return a record's identifier: ``code`` for countries, ``id`` for everything else."""
    key = getattr(record, "code", None) if isinstance(record, Country) else getattr(record, "id", None)
    if not isinstance(key, str):
        raise TypeError(f"{type(record).__name__} has no identifier")
    return key
