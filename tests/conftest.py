from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from indojp_data.model.curated import default_records_dir

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seeds" / "000_ad708a01727b6f9c.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The source article. Its absence is a failure, not a skip: every fact is checked against it."""
    assert SEED.is_file(), f"the source article is missing: {SEED}"
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def records_copy(tmp_path: Path) -> Path:
    """A writable copy of the curated records."""
    target = tmp_path / "records"
    shutil.copytree(default_records_dir(), target)
    return target


EditFn = Callable[[str, Callable[[Any], Any]], None]


@pytest.fixture
def edit_records(records_copy: Path) -> EditFn:
    """Edit one records file of the copy: ``edit("quotes.yaml", lambda data: ...)``."""

    def edit(name: str, change: Callable[[Any], Any]) -> None:
        path = records_copy / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        result = change(data)
        data = data if result is None else result
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    return edit
