"""The validated dataset, written once by the build and read back by :func:`~indojp_data.load` without re-validating.

Validating the curated records means building the validators of every model class, which is most of the time a
fresh process would spend in ``load()``. So ``indojp-data build`` validates the records in full
(:func:`~indojp_data.model.curated.read_records`) and writes the result, ``validated.json``, beside the models:

* ``fingerprint``: the SHA-256 of what it was validated from, in a fixed order: the curated YAML files, the
  model package's sources and the code lists it accepts;
* ``dataset``: the validated records as JSON (only the fields the records set; defaults are filled in again).

and ``validated.json.sha256``, the SHA-256 of ``validated.json`` itself.

:func:`read_prebuilt` trusts the file only when both digests hold: the file is the one the build wrote, and the
records and models are the ones it validated. It then builds the frozen model instances with ``model_construct``
(no validators run), refusing anything the model classes do not declare. Otherwise (a record or model edited
since the build, the file damaged or altered) it returns ``None`` and ``load()`` validates the records in full.
The tests check that the two ways give equal datasets.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import types
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args, get_origin

if TYPE_CHECKING:
    from pydantic import BaseModel

    from indojp_data.model.dataset import Dataset

PREBUILT_FILE = "validated.json"
"""File name of the pre-built dataset, in the model package."""
DIGEST_FILE = f"{PREBUILT_FILE}.sha256"
"""File name of the SHA-256 of the pre-built dataset, in ``sha256sum`` format."""
_SCALARS = (str, int, bool)


class Untrusted(ValueError):
    """The pre-built dataset does not fit the model classes (never raised for a file that passed the build)."""


def model_dir() -> Path:
    """Return the directory of the model package: the sources the fingerprint covers, and the pre-built file."""
    return Path(__file__).resolve().parent


def fingerprint(record_files: list[Path]) -> str:
    """Return the SHA-256 over ``record_files``, the model package's ``*.py`` sources and its code lists.

    Each file contributes its name, then its bytes.
    """
    from indojp_data.model.fieldtypes import CODELISTS_FILE

    digest = hashlib.sha256()
    for path in [*record_files, *sorted(model_dir().glob("*.py")), model_dir() / CODELISTS_FILE]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def render_prebuilt(ds: Dataset, record_files: list[Path]) -> dict[str, bytes]:
    """Return the pre-built file and its digest file for ``ds``, validated from ``record_files``, by file name."""
    data = ds.model_dump(mode="json", exclude_unset=True, exclude={"completeness_report"})
    document = {"fingerprint": fingerprint(record_files), "dataset": data}
    text = (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
    return {PREBUILT_FILE: text, DIGEST_FILE: f"{hashlib.sha256(text).hexdigest()}  {PREBUILT_FILE}\n".encode()}


def read_prebuilt(directory: Path, record_files: list[Path]) -> Dataset | None:
    """Return the dataset pre-built in ``directory`` if it is intact and current for ``record_files``, else None."""
    from indojp_data.model.dataset import Dataset

    try:
        text = (directory / PREBUILT_FILE).read_bytes()
        recorded = (directory / DIGEST_FILE).read_text(encoding="ascii").split()
        if recorded[:1] != [hashlib.sha256(text).hexdigest()]:
            return None
        document = json.loads(text)
        if document.get("fingerprint") != fingerprint(record_files):
            return None
        built = construct(Dataset, document["dataset"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    assert isinstance(built, Dataset)
    return built


def construct(kind: type[BaseModel], data: Any) -> BaseModel:
    """Build a ``kind`` from the JSON of a validated one, without validators; Untrusted if it does not fit."""
    if not isinstance(data, dict):
        raise Untrusted(f"{kind.__name__}: expected an object")
    fields = kind.model_fields
    unknown = data.keys() - fields.keys()
    missing = {name for name, field in fields.items() if field.is_required()} - data.keys()
    if unknown or missing:
        raise Untrusted(f"{kind.__name__}: unknown {sorted(unknown)}, missing {sorted(missing)}")
    values = {name: _value(fields[name].annotation, value) for name, value in data.items()}
    return kind.model_construct(**values)


def _value(annotation: Any, value: Any) -> Any:
    """Turn the JSON ``value`` of a field typed ``annotation`` back into its Python value."""
    from pydantic import BaseModel

    origin = get_origin(annotation)
    if origin is Annotated:
        return _value(get_args(annotation)[0], value)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(annotation) if a is not type(None)]
        if value is None and len(options) < len(get_args(annotation)):
            return None
        if len(options) != 1:
            raise Untrusted(f"unsupported union {annotation}")
        return _value(options[0], value)
    if origin is tuple:
        item, ellipsis = get_args(annotation)
        if ellipsis is not Ellipsis or not isinstance(value, list):
            raise Untrusted(f"expected a list for {annotation}")
        return tuple(_value(item, v) for v in value)
    if origin is Literal:
        if value not in get_args(annotation):
            raise Untrusted(f"{value!r} is not one of {get_args(annotation)}")
        return value
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return construct(annotation, value)
    if annotation is dt.date and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if annotation is Decimal and isinstance(value, str):
        return Decimal(value)
    if annotation in _SCALARS and type(value) is annotation:
        return value
    raise Untrusted(f"{value!r} is not a {annotation}")
