"""The editorial corrections of 0.2.0: each value or label that claimed more than the source says.

Each test fails if the correction it guards is reverted (in the records, the models or the build).
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from pydantic import ValidationError

import indojp_data
from indojp_data.models import Dataset, MediaAsset, PartialDate, Period
from tests.conftest import REPO

DESCRIPTOR = json.loads((REPO / "datapackage" / "datapackage.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return indojp_data.load()


def inference(record: object, field: str) -> str:
    return next(i.method for i in record.inferences if i.field == field)  # type: ignore[attr-defined]


def resource(name: str) -> dict:  # type: ignore[type-arg]
    return next(r for r in DESCRIPTOR["resources"] if r["name"] == name)


# --- period -------------------------------------------------------------------------------------


def test_period_bounds_are_start_and_end_years_of_a_span_of_whole_years(ds: Dataset) -> None:
    period = ds.commitment("japan-investment-target").period
    assert (period.years, period.start_year, period.end_year) == (10, 2026, 2036)
    assert "end_year - start_year = years" in Period.model_fields["end_year"].description  # type: ignore[operator]
    assert "Not the last of an inclusive range" in Period.model_fields["end_year"].description  # type: ignore[operator]


def test_period_arithmetic_follows_the_definition() -> None:
    Period(years=10, start_year=2026, end_year=2036)
    with pytest.raises(ValidationError, match="is not 10 years"):
        Period(years=10, start_year=2026, end_year=2035)  # an inclusive reading of the bounds


def test_period_start_is_marked_as_assumed(ds: Dataset, seed_text: str) -> None:
    commitment = ds.commitment("japan-investment-target")
    start = inference(commitment, "period.start_year")
    assert start.startswith("Assumed.") and "over the next 10 years" in seed_text
    assert "assumption" in inference(commitment, "period.end_year")


# --- inferred links and methods -------------------------------------------------------------------


def test_commitment_summit_link_is_marked_inferred_like_the_quotes(ds: Dataset) -> None:
    commitment = ds.commitment("japan-investment-target")
    assert "summit" in {i.field for i in commitment.inferences}
    assert all("summit" in {i.field for i in q.inferences} for q in ds.quotes)


def test_to_country_method_does_not_misplace_the_passage(ds: Dataset, seed_text: str) -> None:
    method = inference(ds.commitment("japan-investment-target"), "to_country")
    assert "industrial modernization" not in method and "Not stated" in method
    # The target and the modernization passage are indeed apart in the source.
    target, modernization = seed_text.index("10 trillion yen"), seed_text.index("industrial modernization")
    assert seed_text[target:modernization].count("\n") >= 2


def test_every_quoted_passage_in_an_inference_method_is_in_the_source(ds: Dataset, seed_text: str) -> None:
    for table, key, item in ds.inferred_values():
        for quoted in re.findall(r'"([^"]+)"', item.method):
            assert quoted in seed_text, (table, key, item.field, quoted)


# --- sectors ------------------------------------------------------------------------------------------


def test_sector_descriptions_claim_no_scope_the_source_does_not_give(ds: Dataset) -> None:
    advanced = ds.sector("advanced-technologies").description
    assert "beyond" not in advanced and "does not say" in advanced
    industrial = ds.sector("industrial-collaboration").description
    assert "two countries" not in industrial and "does not say" in industrial


def test_sector_descriptions_from_general_knowledge_are_marked(ds: Dataset) -> None:
    for sector in ds.sectors:
        if "does not say" not in sector.description:
            assert inference(sector, "description").startswith("General knowledge"), sector.id


# --- the photo ------------------------------------------------------------------------------------


def test_photo_date_is_an_uncertain_year(ds: Dataset) -> None:
    (photo,) = ds.media_assets
    assert photo.created == PartialDate(value=dt.date(2006, 1, 1), precision="year", uncertain=True)


def test_partial_date_parts_finer_than_the_precision_must_be_blank() -> None:
    with pytest.raises(ValidationError, match="must be 01"):
        PartialDate(value=dt.date(2006, 12, 2), precision="year", uncertain=True)
    with pytest.raises(ValidationError, match="must be 01"):
        PartialDate(value=dt.date(2006, 12, 2), precision="month", uncertain=False)


def test_what_the_photo_does_not_depict_carries_its_ground(ds: Dataset) -> None:
    (photo,) = ds.media_assets
    grounds = {item.description: item.basis for item in photo.does_not_depict}
    assert grounds == {
        "The 2 July 2026 summit in New Delhi": "file-date",
        "Narendra Modi or Sanae Takaichi": "title-only",
    }
    basis = MediaAsset.model_fields["does_not_depict"]
    assert basis is not None
    with pytest.raises(ValidationError):
        MediaAsset.model_validate({**photo.model_dump(), "does_not_depict": ["Narendra Modi"]})


def test_original_file_name_is_marked_as_an_interpretation(ds: Dataset) -> None:
    (photo,) = ds.media_assets
    assert "interpretation" in inference(photo, "original_file_name")


def test_rights_note_marks_the_us_government_premise(ds: Dataset, seed_text: str) -> None:
    (photo,) = ds.media_assets
    assert "U.S." not in seed_text and "federal" not in seed_text
    assert "Assumption, not from the article" in photo.rights.note
    assert "not something the article states" in inference(photo.rights, "note")


# --- labels -----------------------------------------------------------------------------------------


def test_package_description_names_the_one_speaker_quoted(ds: Dataset) -> None:
    assert {q.speaker for q in ds.quotes} == {"narendra-modi"}
    assert "leaders' quotes" not in DESCRIPTOR["description"]
    assert "the quotes of Narendra Modi" in DESCRIPTOR["description"]


def test_roadmap_parties_unveiled_not_adopted(seed_text: str) -> None:
    assert "unveiled" in seed_text and "adopted" not in seed_text
    description = resource("roadmaps_parties")["description"]
    assert "unveiled" in description and "adopted" not in description
    assert "adopted" not in json.dumps(DESCRIPTOR)


def test_roadmap_descriptions_say_unveiled_not_announced(seed_text: str) -> None:
    assert "unveiled a joint roadmap" in seed_text and "announced" not in seed_text
    assert "unveiled" in (Dataset.model_fields["roadmaps"].description or "")
    assert "unveiled" in resource("roadmaps")["description"]
    schema = json.loads((REPO / "schema" / indojp_data.__version__ / "dataset.schema.json").read_text(encoding="utf-8"))
    assert "unveiled" in schema["$defs"]["Roadmap"]["description"]
    assert "announced" not in json.dumps(DESCRIPTOR) + json.dumps(schema)


# --- 0.3.0: every value and description exactly as strong as its source (issue 23) ----------------------


def test_new_delhi_kind_is_marked_general_knowledge(ds: Dataset, seed_text: str) -> None:
    assert ds.place("new-delhi").kind == "city" and "city" not in seed_text
    assert inference(ds.place("new-delhi"), "kind").startswith("General knowledge")


def test_iso_codes_are_marked_general_knowledge(ds: Dataset, seed_text: str) -> None:
    for country in ds.countries:
        assert inference(country, "code").startswith("General knowledge"), country.code
    commitment = ds.commitment("japan-investment-target")
    assert commitment.currency == "JPY" and "JPY" not in seed_text
    assert inference(commitment, "currency").startswith("General knowledge")


def test_roadmap_purpose_is_an_aim_and_its_passage_is_cited(ds: Dataset, seed_text: str) -> None:
    roadmap = ds.roadmap("economic-security-roadmap")
    assert roadmap.purpose.startswith("An aim, not an achieved effect") and "Makes" not in roadmap.purpose
    passages = [c.passage for c in roadmap.citations]
    cited = [p for p in passages if "aims to reduce vulnerabilities" in p]
    assert cited and cited[0] in seed_text
    assert "This framework" in inference(roadmap, "purpose")


def test_commitment_description_does_not_place_the_goal_in_the_roadmap(ds: Dataset) -> None:
    commitment = ds.commitment("japan-investment-target")
    assert "set as a pillar" not in commitment.description
    assert "does not say the goal is part of the roadmap" in commitment.description
    assert "read from that sequence, not stated" in inference(commitment, "roadmap")


def test_photo_credit_and_alt_text_are_marked_as_built_from_readings(ds: Dataset) -> None:
    (photo,) = ds.media_assets
    assert photo.credit.source == "DPLA and Wikimedia Commons"
    assert "themselves inferred" in inference(photo, "credit.source")
    assert "inferred source" in inference(photo, "credit.line")
    assert "whose title says it shows" in photo.alt_text and "the image was not examined" in photo.alt_text
    assert "not examined" in inference(photo, "alt_text")
    assert "read as the file's title" in inference(photo, "title")


def test_readings_of_the_layout_are_marked(ds: Dataset, seed_text: str) -> None:
    assert ds.source.kind == "news-article" and "news" not in seed_text.lower()
    assert "read as a news article" in inference(ds.source, "kind")
    quote = ds.quote("mutual-trust")
    assert [o.kind for o in quote.occurrences] == ["body", "pull-quote"]
    assert "read as a pull quote" in inference(quote, "occurrences.1.kind")


def test_each_quote_context_is_cited_to_the_passage_it_paraphrases(ds: Dataset, seed_text: str) -> None:
    for quote in ds.quotes:
        context_passages = [c.passage for c in quote.citations if quote.text not in c.passage]
        assert context_passages and all(p in seed_text for p in context_passages), quote.id
    for quote_id in ("mutual-trust", "technology-strongest-pillar"):
        assert "read from this sequence" in inference(ds.quote(quote_id), "context")


def test_package_description_claims_citations_only_for_facts_from_the_article() -> None:
    description = DESCRIPTOR["description"]
    assert "every fact cited" not in description
    assert "Every fact taken from the article is cited to the passage it rests on" in description
    assert "marked as inferred or general knowledge" in description
