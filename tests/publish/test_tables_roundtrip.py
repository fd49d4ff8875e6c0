"""Reading the CSVs back, and the JSON back, through the models gives exactly the canonical Dataset."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import indojp_data
from indojp_data.models import Dataset
from indojp_data.publish.datapackage import render_package
from indojp_data.publish.rows import from_rows, to_rows
from indojp_data.release.make import read_package_files
from tests.conftest import REPO


def test_published_csvs_read_back_to_the_canonical_dataset() -> None:
    files = {
        p.relative_to(REPO / "datapackage").as_posix(): p.read_bytes() for p in (REPO / "datapackage/data").glob("*")
    }
    assert read_package_files(files) == indojp_data.load()


def test_published_json_reads_back_to_the_canonical_dataset() -> None:
    text = (REPO / "datapackage/data/dataset.json").read_text(encoding="utf-8")
    assert Dataset.model_validate_json(text) == indojp_data.load()


texts = st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    lambda s: s.strip() != "" and not s.startswith(("=", "+", "-", "@"))
)


@settings(max_examples=30, deadline=None)
@given(
    description=texts,
    amount=st.decimals(min_value=Decimal("0.000001"), max_value=Decimal("1e18"), places=6),
    reason=texts,
)
def test_csv_roundtrip_with_variations(description: str, amount: Decimal, reason: str) -> None:
    data = indojp_data.load().model_dump()
    data["sectors"][2]["description"] = description
    data["commitments"][0]["amount"] = amount
    data["media_assets"][0]["providers"][0]["unknowns"][0]["reason"] = reason
    ds = Dataset.model_validate(data)
    assert from_rows(to_rows(ds)) == ds
    assert read_package_files(render_package(ds)) == ds
