"""Generate the committed artifacts (``schema/<version>/`` and ``datapackage/``) and check them for drift.

:func:`render` is pure: the same models and records give the same bytes. :func:`write` puts them in
place atomically: each output directory is written in full next to its destination and swapped in with
renames, so a crash leaves the previous files intact. :func:`check` lists what differs.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from indojp_data._version import __version__

if TYPE_CHECKING:
    from indojp_data.models import Dataset

PACKAGE_DIR = "datapackage"
"""Directory of the generated data package, relative to the project root."""
SCHEMA_DIR = "schema"
"""Directory of the generated JSON Schemas, one subdirectory per version."""
TABLES_DIR = "tables"
"""Subdirectory of a schema version that holds the Table Schemas of the CSV resources."""


def output_dirs(version: str = __version__) -> tuple[str, ...]:
    """Return the directories (relative to the project root) that a build owns and replaces."""
    return (f"{SCHEMA_DIR}/{version}", PACKAGE_DIR)


def render(ds: Dataset | None = None) -> dict[str, bytes]:
    """Return every generated file keyed by its path relative to the project root."""
    from indojp_data.api import load
    from indojp_data.datapackage import encode_json, render_package, table_schema
    from indojp_data.jsonschemas import all_schemas
    from indojp_data.tables import layout

    ds = ds or load()
    files = {f"{SCHEMA_DIR}/{__version__}/{name}": encode_json(s) for name, s in all_schemas().items()}
    # Table Schemas too, one per CSV resource, so a pinned version validates CSV files as well as JSON.
    for spec in layout():
        files[f"{SCHEMA_DIR}/{__version__}/{TABLES_DIR}/{spec.name}.json"] = encode_json(table_schema(spec))
    files.update({f"{PACKAGE_DIR}/{path}": data for path, data in render_package(ds).items()})
    return files


@dataclass(frozen=True)
class Drift:
    """A generated file that is missing, stale or unexpected on disk.

    Attributes:
        path: The file, relative to the project root.
        state: ``missing``, ``differs`` or ``unexpected``.
    """

    path: str
    state: str

    def __str__(self) -> str:
        """Render as ``state: path``."""
        return f"{self.state}: {self.path}"


def check(root: Path, files: Mapping[str, bytes] | None = None) -> list[Drift]:
    """Compare the generated files with those under ``root``; an empty list means in sync."""
    files = render() if files is None else files
    drift = []
    for path, data in sorted(files.items()):
        target = root / path
        if not target.is_file():
            drift.append(Drift(path, "missing"))
        elif target.read_bytes() != data:
            drift.append(Drift(path, "differs"))
    for directory in output_dirs():
        base = root / directory
        if base.is_dir():
            for found in sorted(base.rglob("*")):
                relative = found.relative_to(root).as_posix()
                if found.is_file() and relative not in files:
                    drift.append(Drift(relative, "unexpected"))
    return drift


def write(root: Path, files: Mapping[str, bytes] | None = None) -> list[str]:
    """Write the generated files under ``root``, replacing each output directory atomically.

    Returns the paths written. Other directories (older schema versions among them) are left alone.
    """
    files = render() if files is None else files
    staged: list[tuple[Path, Path]] = []
    try:
        for directory in output_dirs():
            destination = root / directory
            destination.parent.mkdir(parents=True, exist_ok=True)
            stage = Path(tempfile.mkdtemp(prefix=f".{destination.name}.", dir=destination.parent))
            staged.append((stage, destination))
            prefix = directory + "/"
            for path, data in files.items():
                if path.startswith(prefix):
                    target = stage / path[len(prefix) :]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
            os.chmod(stage, 0o755)
        for stage, destination in staged:
            _swap(stage, destination)
    finally:
        for stage, _ in staged:
            shutil.rmtree(stage, ignore_errors=True)
    return sorted(files)


def _swap(stage: Path, destination: Path) -> None:
    """Replace ``destination`` by ``stage`` with two renames; the old copy is removed only afterwards."""
    old = destination.with_name(f".{destination.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if destination.exists():
        destination.rename(old)
    stage.rename(destination)
    shutil.rmtree(old, ignore_errors=True)
