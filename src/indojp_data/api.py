"""The Python entry points: :func:`load` and the version."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from indojp_data.models import Dataset


@lru_cache(maxsize=1)
def load() -> Dataset:
    """Return the validated, immutable dataset shipped with this package.

    Works offline and from any working directory: the curated records are inside the package. The
    result is cached; every call returns the same object, which cannot be modified.

    Examples:
        >>> import indojp_data
        >>> ds = indojp_data.load()
        >>> ds.person("narendra-modi").office
        'Prime Minister'

    Raises:
        indojp_data.curated.CurationError: if the shipped records are invalid (a packaging bug).
    """
    from indojp_data.curated import read_records

    return read_records()
