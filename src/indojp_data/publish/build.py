"""Generate the committed artifacts (``schema/<version>/`` and ``datapackage/``) and check them for drift.

:func:`render` is pure: the same models and records give the same bytes. :func:`write` puts them in
place: each output directory is written in full next to its destination, marked complete, and swapped in
with renames, so a kill at any instant leaves a complete old or new tree, and the next run
(:func:`recover`) puts it back in place and removes the temporary directories. :func:`check` lists what
differs.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from indojp_data._version import __version__
from indojp_data.core.atomic import write_atomically
from indojp_data.core.codec import encode_json
from indojp_data.model.curated import read_records, record_files
from indojp_data.model.prebuilt import render_prebuilt
from indojp_data.publish.datapackage import render_package, table_schema
from indojp_data.publish.jsonschema import all_schemas
from indojp_data.publish.layout import layout
from indojp_data.publish.names import (  # defined there, re-exported here
    MODEL_DIR,
    PACKAGE_DIR,
    SCHEMA_DIR,
    TABLES_DIR,
)

if TYPE_CHECKING:
    from indojp_data.model.dataset import Dataset


def output_dirs(version: str = __version__) -> tuple[str, ...]:
    """Return the directories (relative to the project root) that a build owns and replaces."""
    return (f"{SCHEMA_DIR}/{version}", PACKAGE_DIR)


def render(ds: Dataset | None = None) -> dict[str, bytes]:
    """Return every generated file keyed by its path relative to the project root.

    The curated records, validated in full, are also written into the model package
    (:mod:`indojp_data.model.prebuilt`), for :func:`indojp_data.load` to read back.
    """
    validated = read_records()
    ds = ds or validated
    files = {f"{MODEL_DIR}/{name}": data for name, data in render_prebuilt(validated, record_files()).items()}
    files |= {f"{SCHEMA_DIR}/{__version__}/{name}": encode_json(s) for name, s in all_schemas().items()}
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

    Each output directory ``D`` is replaced in steps that a kill can interrupt at any instant without
    losing a complete tree (see :func:`recover`):

    1. the new tree is written in full to ``.D.new`` (a left-over one from a killed run is removed first);
    2. ``.D.new`` is renamed ``.D.ready``: from here on it is known to be complete;
    3. ``D`` (if any) is renamed ``.D.old``;
    4. ``.D.ready`` is renamed ``D``;
    5. ``.D.old`` is removed.

    Returns the paths written. Other directories (older schema versions among them) are left alone.
    """
    files = render() if files is None else files
    recover(root)
    for directory in output_dirs():
        destination = root / directory
        destination.parent.mkdir(parents=True, exist_ok=True)
        stage, ready, old = _work_paths(destination)
        try:
            stage.mkdir(mode=0o755)
            prefix = directory + "/"
            for path, data in files.items():
                if path.startswith(prefix):
                    target = stage / path[len(prefix) :]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
            os.chmod(stage, 0o755)
        except Exception:
            shutil.rmtree(stage, ignore_errors=True)
            raise
        os.rename(stage, ready)
        if destination.exists():
            os.rename(destination, old)
        os.rename(ready, destination)
        shutil.rmtree(old, ignore_errors=True)
    _write_model_files(root, files)
    return sorted(files)


def _write_model_files(root: Path, files: Mapping[str, bytes]) -> None:
    """Write the files of the model package (the validated records), each replaced atomically."""
    for path, data in sorted(files.items()):
        if path.startswith(MODEL_DIR + "/"):
            write_atomically(root / path, data)


def _work_paths(destination: Path) -> tuple[Path, Path, Path]:
    """Return the staging, complete-and-ready, and previous-copy directories beside ``destination``."""
    name = destination.name
    return (
        destination.with_name(f".{name}.new"),
        destination.with_name(f".{name}.ready"),
        destination.with_name(f".{name}.old"),
    )


def recover(root: Path) -> None:
    """Finish or undo a :func:`write` that was killed, so each output directory is complete again.

    For each output directory ``D``: if ``D`` is missing, the complete ``.D.ready`` (else ``.D.old``) is
    renamed ``D``; then every other temporary directory of ours beside ``D`` (``.D.new``, ``.D.ready``,
    ``.D.old``, and the ``.D.*`` staging directories of older versions of this module) is removed. Safe to
    call at any time when no build is running; :func:`write` calls it first.
    """
    for directory in output_dirs():
        destination = root / directory
        if not destination.parent.is_dir():
            continue
        _, ready, old = _work_paths(destination)
        if not destination.exists():
            for complete in (ready, old):
                if complete.is_dir():
                    os.rename(complete, destination)
                    break
        for leftover in destination.parent.glob(f".{destination.name}.*"):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover)
            else:
                leftover.unlink()
