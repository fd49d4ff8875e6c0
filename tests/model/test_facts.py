"""The curated facts equal what the source article says."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote

import pytest

import indojp_data
from indojp_data.models import Dataset, normalize_text


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return indojp_data.load()


def test_load_returns_the_same_immutable_dataset(ds: Dataset) -> None:
    assert indojp_data.load() is ds
    with pytest.raises(Exception, match="frozen"):
        ds.summits[0].date = dt.date(2000, 1, 1)  # type: ignore[misc]
    assert isinstance(ds.summits, tuple)


def test_source_file_is_the_one_curated(ds: Dataset, seed_path: Path) -> None:
    assert ds.source.file_name == seed_path.name
    assert ds.source.sha256 == hashlib.sha256(seed_path.read_bytes()).hexdigest()


def test_summit_date_place_and_leaders(ds: Dataset) -> None:
    (summit,) = ds.summits
    assert summit.date == dt.date(2026, 7, 2)
    assert ds.place(summit.place).name == "New Delhi"
    assert summit.kind == "bilateral"
    leaders = [ds.person(p) for p in summit.participants]
    assert [(p.name, p.office, p.country) for p in leaders] == [
        ("Narendra Modi", "Prime Minister", "IN"),
        ("Sanae Takaichi", "Prime Minister", "JP"),
    ]


def test_six_sectors_in_source_order(ds: Dataset) -> None:
    (roadmap,) = ds.roadmaps
    names = [s.name for s in ds.sectors_of(roadmap.id)]
    assert names == [
        "critical minerals",
        "resilient supply chains",
        "advanced technologies",
        "clean energy",
        "artificial intelligence",
        "industrial collaboration",
    ]
    assert roadmap.sectors_stated == 6


def test_mou_count_is_asserted_and_reconciled(ds: Dataset) -> None:
    (summit,) = ds.summits
    assert summit.mous_signed == 5
    assert summit.mou_areas == ("mou-area-ai", "mou-area-energy-security", "mou-area-defense")
    # The areas keep the source's wording ("AI", not "artificial intelligence").
    assert [ds.mou_area(a).name for a in summit.mou_areas] == ["AI", "energy security", "defense"]
    (pact,) = ds.mous
    assert pact.area == "mou-area-defense" and pact.first_of_its_kind
    assert pact.title is None and "title" in {u.field for u in pact.unknowns}
    mou_item = next(i for i in ds.completeness() if i.subject.startswith("memorandums"))
    assert (mou_item.asserted, mou_item.identified, mou_item.complete) == (5, 1, False)


def test_investment_target(ds: Dataset) -> None:
    (c,) = ds.commitments
    assert c.amount == Decimal("10000000000000")
    assert c.currency == "JPY"
    assert c.stated_amount == "10 trillion yen"
    assert c.period.years == 10
    assert (c.from_country, c.to_country) == ("JP", "IN")
    assert c.status == "target"
    inferred = {i.field for i in c.inferences}
    assert {"to_country", "period.start_year", "period.end_year"} <= inferred


def test_three_distinct_quotes_verbatim(ds: Dataset, seed_text: str) -> None:
    texts = [q.text for q in ds.quotes]
    assert texts == [
        "She is my younger sister",
        "In today's turbulent global environment, mutual trust is our most valuable strategic asset",
        "Technology is the strongest pillar of India\u2011Japan ties",
    ]
    for quote in ds.quotes:
        assert quote.speaker == "narendra-modi"
        for occurrence in quote.occurrences:
            assert occurrence.printed in seed_text
        assert seed_text.count(quote.text) == len(quote.occurrences)
    # The pull quote is the second printing of one quote, not a fourth quote.
    trust = ds.quote("mutual-trust")
    assert [o.kind for o in trust.occurrences] == ["body", "pull-quote"]
    tech = ds.quote("technology-strongest-pillar")
    assert unicodedata.name(tech.text[len("Technology is the strongest pillar of India")]) == "NON-BREAKING HYPHEN"
    assert tech.text_normalized == "Technology is the strongest pillar of India-Japan ties"


def test_image_url_and_dpla_id(ds: Dataset, seed_text: str) -> None:
    (image,) = ds.media_assets
    assert image.content_url in seed_text
    assert image.file_name == unquote(image.content_url.rsplit("/", 1)[1])
    aggregator = next(p for p in image.providers if p.role == "aggregator")
    assert aggregator.name == "DPLA"
    assert aggregator.item_id == "39b762d4b236b02f988f345451fbe4c3"
    assert aggregator.item_id in image.content_url
    assert image.relation_to_summit == "archival-illustration"
    # "2006_1202" could be 2 December or 12 February: only the year is recorded, and as uncertain.
    assert image.created is not None and image.created.value == dt.date(2006, 1, 1)
    assert (image.created.precision, image.created.uncertain) == ("year", True)
    created_method = next(i.method for i in image.inferences if i.field == "created")
    assert "2 December" in created_method and "12 February" in created_method
    assert image.rights.status == "unknown" and not image.rights.verified
    assert image.creator is None


def test_references_are_explicit_unknowns(ds: Dataset, seed_text: str) -> None:
    numbers = [r.number for r in ds.source.references]
    assert numbers == [1, 2, 3, 4, 5, 6]
    for n in numbers:
        assert f"[{n}]" in seed_text
    for ref in ds.source.references:
        assert (ref.url, ref.title, ref.publisher) == (None, None, None)
        assert {u.field for u in ref.unknowns} == {"url", "title", "publisher"}


def test_every_citation_passage_is_in_the_source(ds: Dataset, seed_text: str) -> None:
    from indojp_data.models import TABLES

    count = 0
    for table in TABLES:
        for record in getattr(ds, table):
            for citation in record.citations:
                assert citation.passage in seed_text, (table, citation.passage)
                count += 1
    assert count >= 20


def test_every_url_in_the_records_is_in_the_source_or_derived(ds: Dataset, seed_text: str) -> None:
    import re

    from indojp_data.model.curated import default_records_dir

    urls = set()
    for path in default_records_dir().glob("*.yaml"):
        urls |= set(re.findall(r"https?://[^\s\"'<>)\],]+", path.read_text(encoding="utf-8")))
    image = ds.media_assets[0]
    derived = {image.file_page_url}
    assert urls - derived <= set(re.findall(r"https?://[^\s\"'<>)\],]+", seed_text))
    assert "file_page_url" in {i.field for i in image.inferences}


def test_names_in_other_scripts_are_marked_as_not_from_the_source(ds: Dataset, seed_text: str) -> None:
    for person in ds.persons:
        for name in person.names:
            assert name.basis == "general-knowledge"
            assert name.text not in seed_text
    assert [n.text for n in ds.person("sanae-takaichi").names] == ["高市早苗"]


def test_normalize_text() -> None:
    assert normalize_text("\u201cIndia\u2011Japan\u201d  ties\u00a0now") == '"India-Japan" ties now'
