"""Reusable field types: every constrained value in the models is defined here once.

Each alias is an ``Annotated`` type carrying its constraint and description, so the rule and its
documentation travel together into the JSON Schemas, the Table Schemas and the data dictionary.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


@lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    import pycountry  # imported lazily: only validation needs the ISO tables

    return frozenset(c.alpha_2 for c in pycountry.countries)


@lru_cache(maxsize=1)
def _currency_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.currencies)


def _check_country(code: str) -> str:
    if code not in _country_codes():
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-2 country code")
    return code


def _check_currency(code: str) -> str:
    if code not in _currency_codes():
        raise ValueError(f"{code!r} is not an ISO 4217 currency code")
    return code


def _check_plausible_date(value: dt.date) -> dt.date:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValueError(f"{value.isoformat()} is outside the plausible range {EARLIEST_DATE}..{LATEST_DATE}")
    return value


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
]
CurrencyCode = Annotated[
    str,
    Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 currency code.", examples=["JPY"]),
    AfterValidator(_check_currency),
]
LanguageTag = Annotated[
    str,
    Field(
        pattern=r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?$",
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
]
NonEmptyText = Annotated[str, Field(min_length=1, max_length=4000, pattern=r"\S")]
HttpsUrl = Annotated[
    str,
    Field(pattern=r"^https://[^\s]+$", max_length=2000, description="An https URL given in the source."),
]
ReferenceNumber = Annotated[
    int, Field(ge=1, le=99, description="Number of a numbered reference in the source article, e.g. 3 for [3].")
]
DatePrecision = Literal["day", "month", "year"]
