"""An enum hint lists a short list in full, and for a codelist only the closest codes and how many there are."""

from __future__ import annotations

import shutil
from pathlib import Path

from indojp_data.validate import validate
from indojp_data.validate.sql import ENUM_HINT_LIMIT, FieldRules
from tests.conftest import REPO


def hints(tmp_path: Path, table: str, old: bytes, new: bytes) -> list[str]:
    shutil.copytree(REPO / "datapackage", tmp_path / "pkg")
    path = tmp_path / "pkg" / "data" / f"{table}.csv"
    path.write_bytes(path.read_bytes().replace(old, new, 1))
    return [str(p.hint) for p in validate(str(tmp_path / "pkg")).problems if p.rule == "enum"]


def test_a_country_code_hint_names_the_closest_codes_not_all_of_them(tmp_path: Path) -> None:
    (hint,) = hints(tmp_path, "persons", b"Prime Minister,IN\r\n", b"Prime Minister,Ind\r\n")
    assert hint.startswith("one of 249 values; closest: IN")
    assert len(hint) < 100


def test_a_short_list_is_given_in_full() -> None:
    rules = FieldRules.from_descriptor({"name": "status", "constraints": {"enum": ["target", "pledge", "signed"]}})
    assert rules.enum_hint("promise") == "allowed: pledge, signed, target"
    many = FieldRules.from_descriptor({"name": "code", "constraints": {"enum": [f"C{i:03}" for i in range(100)]}})
    assert ENUM_HINT_LIMIT < 100
    assert many.enum_hint("zzz") == "one of 100 values; the field's Table Schema lists them all"
