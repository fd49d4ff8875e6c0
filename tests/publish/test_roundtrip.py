"""Model -> JSON -> model is lossless, for the shipped data and for generated variations of it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import indojp_data
from indojp_data.models import Commitment, Dataset, MediaAsset, Quote

# Any text the models accept: non-empty, not only white space, any Unicode but surrogates.
texts = st.text(alphabet=st.characters(exclude_categories=("Cs",)), min_size=1, max_size=60).filter(
    lambda s: s.strip() != "" and '"' not in s
)
amounts = st.decimals(min_value=Decimal("0.000001"), max_value=Decimal("1e20"), places=6, allow_nan=False)
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


def roundtrip(model: Any) -> Any:
    return type(model).model_validate_json(model.model_dump_json())


def test_shipped_dataset_roundtrips_through_json() -> None:
    ds = indojp_data.load()
    again = Dataset.model_validate_json(ds.model_dump_json())
    assert again == ds
    assert again.model_dump_json() == ds.model_dump_json()


@given(amount=amounts, years=st.integers(1, 60), start=st.integers(1900, 2040), wording=texts)
def test_commitment_roundtrip(amount: Decimal, years: int, start: int, wording: str) -> None:
    base = indojp_data.load().commitments[0].model_dump()
    base.update(amount=amount, stated_amount=wording)
    base["period"] = {"years": years, "start_year": start, "end_year": start + years}
    commitment = Commitment.model_validate(base)
    again = roundtrip(commitment)
    assert again == commitment
    assert again.amount == amount and str(again.amount) == str(commitment.amount)


@given(text=texts, context=texts)
def test_quote_roundtrip_keeps_every_character(text: str, context: str) -> None:
    base = indojp_data.load().quotes[2].model_dump()
    del base["text_normalized"]
    base.update(text=text, context=context, occurrences=[{"kind": "body", "printed": f'"{text}"'}])
    quote = Quote.model_validate(base)
    again = roundtrip(quote)
    assert again == quote and again.text == text


@given(created=dates, precision=st.sampled_from(["day", "month", "year"]), uncertain=st.booleans(), alt=texts)
def test_media_roundtrip(created: Any, precision: str, uncertain: bool, alt: str) -> None:
    base = indojp_data.load().media_assets[0].model_dump()
    # Parts finer than the precision are written as 01.
    created = created.replace(day=1) if precision != "day" else created
    created = created.replace(month=1) if precision == "year" else created
    value = {"value": created, "precision": precision, "uncertain": uncertain}
    base.update(created=value, alt_text=alt)
    asset = MediaAsset.model_validate(base)
    assert roundtrip(asset) == asset


@settings(max_examples=25, deadline=None)
@given(purpose=texts, sector_text=st.lists(texts, min_size=6, max_size=6), amount=amounts)
def test_whole_dataset_roundtrip_with_variations(purpose: str, sector_text: list[str], amount: Decimal) -> None:
    data = indojp_data.load().model_dump()
    data["roadmaps"][0]["purpose"] = purpose
    for sector, text in zip(data["sectors"], sector_text, strict=True):
        sector["description"] = text
    data["commitments"][0]["amount"] = amount
    ds = Dataset.model_validate(data)
    assert Dataset.model_validate_json(ds.model_dump_json()) == ds
