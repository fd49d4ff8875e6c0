from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from indojp_data.model.curated import default_records_dir

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seeds" / "000_ad708a01727b6f9c.txt"
"""The source article: beside the project's own checkouts and in CI, not in the repository."""

REQUIRE_SOURCE = "INDOJP_REQUIRE_SOURCE"
"""Set to ``1`` (``.ci/run`` does) to make the source article's absence fail the tests that need it."""


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The source article's path; the tests that check facts against it are skipped, saying why, without it.

    A clone on its own has no article (it is not in the repository), so those tests are skipped there and
    ``-ra`` prints the reason. Where the article must be, as in CI, ``INDOJP_REQUIRE_SOURCE=1`` turns its
    absence into a failure.
    """
    if not SEED.is_file():
        reason = f"the source article is not beside this clone ({SEED}): the checks of facts against it did not run"
        if os.environ.get(REQUIRE_SOURCE) == "1":
            pytest.fail(f"{reason}, and {REQUIRE_SOURCE}=1 requires them")
        pytest.skip(reason)
    return SEED


@pytest.fixture(scope="session")
def seed_text(seed_path: Path) -> str:
    """The source article's text (see :func:`seed_path`)."""
    return seed_path.read_text(encoding="utf-8")


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
