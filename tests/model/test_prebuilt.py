"""load() reads the records the build validated: equal to a full validation, and refused when altered or stale."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from indojp_data.model.curated import load, read_records, record_files
from indojp_data.model.dataset import Dataset
from indojp_data.model.prebuilt import DIGEST_FILE, PREBUILT_FILE, model_dir, read_prebuilt, render_prebuilt


def _models(value: object, path: str = "") -> Iterator[tuple[str, BaseModel]]:
    """Every model instance inside ``value``, with its path."""
    if isinstance(value, BaseModel):
        yield path, value
        for name in type(value).model_fields:
            yield from _models(getattr(value, name), f"{path}.{name}")
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _models(item, f"{path}[{index}]")


def _shape(ds: Dataset) -> list[tuple[str, str, frozenset[str], tuple[tuple[str, str], ...]]]:
    """Each nested model's path, class, fields set, and each field's Python type and exact repr."""
    return [
        (
            path,
            type(model).__name__,
            frozenset(model.model_fields_set),
            tuple((type(v).__name__, repr(v)) for v in model.__dict__.values() if not isinstance(v, BaseModel | tuple)),
        )
        for path, model in _models(ds)
    ]


def test_shipped_file_is_current_and_load_uses_it() -> None:
    prebuilt = read_prebuilt(model_dir(), record_files())
    assert prebuilt is not None, "validated.json is stale or damaged: run `indojp-data build`"
    load.cache_clear()
    try:
        assert load() is not None
        assert load().model_dump_json() == prebuilt.model_dump_json()
    finally:
        load.cache_clear()


def test_prebuilt_equals_a_full_validation_of_the_curated_records() -> None:
    prebuilt = read_prebuilt(model_dir(), record_files())
    validated = read_records()
    assert prebuilt is not None
    assert prebuilt == validated
    assert prebuilt.model_dump_json() == validated.model_dump_json()
    assert _shape(prebuilt) == _shape(validated)
    assert len(_shape(prebuilt)) > 100  # the comparison walked the records, not an empty tree
    # The lookups and the derived report work on it as on the validated dataset.
    assert prebuilt.person("narendra-modi") == validated.person("narendra-modi")
    assert prebuilt.completeness() == validated.completeness()
    assert prebuilt.unknown_facts() == validated.unknown_facts()


def test_prebuilt_records_are_immutable() -> None:
    ds = read_prebuilt(model_dir(), record_files())
    assert ds is not None
    with pytest.raises(ValidationError, match="frozen"):
        ds.person("narendra-modi").office = "King"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="frozen"):
        ds.summits = ()  # type: ignore[misc]
    assert isinstance(ds.quotes[0].occurrences, tuple)


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """A copy of the shipped pre-built file and its digest."""
    for name in (PREBUILT_FILE, DIGEST_FILE):
        shutil.copy(model_dir() / name, tmp_path / name)
    assert read_prebuilt(tmp_path, record_files()) is not None  # the copy itself is trusted
    return tmp_path


def _alter(directory: Path, change: Callable[[dict[str, Any]], None], *, update_digest: bool) -> None:
    path = directory / PREBUILT_FILE
    document = json.loads(path.read_bytes())
    change(document["dataset"])
    text = json.dumps(document).encode()
    path.write_bytes(text)
    if update_digest:
        (directory / DIGEST_FILE).write_text(f"{hashlib.sha256(text).hexdigest()}  {PREBUILT_FILE}\n")


def _office(dataset: dict[str, Any], office: Any) -> None:
    for person in dataset["persons"]:
        if person["id"] == "narendra-modi":
            person["office"] = office


def test_an_altered_file_is_refused(shipped: Path) -> None:
    _alter(shipped, lambda d: _office(d, "King"), update_digest=False)
    assert read_prebuilt(shipped, record_files()) is None


def test_a_missing_digest_is_refused(shipped: Path) -> None:
    (shipped / DIGEST_FILE).unlink()
    assert read_prebuilt(shipped, record_files()) is None


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda d: _office(d, 7), id="wrong type"),
        pytest.param(lambda d: d["persons"][0].update(nickname="x"), id="undeclared field"),
        pytest.param(lambda d: d["persons"][0].pop("office"), id="missing field"),
        pytest.param(lambda d: d["quotes"][0]["occurrences"][0].update(kind="footnote"), id="not a listed value"),
        pytest.param(lambda d: d["summits"][0].update(date="2 July"), id="not a date"),
    ],
)
def test_content_the_models_do_not_declare_is_refused_even_with_a_matching_digest(
    shipped: Path, change: Callable[[dict[str, Any]], None]
) -> None:
    _alter(shipped, change, update_digest=True)
    assert read_prebuilt(shipped, record_files()) is None


def test_a_file_built_from_other_records_is_not_used(records_copy: Path, tmp_path: Path) -> None:
    # Edited records (a checkout where `build` has not run since): the file's fingerprint no longer matches.
    edited = records_copy / "persons.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Prime Minister", "Premier", 1), encoding="utf-8")
    assert read_prebuilt(model_dir(), record_files(records_copy)) is None
    # A file the build writes for these records is used, and gives their full validation.
    out = tmp_path / "built"
    out.mkdir()
    for name, data in render_prebuilt(read_records(records_copy), record_files(records_copy)).items():
        (out / name).write_bytes(data)
    rebuilt = read_prebuilt(out, record_files(records_copy))
    assert rebuilt is not None and rebuilt == read_records(records_copy) != read_records()
