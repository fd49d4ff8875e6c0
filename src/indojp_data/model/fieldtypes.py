"""Reusable field types: every constrained value in the models is defined here once.

Each alias is an ``Annotated`` type carrying its constraint and description, so the rule and its
documentation travel together into the JSON Schemas, the Table Schemas and the data dictionary.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, GetJsonSchemaHandler, PlainSerializer
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

# Patterns avoid non-capturing groups and look-arounds so that they mean the same in JSON Schema (ECMA 262)
# and, with the anchors dropped, in Table Schema (XML Schema regular expressions).
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


CODELISTS_FILE = "codelists.json"
"""The ISO codes the models accept, with their English names: written by ``indojp-data build`` from pycountry."""


@lru_cache(maxsize=1)
def codelists() -> dict[str, dict[str, str]]:
    """Return each codelist (``countries``, ``currencies``) as code -> English name, from :data:`CODELISTS_FILE`.

    The file ships in the package, so validating needs no code tables at run time; ``indojp-data build``
    regenerates it from pycountry (:mod:`indojp_data.publish.codelists`) and ``build --check`` names it when
    a pycountry release changes a list.
    """
    text = (Path(__file__).resolve().parent / CODELISTS_FILE).read_text(encoding="utf-8")
    lists: dict[str, dict[str, str]] = json.loads(text)
    return lists


@dataclass(frozen=True)
class Codelist:
    """Marks a field whose values come from a published codelist (ISO 3166-1 alpha-2 or ISO 4217).

    The codes go into the JSON Schemas (``enum``, gathered under ``$defs`` by
    :mod:`indojp_data.publish.jsonschema`) and the Table Schemas (``constraints.enum``), so that any generic
    validator rejects a code we reject; the codelist is also published as a resource of its own.
    """

    name: Literal["countries", "currencies"]

    def codes(self) -> list[str]:
        """Return the accepted codes, sorted."""
        return sorted(codelists()[self.name])

    def __get_pydantic_json_schema__(self, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        """Add the codes as an ``enum``, and name the codelist for :mod:`indojp_data.publish.jsonschema`."""
        schema: dict[str, Any] = handler(core_schema)
        schema["enum"] = self.codes()
        schema[CODELIST_MARKER] = self.name
        return schema


CODELIST_MARKER = "x-indojp-codelist"
"""Key that names a field's codelist in the models' raw JSON Schema; replaced by a ``$ref`` when published."""


def country_names() -> dict[str, str]:
    """Return the ISO 3166-1 alpha-2 codes we accept with their English short names (from pycountry)."""
    return dict(codelists()["countries"])


def currency_names() -> dict[str, str]:
    """Return the ISO 4217 codes we accept with their English names (from pycountry)."""
    return dict(codelists()["currencies"])


def _check_country(code: str) -> str:
    if code not in codelists()["countries"]:
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-2 country code")
    return code


def _check_currency(code: str) -> str:
    if code not in codelists()["currencies"]:
        raise ValueError(f"{code!r} is not an ISO 4217 currency code")
    return code


def _check_plausible_date(value: dt.date) -> dt.date:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValueError(f"{value.isoformat()} is outside the plausible range {EARLIEST_DATE}..{LATEST_DATE}")
    return value


@dataclass(frozen=True)
class ForeignKey:
    """Marks a field as holding the identifier of a record in another table of the Dataset.

    The cross-record rules (:mod:`indojp_data.model.rules`), the Table Schema ``foreignKeys`` and the data
    dictionary all read this marker.

    Attributes:
        table: The table the identifier points into.
        noun: What one record of that table is called in a problem message, e.g. ``"MoU area"``.
    """

    table: str
    noun: str


@dataclass(frozen=True)
class Ordered:
    """Marks a ``Literal`` whose values are listed in a meaningful order (Table Schema ``categoriesOrdered``)."""


def format_decimal(value: Decimal) -> str:
    """Write a decimal in plain positional notation, never with an exponent (``1E+13`` -> ``10000000000000``)."""
    return format(value, "f")


PositiveDecimalString = Annotated[
    str,
    Field(
        # Digits with an optional fraction, not zero: JSON Schema's way of saying "exact decimal > 0".
        pattern=r"^(?!0+(\.0+)?$)[0-9]+(\.[0-9]+)?$",
        description="Exact positive decimal number written as a string.",
    ),
]

Slug = Annotated[
    str,
    Field(
        pattern=SLUG_PATTERN,
        min_length=1,
        max_length=80,
        description="Stable identifier: lower-case ASCII letters and digits in hyphen-separated words.",
        examples=["narendra-modi"],
    ),
]
CountryCode = Annotated[
    str,
    Field(
        pattern=r"^[A-Z]{2}$",
        description="ISO 3166-1 alpha-2 country code.",
        examples=["IN", "JP"],
    ),
    AfterValidator(_check_country),
    Codelist("countries"),
]
CurrencyCode = Annotated[
    str,
    Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 currency code.", examples=["JPY"]),
    AfterValidator(_check_currency),
    Codelist("currencies"),
]
LanguageTag = Annotated[
    str,
    Field(
        pattern=r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$",
        description="BCP 47 language tag (language, optional script and region subtags).",
        examples=["en", "ja", "hi-Deva"],
    ),
]
PlausibleDate = Annotated[
    dt.date,
    Field(description="Calendar date (ISO 8601), between 1900-01-01 and 2100-12-31."),
    AfterValidator(_check_plausible_date),
]
Year = Annotated[int, Field(ge=1900, le=2100, description="Calendar year.")]
PositiveAmount = Annotated[
    Decimal,
    Field(
        gt=0,
        max_digits=30,
        decimal_places=6,
        description="Exact amount as a decimal number (never a binary float).",
        examples=["10000000000000"],
    ),
    # JSON carries the amount as a string so that no reader turns it into a binary float.
    PlainSerializer(format_decimal, return_type=PositiveDecimalString, when_used="json"),
]
NonEmptyText = Annotated[str, Field(min_length=1, max_length=4000, pattern=r"^\s*\S[\s\S]*$")]
HttpsUrl = Annotated[
    str,
    # "[/]{2}" rather than "//" keeps this pattern from looking like an address to URL scanners.
    Field(pattern=r"^https:[/]{2}\S+$", max_length=2000, description="An https URL."),
]
ReferenceNumber = Annotated[
    int, Field(ge=1, le=99, description="Number of a numbered reference in the source article, e.g. 3 for [3].")
]
DatePrecision = Annotated[Literal["day", "month", "year"], Ordered()]
"""Precision of a partial date, from finest to coarsest: the order is meaningful (``categoriesOrdered``)."""


CountryRef = Annotated[
    str,
    Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code of a country in the countries table."),
    AfterValidator(_check_country),
    Codelist("countries"),
    ForeignKey("countries", "country"),
]
PlaceRef = Annotated[
    str, Field(pattern=SLUG_PATTERN, description="Identifier of a place."), ForeignKey("places", "place")
]
PersonRef = Annotated[
    str, Field(pattern=SLUG_PATTERN, description="Identifier of a person."), ForeignKey("persons", "person")
]
SummitRef = Annotated[
    str, Field(pattern=SLUG_PATTERN, description="Identifier of a summit."), ForeignKey("summits", "summit")
]
RoadmapRef = Annotated[
    str, Field(pattern=SLUG_PATTERN, description="Identifier of a roadmap."), ForeignKey("roadmaps", "roadmap")
]
MouAreaRef = Annotated[
    str, Field(pattern=SLUG_PATTERN, description="Identifier of a MoU area."), ForeignKey("mou_areas", "MoU area")
]
