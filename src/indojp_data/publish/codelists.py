"""Regenerate the code lists the models accept (ISO 3166-1 alpha-2, ISO 4217) from pycountry.

Run time reads the copy shipped in the model package (:func:`indojp_data.model.fieldtypes.codelists`);
only ``indojp-data build`` needs pycountry (the ``build`` extra). It writes the copy first, so the schemas and
the validated records of the same build use the new lists; ``build --check`` names the copy when a pycountry
release changed a list.
"""

from __future__ import annotations

import json
from pathlib import Path

from indojp_data.model.fieldtypes import CODELISTS_FILE, codelists
from indojp_data.publish.names import MODEL_DIR

CODELISTS_PATH = f"{MODEL_DIR}/{CODELISTS_FILE}"
"""The shipped code lists, relative to the project root."""


def render_codelists() -> dict[str, bytes]:
    """Return the code lists file as pycountry gives them, keyed by its path relative to the project root."""
    import pycountry

    lists = {
        "countries": {c.alpha_2: c.name for c in pycountry.countries},
        "currencies": {c.alpha_3: c.name for c in pycountry.currencies},
    }
    text = json.dumps(lists, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    return {CODELISTS_PATH: text.encode("utf-8")}


def adopt(root: Path, files: dict[str, bytes]) -> None:
    """Write the code lists of ``files`` under ``root`` (atomically) and use them for the rest of this process.

    When ``root`` is the checkout this package runs from, what the build renders next (schemas, validated
    records) is then made with the new lists.
    """
    target = root / CODELISTS_PATH
    data = files[CODELISTS_PATH]
    if target.is_file() and target.read_bytes() == data:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(f".{target.name}.new")
    staged.write_bytes(data)
    staged.replace(target)
    codelists.cache_clear()
