"""The base model, and what every record carries: citations, explicit unknowns, marked inferences.

Also the source article and its numbered references, which every record cites. Every artifact the
project publishes (JSON Schemas, Table Schemas, CSVs, the data dictionary) is derived from the model
classes. Three conventions run through all records:

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
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)

from indojp_data.model.fieldtypes import (
    HttpsUrl,
    LanguageTag,
    NonEmptyText,
    PlausibleDate,
    ReferenceNumber,
    Slug,
)

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
        # Each class's validator is built when it first validates, not on import: `load()` reads the records
        # validated by the build (indojp_data.model.prebuilt) and needs no validator at all.
        defer_build=True,
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
    """The article every fact in the dataset comes from (its kind is a reading; see inferences)."""

    id: Slug = Field(description="Identifier of the source.", examples=["source-article"])
    kind: Literal["news-article"] = Field(
        description="What kind of document the source is, as read from its form (see inferences)."
    )
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
