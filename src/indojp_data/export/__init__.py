"""Export the data package to the formats data users work in: one module per format, one entry point.

=========== ================================================== ==============================
Format       Files (relative to the output directory)           Rebuilt gives
=========== ================================================== ==============================
datapackage  ``datapackage.json``, ``data/*``                    identical bytes
croissant    ``croissant.json``, ``data/*.csv``,                 identical bytes
             ``croissant/*.json`` (the records it reads)
parquet      ``parquet/<table>.parquet``                         identical content; identical
                                                                 bytes with the same DuckDB
sqlite       ``indojp-data-<version, _ for .>.sqlite``,          identical content; identical
             ``indojp-data-<version>.datasette.json``            bytes with the same SQLite
=========== ================================================== ==============================

Every format is derived from the package descriptor and its Table Schemas (see
:mod:`indojp_data.export.typed_package`), so a table added to the package is exported without changes here.
:func:`export` is what ``indojp-data export --format NAME --out DIR`` runs. The writer libraries are
imported when a format is rendered, never at start-up.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from indojp_data.export.typed_package import ExportError, Package, current_package

__all__ = ["FORMATS", "ExportError", "Format", "Package", "export", "render"]


@dataclass(frozen=True)
class Format:
    """An export format.

    Attributes:
        name: The name ``--format`` takes.
        summary: What it writes, for ``--help``.
        reproducible: ``bytes`` when a rebuild gives identical bytes everywhere; ``content`` when it gives
            identical content, and identical bytes only with the same version of the writing library.
        module: The module under :mod:`indojp_data.export` whose ``render(package)`` writes it.
    """

    name: str
    summary: str
    reproducible: Literal["bytes", "content"]
    module: str


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("datapackage", "Frictionless Data Package v2: datapackage.json and data/", "bytes", "datapackage"),
        Format("croissant", "Croissant 1.1 croissant.json beside the files it describes", "bytes", "croissant"),
        Format("parquet", "one Parquet file per table, typed from the Table Schema (DuckDB)", "content", "parquet"),
        Format("sqlite", "one SQLite database with keys and indexes, and its Datasette metadata", "content", "sqlite"),
    )
}
"""Every export format, by name."""


def render(name: str, package: Package | None = None) -> dict[str, bytes]:
    """Return the files of format ``name``, keyed by path relative to the output directory.

    Raises:
        ExportError: if the format is unknown or cannot be written from the package.
    """
    if name not in FORMATS:
        raise ExportError(f"unknown format {name!r}; choose from {', '.join(FORMATS)}")
    package = package or current_package()
    if name == "datapackage":
        return dict(package.files)
    module = importlib.import_module(f"indojp_data.export.{FORMATS[name].module}")
    files: dict[str, bytes] = module.render(package)
    return files


def write_files(out_dir: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write ``files`` under ``out_dir`` (created if needed); return the paths written, sorted."""
    written = []
    for relative, data in sorted(files.items()):
        parts = PurePosixPath(relative).parts
        if PurePosixPath(relative).is_absolute() or ".." in parts:
            raise ExportError(f"{relative}: refusing to write outside the output directory")
        target = out_dir.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)
    return written


def export(formats: Sequence[str], out_dir: Path | str, package: Package | None = None) -> list[Path]:
    """Write each of ``formats`` (names of :data:`FORMATS`) under ``out_dir``; return the files written.

    Examples:
        >>> from indojp_data.export import export
        >>> paths = export(["parquet", "sqlite"], "out")  # doctest: +SKIP

    Raises:
        ExportError: if a format is unknown or cannot be written.
    """
    package = package or current_package()
    files: dict[str, bytes] = {}
    for name in dict.fromkeys(formats):
        files.update(render(name, package))
    return write_files(Path(out_dir), files)
