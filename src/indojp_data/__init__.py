"""indojp-data: the India-Japan economic-security roadmap (New Delhi, 2 July 2026) as open data.

Use :func:`load` to get the validated :class:`~indojp_data.model.dataset.Dataset`::

    import indojp_data
    ds = indojp_data.load()
    print(ds.summits[0].date)

Heavy modules (pydantic, the models) are imported on first use, so ``import indojp_data`` and the
command-line tool start quickly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from indojp_data._version import __version__

if TYPE_CHECKING:
    from indojp_data.model.curated import load
    from indojp_data.model.dataset import Dataset
    from indojp_data.validate import validate

__all__ = ["Dataset", "__version__", "load", "validate"]


def __getattr__(name: str) -> Any:
    """Import the public names lazily."""
    if name == "load":
        from indojp_data.model.curated import load

        return load
    if name == "validate":
        # The subpackage is callable: ``indojp_data.validate(...)`` runs the validator.
        import indojp_data.validate as validate_package

        return validate_package
    if name == "Dataset":
        from indojp_data.model.dataset import Dataset

        return Dataset
    raise AttributeError(f"module 'indojp_data' has no attribute {name!r}")
