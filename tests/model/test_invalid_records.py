"""Each kind of invalid record is rejected with an error that names its file, line and field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

import indojp_data
from indojp_data.model.curated import CurationError, CurationProblem, read_records
from indojp_data.models import Citation, Commitment, Dataset, Period, Quote
from tests.conftest import EditFn


def problems_for(records: Path) -> tuple[CurationProblem, ...]:
    with pytest.raises(CurationError) as caught:
        read_records(records)
    return caught.value.problems


def only_problem(records: Path) -> CurationProblem:
    found = problems_for(records)
    assert len(found) == 1, found
    return found[0]


def set_first(key: str, value: Any) -> Any:
    def change(data: list[dict[str, Any]]) -> None:
        data[0][key] = value

    return change


def test_unknown_currency(records_copy: Path, edit_records: EditFn) -> None:
    edit_records("commitments.yaml", set_first("currency", "XYZ"))
    problem = only_problem(records_copy)
    assert (problem.file, problem.field) == ("commitments.yaml", "[0].currency")
    assert "ISO 4217" in problem.message
    assert problem.line == (records_copy / "commitments.yaml").read_text().splitlines().index("  currency: XYZ") + 1


@pytest.mark.parametrize("amount", ["0", "-5", "-10000000000000"])
def test_zero_or_negative_amount(records_copy: Path, edit_records: EditFn, amount: str) -> None:
    edit_records("commitments.yaml", set_first("amount", amount))
    problem = only_problem(records_copy)
    assert problem.field == "[0].amount" and "greater than 0" in problem.message


def test_unknown_speaker(records_copy: Path, edit_records: EditFn) -> None:
    edit_records("quotes.yaml", lambda data: data[1].update(speaker="narendra-mod"))
    problem = only_problem(records_copy)
    assert (problem.file, problem.field) == ("quotes.yaml", "[1].speaker")
    assert "unknown person 'narendra-mod'" in problem.message
    assert problem.line is not None


def test_unknown_participant(records_copy: Path, edit_records: EditFn) -> None:
    edit_records("summits.yaml", set_first("participants", ["narendra-modi", "someone-else"]))
    problem = only_problem(records_copy)
    assert (problem.file, problem.field) == ("summits.yaml", "[0].participants[1]")
    assert "unknown person" in problem.message


def test_duplicate_id(records_copy: Path, edit_records: EditFn) -> None:
    edit_records("sectors.yaml", lambda data: data[5].update(id="clean-energy"))
    found = problems_for(records_copy)
    assert {(p.file, p.field) for p in found} == {("sectors.yaml", "[3].id"), ("sectors.yaml", "[5].id")}
    assert all("duplicate identifier 'clean-energy'" in p.message for p in found)


@pytest.mark.parametrize("date", ["2026-02-30", "2026-13-01", "1066-10-14"])
def test_impossible_or_implausible_date(records_copy: Path, edit_records: EditFn, date: str) -> None:
    edit_records("summits.yaml", set_first("date", date))
    found = problems_for(records_copy)
    assert any(p.field == "[0].date" and p.file == "summits.yaml" for p in found), found


def test_missing_citation(records_copy: Path, edit_records: EditFn) -> None:
    edit_records("places.yaml", set_first("citations", []))
    problem = only_problem(records_copy)
    assert problem.field == "[0].citations" and "at least 1" in problem.message


def test_citation_omitted_entirely(records_copy: Path, edit_records: EditFn) -> None:
    edit_records("places.yaml", lambda data: data[0].pop("citations") and None)
    problem = only_problem(records_copy)
    assert problem.field == "[0].citations" and "required" in problem.message.lower()


def test_extra_field(records_copy: Path, edit_records: EditFn) -> None:
    edit_records("persons.yaml", set_first("nickname", "NaMo"))
    problem = only_problem(records_copy)
    assert problem.field == "[0].nickname" and "not permitted" in problem.message


def test_end_before_start(records_copy: Path, edit_records: EditFn) -> None:
    edit_records("commitments.yaml", lambda data: data[0]["period"].update(start_year=2036, end_year=2026))
    problem = only_problem(records_copy)
    assert problem.field == "[0].period" and "must be after start_year" in problem.message


def test_null_without_reason(records_copy: Path, edit_records: EditFn) -> None:
    edit_records("mous.yaml", set_first("unknowns", []))
    problem = only_problem(records_copy)
    assert problem.field == "[0]" and "`title` is null" in problem.message


def test_unknown_country_code(records_copy: Path, edit_records: EditFn) -> None:
    edit_records("places.yaml", set_first("country", "XX"))
    problem = only_problem(records_copy)
    assert problem.field == "[0].country" and "ISO 3166-1" in problem.message


def test_reference_that_the_source_does_not_have(records_copy: Path, edit_records: EditFn) -> None:
    edit_records("sectors.yaml", lambda data: data[0]["citations"][0].update(reference=7))
    problem = only_problem(records_copy)
    assert problem.field == "[0].citations[0].reference" and "[7]" in problem.message


def test_more_mous_identified_than_asserted(records_copy: Path, edit_records: EditFn) -> None:
    edit_records("summits.yaml", set_first("mous_signed", 0))
    problem = only_problem(records_copy)
    assert problem.field == "[0].mous_signed" and "asserts 0" in problem.message


def test_all_problems_are_reported_at_once(records_copy: Path, edit_records: EditFn) -> None:
    edit_records("commitments.yaml", set_first("currency", "XYZ"))
    edit_records("persons.yaml", set_first("nickname", "x"))
    found = problems_for(records_copy)
    assert {p.file for p in found} == {"commitments.yaml", "persons.yaml"}


def test_missing_and_malformed_files(records_copy: Path) -> None:
    (records_copy / "places.yaml").unlink()
    (records_copy / "quotes.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    found = {p.file: p for p in problems_for(records_copy)}
    assert "missing" in found["places.yaml"].message
    assert "not valid YAML" in found["quotes.yaml"].message and found["quotes.yaml"].line == 2


def test_dataset_json_with_broken_reference_is_rejected() -> None:
    data = indojp_data.load().model_dump(mode="json")
    data["quotes"][0]["speaker"] = "nobody"
    with pytest.raises(ValidationError, match=r"quotes\.0\.speaker: unknown person 'nobody'"):
        Dataset.model_validate(data)


def test_models_reject_bad_values_directly() -> None:
    with pytest.raises(ValidationError, match="end_year"):
        Period(years=10, start_year=2030, end_year=2020)
    with pytest.raises(ValidationError, match="text_normalized"):
        Quote.model_validate({**indojp_data.load().quotes[0].model_dump(), "text_normalized": "wrong"})
    with pytest.raises(ValidationError, match="passage"):
        Citation(reference=1, passage="   ")
    good = indojp_data.load().commitments[0].model_dump()
    with pytest.raises(ValidationError, match="currency"):
        Commitment.model_validate({**good, "currency": "yen"})
