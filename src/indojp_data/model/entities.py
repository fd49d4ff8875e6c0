"""The records the dataset publishes, one class per kind, and the tables that hold them."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import (
    BaseModel,
    Field,
    model_validator,
)

from indojp_data.model.base import Documented, Model, Record, normalize_text
from indojp_data.model.fieldtypes import (
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
    RoadmapRef,
    Slug,
    SummitRef,
    Year,
)


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
    kind: Literal["bilateral"] = Field(description="`bilateral`: a meeting of the leaders of two countries.")
    date: PlausibleDate = Field(description="Date the summit took place.")
    place: PlaceRef = Field(description="Place where it took place (see places).")
    host_country: CountryRef = Field(
        description="Country that hosted the summit; where the source names no host, inferred (see inferences)."
    )
    participants: tuple[PersonRef, ...] = Field(
        min_length=2,
        description="Identifiers of the leaders who took part (see persons), each once.",
        json_schema_extra={"uniqueItems": True},
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
    description: NonEmptyText = Field(
        description=(
            "What the sector covers, in this dataset's words. The source defines no sector: a description beyond "
            "the name is general knowledge of the term, marked in the record's inferences."
        )
    )


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
    """A financial commitment or target the source reports, with the summit and roadmap it relates it to."""

    id: Slug = Field(description="Identifier of the commitment.", examples=["japan-investment-target"])
    summit: SummitRef = Field(
        description=(
            "Summit in whose account the source reports the commitment (see summits). Not a claim that it was "
            "set at that summit unless the source says so; an inferred link is marked in the record's inferences."
        )
    )
    roadmap: RoadmapRef = Field(
        description=(
            "Roadmap the source relates the commitment to (see roadmaps). Not a claim that it is part of the "
            "roadmap unless the source says so; an inferred link is marked in the record's inferences."
        )
    )
    kind: Literal["investment-target"] = Field(description="What kind of commitment it is.")
    status: Literal["target", "binding"] = Field(
        description="`target` for a goal the parties aim at; `binding` for an obligation."
    )
    amount: PositiveAmount = Field(description="The amount in units of `currency`, exactly.")
    currency: CurrencyCode = Field(description="Currency of the amount.")
    stated_amount: NonEmptyText = Field(description="The amount as the source words it.", examples=["10 trillion yen"])
    period: Period = Field(description="Period over which the commitment runs.")
    from_country: CountryRef = Field(description="Country the money is to come from.")
    to_country: CountryRef = Field(
        description="Country the money is to go to; where the source does not name it, inferred (see inferences)."
    )
    description: NonEmptyText = Field(description="What is committed, in this dataset's words.")


class Occurrence(Model):
    """One place where a quote is printed in the source."""

    kind: Literal["body", "pull-quote"] = Field(
        description=(
            "`body` for the running text; `pull-quote` for a quote set apart for display. Read from the text's "
            "form (the source has no layout marks); a reading is marked in the quote's inferences."
        )
    )
    printed: NonEmptyText = Field(
        description="The characters printed there, quotation marks and trailing punctuation included."
    )


class Quote(Record):
    """Words the source attributes to a speaker."""

    id: Slug = Field(description="Identifier of the quote.", examples=["technology-strongest-pillar"])
    speaker: PersonRef = Field(description="Who said it (see persons).")
    summit: SummitRef = Field(
        description=(
            "Summit in whose account the source reports the quote (see summits). Not a claim that it was said "
            "at that summit unless the source says so; an inferred link is marked in the record's inferences."
        )
    )
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
    context: NonEmptyText = Field(
        description=(
            "What the speaker was talking about, as the source reports it, in this dataset's words; where the "
            "source gives it only in the sentence before the quote, the link is marked in the record's inferences."
        )
    )
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
    source: NonEmptyText = Field(description="The institutions the work is credited as coming through (see providers).")
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
    title: NonEmptyText = Field(
        description="Title of the file, in the source's characters (a reading of the text printed with the image)."
    )
    file_name: NonEmptyText = Field(description="File name on the hosting site, decoded from the content URL.")
    original_file_name: NonEmptyText | None = Field(
        description="File name the file is taken to have had in the originating collection (an interpretation)."
    )
    assignment_code: NonEmptyText | None = Field(
        description="Photo assignment code the source prints with the image (after `Assignment:`)."
    )
    content_url: HttpsUrl = Field(description="Address of the file itself, as given in the source.")
    file_page_url: HttpsUrl | None = Field(description="Address of the hosting site's page about the file.")
    media_type: Literal["image/jpeg", "image/png"] = Field(description="Media type of the file.")
    providers: tuple[MediaProvider, ...] = Field(
        min_length=1, description="Institutions the file passed through, from originator to host."
    )
    creator: NonEmptyText | None = Field(description="Photographer or maker of the file.")
    created: PartialDate | None = Field(description="When the file was made.")
    depicts: tuple[Depiction, ...] = Field(
        min_length=1,
        description="What the image is recorded as showing; the record's inferences give the basis (its title, here).",
    )
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
    credit: Credit = Field(
        description="Credit line in TASL form; inferred parts are marked in the record's inferences."
    )
    alt_text: NonEmptyText = Field(
        description="Text alternative for readers who cannot see the image, no stronger than what is recorded about it."
    )

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


TABLE_MODELS: dict[str, type[Record]] = {
    "countries": Country,
    "places": Place,
    "persons": Person,
    "summits": Summit,
    "roadmaps": Roadmap,
    "sectors": Sector,
    "mou_areas": MouArea,
    "mous": Mou,
    "commitments": Commitment,
    "quotes": Quote,
    "media_assets": MediaAsset,
}
"""The record class of each of the Dataset's record collections, in publishing order."""

TABLES: tuple[str, ...] = tuple(TABLE_MODELS)
"""Names of the Dataset's record collections, in publishing order."""


def record_key(record: BaseModel) -> str:
    """Return a record's identifier: ``code`` for countries, ``id`` for everything else."""
    key = getattr(record, "code", None) if isinstance(record, Country) else getattr(record, "id", None)
    if not isinstance(key, str):
        raise TypeError(f"{type(record).__name__} has no identifier")
    return key
